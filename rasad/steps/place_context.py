"""Reads the words around a gazetteer hit: is it a place, and how is it used?"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..lang.ar.normalize import NormalizedText
from ..match import Match
from .place_cues import WORDS_REMEMBERED, CueLexicon, Word, cue_in, cue_offset

# Between a cue and its name only spaces, brackets and quotes may stand.
_OPEN_GAP = re.compile(r"^[\s(\"“«'\[]*$")
_CLOSE_GAP = re.compile(r"^[\s)\"”»'\]]*$")
_PREP_CLITIC = re.compile(r"[بلك]")


@dataclass(slots=True)
class Context:
    span_start: int  # normalized offsets of the mention (cue words included where they name)
    span_end: int
    relation: str | None = None
    direction: str | None = None
    cued: bool = False  # a settlement/relation word or preposition stands before the name
    settlement: bool = False  # "مدينة X", "قرية X"
    urban: bool = False  # "ساحة X", "حي X": a square or quarter, not the town X
    building: bool = False  # "مستشفى X": a building, named after a person or its town


def _prev(words: list[Word], view: NormalizedText, j: int, before: int) -> Word | None:
    if j < 0 or not _OPEN_GAP.match(view.text[words[j].end:before]):
        return None
    return words[j]


# (what the word is, the relation or direction it gives, the cue form inside the word)
_Said = tuple[str, str | None, str]
_NOTHING: _Said = ("", None, "")


def _word_relation(word: str, cues: CueLexicon) -> _Said:
    """What ``word`` says about a place name after it: a relation word ("relation",
    relation, cue form), a direction, "of" (read on through "من"/"of"), a preposition,
    or nothing. Remembered per word in the lexicon (bounded)."""
    memo = cues.word_relations
    found = memo.get(word)
    if found is None:
        if len(memo) >= WORDS_REMEMBERED:
            memo.clear()
        found = memo[word] = _read_word_relation(word, cues)
    return found


def _read_word_relation(word: str, cues: CueLexicon) -> _Said:
    en_before = cues.en_countryside_before
    for cue_set, relation in ((cues.countryside, "countryside"), (cues.desert, "desert"),
                              (cues.near, "near"), (cues.axis, "axis"),
                              (cues.between, "between"), (en_before, "countryside"),
                              (cues.en_near, "near"), (cues.en_between, "between")):
        form = cue_in(word, cue_set)
        if form is not None:
            return ("relation", relation, form)
    direction = cue_in(word, cues.directions) or (word if word in cues.en_directions else None)
    if direction is not None:
        return ("direction", cues.directions.get(direction) or cues.en_directions.get(direction),
                "")
    if word in ("من", "of", "ل") or word.startswith("ل"):
        return ("of", None, "")
    if cue_in(word, cues.prepositions) or word in cues.en_prepositions:
        return ("preposition", None, "")
    return _NOTHING


def _relation_before(view: NormalizedText, words: list[Word], j: int, before: int,
                     ctx: Context, cues: CueLexicon) -> None:
    w = _prev(words, view, j, before)
    if w is None:
        return
    said = _word_relation(w.text, cues)
    if said[0] == "relation":
        ctx.relation, ctx.cued = said[1], True
        if said[1] in ("countryside", "desert"):
            ctx.span_start = cue_offset(w, said[2])
    elif said[0] == "direction":
        ctx.relation, ctx.cued, ctx.direction = "near", True, said[1]
    elif said[0] == "of":
        _relation_through_of(view, words, j, ctx, cues)
    elif said[0] == "preposition":
        ctx.cued = True


def _relation_through_of(view: NormalizedText, words: list[Word], j: int, ctx: Context,
                         cues: CueLexicon) -> None:
    """"بالقرب من X", "الريف الشمالي من X", "outskirts of X", "east of X"."""
    k = j - 1
    if k < 0:
        return
    w = words[k].text
    if any(cue_in(w, {a: ""}) for a, _ in cues.near_two) or w in cues.en_near:
        ctx.relation, ctx.cued = "near", True
        return
    if w in cues.en_countryside:
        ctx.relation, ctx.cued = "countryside", True
        return
    if w in cues.en_directions:
        ctx.relation, ctx.cued, ctx.direction = "near", True, cues.en_directions[w]
        return
    if w in cues.en_settlement:  # "the village of X"
        ctx.cued = ctx.settlement = True
        return
    if w in cues.en_governorate_word:  # "the province of X" names the province
        ctx.cued, ctx.span_start = True, words[k].start
        return
    dirs: list[str] = []
    while k >= 0 and words[k].text in cues.direction_adjectives:
        dirs.insert(0, cues.direction_adjectives[words[k].text])
        k -= 1
    if dirs and k >= 0 and cue_in(words[k].text, cues.countryside_definite):
        ctx.relation, ctx.cued, ctx.direction = "countryside", True, "-".join(dirs)
        ctx.span_start = words[k].end - 5


def _directions_after(view: NormalizedText, words: list[Word], i: int, ctx: Context,
                      cues: CueLexicon) -> None:
    """"ريف حلب الغربي والجنوبي", "eastern Homs countryside"."""
    dirs: list[str] = [ctx.direction] if ctx.direction else []
    k = i
    while k < len(words) and len(dirs) < 3 and _CLOSE_GAP.match(view.text[ctx.span_end:words[k].start]):
        form = cue_in(words[k].text, cues.direction_adjectives)
        if form is None:
            break
        dirs.append(cues.direction_adjectives[form])
        ctx.span_end = words[k].end
        k += 1
    if k < len(words) and words[k].text in cues.en_after_name and \
            _CLOSE_GAP.match(view.text[ctx.span_end:words[k].start]):
        word = words[k].text
        ctx.relation = "desert" if word in cues.en_desert else "countryside"
        if word in cues.en_governorate_word or word in cues.en_settlement:
            # "Idlib province", "Idlib city", "Ibleen village": the place itself
            ctx.relation, ctx.direction, dirs = None, None, []
            ctx.settlement = word in cues.en_settlement
        elif word in cues.en_axis:
            ctx.relation = "axis"
        ctx.cued, ctx.span_end = True, words[k].end
    if dirs:
        ctx.direction = "-".join(dict.fromkeys(dirs))


def analyze_context(view: NormalizedText, words: list[Word], word_of: list[int],
                    hit: Match[str], cues: CueLexicon) -> Context | None:
    """The mention's span and relation, or None when the hit is not a place here."""
    first, last = word_of[hit.prefix_start], word_of[max(hit.end - 1, hit.start)]
    ctx = Context(hit.start, hit.end)
    before, j = words[first].start, first - 1
    w = _prev(words, view, j, before)
    if w is not None:
        # a building word ("مستشفى عائشة", "مدرسة الخنساء") names the building after it
        form = cue_in(w.text, cues.settlement_words)
        building = form is None and cue_in(w.text, cues.urban)
        form = form or building or None
        if form is not None and not (form == "محيط" and cue_in(w.text, cues.near)):
            ctx.cued = ctx.settlement = True
            ctx.urban, ctx.building = form in cues.urban, bool(building)
            if form in cues.facility or form in cues.governorate_word or form in cues.town_word:
                ctx.span_start = cue_offset(w, form)
            before, j = w.start, j - 1
    _relation_before(view, words, j, before, ctx, cues)
    core = view.text[hit.start:hit.end]
    if core.startswith("ريف") or ctx.relation == "countryside" or ctx.direction or (
            ctx.relation is None and last + 1 < len(words)):
        _directions_after(view, words, last + 1, ctx, cues)
        if core.startswith("ريف") and ctx.direction:
            ctx.relation = "countryside"
    if ctx.relation is None and ctx.direction and not core.startswith("ريف"):
        # "إدلب الجنوبي" outside a countryside phrase is not a direction of the place;
        # after a settlement word it is part of the name ("ضاحية بيروت الجنوبية")
        ctx.direction = None
        if not ctx.settlement:
            ctx.span_end = hit.end
    if ctx.settlement or any(cue_in(w, cues.facility) for w in core.split()[:1]):
        _facility_adjectives(view, words, last + 1, ctx, cues)
    if _outlet(view, words, first, last, cues):
        return None
    bare = "ال" + core[2:] if core.startswith("لل") else core
    if bare in cues.not_places and (not ctx.settlement or _owner_after_base(view, ctx, hit, cues)):
        return None
    if core in cues.settlement or core in cues.place_lists:
        return None  # "مدينة" is the word city, not al-Madinah
    if _rejected(view, words, first, last, hit, ctx, cues):
        return None
    return ctx


