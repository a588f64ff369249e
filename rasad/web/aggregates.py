"""Bodies of the routes that read the whole database, as encoded JSON.

They run in :class:`rasad.web.heavy.HeavyResults`' background thread, once per database
version; the routes serve the bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .control import ControlTimeline, Transition, control_from, transition_dict
from .encoding import encode
from .graph import ActorIndex, actor_index, commanders, network
from .store_source import DataSource

JsonDict = dict[str, Any]
# Control changes listed per place in /api/places: on a large database a place has
# thousands, and the list of places must stay small enough for the map to load quickly.
DEFAULT_HISTORY = 20


@dataclass(frozen=True, slots=True)
class PlaceIndex:
    """Places and their control transitions, looked up by id in constant time."""

    places: list[JsonDict]
    info: dict[str, JsonDict]  # gazetteer id -> the first place row with it
    # Each site's and each gazetteer place's transitions as JSON-ready dicts, oldest
    # first (the keys ControlTimeline.of_place matches); each dict is made once.
    steps: dict[str, list[JsonDict]]
    sites: dict[str, list[JsonDict]]  # each site's own transitions (ControlTimeline.history)
    actors: ActorIndex
    # The same transitions grouped by site: /api/control for a new date reads them here
    # rather than asking the timeline, whose freshness check scans every event.
    history: dict[str, list[Transition]]

    @classmethod
    def build(cls, db: DataSource, timeline: ControlTimeline) -> PlaceIndex:
        places = db.places()
        actors = actor_index(db)
        steps: dict[str, list[JsonDict]] = {}
        sites: dict[str, list[JsonDict]] = {}
        history: dict[str, list[Transition]] = {}
        for t in timeline.transitions():
            history.setdefault(t.place, []).append(t)
            as_dict = transition_dict(t, actors)
            sites.setdefault(t.place, []).append(as_dict)
            for key in {t.place, t.gazetteer_id} - {None}:
                steps.setdefault(key, []).append(as_dict)  # type: ignore[arg-type]
        info: dict[str, JsonDict] = {}
        for place in places:
            info.setdefault(place["gazetteer_id"], place)
        return cls(places, info, steps, sites, actors, history)


def places_body(index: PlaceIndex, timeline: ControlTimeline,
                history: int = DEFAULT_HISTORY) -> bytes:
    """Places and sites, each with its latest ``history`` control changes (oldest first)."""

    def latest(steps: list[JsonDict]) -> JsonDict:
        return {"control": steps[len(steps) - history:] if history else [],
                "control_total": len(steps)}

    out = [{**place, **latest(index.steps.get(place["gazetteer_id"], []))}
           for place in index.places]
    sites = [{"site": key, "name": steps[0].name, "gazetteer_id": steps[0].gazetteer_id,
              "longitude": steps[0].longitude, "latitude": steps[0].latitude,
              **latest(index.sites[key])}
             for key, steps in timeline.history().items()]
    return encode({"places": out, "sites": sites})


def place_body(index: PlaceIndex, place_id: str, limit: int | None = None,
               offset: int = 0) -> bytes | None:
    """A place's control history, a page of it; None when no place or site has that id."""
    steps = index.steps.get(place_id, [])
    info = index.info.get(place_id)
    if info is None and not steps:
        return None
    page = steps[offset:None if limit is None else offset + limit]
    return encode({"place": info, "control": page, "control_total": len(steps),
                   "offset": offset})


def control_body(index: PlaceIndex, day: date) -> bytes:
    return encode(control_from(index.history, day, index.actors))


def actors_body(db: DataSource, all_: bool) -> bytes:
    index = actor_index(db)
    rows = [{**a, **index.describe(a["id"], a["name"])} for a in db.actors()
            if all_ or a["events"]]
    return encode({"actors": rows})


def commanders_body(db: DataSource) -> bytes:
    return encode({"commanders": commanders(db.persons())})


def network_body(db: DataSource) -> bytes:
    return encode(network(db))


def summary_body(db: DataSource) -> bytes:
    return encode(db.summary())
