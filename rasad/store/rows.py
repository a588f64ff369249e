"""Mapping between output-contract dicts and table rows (both directions)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from typing import Any

JsonDict = dict[str, Any]

_MENTION_CORE = ("label", "start", "end", "text")
_KB_KEY = {"ACTOR": "id", "PLACE": "gazetteer_id", "PERSON": "actor"}


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _names(actors: list[JsonDict]) -> str | None:
    names = [str(a.get("name") or a.get("text") or "") for a in actors]
    joined = "; ".join(n for n in names if n)
    return joined or None


def mention_row(doc_id: str, m: JsonDict) -> tuple[Any, ...]:
    label = str(m.get("label", ""))
    kb = m.get(_KB_KEY.get(label, ""))
    extra = {k: v for k, v in m.items() if k not in _MENTION_CORE}
    return (doc_id, label, m.get("start"), m.get("end"), m.get("text"),
            None if kb is None else str(kb), _dumps(extra))


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
        _names(e.get("actor1") or []), _names(e.get("actor2") or []),
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


def _actor_ref(row: sqlite3.Row) -> JsonDict:
    return {"id": row["actor_id"], "name": row["name"], "text": row["text"],
            "start": row["start"], "end": row["end"]}


def event_to_dict(row: sqlite3.Row, actors: list[sqlite3.Row]) -> JsonDict:
    """A stored event back as an output-contract EVENT plus its ``document`` header."""
    location = json.loads(row["location"]) if row["location"] else None
    return {
        "id": row["id"],
        "event_type": row["event_type"],
        "sub_event_type": row["sub_event_type"],
        "actor1": [_actor_ref(a) for a in actors if a["side"] == 1],
        "actor2": [_actor_ref(a) for a in actors if a["side"] == 2],
        "location": location,
        "date": {"start": row["date_start"], "end": row["date_end"],
                 "precision": row["time_precision"], "text": row["date_text"]},
        "fatalities": row["fatalities"],
        "quantities": json.loads(row["quantities"] or "{}"),
        "persons": json.loads(row["persons"] or "[]"),
        "evidence": json.loads(row["evidence"] or "[]"),
        "confidence": row["confidence"],
        "extractor": row["extractor"],
        "document": {"id": row["doc_id"], "lang": row["doc_lang"],
                     "published": row["doc_published"], "url": row["doc_url"],
                     "outlet": row["doc_outlet"]},
    }
