"""Who holds each place or site on a date, for the map's control layer and /api/places.

When the control-timeline library (:mod:`rasad.control`, ``build_control`` over
``load_corpus``) is importable, its control claims are used: sites with their own
coordinates, syndicated reports merged, co-holders kept. Otherwise transitions are
derived here from stored territory events: actor1 of a territory transfer holds the
event's location from the event date on; before the first reported transfer the place
is shown as held by that transfer's actor2 (the side that handed it over), marked as
inferred. :class:`ControlTimeline` caches the result until the reports change.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from importlib import import_module
from typing import Any

from ..errors import RasadError
from .graph import ActorIndex, actor_index
from .queries import ReadOnlyDB
from .store_source import DataSource

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
    gazetteer_id: str | None = None
    co_holders: tuple[str, ...] = ()


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
            r["confidence"], r["gazetteer_id"]))
    return out


def library_transitions(db: DataSource) -> list[Transition] | None:
    """Transitions from :mod:`rasad.control`'s claims; None when the library is absent."""
    try:
        control = import_module("rasad.control")
    except ImportError:
        return None
    result = control.build_control(control.load_corpus(db.path))
    sites = {site.id: site for site in result.sites}
    grouped: dict[tuple[str, str], list[Any]] = {}
    for claim in result.claims:
        if claim.kind == "control" and claim.site_id in sites:
            start = claim.valid_from.start if claim.valid_from is not None else None
            grouped.setdefault((claim.site_id, start or ""), []).append(claim)
    out: list[Transition] = []
    for site_id in sorted({k[0] for k in grouped}):
        site = sites[site_id]
        if site.latitude is None or site.longitude is None:
            continue
        prior = grouped.get((site_id, ""))
        for (sid, start), claims in sorted(grouped.items()):
            if sid != site_id or not start:
                continue
            lead = claims[0]
            out.append(Transition(
                site_id, site.anchor_name or site.label, site.anchor_name_ar, site.longitude,
                site.latitude, start, lead.holder_id, lead.holder_name,
                prior[0].holder_id if prior else None, prior[0].holder_name if prior else None,
                str(lead.opened_by or ""), lead.kind, site.count, lead.confidence,
                site.gazetteer_id, tuple(c.holder_name for c in claims[1:])))
            prior = claims
    return sorted(out, key=lambda t: (t.date, t.place))


class ControlTimeline:
    """Control transitions of one database, recomputed only when its reports change."""

    def __init__(self, db: DataSource) -> None:
        self.db = db
        self._lock = threading.Lock()
        self._cached: tuple[tuple[Any, ...], list[Transition]] | None = None

    def _fingerprint(self) -> tuple[Any, ...]:
        if not isinstance(self.db, ReadOnlyDB):  # another store: its own fingerprint
            return (self.db.content_fingerprint(),)
        row = self.db.conn().execute(
            "SELECT (SELECT COUNT(*) FROM documents), (SELECT MAX(rowid) FROM documents),"
            " (SELECT COUNT(*) FROM events), (SELECT MAX(id) FROM reviews)").fetchone()
        return tuple(row)

    def transitions(self) -> list[Transition]:
        key = self._fingerprint()
        with self._lock:
            if self._cached is not None and self._cached[0] == key:
                return self._cached[1]
        try:
            found = library_transitions(self.db)
        except (RasadError, sqlite3.Error, KeyError, AttributeError, TypeError, ValueError):
            found = None  # the library failed on this database: fall back, do not go dark
        if found is None:  # the fallback reads SQLite files only
            found = derive_transitions(self.db) if isinstance(self.db, ReadOnlyDB) else []
        steps = found
        with self._lock:
            self._cached = (key, steps)
        return steps

    def history(self) -> dict[str, list[Transition]]:
        """Transitions grouped by place (site), oldest first."""
        out: dict[str, list[Transition]] = {}
        for t in self.transitions():
            out.setdefault(t.place, []).append(t)
        return out

    def of_place(self, place_id: str) -> list[Transition]:
        """A site's transitions, or every site's at a gazetteer place, by date."""
        return [t for t in self.transitions() if place_id in (t.place, t.gazetteer_id)]


# The side that handed a place over is shown as its holder this long before the first
# reported change (a week: ACLED's coarsest day-level precision); earlier nothing is
# known, so nothing is drawn. A 2024 handover says nothing about who held in 2023.
INFERRED_BEFORE_DAYS = 7


def holder_on(steps: list[Transition], day: date) -> tuple[Transition, str] | None:
    """The transition in force on ``day`` and its status (held | inferred-before), or
    None when ``day`` is too long before the first reported change to say."""
    current = [t for t in steps if t.date <= day.isoformat()]
    if current:
        return current[-1], "held"
    if date.fromisoformat(steps[0].date) - day > timedelta(days=INFERRED_BEFORE_DAYS):
        return None
    return steps[0], "inferred-before"


def control_on(timeline: ControlTimeline, day: date, index: ActorIndex | None = None
               ) -> JsonDict:
    """GeoJSON of every place with a known holder on ``day``."""
    return control_from(timeline.history(), day, index or actor_index(timeline.db))


def control_from(history: dict[str, list[Transition]], day: date, index: ActorIndex
                 ) -> JsonDict:
    """:func:`control_on` from transitions already grouped by place (oldest first)."""
    features = []
    for place, steps in sorted(history.items()):
        found = holder_on(steps, day)
        if found is None:
            continue
        step, status = found
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
                "gazetteer_id": step.gazetteer_id or (None if place.startswith("lonlat:")
                                                      else place),
                "co_holders": list(step.co_holders) if status == "held" else [],
            },
        })
    return {"type": "FeatureCollection", "date": day.isoformat(), "features": features}


def transition_dict(t: Transition, index: ActorIndex) -> JsonDict:
    out = asdict(t)
    out["holder_color"] = index.describe(t.holder)["bloc_color"]
    return out
