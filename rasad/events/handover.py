"""Handovers told in two steps, and withdrawals that hand nothing over.

Reports often tell a handover as a pull-out with its places, then, in the next clause
or sentence, who took them: "أخلت الميليشيات 5 نقاط في الجلاء والسويعية، وحلّت مكانها
وحدات من الفرقة 17"; "the PMF withdrew from A, B and C ... units of the 20th Division
took over security in the areas the PMF left". The taking-over clause has no place of
its own. And ACLED codes a pull-out with no side named as taking over as a change of
the mover's activity, not a transfer of territory (``../shared/eval/SCHEMA.md``).
"""

from __future__ import annotations

from bisect import bisect_right
from functools import cache

from ..knowledge._common import DATA_DIR, read_tsv
from ..lang.ar.normalize import normalize_str
from ..types import EVENT_TYPE_OF, ActorMention, Document, Event, PlaceMention
from .merge import distance_km

TRANSFER = "Non-violent transfer of territory"
WITHDRAWAL = "Change to group/activity"
# How far a pull-out may lie from a handover of the same givers to count as part of it:
# the villages one report itemizes around a town.
_SAME_AREA_KM = 30.0


def _key(a: ActorMention) -> str:
    return a.actor_id or a.text


def _sentence_of(doc: Document, offset: int) -> int:
    return bisect_right([s.start for s in doc.sentences], offset) - 1


def _frame(ev: Event) -> str | None:
    return ev.trigger.frame if ev.trigger is not None else None


def link_takers(doc: Document, events: list[Event]) -> list[Event]:
    """Add the actors of a placeless taking-over clause to the takers of the pull-outs
    told just before it (same or previous sentence); that telling is then dropped."""
    out: list[Event] = []
    for ev in events:
        if _frame(ev) not in ("handover", "receive") or not ev.evidence \
                or not _points_back(doc.text, ev):
            out.append(ev)
            continue
        left = _pullouts_before(doc, ev, out)
        givers = {_key(a) for w in left for a in w.actor2}
        takers = [a for a in ev.actor1 + ev.actor2 if _key(a) not in givers]
        if not left or not takers:
            out.append(ev)
            continue
        for w in left:
            have = {_key(a) for a in w.actor1}
            w.actor1 = w.actor1 + [a for a in takers if _key(a) not in have]
    return out


@cache
def _left_places_cues() -> tuple[str, ...]:
    rows = read_tsv(DATA_DIR / "handover_cues.tsv", ("pattern", "source_note"))
    return tuple(normalize_str(row["pattern"]).lower() for _, row in rows)


def _points_back(text: str, ev: Event) -> bool:
    """The clause has no place of its own: none was found, or the one found comes after
    a phrase pointing back at the places left ("تسلمت الملف الأمني في المناطق التي
    انسحبت منها X"; the place found further on belongs to another clause)."""
    if ev.location is None:
        return True
    if ev.trigger is None or ev.location.start < ev.trigger.end:
        return False
    between = normalize_str(text[ev.trigger.end:ev.location.start]).lower()
    return any(cue in between for cue in _left_places_cues())


def _pullouts_before(doc: Document, ev: Event, told: list[Event]) -> list[Event]:
    """The pull-outs a placeless taking-over clause completes: those of the same or the
    previous sentence; further back, only those of the givers the clause itself names
    ("Y took control of the areas which X are evacuating")."""
    here = _sentence_of(doc, ev.evidence[0].start)
    pullouts = [w for w in told if _frame(w) == "withdraw" and w.location is not None
                and w.sub_event_type == TRANSFER and w.evidence
                and 0 <= here - _sentence_of(doc, w.evidence[0].start)]
    near = [w for w in pullouts if here - _sentence_of(doc, w.evidence[0].start) <= 1]
    if near:
        return near
    named = {_key(a) for a in ev.actor2}
    return [w for w in pullouts if named & {_key(a) for a in w.actor2}]


def recode_withdrawals(events: list[Event]) -> None:
    """A transfer with no taker becomes the mover's change of activity (mover = actor1).
    A telling that names no taker but whose givers hand positions near it to a named taker
    elsewhere in the report ("X evacuated 9 sites around A and B and handed them to Y ...
    X left two points between A and B"), and so is one the same sentence itemizes with
    such a handover; a pull-out far from any handover of its givers, told apart from it,
    stays a change of activity. Run after the tellings merged."""
    handovers = [ev for ev in events if ev.sub_event_type == TRANSFER and ev.actor1]
    for ev in events:
        if ev.sub_event_type != TRANSFER or ev.actor1:
            continue
        givers = {_key(a) for a in ev.actor2}
        near = [h for h in handovers if givers & {_key(a) for a in h.actor2}
                and (_close(ev.location, h.location) or _told_together(ev, h))]
        if near:
            shared = [a for a in near[0].actor1
                      if all(_key(a) in {_key(b) for b in h.actor1} for h in near)]
            ev.actor1 = shared or list(near[0].actor1)
        else:
            ev.sub_event_type, ev.event_type = WITHDRAWAL, EVENT_TYPE_OF[WITHDRAWAL]
            ev.actor1, ev.actor2 = ev.actor2, []


def complete_givers(events: list[Event]) -> None:
    """A handover told without its givers ("the army took over the posts at A, B and C")
    has those of the same takers' handover told elsewhere in the report ("Hezbollah handed
    its posts to the army"): one report tells one hand-over from both ends. Run after
    :func:`recode_withdrawals`."""
    told = [ev for ev in events if ev.sub_event_type == TRANSFER and ev.actor1 and ev.actor2]
    for ev in events:
        if ev.sub_event_type != TRANSFER or not ev.actor1 or ev.actor2:
            continue
        takers = {_key(a) for a in ev.actor1}
        same = [h for h in told if takers & {_key(a) for a in h.actor1}]
        if same:
            ev.actor2 = [a for a in same[0].actor2 if _key(a) not in takers]


def _told_together(a: Event, b: Event) -> bool:
    """One sentence itemizes both places ("four checkpoints in A and B, and three in C"):
    whatever the distance, they are parts of one telling. Only for a town-level place: a
    country or region in that sentence is the setting, not an itemized position."""
    if a.location is None or a.location.geo_precision != 1:
        return False
    return any(x.start < y.end and y.start < x.end for x in a.evidence for y in b.evidence)


def _close(a: PlaceMention | None, b: PlaceMention | None) -> bool:
    """Within the reach of one handover's itemized places (or the same unplaced text)."""
    if a is None or b is None:
        return a is b
    km = distance_km(a, b)
    return km is not None and km <= _SAME_AREA_KM
