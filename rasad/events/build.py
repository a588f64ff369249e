"""From triggers and mentions to events, one clause at a time.

1. Frames: each clause's triggers, cut where the sub-event type changes; the
   strongest trigger of a frame names its sub-type and argument frame.
2. Places: one event per place in the frame (a "between X and Y" counts once);
   region-level places give way to precise ones in the same frame.
3. Itemization: when actors stand between the places ("A to X, B to Y"), each place
   keeps the actors of its own stretch of text plus those named before the list.
4. Quantities go to the place they precede ("مقرين قرب تدمر"); a count after a list
   of places is a total and goes to none.
5. Roles, date, persons, evidence and confidence complete each event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..types import (
    EVENT_TYPE_OF,
    ActorMention,
    DateMention,
    Document,
    Event,
    Evidence,
    PersonMention,
    PlaceMention,
    Quantity,
    Sentence,
    Trigger,
)
from .locate import (
    LOCATED_BY_CONTEXT,
    PLACE_LIST_GAP,
    MentionIndex,
    event_places,
    origins,
)
from .roles import AFTER_PULLOUT, assign_roles
from .singulars import SITE_EVENTS, singular_sites

EXTRACTOR = "events.rules.v1"
MIN_CONFIDENCE = 0.6  # without the learned filter: below it, most rule events were spurious
_STRONG = 0.8
_WEAK = 0.4
_ORIGIN_WEIGHT = 0.3  # below _WEAK: a move's origin alone makes no event
_WEAK_CONFIDENCE = 0.3
_CLEAR_CLASH = 0.6

_BLAST = "Remote explosive/landmine/IED"
_DISRUPTED = "Disrupted weapons use"
_LETHAL = "Excessive force against protesters"
_REPRESSED = frozenset({"Protest with intervention", _LETHAL})
_TAKEOVERS = frozenset({"Non-state actor overtakes territory", "Government regains territory"})
_MEANS_BEFORE = re.compile(r"(?:بعد|عقب|إثر|اثر|after|following)\s+$")
_NOT_PEACEFUL = _REPRESSED | {"Violent demonstration"}
_VIOLENT = frozenset({"Explosions/Remote violence", "Battles"})
_TRIM = " \t\n،,.:؛;-–—\"'«»()“”"


@dataclass(slots=True)
class Frame:
    start: int
    end: int
    trigger: Trigger
    triggers: list[Trigger] = field(default_factory=list)


def drop_consequences(triggers: list[Trigger], sentences: list[Sentence],
                      text: str = "") -> list[Trigger]:
    """"قتل ثلاثة مدنيين إثر انفجار لغم": the deaths are the explosion's fatalities, not a
    second event. A weak killing trigger yields to a violent-event trigger nearby, and a
    protest yields to its dispersal told in the same sentence."""
    out: list[Trigger] = []
    for t in triggers:
        s = next((s for s in sentences if s.start <= t.start < s.end), None)
        lo, hi = (s.start, s.end) if s else (t.start - 150, t.end + 150)
        near = [o for o in triggers if lo <= o.start < hi]
        if not _told_as_part(t, near, text) and not _protest_part(t, near):
            out.append(t)
    return out


def _told_as_part(t: Trigger, near_triggers: list[Trigger], text: str) -> bool:
    """Violence words that only tell part of another event of the same sentence."""
    near = {o.sub_event_type for o in near_triggers}
    violent = {EVENT_TYPE_OF[o] for o in near}
    if t.sub_event_type == "Attack":
        # "أطلق الجنود النار لتفريق المحتجين": the firing is the protest's repression
        return bool(t.weight < _STRONG and violent & _VIOLENT or _REPRESSED & near)
    if t.sub_event_type == "Armed clash":
        # "سيطرت X على قرى ... بعد مواجهات مع Y": the fighting that won the place is
        # the takeover's means, not a second event
        if _TAKEOVERS & near and _MEANS_BEFORE.search(text[max(0, t.start - 12):t.start]):
            return True
        # "attacked the airport with missiles": a bare attack word names the means
        # told beside it, not a second, ground fight.
        return t.weight < _CLEAR_CLASH and "Explosions/Remote violence" in violent
    if t.sub_event_type == _BLAST:
        # "explosions were heard after the missiles hit": the blasts are the strike's.
        return t.weight < _WEAK + 0.05 and any(
            EVENT_TYPE_OF[o] == "Explosions/Remote violence" and o != _BLAST for o in near)
    if t.sub_event_type == _DISRUPTED:
        # "تعزيزات تضم الدبابات والمضادات الأرضية": air defences listed as the load of a
        # convoy are equipment on the move, not weapons that stopped an attack.
        return t.weight < _STRONG and any(
            o.frame == "movement" and o.weight >= _STRONG for o in near_triggers)
    return False


def _protest_part(t: Trigger, near_triggers: list[Trigger]) -> bool:
    near = {o.sub_event_type for o in near_triggers}
    # a crowd that burns tyres or throws stones in the telling of its protest held one
    # violent demonstration; one that was dispersed, a protest with intervention
    if t.sub_event_type == "Peaceful protest":
        return bool(_NOT_PEACEFUL & near)
    return t.sub_event_type == "Protest with intervention" and _LETHAL in near


def frames_of(triggers: list[Trigger], clauses: list[tuple[int, int]],
              text: str = "") -> list[Frame]:
    """Group triggers into frames: one per clause and run of one sub-event type."""
    frames: list[Frame] = []
    for c_start, c_end in clauses:
        inside = sorted((t for t in triggers if c_start <= t.start < c_end), key=lambda t: t.start)
        cut = c_start
        run: list[Trigger] = []
        lead: Trigger | None = None
        for t in inside:
            if run and _moved_in_after(text, run, t):
                lead = t  # one happening: the movers took over what the others left
                run.append(t)
                continue
            if run and t.sub_event_type != run[0].sub_event_type:
                # The new event's words start after the last comma since the previous
                # trigger ("...، وقال المرصد إن طائرات تابعة للنظام ألقت البراميل").
                comma = max(text.rfind(c, run[-1].end, t.start) for c in "،,")
                split = comma + 1 if comma >= 0 else t.start
                frames.append(_frame(cut, split, run, lead))
                cut, run, lead = split, [], None
            run.append(t)
        if run:
            frames.append(_frame(cut, c_end, run, lead))
    return frames


def _moved_in_after(text: str, run: list[Trigger], t: Trigger) -> bool:
    """"انتشرت قوات X في P، بعد انسحاب Y": a deployment told with the pull-out it
    followed is X taking over P from Y, not a move and a separate pull-out."""
    return (t.frame == "withdraw" and run[0].frame == "movement"
            and bool(AFTER_PULLOUT.search(text[max(0, t.start - 8):t.start])))


def _frame(start: int, end: int, run: list[Trigger], lead: Trigger | None = None) -> Frame:
    best = lead or max(run, key=lambda t: t.weight)
    return Frame(start, end, best, run)


def _within(spans: list, start: int, end: int) -> list:  # type: ignore[type-arg]
    return [s for s in spans if start <= s.start and s.end <= end]


def _segments(frame: Frame, places: list[PlaceMention], actors: list[ActorMention]
              ) -> list[tuple[PlaceMention | None, list[ActorMention]]]:
    if not places:
        return [(None, actors)]
    first, last = places[0], places[-1]
    itemized = len(places) > 1 and any(first.end <= a.start < last.start for a in actors)
    if not itemized:
        return [(p, actors) for p in places]
    shared = [a for a in actors if a.end <= first.start]
    out: list[tuple[PlaceMention | None, list[ActorMention]]] = []
    for i, p in enumerate(places):
        stop = places[i + 1].start if i + 1 < len(places) else frame.end
        own = [a for a in actors if p.start <= a.start < stop]
        out.append((p, shared + own))
    return out


def assign_quantities(quantities: list[Quantity], places: list[PlaceMention],
                      text: str = "") -> dict[int, list[Quantity]]:
    """Quantity -> index of the place it counts for. A count before or after a list of
    places ("6 مواقع في السخنة والقريتين") is a total and goes to none."""
    out: dict[int, list[Quantity]] = {}
    for q in quantities:
        following = [i for i, p in enumerate(places) if p.start >= q.end]
        if following:
            i = following[0]
            prev_end = places[i - 1].end if i > 0 else -1
            listed = i + 1 < len(places) and PLACE_LIST_GAP.match(text[places[i].end:places[i + 1].start])
            if q.start >= prev_end and not listed:
                out.setdefault(i, []).append(q)
                continue
        if len(places) <= 1:
            out.setdefault(0, []).append(q)
    return out


def _date_for(doc: Document, frame: Frame) -> DateMention | None:
    inside = _within(doc.dates, frame.start, frame.end)
    if inside:
        return inside[0]
    # A time stated earlier in the sentence carries over to what follows it; one stated
    # later belongs to a later clause.
    sentence = next((s for s in doc.sentences if s.start <= frame.start < s.end), None)
    if sentence is not None:
        earlier = _within(doc.dates, sentence.start, frame.start)
        if earlier:
            return earlier[-1]
    return None


def _evidence(doc: Document, frame: Frame) -> Evidence:
    raw = doc.text[frame.start:frame.end]
    lead = len(raw) - len(raw.lstrip(_TRIM))
    body = raw.strip(_TRIM)
    start = frame.start + lead
    return Evidence(start, start + len(body), body)


def score(event: Event) -> float:
    """Confidence from the trigger's strength and how complete the event is."""
    if event.trigger_weight < _WEAK:
        # A weak word ("اجتماع", "تسوية") never makes an event alone; it only adds its
        # place and day to a stronger telling of the same happening when they merge.
        return _WEAK_CONFIDENCE
    place = event.location
    if place is not None and place.place is not None and place.place.feature == "country" \
            and not (place.reason or "").startswith(LOCATED_BY_CONTEXT):
        # "انسحب حزب الله من سوريا": ACLED locates an event at least in a province; one
        # told of a whole country is a statement in general terms
        return _WEAK_CONFIDENCE
    score = 0.55 + (0.15 if event.actor1 else 0.0) + (0.1 if event.date is not None else 0.0)
    if place is not None and place.place is not None:
        inferred = (place.reason or "").startswith("inferred")
        score += 0.05 if place.geo_precision >= 3 or inferred else 0.15
    elif place is not None:
        # a village no gazetteer knows ("قرية X"), named where the event happened: as
        # definite a location as a region's, if not one on the map
        score += 0.05
    score *= 0.5 + 0.5 * event.trigger_weight
    score += 0.03 * (event.tellings - 1)
    return round(min(0.99, score), 3)


