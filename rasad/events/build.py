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
from dataclasses import dataclass, field, replace
from itertools import pairwise

from ..geo import haversine_km
from ..spans import SpanIndex
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
from .roles import AFTER_PULLOUT, assign_roles
from .singulars import SITE_EVENTS, singular_sites

EXTRACTOR = "events.rules.v1"
MIN_CONFIDENCE = 0.6  # without the learned filter: below it, most rule events were spurious
_CONTEXT_RELATIONS = frozenset({"countryside", "desert", "area"})
_SETTLEMENT_WORD = re.compile(r"(?:مدينة|بلدة|قرية|منطقة|مدينتي|بلدتي|قريتي)(?=\s)")
_LIST_GAP = re.compile(r"^[\s،,)(»«\"]*(?:و|and|,)?[\s(«\"]*$")
_STRONG = 0.8
# A place farther than this from the district that locates it is a namesake (Iraqi,
# Lebanese and Yemeni districts span well under 150 km).
_NAMESAKE_KM = 150.0
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
# "بيروت، ", "AMMAN, ", "BEIRUT: ", "بغداد / علي جواد / الأناضول" (the agency style of byline)
_DATELINE_AFTER = re.compile(r"\s*(?:[،,:]|[-–—/]\s|\()")
_AGENCY_AFTER = re.compile(r"\s+(?:News\s+)?(?:Agency|News|TV|Television|Radio|Network)\b")
_CAPITALS = re.compile(r"[A-Z][A-Z .'-]*[A-Z]")
# Where fire comes from is not where the event is: "مدفعية النظام المتمركزة في X قصفت Y".
_REMOTE_FRAMES = frozenset({"shelling", "strike"})
_POSTURE_FRAMES = frozenset({"withdraw", "handover", "receive"})
_ORIGIN_BEFORE = re.compile(
    r"(?:من|مصدره|مصدرها|المتمركزة\s+في|المتمركز\s+في|المتمركزة\s+ب|انطلاقا\s+من|from|based\s+in)"
    r"\s*(?:مدينة|بلدة|قرية|منطقة|مدينتي|بلدتي|قريتي|مواقع|مواقعها|\S*ها)?\s*[(«\"]?\s*\S?$"
)
# Where a person comes from is not where the event is: "اعتقل شابين ينحدران من بلدة X".
_PERSON_ORIGIN_BEFORE = re.compile(
    r"(?:ينحدر|ينحدران|ينحدرون|تنحدر|المنحدر|المنحدرة|المنحدران|المنحدرين|المنحدرون|"
    r"من\s+أبناء|من\s+ابناء|من\s+أهالي|من\s+اهالي|ابن|أبناء|ابناء|hails|native\s+of|"
    r"originally\s+from)\s*(?:من)?\s*(?:مدينة|بلدة|قرية|منطقة|حي|مخيم)?\s*[(«\"“]?\s*$"
)
# English: where a pull-out is heading is not the place it leaves ("withdrew from X,
# heading towards Y").
_HEADING_BEFORE = re.compile(
    r"(?<![A-Za-z])(?:towards?|heading\s+(?:to|for)|bound\s+for|redeployed\s+to|into)"
    r"\s+(?:the\s+)?(?:[\w-]+\s+){0,4}?(?:(?:city|town|village|capital|province)[,\s]+(?:of\s+)?)?"
    r"[,\s]*$"
)
# Arabic: the same for "انسحبت من X باتجاه Y", "سحبت قواتها من X واتجهت بها إلى Y".
_HEADING_BEFORE_AR = re.compile(
    r"(?:إلى|الى|نحو|باتجاه|بإتجاه|صوب)\s+(?:مدينة|بلدة|قرية|منطقة|مناطق|محيط|مواقع\S*|"
    r"مقرات\S*)?\s*[(«\"“]?\s*$"
)
# "انسحبت من A وصولاً إلى B": "as far as" closes the stretch left, it names no destination.
_UP_TO_AR = re.compile(r"(?:وصول[اً]*|حتى)\s+(?:إلى|الى)\s+\S*\s*[(«\"“]?\s*$")
_CONTEXT_GAP = re.compile(r"^[\s،,]*(?:و?ب|في|ضمن|in|near)?$")
# "X الواقعة بأطراف قضاء Y", "X التابعة لناحية Y", "X، جنوب العاصمة اللبنانية Y",
# "X شمال شرقي Y": Y only locates X.
_LOCATING_GAP = re.compile(
    r"^[\s\"'”»)،,]*(?:(?:ال)?(?:واقعة|واقع|تابعة|تابع)\s*(?:ل|لـ)?\s*)?"
    r"(?:وسط|في|داخل|ضمن|ب|بين|بالقرب\s+من|قرب|على\s+أطراف|بأطراف|أطراف|between|"
    r"(?:ال)?(?:شرق|غرب|شمال|جنوب)(?:ي|ها)?(?:\s+(?:ال)?(?:شرق|غرب)(?:ي|ها)?)?"
    r"|in|near|outside)[\s(«\"“]*"
    r"(?:(?:العاصمة|مركز)(?:\s+\S+ية)?\s*)?"
    r"(?:(?:مدينة|بلدة|قرية|منطقة|محافظة|ناحية|حي|مدينتي|بلدتي)\s*)?$"
)
_ALIAS_GAP = re.compile(r"^\s*\(\s*$")
_BETWEEN = re.compile(r"(?:^|\s)(?:بين|between)\s")
# "بلدة X، قضاء Y (جنوب)": a district, sub-district or province in apposition locates X.
_APPOSITION_GAP = re.compile(r"^[\s،,]*$")
_ADMIN_UNIT = re.compile(r"^(?:قضاء|مديرية|ناحية|محافظة)\s")
_DISTRICT = re.compile(r"^(?:قضاء|مديرية|ناحية)\s")
_ARABIC = re.compile(r"[\u0621-\u064a]")
_SMALL_FEATURES = frozenset({"village", "town", "city", "subdistrict", "district"})
LOCATED_BY_CONTEXT = "located by its context: "
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


