"""Read-only SQL over a rasad SQLite file, for the API and the exporters.

The store's own reader (:class:`rasad.store.SQLiteStore`) opens the file for writing and
filters less; the web side needs bbox + time + text filters on a page of rows, fast, from
many threads, without ever writing. So it opens its own ``mode=ro`` connections (one per
thread) and builds parameterized SQL here. Rows come back in the output-contract shape
of :func:`rasad.store.rows.event_to_dict`, so the exporters serve both paths.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..store.query import NOT_REJECTED
from ..store.rows import event_to_dict
from .budget import CHECK_EVERY, over_budget
from .search import fold_query, folded_sql
from .spatial import SpatialIndex

JsonDict = dict[str, Any]
_CHUNK = 500
_SPAN_TTL_S = 30.0
# Above this many R*Tree candidates the box is not selective: walk the date index instead.
_RTREE_CAP = 5000  # how long the longest event duration is trusted before re-reading it


@dataclass(slots=True)
class EventQuery:
    """Filters shared by ``GET /api/events`` and ``rasad export``; unset fields do not filter."""

    bbox: tuple[float, float, float, float] | None = None  # min_lon, min_lat, max_lon, max_lat
    since: date | None = None  # events overlapping [since, until]
    until: date | None = None
    event_types: tuple[str, ...] = ()
    sub_event_types: tuple[str, ...] = ()
    actor: str | None = None  # actor id, or part of a name or of the text of a mention
    source: str | None = None  # document id, or part of its outlet or URL
    min_confidence: float | None = None
    q: str | None = None  # free text: place, actors, evidence
    doc_id: str | None = None
    located: bool | None = None  # True: only events with coordinates; False: only without
    limit: int | None = None
    offset: int = 0
    ids: tuple[str, ...] = field(default_factory=tuple)


def like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join('?' for _ in values)})"


def where_clause(q: EventQuery, span_days: int) -> tuple[str, list[Any]]:
    """SQL ``WHERE`` for ``q`` (or ""), with its parameters. Only placeholders are formatted."""
    where: list[str] = []
    params: list[Any] = []
    if q.since is not None:
        # An index range on date_start: no event starts earlier than its longest span.
        where.append("e.date_start >= ? AND COALESCE(e.date_end, e.date_start) >= ?")
        params += [(q.since - timedelta(days=span_days)).isoformat(), q.since.isoformat()]
    if q.until is not None:
        where.append("e.date_start <= ?")
        params.append(q.until.isoformat())
    # Within a short window the date index is the better path, but SQLite (with no
    # statistics in the file) would take the sub-type index: every event of a common
    # sub-type, then a sort. A unary plus keeps it off that index.
    sub_type = "+e.sub_event_type" if _short_window(q) else "e.sub_event_type"
    for column, values in (("e.event_type", q.event_types), (sub_type, q.sub_event_types),
                           ("e.id", q.ids)):
        if values:
            where.append(_in(column, values))
            params += list(values)
    for clause, value in (("e.doc_id = ?", q.doc_id), ("e.confidence >= ?", q.min_confidence)):
        if value is not None:
            where.append(clause)
            params.append(value)
    if q.located is not None:
        where.append("e.latitude IS NOT NULL" if q.located else "e.latitude IS NULL")
    if q.bbox is not None:
        min_lon, min_lat, max_lon, max_lat = q.bbox
        where.append("e.longitude BETWEEN ? AND ? AND e.latitude BETWEEN ? AND ?")
        params += [min_lon, max_lon, min_lat, max_lat]
    if q.actor:
        where.append("EXISTS (SELECT 1 FROM event_actors a WHERE a.event_id = e.id AND"
                     " (a.actor_id = ? OR a.name LIKE ? ESCAPE '\\' OR a.text LIKE ? ESCAPE '\\'))")
        params += [q.actor, like(q.actor), like(q.actor)]
    if q.source:
        where.append("(e.doc_id = ? OR d.outlet LIKE ? ESCAPE '\\' OR d.url LIKE ? ESCAPE '\\')")
        params += [q.source, like(q.source), like(q.source)]
    if q.q:
        columns = ("e.location_name", "e.location_name_ar", "e.actor1", "e.actor2", "e.evidence",
                   "e.sub_event_type", "e.admin1")
        where.append(f"{folded_sql(columns)} LIKE ? ESCAPE '\\'")
        params.append(like(fold_query(q.q)))
    return (" WHERE " + " AND ".join(where) if where else ""), params


# Days up to which a [since, until] window is walked on the date index whatever else
# filters: a year of the map's time slider.
SHORT_WINDOW_DAYS = 366


def _short_window(q: EventQuery) -> bool:
    return q.since is not None and q.until is not None and \
        (q.until - q.since).days <= SHORT_WINDOW_DAYS


_EVENT_SELECT = (
    "SELECT e.*, d.lang AS doc_lang, d.published AS doc_published, d.url AS doc_url,"
    " d.outlet AS doc_outlet, r.created_at AS review_at"
    " FROM events e JOIN documents d ON d.id = e.doc_id"
    " LEFT JOIN reviews r ON r.id = e.review_id"
)
# date_start then id: the events_date index gives this order without sorting.
_ORDER = " ORDER BY e.date_start, e.id"


# An event's country, else the one most of its report's events are in (SQLite evaluates
# the subquery only for the few events the gazetteer could not place).
_COUNTRY = (
    "COALESCE(e.country, (SELECT e2.country FROM events e2 WHERE e2.doc_id = e.doc_id AND"
    " e2.country IS NOT NULL GROUP BY e2.country ORDER BY COUNT(*) DESC, e2.country LIMIT 1))"
)
# The map's GeoJSON Feature, built by SQLite's JSON functions: for a page of 1000 events
# this is several times faster than building dicts in Python and encoding them. Property
# names are those of `rasad export --format geojson` (ACLED's columns plus rasad's own),
# so a layer saved from the API and an export open alike in a GIS.
_FEATURE_SQL = (
    "SELECT json_object('type', 'Feature', 'id', e.id, 'geometry',"
    " CASE WHEN e.longitude IS NULL OR e.latitude IS NULL THEN NULL ELSE json_object("
    "'type', 'Point', 'coordinates', json_array(e.longitude, e.latitude)) END,"
    " 'properties', json_object('id', e.id, 'event_id_cnty', e.id,"
    " 'event_type', e.event_type, 'sub_event_type', e.sub_event_type,"
    " 'event_date', COALESCE(e.date_start, d.published),"
    " 'year', CAST(substr(COALESCE(e.date_start, d.published), 1, 4) AS INTEGER),"
    " 'time_precision', CASE WHEN e.date_start IS NULL THEN"
    "  (CASE WHEN d.published IS NULL THEN NULL ELSE 3 END) ELSE e.time_precision END,"
    " 'date_start', e.date_start, 'date_end', e.date_end,"
    " 'location', e.location_name, 'location_ar', e.location_name_ar, 'admin1', e.admin1,"
    " 'admin2', e.admin2, 'country', acled_country(" + _COUNTRY + "),"
    " 'iso', acled_iso(" + _COUNTRY + "),"
    " 'latitude', e.latitude, 'longitude', e.longitude,"
    " 'geo_precision', e.geo_precision, 'actor1', e.actor1,"
    " 'actor2', e.actor2, 'fatalities', COALESCE(e.fatalities, 0),"
    " 'sites', json_extract(e.quantities, '$.sites'), 'confidence', e.confidence,"
    " 'doc_id', e.doc_id, 'url', d.url, 'source', COALESCE(d.outlet, e.doc_id),"
    " 'review', e.review_status))"
    " FROM events e JOIN documents d ON d.id = e.doc_id"
)
# The country most of a document's placed events are in: events the gazetteer could not
# place are exported in their report's country.
_DOC_COUNTRY_SQL = (
    "SELECT doc_id, country FROM (SELECT doc_id, country, ROW_NUMBER() OVER (PARTITION BY"
    " doc_id ORDER BY COUNT(*) DESC, country) AS rank FROM events WHERE doc_id IN ({ids})"
    " AND country IS NOT NULL GROUP BY doc_id, country) WHERE rank = 1"
)


def _register_functions(conn: sqlite3.Connection) -> None:
    from ..export.acled import country_names

    names = country_names()
    conn.create_function("acled_country", 1, lambda code: names.get(code, (None, code))[1],
                         deterministic=True)
    conn.create_function("acled_iso", 1, lambda code: names.get(code, (None, None))[0],
                         deterministic=True)


def _migrated(path: Path) -> None:
    """Bring a file written by an older rasad to the current schema (the one write)."""
    from ..store import SQLiteStore
    from ..store.schema import SCHEMA_VERSION

    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            version = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
    except sqlite3.Error:
        return  # not a rasad file: conn() says so
    if (version or 0) < SCHEMA_VERSION:
        SQLiteStore(path, actors_loader=list).close()


class ReadOnlyDB:
    """Read-only access to one rasad SQLite file, one connection per thread."""

    def __init__(self, path: str | Path, *, spatial_index: bool = False) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise StoreError(f"{self.path}: no such database",
                             hint="run `rasad ingest ... --db PATH` first")
        _migrated(self.path)
        self._local = threading.local()
        self._span: tuple[float, int] = (0.0, 0)
        self.conn()  # fail now, not on the first request
        self.spatial: SpatialIndex | None = None
        if spatial_index:
            self.spatial = SpatialIndex(self.path)
            self.spatial.start()

    def conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)
                conn.row_factory = sqlite3.Row
                # Every reader of this connection (pages, counts, places, the control
                # layer) sees the events analysts have not rejected: a temporary view
                # named like the table hides the table for this connection only.
                conn.execute("CREATE TEMP VIEW events AS SELECT rowid AS rowid, *"
                             f" FROM main.events e WHERE {NOT_REJECTED}")
                conn.execute("SELECT 1 FROM events LIMIT 1")
                _register_functions(conn)
                # Stops a statement when its request is out of time or its client left.
                conn.set_progress_handler(over_budget, CHECK_EVERY)
            except sqlite3.Error as exc:
                raise StoreError(f"{self.path}: not a readable rasad database: {exc}") from exc
            self._local.conn = conn
        return conn

    def rows(self, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        return self.conn().execute(sql, params).fetchall()

    def span_days(self) -> int:
        """The longest event duration in days (re-read every few seconds, it rarely moves)."""
        checked, days = self._span
        if time.monotonic() - checked > _SPAN_TTL_S:
            row = self.conn().execute(
                "SELECT MAX(julianday(date_end) - julianday(date_start)) FROM events").fetchone()
            days = int(row[0] or 0) + 1
            self._span = (time.monotonic(), days)
        return days

    def _where(self, q: EventQuery) -> tuple[str, list[Any]]:
        # The longest span (a scan of every event when it is re-read) matters only to a
        # `since` bound; a lookup by id, run in the event loop, must not pay for it.
        return where_clause(q, self.span_days() if q.since is not None else 0)

    # ------------------------------------------------------------ events

    def event_page(self, q: EventQuery) -> tuple[list[str], bool]:
        """One page of GeoJSON features (as JSON text) and whether more follow."""
        where, params = self._where(q)
        limit = q.limit if q.limit is not None else 1000
        ids = (self.spatial.candidates(q.bbox, q.since, q.until, _RTREE_CAP)
               if self.spatial is not None and q.bbox is not None else None)
        if ids is not None:  # a small box: its few candidates beat a walk of the date index
            where += " AND e.rowid IN (SELECT value FROM json_each(?))"
            params.append(json.dumps(ids))
        rows = self.conn().execute(_FEATURE_SQL + where + _ORDER + " LIMIT ? OFFSET ?",
                                   params + [limit + 1, q.offset]).fetchall()
        return [r[0] for r in rows[:limit]], len(rows) > limit

    def count_events(self, q: EventQuery) -> int:
        where, params = self._where(q)
        sql = "SELECT COUNT(*) FROM events e JOIN documents d ON d.id = e.doc_id" + where
        return int(self.conn().execute(sql, params).fetchone()[0])

    def iter_events(self, q: EventQuery) -> Iterator[JsonDict]:
        """Output-contract events (with ``document``), in the API's order."""
        where, params = self._where(q)
        sql = _EVENT_SELECT + where + _ORDER + " LIMIT ? OFFSET ?"
        cur = self.conn().execute(sql, params + [-1 if q.limit is None else q.limit, q.offset])
        while rows := cur.fetchmany(_CHUNK):
            actors = self._actors_of([r["id"] for r in rows])
            countries = self._doc_countries({r["doc_id"] for r in rows})
            for row in rows:
                event = event_to_dict(row, actors.get(row["id"], []))
                event["document"]["country"] = countries.get(row["doc_id"])
                yield event

    def event(self, event_id: str) -> JsonDict | None:
        return next(self.iter_events(EventQuery(ids=(event_id,))), None)

    def _doc_countries(self, doc_ids: set[str]) -> dict[str, str]:
        ids = tuple(sorted(doc_ids))
        sql = _DOC_COUNTRY_SQL.format(ids=", ".join("?" for _ in ids))
        return {r["doc_id"]: r["country"] for r in self.rows(sql, ids)}

    def _actors_of(self, ids: list[str]) -> dict[str, list[sqlite3.Row]]:
        out: dict[str, list[sqlite3.Row]] = {}
        sql = ("SELECT * FROM event_actors WHERE " + _in("event_id", tuple(ids))
               + " ORDER BY event_id, side, position")
        for row in self.rows(sql, ids):
            out.setdefault(row["event_id"], []).append(row)
        return out

    # ------------------------------------------------------------ documents

    def documents(self, limit: int, offset: int) -> list[JsonDict]:
        rows = self.rows(
            "SELECT d.id, d.lang, d.published, d.url, d.outlet, d.ingested_at, d.error,"
            " (SELECT COUNT(*) FROM events e WHERE e.doc_id = d.id) AS events"
            " FROM documents d ORDER BY d.ingested_at, d.id LIMIT ? OFFSET ?", (limit, offset))
        return [dict(r) for r in rows]

    def document(self, doc_id: str) -> JsonDict | None:
        row = self.conn().execute(
            "SELECT id, lang, published, url, outlet, ingested_at, error, text FROM documents"
            " WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            return None
        mentions = self.rows('SELECT label, "start", "end", text, kb_id FROM mentions'
                             ' WHERE doc_id = ? ORDER BY "start"', (doc_id,))
        events = self.rows("SELECT id, sub_event_type, evidence FROM events WHERE doc_id = ?"
                           " ORDER BY date_start, id", (doc_id,))
        return {**dict(row), "mentions": [dict(m) for m in mentions],
                "events": [{"id": e["id"], "sub_event_type": e["sub_event_type"],
                            "evidence": [{"start": v.get("start"), "end": v.get("end")}
                                         for v in json.loads(e["evidence"] or "[]")]}
                           for e in events]}

    # ------------------------------------------------------------ reference tables

    def places(self) -> list[JsonDict]:
        rows = self.rows(
            "SELECT p.*, (SELECT COUNT(*) FROM events e WHERE e.gazetteer_id = p.gazetteer_id)"
            " AS events FROM places p ORDER BY p.name")
        return [dict(r) for r in rows]

    def actors(self) -> list[JsonDict]:
        """Known actors with their event counts (0 for actors no stored event names)."""
        rows = self.rows(
            "SELECT a.*, COALESCE(c.n, 0) AS events FROM actors a LEFT JOIN"
            " (SELECT actor_id, COUNT(DISTINCT event_id) AS n FROM event_actors"
            "  GROUP BY actor_id) c ON c.actor_id = a.id ORDER BY a.id")
        out = []
        for r in rows:
            item = dict(r)
            item["sponsors"] = json.loads(item.get("sponsors") or "[]")
            out.append(item)
        return out

    def persons(self) -> Iterator[tuple[str, JsonDict]]:
        """(event id, person) for every person attached to an event."""
        cur = self.conn().execute(
            "SELECT id, persons FROM events WHERE persons IS NOT NULL AND persons != '[]'")
        for row in cur:
            for person in json.loads(row["persons"]):
                yield row["id"], person

    def summary(self) -> JsonDict:
        def one(sql: str) -> Any:
            return self.conn().execute(sql).fetchone()[0]

        by_type = self.rows("SELECT event_type, sub_event_type, COUNT(*) AS n FROM events"
                            " GROUP BY event_type, sub_event_type ORDER BY n DESC")
        return {
            "documents": one("SELECT COUNT(*) FROM documents WHERE error IS NULL"),
            "failed_documents": one("SELECT COUNT(*) FROM documents WHERE error IS NOT NULL"),
            "events": one("SELECT COUNT(*) FROM events"),
            "fatalities": one("SELECT COALESCE(SUM(fatalities), 0) FROM events"),
            "places": one("SELECT COUNT(*) FROM places"),
            "actors": one("SELECT COUNT(DISTINCT actor_id) FROM event_actors"),
            "date_min": one("SELECT MIN(date_start) FROM events"),
            "date_max": one("SELECT MAX(COALESCE(date_end, date_start)) FROM events"),
            "by_type": [dict(r) for r in by_type],
            "extent": self.extent(),
        }

    def extent(self) -> list[float] | None:
        """[min_lon, min_lat, max_lon, max_lat] of the located events in the countries that
        hold at least a tenth of them: one event placed abroad (a homonym, a stray
        geocode) does not widen the map's first view to half a continent."""
        counts = self.rows("SELECT country, COUNT(*) AS n FROM events WHERE latitude IS NOT"
                           " NULL AND longitude IS NOT NULL GROUP BY country")
        total = sum(r["n"] for r in counts)
        main = tuple(str(r["country"]) for r in counts if r["country"] and r["n"] * 10 >= total)
        sql = ("SELECT MIN(longitude), MIN(latitude), MAX(longitude), MAX(latitude) FROM events"
               " WHERE latitude IS NOT NULL AND longitude IS NOT NULL")
        row = self.conn().execute(sql + (" AND " + _in("country", main) if main else ""),
                                  main).fetchone()
        return None if row[0] is None else [float(v) for v in row]