def _persons(doc: Document, start: int, end: int) -> list[PersonMention]:
    return _within(doc.persons, start, end)


def build_events(doc: Document, frames: list[Frame],
                 wielders: frozenset[int] = frozenset()) -> list[Event]:
    events: list[Event] = []
    index = MentionIndex.of(doc)
    for frame in frames:
        places = event_places(doc, frame, index)
        actors = index.actors.within(frame.start, frame.end)
        quantities = _within(doc.quantities, frame.start, frame.end)
        if frame.trigger.sub_event_type in SITE_EVENTS:
            quantities += singular_sites(doc, frame.start, frame.end, quantities)
            quantities.sort(key=lambda q: q.start)
        elif frame.trigger.sub_event_type == "Agreement":
            quantities = [q for q in quantities if q.unit != "sites"]
        by_place = assign_quantities(quantities, places, doc.text)
        date = _date_for(doc, frame)
        # A convoy's origin is not where the move happens (``../shared/eval/SCHEMA.md``):
        # kept as a candidate, but its word says nothing about it (weak, as "اجتماع" is).
        left = origins(doc.text, places) if frame.trigger.frame == "movement" else set()
        for i, (place, own_actors) in enumerate(_segments(frame, places, actors)):
            ev = _event(doc, frame, place, own_actors, by_place.get(i, []), date, wielders)
            if place is not None and place.start in left and len(left) < len(places):
                ev.trigger_weight = min(ev.trigger_weight, _ORIGIN_WEIGHT)
            events.append(ev)
    return events


