"""Which place mentions of a clause locate its event, and which only set the scene.

A clause names more places than its event happened at: the governorate as context of a
town, a dateline, an outlet's or an organisation's name, where a convoy comes from or a
pull-out heads, a person's home town, a place's other name in brackets, a namesake far
from the district that locates it. ``event_places`` keeps the ones the event is at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import TYPE_CHECKING

from ..geo import haversine_km
from ..spans import SpanIndex
from ..types import ActorMention, Document, PlaceMention

if TYPE_CHECKING:  # build imports this module: the frame type is read for hints only
    from .build import Frame

_CONTEXT_RELATIONS = frozenset({"countryside", "desert", "area"})
_SETTLEMENT_WORD = re.compile(r"(?:مدينة|بلدة|قرية|منطقة|مدينتي|بلدتي|قريتي)(?=\s)")
PLACE_LIST_GAP = re.compile(r"^[\s،,)(»«\"]*(?:و|and|,)?[\s(«\"]*$")
# A place farther than this from the district that locates it is a namesake (Iraqi,
# Lebanese and Yemeni districts span well under 150 km).
_NAMESAKE_KM = 150.0
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
            PLACE_LIST_GAP.match(_SETTLEMENT_WORD.sub("", text[prev.end:p.start])) is not None
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
            or (dropped is not None and PLACE_LIST_GAP.match(text[dropped.end:p.start]))
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
