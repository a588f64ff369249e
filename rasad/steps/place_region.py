"""The report's region and the readings that depend on the whole report.

A place abroad needs stronger evidence than its name (``prune_abroad``); governorate
names listed together are the governorates (``governorate_lists``); hashtags are read as
words (``hashtags_spaced``).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

from ..gazetteer import Gazetteer
from ..lang.ar.normalize import NormalizedText, normalize_str
from ..types import Place, PlaceMention
from .geocode import country_votes, strong_place
from .place_cues import CueLexicon, cue_in

LIST_GAP = re.compile(r"^[\s،,و()\"“”«»-]*(?:and\s+)?$")  # "X, Y and Z", "X وY"
_REGION_VOTES = 1.0


def hashtags_spaced(view: NormalizedText) -> NormalizedText:
    """"#انفجار_بيروت", "#حفر_الباطن": hashtags join words with "_" (same length, so the
    map back to the original stays)."""
    if "_" not in view.text:
        return view
    return NormalizedText(view.original, view.text.replace("_", " "), view.origin)


def in_region(places: list[Place], region: set[str]) -> list[Place]:
    return [p for p in places if p.country is None or p.country in region or strong_place(p)]


def prune_abroad(mentions: list[PlaceMention], cued: set[int], names: dict[int, str],
                 gazetteer: Gazetteer) -> list[PlaceMention]:
    """A place abroad needs stronger evidence than its name: a settlement or relation
    word before it, the report placing something else in that country, or being a
    country, governorate or city ("al-Omar" is not 'Omer in Israel in a report on Deir
    ez-Zor). An English name whose exact spellings all lie abroad falls back on its
    transliterations at home ("Husayniyah"); a name left with nothing is a word."""
    votes = country_votes(mentions)
    # Syria is always in the region: the gazetteer is built around it
    region = {c for c, v in votes.items() if v >= _REGION_VOTES} | {"SY"}
    out: list[PlaceMention] = []
    for m in mentions:
        if id(m) in cued or not m.alternatives:
            out.append(m)
            continue
        kept = in_region(m.alternatives, region)
        if not kept and names[id(m)][:1].isascii():
            kept = in_region(gazetteer.transliterations(names[id(m)]), region)
        if kept:
            m.alternatives = kept
            out.append(m)
    return out


def link_between(text: str, mentions: list[PlaceMention], cues: CueLexicon) -> None:
    """"بين X و Y", "بين مدينة X وقرية Y", "between X and Y": Y is X's other end."""
    for m, n in itertools.pairwise(mentions):
        if m.relation == "between" and _joins(text[m.end:n.start], cues):
            m.other = replace(n, other=None)


def _joins(gap: str, cues: CueLexicon) -> bool:
    if LIST_GAP.match(gap):
        return True
    # the second end may have its own settlement word: "وقرية Y", "and the village of Y"
    words = gap.split()
    return len(words) == 1 and words[0].startswith("و") and \
        cue_in(normalize_str(words[0][1:]), cues.settlement) is not None


def governorate_of(m: PlaceMention) -> str | None:
    """The governorate a mention may name (its admin1), if any candidate is one."""
    for place in m.alternatives:
        if place.feature == "governorate":
            return place.admin1
    return None


_GOVERNORATE_LIST_MIN = 2


def governorate_lists(text: str, mentions: list[PlaceMention], cues: CueLexicon) -> None:
    """"advanced in Idlib, Aleppo and Hama", "Lattakia and Homs": governorate names listed
    together name the governorates, not their capitals."""
    run: list[PlaceMention] = []
    for m in [*mentions, None]:
        listable = m is not None and m.relation is None and governorate_of(m) is not None \
            and _bare_name(m, cues)
        if listable and run and _listed(text[run[-1].end:m.start]):  # type: ignore[union-attr]
            run.append(m)  # type: ignore[arg-type]
            continue
        if len(run) >= _GOVERNORATE_LIST_MIN and not _after_settlement_word(text, run[0], cues):
            for item in run:
                item.alternatives = [p for p in item.alternatives if p.feature == "governorate"]
        run = [m] if listable and m is not None else []


def _listed(gap: str) -> bool:
    """A list separator between two names ("X, Y", "X وY", "X and Y"); a bare space is a
    compound ("أوتوستراد دمشق السويداء", the Damascus-Suwayda highway)."""
    return LIST_GAP.match(gap) is not None and bool(re.search(r"[،,و]|\band\b", gap))


def _after_settlement_word(text: str, m: PlaceMention, cues: CueLexicon) -> bool:
    """"مدينتي حلب وإدلب", "the cities of Aleppo and Idlib": a list of towns."""
    before = normalize_str(text[max(0, m.start - 30):m.start]).split()[-2:]
    towns = cues.settlement | cues.place_lists | cues.town_word | cues.en_settlement | \
        frozenset({"cities", "towns"})
    return any(cue_in(w, towns) for w in before)


def _bare_name(m: PlaceMention, cues: CueLexicon) -> bool:
    """Only a name: no "city", "province", "مدينة", "ريف" in the mention."""
    cue_words = cues.settlement | cues.governorate_word | cues.countryside | cues.town_word | \
        cues.en_settlement | cues.en_governorate_word | cues.en_countryside
    return not any(cue_in(w, cue_words) for w in normalize_str(m.text).split())


_PAREN_GAP = re.compile(r"^\s*[(\[]\s*$")


def parenthesized_governorates(text: str, mentions: list[PlaceMention]) -> None:
    """"Thiban (Deir ez-Zor)", "Kafr Uwayd (Idleb)": a governorate's name in brackets after
    a place is the place's governorate (ACLED's notes write every location so)."""
    for m, n in itertools.pairwise(mentions):
        if n.relation is not None or not _PAREN_GAP.match(text[m.end:n.start]):
            continue
        govs = [p for p in n.alternatives if p.feature == "governorate"]
        if govs:
            n.alternatives = govs
        if not m.alternatives and m.place is None:
            # "Dayro Zcuro (Deir ez-Zor)", "Girê Spî (Tal Abyad)": a name no gazetteer
            # knows, glossed by one it knows, is there (or in that governorate)
            m.alternatives = list(n.alternatives)