@dataclass(slots=True)
class MentionIndex:
    """The report's places and actors indexed once, queried per frame."""

    places: SpanIndex[PlaceMention]
    actors: SpanIndex[ActorMention]

    @classmethod
    def of(cls, doc: Document) -> MentionIndex:
        return cls(SpanIndex(doc.places), SpanIndex(doc.actors))


def event_places(doc: Document, frame: Frame,
                 index: MentionIndex | None = None) -> list[PlaceMention]:
    index = index or MentionIndex.of(doc)
    places = [p for p in index.places.within(frame.start, frame.end)
              if not index.actors.covers(p.start) and not is_dateline(doc.text, p)
              and not opens_organization(doc, p)]
    nested = {(p.other.start, p.other.end) for p in places if p.other is not None}
    places = _drop_context(doc.text, [p for p in _drop_aliases(doc.text, places)
                                      if (p.start, p.end) not in nested])
    places = [p for p in places
              if not _PERSON_ORIGIN_BEFORE.search(doc.text[max(0, p.start - 40):p.start])
              ] or places
    if frame.trigger.frame in _REMOTE_FRAMES:
        targets = [p for p in places
                   if not _ORIGIN_BEFORE.search(doc.text[max(0, p.start - 40):p.start])]
        places = targets or places
    if frame.trigger.frame == "withdraw":
        left = [p for p in places if not _heading(doc.text, p)]
        places = left or places
    local = [p for p in places if not (p.place and p.place.feature == "country")]
    precise = [p for p in local if p.geo_precision < 3 or _handed_region(frame, p)]
    return precise or local or places


def _drop_aliases(text: str, places: list[PlaceMention]) -> list[PlaceMention]:
    """"بريف عين العرب (كوباني)": a name in brackets right after a place is its other
    name, not a second place."""
    out = places[:1]
    for prev, p in pairwise(places):
        closed = text[p.end:p.end + 2].lstrip()[:1] == ")"
        if not (_ALIAS_GAP.match(text[prev.end:p.start]) and closed):
            out.append(p)
    return out


def _handed_region(frame: Frame, p: PlaceMention) -> bool:
    """"abandoned their posts in Jabal al-Turkmen, Jabal al-Akrad and Kasab": a named
    region is one of the areas a force leaves or hands over, as a town beside it is; for
    other events a region beside a town only sets the scene."""
    return frame.trigger.frame in _POSTURE_FRAMES and p.place is not None \
        and p.place.feature == "region" and p.relation is None


