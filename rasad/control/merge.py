"""Cross-report merging: events from different reports that describe one happening.

Two events merge when they have the same sub-event type, come from different reports,
their actors are compatible (they share an actor on the same side, counting a group's
backers and parent formations, and no actor is on opposite sides), their places lie
within a radius that grows with the geo-precision, and their dates overlap (widened by
the time precision). Events of one report never merge with each other: a report that
itemizes three handovers means three.

The merged record keeps every source and, per field, every value with the reports
that gave it. Values that disagree are flagged, never overwritten; syndicated copies
of one report add a source but no corroboration and no vote.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ..geo import haversine_km
from .corpus import Corpus, event_position
from .model import FieldValue, FieldValues, JsonDict, MergedEvent, SourceRef

Expander = Callable[[str], set[str]]

RADIUS_KM = {1: 10.0, 2: 25.0, 3: 50.0}  # by ACLED geo_precision
DATE_SLACK_DAYS = {1: 1, 2: 7, 3: 31}  # by ACLED time precision
CELL_DEG = 1.0  # degrees; wider than the largest merge radius at any Syrian latitude


@dataclass(slots=True)
class _Member:
    event: JsonDict
    source: SourceRef
    when: tuple[date | None, date | None, int] = (None, None, 1)

    def __post_init__(self) -> None:
        self.when = event_date(self.event)  # parsed once: compared many times


def actor_keys(refs: list[JsonDict] | None) -> frozenset[str]:
    """Actor ids of one side; unresolved mentions by their text."""
    out = set()
    for ref in refs or []:
        key = ref.get("id") or (f"text:{ref.get('text')}" if ref.get("text") else None)
        if key:
            out.add(str(key))
    return frozenset(out)


def source_of(event: JsonDict, corpus: Corpus, groups: dict[str, str]) -> SourceRef:
    doc_id = str((event.get("document") or {}).get("id") or "")
    doc = corpus.docs.get(doc_id)
    return SourceRef(doc_id=doc_id, group=groups.get(doc_id, doc_id),
                     outlet=doc.outlet if doc else None,
                     published=doc.published if doc else None,
                     url=doc.url if doc else None, event_id=event.get("id"))


def merge_events(corpus: Corpus, groups: dict[str, str],
                 expand: Expander | None = None) -> list[MergedEvent]:
    """Cluster the corpus's events into merged records (deterministic, greedy)."""
    memo: dict[str, set[str]] = {}

    def grow(actor_id: str) -> set[str]:
        if actor_id not in memo:
            memo[actor_id] = expand(actor_id) if expand else {actor_id}
        return memo[actor_id]

    members = [_Member(e, source_of(e, corpus, groups)) for e in corpus.events]
    members.sort(key=lambda m: _order(m, corpus))
    clusters: list[list[_Member]] = []
    blocks: dict[tuple[Any, ...], list[int]] = {}
    for member in members:
        candidates = sorted({i for key in _neighbour_blocks(member)
                             for i in blocks.get(key, ())})
        best = _best_cluster(member, [clusters[i] for i in candidates], grow)
        if best is None:
            clusters.append([member])
            index = len(clusters) - 1
        else:
            best.append(member)
            index = next(i for i in candidates if clusters[i] is best)
        for key in _own_blocks(member):
            if index not in blocks.setdefault(key, []):
                blocks[key].append(index)
    return [_merged(c) for c in clusters]