def confident(events: list[Event], floor: float = MIN_CONFIDENCE) -> list[Event]:
    """Score events once merged (merging adds corroboration) and keep those at or above
    ``floor`` (0 keeps every candidate for a later, learned decision)."""
    for e in events:
        e.confidence = score(e)
    return [e for e in events if e.confidence >= floor]


def _event(doc: Document, frame: Frame, place: PlaceMention | None,
           actors: list[ActorMention], quantities: list[Quantity],
           date: DateMention | None, wielders: frozenset[int]) -> Event:
    receive = next((t for t in frame.triggers if t.frame == "receive"), None)
    a1, a2 = assign_roles(doc.text, frame.trigger, actors, wielders, receive)
    sub = frame.trigger.sub_event_type
    counts: dict[str, int] = {}
    fatalities = 0
    for q in quantities:
        if q.unit == "fatalities":
            fatalities += q.value
        else:
            counts[q.unit] = counts.get(q.unit, 0) + q.value
    return Event(
        id="",
        event_type=EVENT_TYPE_OF[sub],
        sub_event_type=sub,
        actor1=a1,
        actor2=a2,
        location=place,
        date=date,
        fatalities=fatalities,
        quantities=counts,
        persons=_persons(doc, frame.start, frame.end),
        evidence=[_evidence(doc, frame)],
        confidence=0.0,
        extractor=EXTRACTOR,
        counted=list(quantities),
        trigger_weight=frame.trigger.weight,
        trigger=frame.trigger,
    )