def _owner_after_base(view: NormalizedText, ctx: Context, hit: Match[str],
                      cues: CueLexicon) -> bool:
    """"قاعدة التحالف", "حاجز الجيش": after a base word, a word that names no place
    names the base's owner."""
    return any(cue_in(w, cues.base_words) is not None
               for w in view.text[ctx.span_start:hit.start].split())


def _outlet(view: NormalizedText, words: list[Word], first: int, last: int,
            cues: CueLexicon) -> bool:
    """"درعا 24", "موقع السويداء 24", "مراسل القاهرة الإخبارية": a media outlet named
    after the place, not the place."""
    if last + 1 < len(words) and words[last + 1].text in cues.outlet_names_after:
        return True
    prev = _prev(words, view, first - 1, words[first].start)
    if prev is not None and cue_in(prev.text, cues.media_words):
        return True
    if last + 1 >= len(words) or not words[last + 1].text.isdigit():
        return False
    if not _CLOSE_GAP.match(view.text[words[last].end:words[last + 1].start]):
        return False
    after = view.text[words[last + 1].end:words[last + 1].end + 2]
    if re.match(r"^[,.]\d", after):
        return False  # "الكويت 27,762": a figure, not an outlet's name
    before = view.text[max(0, words[first].start - 2):words[first].start]
    media = first > 0 and cue_in(words[first - 1].text, cues.outlet_words) is not None
    return media or bool(re.match(r"^\s*(?:[\"”»'،,.:؛)]|$)", after)) or bool(
        re.search(r"[\"“«']\s*$", before))


