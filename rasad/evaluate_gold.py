"""Gold annotations (``../shared/eval/SCHEMA.md``) as typed records."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .errors import InputError
from .types import EVENT_TYPE_OF

JsonDict = dict[str, Any]


@dataclass(slots=True, frozen=True)
class GoldPlace:
    name: str
    name_ar: str
    lat: float | None
    lon: float | None
    admin1: str | None = None
    geo_precision: int | None = None

    @property
    def has_coords(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(slots=True)
class GoldEvent:
    event_type: str
    sub_event_type: str
    actor1: list[str]
    actor1_ar: list[str]
    actor2: list[str]
    actor2_ar: list[str]
    location: GoldPlace | None
    date: date | None = None
    fatalities: int | None = None
    optional: bool = False


@dataclass(slots=True)
class GoldDoc:
    id: str
    text: str
    published: date | None = None
    lang: str | None = None
    url: str | None = None
    outlet: str | None = None
    events: list[GoldEvent] = field(default_factory=list)
    places: list[GoldPlace] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)


def coord(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def iso_date(value: object) -> date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError as exc:
        raise InputError(f"gold date {value!r} is not YYYY-MM-DD") from exc


def _gold_place(d: JsonDict | None) -> GoldPlace | None:
    if not isinstance(d, dict):
        return None
    return GoldPlace(str(d.get("name") or ""), str(d.get("name_ar") or ""),
                     coord(d.get("lat")), coord(d.get("lon")), d.get("admin1"),
                     d.get("geo_precision"))


def _gold_event(d: object, doc_id: str) -> GoldEvent:
    if not isinstance(d, dict):
        raise InputError(f"gold document {doc_id}: an event is not a JSON object")
    sub = d.get("sub_event_type")
    if sub not in EVENT_TYPE_OF:
        raise InputError(f"gold document {doc_id}: unknown sub_event_type {sub!r}")
    return GoldEvent(
        event_type=d.get("event_type") or EVENT_TYPE_OF[sub], sub_event_type=sub,
        actor1=list(d.get("actor1") or []), actor1_ar=list(d.get("actor1_ar") or []),
        actor2=list(d.get("actor2") or []), actor2_ar=list(d.get("actor2_ar") or []),
        location=_gold_place(d.get("location")), date=iso_date(d.get("date")),
        fatalities=d.get("fatalities"), optional=bool(d.get("optional", False)))


def _gold_doc(d: JsonDict) -> GoldDoc:
    doc_id = str(d.get("id") or "")
    places = [p for p in map(_gold_place, d.get("places") or []) if p is not None]
    return GoldDoc(
        id=doc_id, text=str(d.get("text") or ""), published=iso_date(d.get("published")),
        lang=d.get("lang"), url=d.get("url"), outlet=d.get("outlet"),
        events=[_gold_event(e, doc_id) for e in d.get("events") or []],
        places=places, actors=list(d.get("actors") or []))


def load_gold(path: Path) -> list[GoldDoc]:
    """Gold documents from JSON Lines, a single JSON object or a JSON array."""
    try:
        raw = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read gold file {path}: {exc}") from exc
    records: list[JsonDict] = []
    try:
        parsed = json.loads(raw)
        records = parsed if isinstance(parsed, list) else [parsed]
    except json.JSONDecodeError:
        # Not one JSON value: read it as JSON Lines, naming the offending line.
        for n, line in enumerate(raw.splitlines(), 1):
            try:
                records += [json.loads(line)] if line.strip() else []
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{n}: malformed JSON: {exc.msg}") from exc
    if not all(isinstance(r, dict) for r in records):
        raise InputError(f"{path}: every gold record must be a JSON object")
    return [_gold_doc(r) for r in records]