def origins(text: str, places: list[PlaceMention]) -> set[int]:
    """Starts of the places named as where a move comes from ("قادمة من X وبلدة Y",
    "from X and Y")."""
    out: set[int] = set()
    prev: PlaceMention | None = None
    origin = False
    for p in places:
        listed = prev is not None and \
            _LIST_GAP.match(_SETTLEMENT_WORD.sub("", text[prev.end:p.start])) is not None
        origin = bool(_ORIGIN_BEFORE.search(text[max(0, p.start - 40):p.start])) \
            or (origin and listed)
        if origin:
            out.add(p.start)
        prev = p
    return out


def _heading(text: str, p: PlaceMention) -> bool:
    before = text[max(0, p.start - 30):p.start]
    if _UP_TO_AR.search(before):
        return False
    return bool(_HEADING_BEFORE.search(before) or _HEADING_BEFORE_AR.search(before))


def opens_organization(doc: Document, p: PlaceMention) -> bool:
    """"Enab Baladi's correspondents", "told the Anadolu Agency": the place word opens the
    name of the report's outlet or of a news agency, which is no event location."""
    rest = doc.text[p.start:p.start + 80]
    outlet = (doc.outlet or "").strip()
    if len(outlet) > len(p.text) and rest.lower().startswith(outlet.lower()):
        return True
    return bool(_AGENCY_AFTER.match(doc.text, p.end))


def is_dateline(text: str, p: PlaceMention) -> bool:
    """"بيروت ، مينا –": the city a story is filed from opens its first line; English
    wires write it in capitals ("AMMAN, March 6 (Reuters) -", "BEIRUT (AP) --")."""
    line_start = text.rfind("\n", 0, p.start) + 1
    lead = not text[line_start:p.start].strip() or _CAPITALS.fullmatch(p.text) is not None
    return lead and bool(_DATELINE_AFTER.match(text, p.end))


def _drop_context(text: str, places: list[PlaceMention]) -> list[PlaceMention]:
    """"X بريف Y", "X وسط مدينة Y", "X بالقرب من Y": Y only locates X. An unresolved X
    borrows Y's point with precision 2, as does an X the gazetteer put far from Y (a
    namesake elsewhere)."""
    out: list[PlaceMention] = []
    dropped: PlaceMention | None = None  # a "between" locator, which the next conjunct joins
    for p in places:
        prev = out[-1] if out else None
        gap = text[prev.end:p.start] if prev is not None else ""
        locating = prev is not None and (
            _LOCATING_GAP.match(gap) is not None
            or (_APPOSITION_GAP.match(gap) is not None and _ADMIN_UNIT.match(p.text) is not None))
        if prev is not None and (
            locating
            or (p.relation in _CONTEXT_RELATIONS and _CONTEXT_GAP.match(gap))
            or (dropped is not None and _LIST_GAP.match(text[dropped.end:p.start]))
        ):
            if p.place is not None and (prev.place is None or (locating and _far_apart(prev, p))):
                out[-1] = replace(prev, place=p.place, geo_precision=2,
                                  reason=f"{LOCATED_BY_CONTEXT}{p.text}")
            # "بين بلدتي X وY": Y locates the site as X does; not so after "بريف X"
            dropped = p if _BETWEEN.search(gap) else None
            continue
        dropped = None
        out.append(p)
    return out


def _far_apart(place: PlaceMention, locator: PlaceMention) -> bool:
    a, b = place.place, locator.place
    # only a district written as one, or a town, is small enough to trust over the name
    # ("الشيحا ببادية التبني"): a province such as al-Anbar spans hundreds of kilometres.
    # An English locator may be the first word of a longer name ("Sahl" of "Sahl
    # al-Ghab"), so only an Arabic one, matched whole, is trusted as a town.
    small = _DISTRICT.match(locator.text) is not None or (
        b is not None and b.feature in _SMALL_FEATURES and _ARABIC.search(locator.text) is not None)
    if a is None or b is None or not small \
            or None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return False
    assert a.latitude is not None and a.longitude is not None
    assert b.latitude is not None and b.longitude is not None
    return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude) > _NAMESAKE_KM


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
            listed = i + 1 < len(places) and _LIST_GAP.match(text[places[i].end:places[i + 1].start])
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
