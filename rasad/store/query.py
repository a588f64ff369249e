"""The event query shared by the SQL backends, written once with a small dialect.

Only placeholders and fixed clauses are formatted into the SQL; every value is a
parameter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .base import EventFilter


@dataclass(frozen=True, slots=True)
class Dialect:
    mark: str  # parameter placeholder
    no_limit: Any  # LIMIT value meaning "all rows"
    dates_as_text: bool  # SQLite keeps ISO strings, PostgreSQL DATE values
    text_order: str  # ORDER BY suffix giving byte order (same on every backend)
    bbox_sql: str | None = None  # geometry test replacing the lat/lon range, if any


SQLITE = Dialect(mark="?", no_limit=-1, dates_as_text=True, text_order="")
POSTGRES = Dialect(mark="%s", no_limit=None, dates_as_text=False, text_order=' COLLATE "C"')
POSTGIS = Dialect(
    mark="%s", no_limit=None, dates_as_text=False, text_order=' COLLATE "C"',
    bbox_sql="e.geom && ST_MakeEnvelope(%s, %s, %s, %s, 4326)",
)


# An analyst's rejection hides the machine's event from queries, exports and the map.
NOT_REJECTED = "(e.review_status IS NULL OR e.review_status <> 'rejected')"


def like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _simple_clauses(f: EventFilter, d: Dialect) -> list[tuple[str, Any]]:
    since: Any = f.since
    until: Any = f.until
    if d.dates_as_text:
        since = f.since.isoformat() if f.since else None
        until = f.until.isoformat() if f.until else None
    return [
        ("e.sub_event_type = ?", f.sub_event_type),
        ("e.event_type = ?", f.event_type),
        ("e.doc_id = ?", f.doc_id),
        ("e.confidence >= ?", f.min_confidence),
        ("COALESCE(e.date_end, e.date_start) >= ?", since),
        ("e.date_start <= ?", until),
    ]


def event_query(f: EventFilter, d: Dialect = SQLITE) -> tuple[str, list[Any]]:
    """SQL and parameters selecting the events that ``f`` admits, in export order."""
    where: list[str] = []
    params: list[Any] = []
    for clause, value in _simple_clauses(f, d):
        if value is not None:
            where.append(clause)
            params.append(value)
    if not f.include_rejected:
        where.append(NOT_REJECTED)
    if f.unreviewed:
        where.append("e.review_status IS NULL")
    if f.actor:
        where.append(
            "EXISTS (SELECT 1 FROM event_actors a WHERE a.event_id = e.id AND (a.actor_id = ?"
            " OR a.name LIKE ? ESCAPE '\\' OR a.text LIKE ? ESCAPE '\\'))"
        )
        params += [f.actor, like_pattern(f.actor), like_pattern(f.actor)]
    if f.bbox is not None:
        min_lon, min_lat, max_lon, max_lat = f.bbox
        if d.bbox_sql:
            where.append(d.bbox_sql.replace("%s", "?"))
            params += [min_lon, min_lat, max_lon, max_lat]
        else:
            where.append("e.longitude BETWEEN ? AND ? AND e.latitude BETWEEN ? AND ?")
            params += [min_lon, max_lon, min_lat, max_lat]
    sql = (
        "SELECT e.*, d.lang AS doc_lang, d.published AS doc_published, d.url AS doc_url,"
        " d.outlet AS doc_outlet, r.created_at AS review_at"
        " FROM events e JOIN documents d ON d.id = e.doc_id"
        " LEFT JOIN reviews r ON r.id = e.review_id"
        + (" WHERE " + " AND ".join(where) if where else "")
        + f" ORDER BY e.date_start IS NULL, e.date_start, e.id{d.text_order} LIMIT ? OFFSET ?"
    )
    params += [d.no_limit if f.limit is None else f.limit, f.offset]
    return sql.replace("?", d.mark), params