def _space_keys(event: JsonDict) -> list[tuple[Any, ...]]:
    # Blocking: only clusters of the same type, in the same or a neighbouring grid cell
    # (cells are wider than the largest merge radius) and nearby weeks, are compared.
    sub = event.get("sub_event_type")
    loc = event.get("location") or {}
    keys: list[tuple[Any, ...]] = [(sub, "name", loc.get("gazetteer_id") or loc.get("name"))]
    coords = _coords(event)
    if coords is not None:
        keys.append((sub, "cell", int(coords[0] // CELL_DEG), int(coords[1] // CELL_DEG)))
    return keys


def _week(day: date | None) -> int | None:
    return None if day is None else day.toordinal() // 7


def _own_blocks(member: _Member) -> list[tuple[Any, ...]]:
    week = _week(member.when[0])
    out = []
    for key in _space_keys(member.event):
        out += [(*key, "any"), (*key, "undated" if week is None else week)]
    return out


def _neighbour_blocks(member: _Member) -> list[tuple[Any, ...]]:
    start, end, _precision = member.when
    spaces = _space_keys(member.event)
    cells = [k for k in spaces if k[1] == "name"]
    for key in spaces:
        if key[1] == "cell":
            cells += [(key[0], "cell", key[2] + dy, key[3] + dx)
                      for dy in (-1, 0, 1) for dx in (-1, 0, 1)]
    if start is None or end is None:
        return [(*cell, "any") for cell in cells]  # undated: compared with every date
    reach = max(DATE_SLACK_DAYS.values()) // 7 + 1
    weeks = range(start.toordinal() // 7 - reach, end.toordinal() // 7 + reach + 1)
    return [(*cell, w) for cell in cells for w in [*weeks, "undated"]]


def _order(m: _Member, corpus: Corpus) -> tuple[bool, str, int, int]:
    start = event_date(m.event)[0]
    doc = corpus.docs.get(m.source.doc_id)
    return (start is None, (start or date.max).isoformat(), doc.seq if doc else 0,
            event_position(m.event))


def _best_cluster(member: _Member, clusters: list[list[_Member]],
                  grow: Expander) -> list[_Member] | None:
    best: tuple[int, float, int] | None = None
    chosen = None
    for index, cluster in enumerate(clusters):
        if not all(_compatible(member, other, grow) for other in cluster):
            continue
        score = (_days_apart(member, cluster[0]),
                 place_distance(member.event, cluster[0].event) or 0.0, index)
        if best is None or score < best:
            best, chosen = score, cluster
    return chosen


def _days_apart(a: _Member, b: _Member) -> int:
    if a.when[0] is None or b.when[0] is None:
        return 0
    return abs((a.when[0] - b.when[0]).days)


def _compatible(a: _Member, b: _Member, grow: Expander) -> bool:
    if a.source.doc_id == b.source.doc_id:
        return False
    ea, eb = a.event, b.event
    if ea.get("sub_event_type") != eb.get("sub_event_type"):
        return False
    # Cheapest tests first: most candidate pairs differ in date.
    return _dates_overlap(a.when, b.when) and _places_near(ea, eb) and \
        _actors_compatible(ea, eb, grow)


def _actors_compatible(a: JsonDict, b: JsonDict, grow: Expander) -> bool:
    a1, a2 = actor_keys(a.get("actor1")), actor_keys(a.get("actor2"))
    b1, b2 = actor_keys(b.get("actor1")), actor_keys(b.get("actor2"))
    if (a1 & b2) or (a2 & b1):
        return False  # one report's taker is the other's giver: not the same happening

    def wide(keys: frozenset[str]) -> set[str]:
        return set().union(*(grow(k) for k in keys)) if keys else set()

    return bool(wide(a1) & wide(b1)) or bool(wide(a2) & wide(b2))


def _coords(event: JsonDict) -> tuple[float, float] | None:
    loc = event.get("location") or {}
    lat, lon = loc.get("latitude"), loc.get("longitude")
    return None if lat is None or lon is None else (float(lat), float(lon))


def point_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return haversine_km(*a, *b)


def place_distance(a: JsonDict, b: JsonDict) -> float | None:
    ca, cb = _coords(a), _coords(b)
    return None if ca is None or cb is None else point_km(ca, cb)


def _places_near(a: JsonDict, b: JsonDict) -> bool:
    la, lb = a.get("location") or {}, b.get("location") or {}
    if la.get("gazetteer_id") and la.get("gazetteer_id") == lb.get("gazetteer_id"):
        return True
    distance = place_distance(a, b)
    if distance is None:
        return bool(la.get("name")) and la.get("name") == lb.get("name")
    radius = max(RADIUS_KM.get(int(la.get("geo_precision") or 1), 10.0),
                 RADIUS_KM.get(int(lb.get("geo_precision") or 1), 10.0))
    return distance <= radius


def event_date(event: JsonDict) -> tuple[date | None, date | None, int]:
    d = event.get("date") or {}
    start = _parse(d.get("start"))
    end = _parse(d.get("end")) or start
    return start, end, int(d.get("precision") or 1)


def _parse(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _dates_overlap(a: tuple[date | None, date | None, int],
                   b: tuple[date | None, date | None, int]) -> bool:
    sa, ea, pa = a
    sb, eb, pb = b
    if sa is None or sb is None or ea is None or eb is None:
        return True  # unknown dates: merged on type, actors and place; flagged
    slack = timedelta(days=max(DATE_SLACK_DAYS.get(pa, 1), DATE_SLACK_DAYS.get(pb, 1)))
    return sa - slack <= eb and sb - slack <= ea


# ------------------------------------------------------------------ merged records


def _merged(cluster: list[_Member]) -> MergedEvent:
    first = cluster[0].event
    sources = [m.source for m in cluster]
    digest = hashlib.sha256("|".join(sorted(str(m.event.get("id")) for m in cluster))
                            .encode("utf-8")).hexdigest()[:16]
    fields = _fields(cluster)
    merged = MergedEvent(id=f"m-{digest}", event_type=str(first.get("event_type")),
                         sub_event_type=str(first.get("sub_event_type")),
                         sources=sources, events=[m.event for m in cluster], fields=fields)
    if len(cluster) > 1 and any(event_date(m.event)[0] is None for m in cluster):
        merged.flags.append("dates not comparable: merged on type, actors and place only")
    merged.flags += [f"disputed: {name}" for name in merged.disputed]
    return merged


def _fields(cluster: list[_Member]) -> dict[str, FieldValues]:
    out: dict[str, FieldValues] = {}
    for side in ("actor1", "actor2"):
        out[side] = _collect(side, [(m, actor_keys(m.event.get(side)) or None)
                                    for m in cluster], subset_ok=True)
    out["location"] = _collect("location", [(m, _location_key(m.event)) for m in cluster])
    out["date"] = _collect("date", [(m, _date_key(m.event)) for m in cluster])
    out["fatalities"] = _collect("fatalities", [(m, m.event.get("fatalities")) for m in cluster])
    keys = sorted({k for m in cluster for k in (m.event.get("quantities") or {})})
    for key in keys:
        out[f"quantities.{key}"] = _collect(
            f"quantities.{key}", [(m, (m.event.get("quantities") or {}).get(key)) for m in cluster])
    return out


def _collect(name: str, pairs: list[tuple[_Member, Any]], subset_ok: bool = False) -> FieldValues:
    by_value: dict[Any, tuple[list[str], set[str]]] = {}
    for member, value in pairs:
        if value is None:
            continue
        docs, groups = by_value.setdefault(value, ([], set()))
        docs.append(member.source.doc_id)
        groups.add(member.source.group)
    values = [FieldValue(_plain(v), docs, len(groups)) for v, (docs, groups) in by_value.items()]
    # Most independent reports first; ties keep the earliest report's value first.
    values.sort(key=lambda fv: -fv.groups)
    return FieldValues(name, values, _disputed(list(by_value), subset_ok))


def _disputed(values: list[Any], subset_ok: bool) -> bool:
    if len(values) < 2:
        return False
    if not subset_ok:
        return True
    # A report naming fewer actors does not contradict one naming more of them.
    return any(not (a <= b or b <= a) for i, a in enumerate(values) for b in values[i + 1:])


def _plain(value: Any) -> Any:
    return sorted(value) if isinstance(value, frozenset) else value


def _location_key(event: JsonDict) -> str | None:
    loc = event.get("location") or {}
    return loc.get("gazetteer_id") or loc.get("name") or None


def _date_key(event: JsonDict) -> str | None:
    d = event.get("date") or {}
    if not d.get("start"):
        return None
    return d["start"] if d.get("end") in (None, d["start"]) else f"{d['start']}/{d['end']}"
