"""The sides of a merged event and when the claims it makes begin.

``side_of`` reads one side's actors with the reports naming each; the timing helpers
give a handover the date its report wrote (an itemizing sentence often omits it) and
never backdate a holder inferred from other events past the earliest of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .evidence import date_interval
from .merge import actor_keys
from .model import Interval, MergedEvent, SourceRef

CONTROL_CHANGE = frozenset({"Non-violent transfer of territory",
                            "Non-state actor overtakes territory",
                            "Government regains territory"})


@dataclass(slots=True)
class Side:
    """The actors of one side of a merged event, each with the reports naming it."""

    names: dict[str, str] = field(default_factory=dict)
    sources: dict[str, list[SourceRef]] = field(default_factory=dict)

    def add(self, key: str, name: str, source: SourceRef) -> None:
        self.names.setdefault(key, name)
        if source not in self.sources.setdefault(key, []):
            self.sources[key].append(source)


def side_of(event: MergedEvent, side: str) -> Side:
    out = Side()
    for member, source in zip(event.events, event.sources, strict=True):
        for ref in member.get(side) or []:
            key = next(iter(actor_keys([ref])), None)
            if key:
                out.add(key, str(ref.get("name") or ref.get("text") or key), source)
    return out


def inherited_takers(siblings: list[MergedEvent]) -> Side:
    sides = [side_of(s, "actor1") for s in siblings if s.sub_event_type in CONTROL_CHANGE]
    sides = [s for s in sides if s.names]
    out = Side()
    if not sides:
        return out
    common = set.intersection(*(set(s.names) for s in sides))
    for key in sorted(common):
        for source in sides[0].sources[key]:
            out.add(key, sides[0].names[key], source)
    return out


def earliest_handover(siblings: list[MergedEvent]) -> Interval | None:
    """The earliest dated handover of the report that names its takers."""
    dated = [date_interval(s.events[0]) for s in siblings
             if s.sub_event_type in CONTROL_CHANGE and side_of(s, "actor1").names]
    dated = [d for d in dated if d.known]
    return min(dated, key=lambda d: str(d.start)) if dated else None


def not_before(when: Interval, floor: Interval | None) -> Interval:
    """``when``, moved to ``floor`` when it starts earlier: a holder inferred from other
    events is not backdated past the earliest of them."""
    if floor is None or (when.known and str(when.start) >= str(floor.start)):
        return when
    return Interval(floor.start, floor.end, floor.precision, floor.text,
                    f"{floor.basis}, of the events the holder is inferred from")


def event_interval(event: MergedEvent, siblings: list[MergedEvent]) -> Interval:
    interval = date_interval(event.events[0])
    if interval.text:
        return interval
    # An itemizing sentence often omits the date its report gave the whole handover:
    # the report's written date beats a date guessed from the publication date.
    fallback = interval if interval.known else None
    for sibling in siblings:
        if sibling.sub_event_type == event.sub_event_type:
            other = date_interval(sibling.events[0])
            if other.text or (other.known and fallback is None):
                inherited = Interval(other.start, other.end, other.precision, other.text,
                                     f"{other.basis}, from the report's other handover events")
                if other.text:
                    return inherited
                fallback = inherited
    return fallback or interval
