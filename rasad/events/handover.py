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

from ..types import EVENT_TYPE_OF, ActorMention, Document, Event

TRANSFER = "Non-violent transfer of territory"
WITHDRAWAL = "Change to group/activity"


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
        if _frame(ev) not in ("handover", "receive") or ev.location is not None or not ev.evidence:
            out.append(ev)
            continue
        here = _sentence_of(doc, ev.evidence[0].start)
        left = [w for w in out if _frame(w) == "withdraw" and w.location is not None
                and w.sub_event_type == TRANSFER and w.evidence
                and 0 <= here - _sentence_of(doc, w.evidence[0].start) <= 1]
        givers = {_key(a) for w in left for a in w.actor2}
        takers = [a for a in ev.actor1 + ev.actor2 if _key(a) not in givers]
        if not left or not takers:
            out.append(ev)
            continue
        for w in left:
            have = {_key(a) for a in w.actor1}
            w.actor1 = w.actor1 + [a for a in takers if _key(a) not in have]
    return out


def recode_withdrawals(events: list[Event]) -> None:
    """A transfer with no taker becomes the mover's change of activity (mover = actor1).
    A telling that names no taker but whose givers hand positions to a named taker
    elsewhere in the report ("X evacuated 9 sites and handed them to Y ... X left two
    points near Z") is part of that handover. Run after the report's tellings merged."""
    takers: dict[str, list[ActorMention]] = {}  # giver -> takers of all its handovers
    for ev in events:
        if ev.sub_event_type == TRANSFER and ev.actor1:
            for giver in ev.actor2:
                seen = takers.get(_key(giver))
                mine = {_key(a) for a in ev.actor1}
                takers[_key(giver)] = list(ev.actor1) if seen is None else \
                    [a for a in seen if _key(a) in mine]
    for ev in events:
        if ev.sub_event_type != TRANSFER or ev.actor1:
            continue
        known = [takers[k] for k in map(_key, ev.actor2) if takers.get(k)]
        if known:
            ev.actor1 = list(known[0])
        else:
            ev.sub_event_type, ev.event_type = WITHDRAWAL, EVENT_TYPE_OF[WITHDRAWAL]
            ev.actor1, ev.actor2 = ev.actor2, []
