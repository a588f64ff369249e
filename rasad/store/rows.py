"""Mapping between output-contract dicts and table rows (both directions)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ..errors import StoreError
from ..io import content_hash
from ..serialize import document_to_dict
from ..types import Document

JsonDict = dict[str, Any]
# A result row by column name: sqlite3.Row or a psycopg dict row.
Row = Any

_MENTION_CORE = ("label", "start", "end", "text")
_KB_KEY = {"ACTOR": "id", "PLACE": "gazetteer_id", "PERSON": "actor"}


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def names_text(actors: list[JsonDict]) -> str | None:
    """The names of one side's actors as stored in the events table ("A; B")."""
    names = [str(a.get("name") or a.get("text") or "") for a in actors]
    joined = "; ".join(n for n in names if n)
    return joined or None


def mention_row(doc_id: str, m: JsonDict) -> tuple[Any, ...]:
    label = str(m.get("label", ""))
    kb = m.get(_KB_KEY.get(label, ""))
    extra = {k: v for k, v in m.items() if k not in _MENTION_CORE}
    return (doc_id, label, m.get("start"), m.get("end"), m.get("text"),
            None if kb is None else str(kb), _dumps(extra))


# The columns ``event_row`` fills, in its order (the review columns are set apart).
EVENT_COLUMNS = (
    "id, doc_id, event_type, sub_event_type, location_name, location_name_ar, latitude,"
    " longitude, admin1, admin2, country, geo_precision, gazetteer_id, location, date_start,"
    " date_end, time_precision, date_text, fatalities, quantities, persons, evidence,"
    " confidence, extractor, actor1, actor2"
)


def event_row(doc_id: str, e: JsonDict) -> tuple[Any, ...]:
    """The 26 columns of ``events``, in table order."""
    loc: JsonDict = e.get("location") or {}
    date: JsonDict = e.get("date") or {}
    return (
        str(e["id"]), doc_id, e.get("event_type"), e.get("sub_event_type"),
        loc.get("name"), loc.get("name_ar"), loc.get("latitude"), loc.get("longitude"),
        loc.get("admin1"), loc.get("admin2"), loc.get("country"), loc.get("geo_precision"),
        loc.get("gazetteer_id"), _dumps(loc) if loc else None,
        date.get("start"), date.get("end"), date.get("precision"), date.get("text"),
        int(e.get("fatalities") or 0), _dumps(e.get("quantities") or {}),
        _dumps(e.get("persons") or []), _dumps(e.get("evidence") or []),
        e.get("confidence"), e.get("extractor"),
        names_text(e.get("actor1") or []), names_text(e.get("actor2") or []),
    )


def actor_rows(event_id: str, e: JsonDict) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    for side in (1, 2):
        for position, a in enumerate(e.get(f"actor{side}") or []):
            rows.append((event_id, side, position, a.get("id"), a.get("name"), a.get("text"),
                         a.get("start"), a.get("end")))
    return rows


def place_row(loc: JsonDict | None) -> tuple[Any, ...] | None:
    if not loc or not loc.get("gazetteer_id"):
        return None
    return (loc["gazetteer_id"], loc.get("name"), loc.get("name_ar"), loc.get("latitude"),
            loc.get("longitude"), loc.get("admin1"), loc.get("country"), loc.get("feature"))


def _field(obj: Any, *names: str) -> Any:
    for name in names:
        value = obj.get(name) if isinstance(obj, Mapping) else getattr(obj, name, None)
        if value is not None:
            return value
    return None


def knowledge_actor_row(actor: Any) -> tuple[Any, ...] | None:
    """A row of ``actors`` from a knowledge-base entry (a dataclass or a mapping)."""
    actor_id = _field(actor, "id", "actor_id")
    if not actor_id:
        return None
    sponsors = _field(actor, "sponsors") or []
    acled_type = _field(actor, "acled_type", "inter", "type")
    return (str(actor_id), _field(actor, "name", "name_en"),
            None if acled_type is None else str(acled_type), _field(actor, "country"),
            _field(actor, "parent"), _dumps(list(sponsors)))


def as_record(doc: Document | JsonDict) -> JsonDict:
    """The output-contract dict of a Document (plus its text), or a given contract dict."""
    if isinstance(doc, Document):
        record = document_to_dict(doc)
        record["text"] = doc.text
        return record
    if not isinstance(doc, dict) or not isinstance(doc.get("document", {}), dict):
        raise StoreError("ingest expects a Document or an output-contract dict")
    return doc


