"""Who holds each place or site on a date, for the map's control layer and /api/places.

When the control-timeline library (:mod:`rasad.control`) is installed and offers
``timeline_from_db(path)``, its transitions are used. Otherwise they are derived here
from stored territory events: actor1 of a territory transfer holds the event's location
from the event date on; before the first reported transfer the place is shown as held
by that transfer's actor2 (the side that handed it over), marked as inferred.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import date
from importlib import import_module
from typing import Any

from .graph import ActorIndex, actor_index
from .queries import ReadOnlyDB

JsonDict = dict[str, Any]

TERRITORY_SUB_TYPES: tuple[str, ...] = (
    "Non-violent transfer of territory",
    "Government regains territory",
    "Non-state actor overtakes territory",
)


@dataclass(slots=True, frozen=True)
class Transition:
    """From ``date`` on, ``holder`` controls ``place`` (taken over from ``previous``)."""

    place: str  # gazetteer id, or "lonlat:<lon>,<lat>" for an unnamed spot
    name: str | None
    name_ar: str | None
    longitude: float
    latitude: float
    date: str
    holder: str | None
    holder_name: str | None
    previous: str | None
    previous_name: str | None
    event_id: str
    sub_event_type: str
    sites: int | None
    confidence: float | None


def _first(event_id: str, side: int, sides: dict[str, list[tuple[int, str | None, str]]]
           ) -> tuple[str | None, str | None]:
    for s, actor_id, name in sides.get(event_id, []):
        if s == side:
            return actor_id, name
    return None, None


def derive_transitions(db: ReadOnlyDB) -> list[Transition]:
    """Territory transitions from stored events, oldest first."""
    marks = ", ".join("?" for _ in TERRITORY_SUB_TYPES)
    rows = db.rows(
        "SELECT id, sub_event_type, gazetteer_id, location_name, location_name_ar, latitude,"
        " longitude, date_start, quantities, confidence FROM events"
        f" WHERE sub_event_type IN ({marks}) AND latitude IS NOT NULL AND date_start IS NOT NULL"
        " ORDER BY date_start, id", TERRITORY_SUB_TYPES)
    if not rows:
        return []
    sides: dict[str, list[tuple[int, str | None, str]]] = {}
    ids = [r["id"] for r in rows]
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for a in db.rows("SELECT event_id, side, actor_id, name FROM event_actors WHERE event_id"
                         f" IN ({', '.join('?' for _ in chunk)}) ORDER BY side, position", chunk):
            sides.setdefault(a["event_id"], []).append((int(a["side"]), a["actor_id"], a["name"]))
    out = []
    for r in rows:
        holder, holder_name = _first(r["id"], 1, sides)
        previous, previous_name = _first(r["id"], 2, sides)
        place = r["gazetteer_id"] or f"lonlat:{r['longitude']:.4f},{r['latitude']:.4f}"
        out.append(Transition(
            place, r["location_name"], r["location_name_ar"], r["longitude"], r["latitude"],
            r["date_start"], holder, holder_name, previous, previous_name, r["id"],
            r["sub_event_type"], json.loads(r["quantities"] or "{}").get("sites"),
            r["confidence"]))
    return out


def _library_source() -> Callable[[str], Iterable[Any]] | None:
    """``rasad.control.timeline_from_db`` when that library exists, else None."""
    try:
        module = import_module("rasad.control")
    except ImportError:
        return None
    func = getattr(module, "timeline_from_db", None)
    return func if callable(func) else None


def transitions(db: ReadOnlyDB) -> list[Transition]:
    """Transitions from :mod:`rasad.control` if available, else derived from events."""
    source = _library_source()
    if source is not None:
        converted = [t for t in (_from_library(x) for x in source(str(db.path))) if t]
        if converted:
            return sorted(converted, key=lambda t: (t.date, t.event_id))
    return derive_transitions(db)


def _from_library(item: Any) -> Transition | None:
    """A library record (dataclass or mapping) as a Transition; None when it lacks a point."""
    get = item.get if isinstance(item, dict) else lambda k, d=None: getattr(item, k, d)
    lon, lat, when = get("longitude"), get("latitude"), get("date") or get("start")
    if lon is None or lat is None or when is None:
        return None
    return Transition(
        str(get("place") or get("gazetteer_id") or f"lonlat:{lon:.4f},{lat:.4f}"),
        get("name"), get("name_ar"), float(lon), float(lat), str(when),
        get("holder"), get("holder_name"), get("previous"), get("previous_name"),
        str(get("event_id") or ""), str(get("sub_event_type") or ""), get("sites"),
        get("confidence"))


def history(db: ReadOnlyDB) -> dict[str, list[Transition]]:
    """Transitions grouped by place, oldest first."""
    out: dict[str, list[Transition]] = {}
    for t in transitions(db):
        out.setdefault(t.place, []).append(t)
    return out


def holder_on(steps: list[Transition], day: date) -> tuple[Transition, str]:
    """The transition in force on ``day`` and its status (held | inferred-before | ...)."""
    current = [t for t in steps if t.date <= day.isoformat()]
    if current:
        return current[-1], "held"
    return steps[0], "inferred-before"


def control_on(db: ReadOnlyDB, day: date, index: ActorIndex | None = None) -> JsonDict:
    """GeoJSON of every place with a known holder on ``day``."""
    index = index or actor_index(db)
    features = []
    for place, steps in sorted(history(db).items()):
        step, status = holder_on(steps, day)
        holder_id, holder_name = ((step.holder, step.holder_name) if status == "held"
                                  else (step.previous, step.previous_name))
        holder = index.describe(holder_id, holder_name if holder_name else None)
        if not holder_id and not holder_name:
            holder = {**holder, "name": "unknown"}
        features.append({
            "type": "Feature", "id": place,
            "geometry": {"type": "Point", "coordinates": [step.longitude, step.latitude]},
            "properties": {
                "place": place, "name": step.name, "name_ar": step.name_ar, "status": status,
                "holder": holder, "since": step.date if status == "held" else None,
                "until": steps[0].date if status == "inferred-before" else None,
                "event_id": step.event_id, "sites": step.sites, "changes": len(steps),
            },
        })
    return {"type": "FeatureCollection", "date": day.isoformat(), "features": features}


def transition_dict(t: Transition, index: ActorIndex) -> JsonDict:
    out = asdict(t)
    out["holder_color"] = index.describe(t.holder)["bloc_color"]
    return out
