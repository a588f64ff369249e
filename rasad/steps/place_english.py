"""English place names as reports spell them, not as the gazetteer does.

English reporting transliterates Arabic names freely ("Deir Ezzor", "Ein Issa", "Tall
Sakhr"), so an exact-spelling matcher misses most of them. Here every run of capitalized
words ("Ras al Ain", "al-Atarib", "Jabal al-Turkman") is looked up by its transliteration
key (``skeleton_en``), longest sub-run first; generic heads ("Ain", "Tal", "Deir") and
frequent English words never match alone. A run the gazetteer does not know is still a
place when a cue says so ("the village of X", "X village", "near X", "X front").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from ..gazetteer import Gazetteer
from ..gazetteer.names import fold_en
from ..lang.ar.normalize import NormalizedText
from ..match import Match
from ..spans import SpanIndex
from .place_cues import CueLexicon

_LETTER = r"A-Za-z\u00C0-\u024F"
_MARK = r"'’‘ʿʾ"
# a hyphen continues a word only in lowercase ("Ma'arrat-an-Nu'man"); "Jassim-Nawa" is two
_NAME_WORD = rf"[A-Z\u00C0-\u00DE][{_LETTER}{_MARK}]*(?:-[a-z\u00DF-\u024F{_MARK}]+)*"
# "al-Atarib", "el-Zour", "ad-Dana"; "al Ain" with a space only for al/el, and inside a
# run for the other articles too ("Deir ez Zor")
_ARTICLE = r"(?:(?:[aAeE][lLdDsSzZrRtTnN]|[aA]sh)[-‐]|(?:al|el|Al|El) )"
_INNER_ARTICLE = r"(?:(?:[aAeE][lLdDsSzZrRtTnN]|[aA]sh)[-‐ ])"
_UNIT = rf"{_ARTICLE}?{_NAME_WORD}"
_INNER_UNIT = rf"{_INNER_ARTICLE}?{_NAME_WORD}"
_RUN = re.compile(rf"(?<![\w\-‐]){_UNIT}(?:(?:[ ]+|[-‐]){_INNER_UNIT})*")
_UNIT_RE = re.compile(_INNER_UNIT)
_MAX_WORDS = 5
# A skeleton-only match of one word needs it to be rare in English ("Kurdish", "Omar" no).
_RARE_ENGLISH_ZIPF = 3.0
_COMMON_ENGLISH_ZIPF = 4.0


@dataclass(slots=True)
class EnglishHit:
    """A capitalized run found in the gazetteer (or after a cue), in original offsets."""

    start: int
    end: int
    known: bool  # the gazetteer has candidates for it


_POSSESSIVE = re.compile(r"['’]s$")


def capitalized_runs(text: str) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """(start, end, word spans) of each run of capitalized words ("Syria's" is "Syria")."""
    runs = []
    for m in _RUN.finditer(text):
        units = []
        for u in _UNIT_RE.finditer(m.group()):
            poss = _POSSESSIVE.search(u.group())
            units.append((m.start() + u.start(), m.start() + (poss.start() if poss else u.end())))
            if poss:
                break  # "Syria's opposition": the run ends at the possessive
        runs.append((m.start(), units[-1][1], units))
    return runs


def _generic(words: list[str], cues: CueLexicon) -> bool:
    """Not a name by itself: one name head or given name ("Ain", "Tal", "Omar"), or only
    descriptors and frequent English words ("The Syrian Army"). "Ras al Ain" is a name."""
    folded = [fold_en(w) for w in words]
    # "Al Bab", "al-Bab" is a town; "Bab" alone a head
    bare = len(folded) == 1 and fold_en(words[0]) == words[0].lower()
    if bare and (folded[0] in cues.en_name_heads or folded[0] in cues.en_given_names):
        return True
    return all(f in cues.en_descriptors or f in cues.en_not_names or not f for f in folded)


def _plausible(phrase: str, gaz: Gazetteer, cued: bool) -> bool:
    """A phrase found only through its transliteration key needs more than its spelling:
    one word must be rare English and stand after a place cue ("in Ibleen", not "Subhi
    al-Assi"); several words must not all be common English ("Human Rights")."""
    if gaz.spelled(phrase):
        return True
    if phrase.isupper():
        return False  # an acronym or brand ("KAMAZ", "SANA") spelled like no place
    words = fold_en(phrase).split()
    if len(words) > 1:
        return not all(english_zipf(w) >= _COMMON_ENGLISH_ZIPF for w in words)
    return cued and english_zipf(words[0]) < _RARE_ENGLISH_ZIPF


def find_english(text: str, gaz: Gazetteer, cues: CueLexicon) -> list[EnglishHit]:
    """Longest known sub-runs of each capitalized run, left to right."""
    hits: list[EnglishHit] = []
    for _, _, units in capitalized_runs(text):
        i = 0
        while i < len(units):
            listed = bool(hits) and _LIST_GAP.match(text[hits[-1].end:units[i][0]]) is not None
            hit = _longest_known(text, units, i, gaz, cues, listed)
            if hit is None:
                # "Bir al-Qasab" unknown: "al-Qasab" is part of it, not Kessab
                # nor "Zawr Al-Hisn" unknown: "Al-Hisn" is part of it, not the castle
                head = fold_en(text[units[i][0]:units[i][1]]) in cues.en_name_heads or (
                    i + 1 < len(units) and _ARTICLE_UNIT.match(text, units[i + 1][0]))
                i += 2 if head else 1
                continue
            hits.append(_with_facility(text, hit[0], gaz))
            i = hit[1]
    return hits


# A lowercase facility word that is part of the name: "the al-Omar oil field" is the
# field (curated), not a village called Omar.
_FACILITY_TAIL = re.compile(r"[ \t]+((?:oil|gas)[ \t]+field|oilfield|gas[ \t]+plant|field|dam|"
                            r"airport|air[ \t]?base|base|crossing|bridge|refinery)\b")


def _with_facility(text: str, hit: EnglishHit, gaz: Gazetteer) -> EnglishHit:
    tail = _FACILITY_TAIL.match(text, hit.end)
    if tail and gaz.keys_for(text[hit.start:tail.end()]):
        return EnglishHit(hit.start, tail.end(), True)
    return hit


# "Kansafra, Sfuhen and Fulayfel": a name listed after a place is cued like it
_LIST_GAP = re.compile(r"^\s*(?:,|,?\s*and|–|-)\s*$")
# A unit opening with a hyphenated article continues the name before it ("Al-Maslaq").
_ARTICLE_UNIT = re.compile(r"(?:[aAeE][lLdDsSzZrRtTnN]|[aA]sh)[-‐]")


def _longest_known(text: str, units: list[tuple[int, int]], i: int, gaz: Gazetteer,
                   cues: CueLexicon, listed: bool) -> tuple[EnglishHit, int] | None:
    for j in range(min(len(units), i + _MAX_WORDS), i, -1):
        words = [text[s:e] for s, e in units[i:j]]
        if _generic(words, cues):
            continue
        phrase = text[units[i][0]:units[j - 1][1]]
        if j < len(units) and _ARTICLE_UNIT.match(text, units[j][0]) and \
                not _major(gaz, phrase):
            continue  # "Zawr Al-Maslaq" is one name, not a village Zawr; "Idlib Al-Nusra" two
        cued = listed or _cued(text, units[i][0], units[j - 1][1], cues, cues.en_prepositions)
        if gaz.keys_for(phrase) and _plausible(phrase, gaz, cued):
            return EnglishHit(units[i][0], units[j - 1][1], True), j
    return None


_MAJOR_POPULATION = 100_000


def _major(gaz: Gazetteer, phrase: str) -> bool:
    """A city or admin unit a report may name right before another capitalized word."""
    return any(p.population >= _MAJOR_POPULATION or p.feature in ("governorate", "country")
               for p in gaz.candidates(phrase))


def unknown_after_cues(text: str, cues: CueLexicon, covered: list[tuple[int, int]],
                       places: Sequence[tuple[int, int]] = ()) -> list[EnglishHit]:
    """Capitalized runs no gazetteer knows that a cue marks as places: "the village of X",
    "X village", "near X", "outskirts of X", "X front", "in X in rural Y", or a list that
    goes on from a place ("Khattab, Soubein and ...")."""
    out: list[EnglishHit] = []
    taken = SpanIndex.of_pairs(covered)
    ends = sorted(e for _, e in places)
    glosses = {s for s, _ in places}
    for start, end, units in capitalized_runs(text):
        if taken.overlaps(start, end):
            continue
        words = [text[s:e] for s, e in units]
        if _generic(words, cues):
            continue
        # a capitalized word listed after a place is a name even if frequent ("Ham")
        if not _listed(text, start, end, ends) and not _glossed(text, end, glosses) and (
                not _cued(text, start, end, cues) or
                all(english_zipf(fold_en(w)) >= _COMMON_ENGLISH_ZIPF for w in words)):
            continue
        out.append(EnglishHit(start, end, False))
        ends.append(end)
    return out


# "Daraa, Orient Net writes": a name before a reporting verb is the teller
_TELLER_AFTER = re.compile(r"\s+(?:writes|wrote|reported|reports|said|says|added|adds|"
                           r"quoted|cited|stated|noted)\b")


_GLOSS_OPEN = re.compile(r"[ \t]*[(\[][ \t]*")


def _glossed(text: str, end: int, place_starts: set[int]) -> bool:
    """"Girê Spî (Tal Abyad)": a known place in brackets right after the run glosses it."""
    m = _GLOSS_OPEN.match(text, end)
    return m is not None and m.end() in place_starts


def _listed(text: str, start: int, end: int, place_ends: list[int]) -> bool:
    """The run follows a place across a list separator only, and tells nothing."""
    before = [e for e in place_ends if e <= start]
    return bool(before) and _LIST_GAP.match(text[max(before):start]) is not None and \
        _TELLER_AFTER.match(text, end) is None


_BEFORE = re.compile(r"(\w+)(?:\s+of|\s+called|\s+named)?\s+(?:the\s+)?$", re.IGNORECASE)
_AFTER = re.compile(r"^\s+(\w+)(?:\s+(\w+))?", re.IGNORECASE)


def _cued(text: str, start: int, end: int, cues: CueLexicon,
          prepositions: frozenset[str] = frozenset()) -> bool:
    before = _BEFORE.search(text[max(0, start - 40):start])
    if before:
        word = before.group(1).lower()
        if word in cues.en_settlement or word in cues.en_near or word in cues.en_countryside \
                or word in prepositions or word in cues.en_directions:
            return True
    after = _AFTER.match(text[end:end + 40])
    if after:
        word = after.group(1).lower()
        if word in cues.en_settlement or word in cues.en_axis or word in cues.en_descriptors:
            return True  # "X village", "X front", "X bridge"
        # "in X in rural Y": a place nested in a named region
        if word == "in" and (after.group(2) or "").lower() in cues.en_countryside:
            return True
    return False


def to_matches(view: NormalizedText, hits: list[EnglishHit]) -> list[Match[str]]:
    """The hits as matcher hits over the normalized view (no gazetteer keys attached)."""
    out: list[Match[str]] = []
    for h in hits:
        s, e = view.from_original(h.start), view.from_original(h.end)
        out.append(Match(s, e, s, ()))
    return out


@cache
def english_zipf(word: str) -> float:
    """Zipf frequency of an English word (0 without the optional wordfreq)."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # the optional `geo` extra
        return 0.0
    return float(zipf_frequency(word, "en"))