def record_hash(record: JsonDict) -> str:
    """Content key of a record without text (a failure placeholder)."""
    blob = json.dumps(record, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def canonical(value: Any) -> Any:
    """JSON with keys sorted at every level, as SQLite stores it (``_dumps``).

    PostgreSQL's JSONB reorders keys; sorting on read makes both backends export
    byte-identical JSON.
    """
    if isinstance(value, dict):
        return {k: canonical(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [canonical(v) for v in value]
    return value


def _loads(value: Any, empty: Any) -> Any:
    # SQLite hands back JSON text, PostgreSQL (JSONB) already decoded values.
    if value is None or value == "":
        return empty
    if isinstance(value, str):
        return json.loads(value)
    return canonical(value)


def iso(value: Any) -> Any:
    """Dates and timestamps as the ISO strings SQLite stores; other values unchanged."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _actor_ref(row: Row) -> JsonDict:
    return {"id": row["actor_id"], "name": row["name"], "text": row["text"],
            "start": row["start"], "end": row["end"]}


def _column(row: Row, name: str) -> Any:
    # Readers with their own SELECT (the web's) may leave the review columns out.
    return row[name] if name in row.keys() else None  # noqa: SIM118 - sqlite3.Row: "in" tests values


def review_marker(row: Row) -> JsonDict | None:
    """``{"status", "id", "at"}`` of a reviewed event's row, None for a machine one.

    The reviewer's name stays in the review log, which only reviewers read: events are
    public, and in a conflict, who checked a report can matter to their safety."""
    status = _column(row, "review_status")
    if status is None:
        return None
    return {"status": status, "id": _column(row, "review_id"),
            "at": iso(_column(row, "review_at"))}


def event_to_dict(row: Row, actors: Sequence[Row]) -> JsonDict:
    """A stored event back as an output-contract EVENT plus its ``document`` header
    (and ``review`` when an analyst has reviewed it)."""
    location = _loads(row["location"], None)
    event = {
        "id": row["id"],
        "event_type": row["event_type"],
        "sub_event_type": row["sub_event_type"],
        "actor1": [_actor_ref(a) for a in actors if a["side"] == 1],
        "actor2": [_actor_ref(a) for a in actors if a["side"] == 2],
        "location": location,
        "date": {"start": iso(row["date_start"]), "end": iso(row["date_end"]),
                 "precision": row["time_precision"], "text": row["date_text"]},
        "fatalities": row["fatalities"],
        "quantities": _loads(row["quantities"], {}),
        "persons": _loads(row["persons"], []),
        "evidence": _loads(row["evidence"], []),
        "confidence": row["confidence"],
        "extractor": row["extractor"],
        "document": {"id": row["doc_id"], "lang": row["doc_lang"],
                     "published": iso(row["doc_published"]), "url": row["doc_url"],
                     "outlet": row["doc_outlet"]},
    }
    review = review_marker(row)
    if review is not None:
        event["review"] = review
    return event


@dataclass(slots=True, frozen=True)
class Prepared:
    """What both backends read off a processed report before their own SQL."""

    record: JsonDict
    text: str
    error: str | None
    doc_id: str
    digest: str


def prepare_ingest(doc: Document | JsonDict) -> Prepared:
    record = as_record(doc)
    header: JsonDict = record.get("document") or {}
    text = record.get("text") or header.get("text") or ""
    error = record.get("error")
    digest = content_hash(text) if text else record_hash(record)
    return Prepared(record, text, str(error) if error else None,
                    str(header.get("id") or ""), digest)


def warnings_json(record: JsonDict) -> str | None:
    """A report's warnings as stored (JSON text), None when it has none."""
    warnings = [str(w) for w in record.get("warnings") or []]
    return json.dumps(warnings, ensure_ascii=False) if warnings else None


def warning_rows(stored: Iterable[tuple[str, Any, list[str]]]) -> list[JsonDict]:
    """(document id, ingested at, warnings) triples as one row per warning."""
    return [{"doc_id": doc_id, "warning": w, "ingested_at": at}
            for doc_id, at, warnings in stored for w in warnings]
