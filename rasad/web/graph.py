"""Actors, commanders and their relations: the network view, GraphML export and map colours.

An actor's *bloc* is the top of its sponsor chain (Fatemiyoun -> IRGC), or of its parent
chain when it has no sponsor; the map fills control markers by bloc and rings them by actor,
so "who holds it" and "for whom" read at a glance.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .queries import EventQuery
from .store_source import DataSource

JsonDict = dict[str, Any]

# Colour-blind-friendly qualitative palette (Tol "muted" + "bright").
PALETTE: tuple[str, ...] = (
    "#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE", "#882255", "#44AA99", "#999933",
    "#AA4499", "#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377", "#BBBBBB",
)
UNKNOWN_COLOR = "#9a9a9a"


def color_for(key: str | None) -> str:
    """A stable colour per actor or bloc id, the same in the map, KML and GraphML."""
    if not key:
        return UNKNOWN_COLOR
    return PALETTE[zlib.crc32(key.encode("utf-8")) % len(PALETTE)]


@dataclass(slots=True)
class ActorIndex:
    """Actors by id, with sponsor/parent links, from the ``actors`` table."""

    actors: dict[str, JsonDict] = field(default_factory=dict)

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, Any]]) -> ActorIndex:
        return cls({str(r["id"]): dict(r) for r in rows})

    def name(self, actor_id: str | None) -> str | None:
        if not actor_id:
            return None
        return str((self.actors.get(actor_id) or {}).get("name") or actor_id)

    def bloc(self, actor_id: str | None) -> str | None:
        """The top of ``actor_id``'s sponsor chain (or parent chain), cycle-safe."""
        current, seen = actor_id, set()
        while current and current not in seen:
            seen.add(current)
            info = self.actors.get(current) or {}
            sponsors = info.get("sponsors") or []
            upward = sponsors[0] if sponsors else info.get("parent")
            if not upward:
                return current
            current = str(upward)
        return current

    def describe(self, actor_id: str | None, name: str | None = None) -> JsonDict:
        """Display fields of an actor; one known only by name is its own bloc."""
        key = actor_id or (f"name:{name}" if name else None)
        bloc = self.bloc(key)
        return {"id": actor_id, "name": name or self.name(actor_id), "bloc": bloc,
                "bloc_name": self.name(bloc) if bloc != key or actor_id else name,
                "color": color_for(key), "bloc_color": color_for(bloc)}


def actor_index(db: DataSource) -> ActorIndex:
    return ActorIndex.from_rows(db.actors())


def commanders(pairs: Iterable[tuple[str, JsonDict]]) -> list[JsonDict]:
    """People named as commanders (or other roles) from (event id, person) pairs,
    grouped by name and actor, most cited first."""
    grouped: dict[tuple[str, str], JsonDict] = {}
    for event_id, person in pairs:
        name = str(person.get("name") or person.get("text") or "").strip()
        if not name:
            continue
        actor = str(person.get("actor") or "")
        item = grouped.setdefault((name, actor), {
            "id": f"person:{name}|{actor}", "name": name, "actor": actor or None,
            "roles": [], "titles": [], "areas": [], "events": []})
        for key, value in (("roles", person.get("role")), ("titles", person.get("title")),
                           ("areas", person.get("area"))):
            if value and value not in item[key]:
                item[key].append(value)
        if event_id not in item["events"]:
            item["events"].append(event_id)
    return sorted(grouped.values(), key=lambda p: (-len(p["events"]), p["name"]))


def _actor_key(ref: JsonDict) -> str | None:
    if ref.get("id"):
        return str(ref["id"])
    name = ref.get("name") or ref.get("text")
    return f"name:{name}" if name else None


def build_network(events: Iterable[JsonDict], index: ActorIndex) -> JsonDict:
    """Nodes (actors, commanders) and edges (sponsor, parent, commands, opposed, allied)
    of the actors and people in ``events`` (output-contract dicts)."""
    nodes: dict[str, JsonDict] = {}
    weights: Counter[tuple[str, str, str]] = Counter()
    people: list[tuple[str, JsonDict]] = []

    def add_actor(actor_id: str, name: str | None = None) -> None:
        if actor_id not in nodes:
            info = index.actors.get(actor_id) or {}
            nodes[actor_id] = {"kind": "actor", "acled_type": info.get("acled_type"),
                               "events": 0,
                               **index.describe(actor_id, name or info.get("name"))}

    for event in events:
        one = _side_keys(event.get("actor1") or [], add_actor)
        two = _side_keys(event.get("actor2") or [], add_actor)
        for key in set(one + two):
            nodes[key]["events"] += 1
        weights.update((a, b, "opposed") for a in one for b in two if a != b)
        for group in (one, two):
            weights.update((min(a, b), max(a, b), "allied")
                           for i, a in enumerate(group) for b in group[i + 1:] if a != b)
        people += [(str(event.get("id")), p) for p in event.get("persons") or []]
    for actor_id in list(nodes):
        _link_up(actor_id, index, weights, add_actor)
    for person in commanders(people):
        nodes[person["id"]] = {"kind": "commander", "id": person["id"], "name": person["name"],
                               "roles": person["roles"], "events": len(person["events"]),
                               "color": "#222222", "actor": person["actor"]}
        if person["actor"]:
            add_actor(person["actor"])
            weights[(person["id"], person["actor"], "commands")] += len(person["events"])
    edges = [{"source": s, "target": t, "kind": k, "weight": w}
             for (s, t, k), w in sorted(weights.items())]
    return {"nodes": sorted(nodes.values(), key=lambda n: (n["kind"], str(n["id"]))),
            "edges": edges}


def _side_keys(refs: list[JsonDict], add_actor: Callable[[str, str | None], None]) -> list[str]:
    keys = []
    for ref in refs:
        key = _actor_key(ref)
        if key and key not in keys:
            add_actor(key, ref.get("name") or ref.get("text"))
            keys.append(key)
    return keys


def network(db: DataSource) -> JsonDict:
    return build_network(db.iter_events(EventQuery()), actor_index(db))


def _link_up(actor_id: str, index: ActorIndex, weights: Counter[tuple[str, str, str]],
             add_actor: Callable[[str], None]) -> None:
    """Sponsor and parent edges from ``actor_id`` up its chains."""
    seen: set[str] = set()
    todo = [actor_id]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        info = index.actors.get(current) or {}
        for sponsor in info.get("sponsors") or []:
            add_actor(str(sponsor))
            weights[(str(sponsor), current, "sponsor")] += 1
            todo.append(str(sponsor))
        if info.get("parent"):
            add_actor(str(info["parent"]))
            weights[(str(info["parent"]), current, "parent")] += 1
            todo.append(str(info["parent"]))
