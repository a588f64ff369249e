"""One event per sub-event type, place, day and actor pair, within one report.

Reports tell the same happening several times: a summary sentence, then the details
("nine sites were handed over ... the 5th Corps left one HQ near Tadmur ... Liwa
al-Quds left two"). Events merge when their sub-type is equal, their places are the
same (or one is only the region of the other), their days do not conflict, and on
each side their actors are related (same group, parent, sponsor) or one side is empty.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import replace
from datetime import timedelta

from ..geo import haversine_km
from ..knowledge import ActorKB
from ..lang.ar.normalize import normalize_str
from ..types import ActorMention, DateMention, Document, Event, PlaceMention
from .locate import is_dateline

_REGION_MERGE_KM = 150.0
_INFERRED = "inferred"
_WEEK = timedelta(days=6)


def _place_key(p: PlaceMention | None) -> str | None:
    if p is None:
        return None
    if p.place is not None and p.place.gazetteer_id:
        return p.place.gazetteer_id
    return normalize_str(p.text)


def distance_km(a: PlaceMention, b: PlaceMention) -> float | None:
    if a.place is None or b.place is None or a.place.latitude is None or b.place.latitude is None:
        return None
    return haversine_km(a.place.latitude, a.place.longitude or 0.0,
                        b.place.latitude, b.place.longitude or 0.0)


def _places_compatible(a: Event, b: Event) -> bool:
    if _place_key(a.location) == _place_key(b.location):
        return True
    if a.location is None or b.location is None or _itemized(a, b):
        return False
    if max(a.location.geo_precision, b.location.geo_precision) < 3:
        return False
    dist = distance_km(a.location, b.location)
    return dist is not None and dist <= _REGION_MERGE_KM


def _itemized(a: Event, b: Event) -> bool:
    """Two places of one telling ("left their posts in Jabal al-Akrad and Kasab") are
    two events: the region is itemized beside the town, not a vaguer telling of it."""
    spans = {(e.start, e.end) for e in a.evidence}
    return any((e.start, e.end) in spans for e in b.evidence)


def _dates_compatible(a: DateMention | None, b: DateMention | None) -> bool:
    if a is None or b is None or a.start_date is None or b.start_date is None:
        return True
    a_end = a.end_date or a.start_date
    b_end = b.end_date or b.start_date
    return a.start_date <= b_end and b.start_date <= a_end


class ActorRelations:
    """Relatedness of actors through the knowledge base (same, parent, sponsor)."""

    def __init__(self, kb: ActorKB) -> None:
        self.kb = kb
        # the knowledge base does not change: each actor's family is read once
        self._families: dict[str, frozenset[str]] = {}

    def family(self, actor_id: str | None) -> frozenset[str]:
        if actor_id is None:
            return frozenset()
        found = self._families.get(actor_id)
        if found is None:
            fam = set(self.kb.lineage(actor_id))
            for member in list(fam):
                fam.update(self.kb.sponsors_of(member))
            found = self._families[actor_id] = frozenset(fam)
        return found

    def sides_related(self, x: list[ActorMention], y: list[ActorMention]) -> bool:
        if not x or not y:
            return True
        fx = set().union(*(self.family(a.actor_id) | {a.text} for a in x))
        fy = set().union(*(self.family(a.actor_id) | {a.text} for a in y))
        return bool(fx & fy)


    def prune(self, side: list[ActorMention]) -> list[ActorMention]:
        """Drop descriptions ("the Iranian militias") that a named group on the same side
        already stands for, and repeats of one name."""
        named = [a for a in side if not a.generic]
        named_family = set().union(*(self.family(a.actor_id) for a in named)) if named else set()
        out: list[ActorMention] = []
        names: set[str] = set()
        for a in side:
            if a.generic and self.family(a.actor_id) & named_family:
                continue
            label = a.name or a.text
            if label not in names:
                names.add(label)
                out.append(a)
        return out

    def is_state(self, actor: ActorMention) -> bool:
        found = self.kb.get(actor.actor_id) if actor.actor_id else None
        return found is not None and found.acled_type == "State forces"

    def governs(self, actor: ActorMention) -> bool:
        """State forces, or a group running a de facto administration (Houthis)."""
        found = self.kb.get(actor.actor_id) if actor.actor_id else None
        return self.is_state(actor) or (found is not None and found.governs)


def compatible(a: Event, b: Event, rel: ActorRelations) -> bool:
    return (
        a.sub_event_type == b.sub_event_type
        and _places_compatible(a, b)
        and _dates_compatible(a.date, b.date)
        and rel.sides_related(a.actor1, b.actor1)
        and rel.sides_related(a.actor2, b.actor2)
        and not _crossed(a, b)
    )


def _ids(side: list[ActorMention]) -> set[str]:
    return {x.actor_id for x in side if x.actor_id}


def _crossed(a: Event, b: Event) -> bool:
    """The same actor on opposite sides means two different happenings."""
    return bool(_ids(a.actor1) & _ids(b.actor2) or _ids(a.actor2) & _ids(b.actor1))


def _union(x: list[ActorMention], y: list[ActorMention]) -> list[ActorMention]:
    keys = {a.actor_id or a.text for a in x}
    return x + [a for a in y if (a.actor_id or a.text) not in keys]


def _better_place(a: PlaceMention | None, b: PlaceMention | None) -> PlaceMention | None:
    if a is None or b is None:
        return a or b
    if (a.place is None) != (b.place is None):
        return a if a.place is not None else b
    return a if a.geo_precision <= b.geo_precision else b


def _better_date(a: DateMention | None, b: DateMention | None) -> DateMention | None:
    if a is None or b is None:
        return a or b
    if (a.start_date is None) != (b.start_date is None):
        return a if a.start_date is not None else b
    return a if a.precision <= b.precision else b


def _merge_counts(a: Event, b: Event) -> dict[str, int]:
    # Counts from different stretches of text about different actors add up
    # (itemization); the same count told twice does not.
    out = dict(a.quantities)
    same_actors = {x.actor_id for x in a.actor2 + a.actor1} == {x.actor_id for x in b.actor2 + b.actor1}
    for unit, value in b.quantities.items():
        out[unit] = max(out.get(unit, 0), value) if same_actors else out.get(unit, 0) + value
    return out


def merge_pair(a: Event, b: Event) -> Event:
    return replace(
        a,
        actor1=_union(a.actor1, b.actor1),
        actor2=_union(a.actor2, b.actor2),
        location=_better_place(a.location, b.location),
        date=_better_date(a.date, b.date),
        fatalities=max(a.fatalities, b.fatalities),
        quantities=_merge_counts(a, b),
        persons=a.persons + [p for p in b.persons if p not in a.persons],
        evidence=sorted(a.evidence + b.evidence, key=lambda e: e.start),
        trigger_weight=max(a.trigger_weight, b.trigger_weight),
        tellings=a.tellings + b.tellings,
        counted=a.counted + b.counted,
    )


def merge_events(events: list[Event], rel: ActorRelations) -> list[Event]:
    """Merge compatible events; precise places absorb region-level ones."""
    ordered = sorted(events, key=lambda e: (e.location.geo_precision if e.location else 4))
    merged: list[Event] = []
    for ev in ordered:
        for i, kept in enumerate(merged):
            if compatible(kept, ev, rel):
                merged[i] = merge_pair(kept, ev)
                break
        else:
            merged.append(ev)
    merged.sort(key=lambda e: e.evidence[0].start)
    for ev in merged:
        ev.actor1, ev.actor2 = rel.prune(ev.actor1), rel.prune(ev.actor2)
    return merged


def salient_place(doc: Document) -> PlaceMention | None:
    """The report's most-mentioned resolved town, to place events that name none."""
    places = [p for p in doc.places if not is_dateline(doc.text, p)]
    resolved = [p for p in places if p.place is not None and p.geo_precision < 3]
    if not resolved:
        resolved = [p for p in places if p.place is not None]
    if not resolved:
        return None
    counts = Counter(_place_key(p) for p in resolved)
    best = max(resolved, key=lambda p: (counts[_place_key(p)], -p.start))
    return replace(best, geo_precision=max(2, best.geo_precision),
                   reason=f"{_INFERRED}: most-mentioned place of the report ({best.text})")