def _rejected(view: NormalizedText, words: list[Word], first: int, last: int,
              hit: Match[str], ctx: Context, cues: CueLexicon) -> bool:
    if ctx.cued:
        return False
    prev = _prev(words, view, first - 1, words[first].start)
    if prev is not None and (cue_in(prev.text, cues.titles) or cue_in(prev.text, cues.org_heads)
                             or prev.text in cues.en_titles):
        return True  # "القيادي X", "لواء X"
    if prev is not None and prev.text in cues.given_names and hit.prefix_start == hit.start:
        return True  # "حسن نصر الله" (not "الشيخ مصطفى ومعرزيتا", a list)
    if _after_title(view, words, first, cues):
        return True
    core = view.text[hit.start:hit.end]
    if core not in cues.homographs:
        return False
    if _PREP_CLITIC.search(view.text[hit.prefix_start:hit.start]):
        return False
    nxt_gap_end = words[last + 1].start if last + 1 < len(words) else len(view.text)
    gap = view.text[hit.end:nxt_gap_end]
    # a name closing a clause or opening a list ("تدمر والبيضة") reads as a place
    if last + 1 >= len(words) or re.search(r"[.،,؛:)\n]", gap):
        return False
    return not words[last + 1].text.startswith("و")


_NAME_GAP = re.compile(r"^[\s(\"“«'\[]*$")
_PERSON_NAME_WORDS = 2


def _after_title(view: NormalizedText, words: list[Word], first: int, cues: CueLexicon) -> bool:
    """"القيادي (عارف أحمدي)": the second or third word of a person's name after a title."""
    for back in range(1, _PERSON_NAME_WORDS + 1):
        k = first - back - 1
        if k < 0 or not all(_NAME_GAP.match(view.text[words[i].end:words[i + 1].start])
                            for i in range(k, first)):
            return False
        if cue_in(words[k].text, cues.titles) or words[k].text in cues.en_titles:
            return True
    return False


def _facility_adjectives(view: NormalizedText, words: list[Word], k: int, ctx: Context,
                         cues: CueLexicon) -> None:
    """"مطار التيفور العسكري": the adjective closes the facility's name."""
    while k < len(words) and words[k].start >= ctx.span_end and \
            _CLOSE_GAP.match(view.text[ctx.span_end:words[k].start]) and \
            words[k].text in cues.facility_adjectives:
        ctx.span_end = words[k].end
        k += 1