def _sentence_place(doc: Document, events: list[Event], ev: Event) -> PlaceMention | None:
    """"هاجموا قرية X وقتلوا مدنيا، واختطفوا اثنين": verbs chained in one sentence share
    the place the first of them names; the place of the nearest earlier event of the
    sentence is taken."""
    if not ev.evidence:
        return None
    start = ev.evidence[0].start
    sentence = next((s for s in doc.sentences if s.start <= start < s.end), None)
    if sentence is None:
        return None
    earlier = [e for e in events if e.location is not None and e.evidence
               and sentence.start <= e.evidence[0].start < start
               and not (e.location.reason or "").startswith(_INFERRED)]
    if not earlier:
        return None
    shared = max(earlier, key=lambda e: e.evidence[0].start).location
    assert shared is not None
    return replace(shared, reason=f"{_INFERRED}: the place of an earlier clause ({shared.text})")


def fill_defaults(doc: Document, events: list[Event]) -> None:
    """Places and days for events whose own clause names none."""
    fallback = salient_place(doc)
    for ev in events:
        if ev.location is None:
            ev.location = _sentence_place(doc, events, ev) or fallback
        if ev.date is None and doc.published is not None:
            # Untold day: some day in the week up to publication (ACLED time precision 2).
            ev.date = DateMention(0, 0, "", doc.published - _WEEK, doc.published, 2,
                                  relative=True)


def assign_ids(doc: Document, events: list[Event]) -> None:
    for ev in events:
        day = ev.date.start_date.isoformat() if ev.date and ev.date.start_date else ""
        parts = [doc.id, ev.sub_event_type, _place_key(ev.location) or "", day,
                 ",".join(sorted(a.actor_id or a.text for a in ev.actor1)),
                 ",".join(sorted(a.actor_id or a.text for a in ev.actor2)),
                 str(ev.evidence[0].start if ev.evidence else 0)]
        ev.id = hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:16]


def headline_end(doc: Document) -> int:
    """End of the report's headline: a short first line without a full stop, or 0."""
    first, sep, rest = doc.text.partition("\n")
    line = first.strip()
    if not sep or not rest.strip() or len(line) > 200 or line.endswith((".", "。")):
        return 0
    return len(first)


def fold_headline(doc: Document, events: list[Event]) -> list[Event]:
    """A headline restates the story: its event yields to a body event of the same type."""
    end = headline_end(doc)
    if end == 0:
        return events
    title = doc.text[:end].strip()
    if not title:
        return events
    # pages often print the headline again under the date line
    copies = [(m.start(), m.end()) for m in re.finditer(re.escape(title), doc.text)]

    def in_title(e: Event) -> bool:
        return all(any(s <= ev.start and ev.end <= t for s, t in copies) for ev in e.evidence)

    body_types = {e.sub_event_type for e in events if not in_title(e)}
    return [e for e in events if not (in_title(e) and e.sub_event_type in body_types)]
