"""Place names no gazetteer knows, read from the words around them.

"قرية X" keeps X, unresolved, for the analyst; every name listed after a plural
settlement word ("قرى “أم الكيف، الدرادرة”") or after "منها" that follows one is a place;
names joined by "و" to a place form one list with it ("جرود بريتال وحام ومعربون").
"""

from __future__ import annotations

import re
from bisect import bisect_left

from ..lang.ar.normalize import NormalizedText
from ..types import Document, PlaceMention
from .place_cues import (
    CueLexicon,
    Word,
    cue_forms,
    cue_in,
    cue_offset,
    headed_name,
    unknown_name_end,
)

SENTENCE_PUNCT = re.compile(r"[.،,؛;:!?؟\n]")
_OPENER_REACH = 6  # words between a plural place word and "منها"
_SENTENCE_END = re.compile(r"[.؛;:!?؟\n]")
_LIST_SEPARATOR = re.compile(r"^[\s“”\"«»(]*[،,]?[\s“”\"«»(]*$")
_MAX_LIST_ITEMS = 10
# "الحدوديتين", "الجنوبية": an adjective after a name, not its second word
_NISBA = re.compile(r"^ال\S+(?:يه|يتين|يين|يان|يون|ي)$")


def _list_items(text: str, words: list[Word], i: int, cues: CueLexicon) -> list[tuple[int, int]]:
    """Spans (normalized) of the names listed from word ``i``: one or two name words each,
    separated by commas or a joining "و" ("وقبور القراجنة")."""
    items: list[tuple[int, int]] = []
    detached = False  # the joining و stood apart: the next word keeps its own و
    while i < len(words) and len(items) < _MAX_LIST_ITEMS:
        first = words[i]
        if first.text == "و" and items and i + 1 < len(words) and \
                _LIST_SEPARATOR.match(text[first.end:words[i + 1].start]):
            i += 1  # "، و”البوحمد”": the joining و stands apart before a quote
            detached = True
            continue
        joined = first.text.startswith("و") and bool(items) and not detached
        detached = False
        name = first.text[1:] if joined else first.text
        nxt = words[i + 1] if i + 1 < len(words) else None
        pair = nxt is not None and text[first.end:nxt.start] == " " and \
            is_name_word(nxt.text, cues) and not nxt.text.startswith("و") and \
            (not _NISBA.match(nxt.text) or name in cues.name_heads)
        short_head = pair and name in cues.name_heads  # "ام الكيف", "تل تمر"; not "إن عناصر"
        if not (is_name_word(name, cues) or short_head):
            break
        start = first.start + (len(first.text) - len(name))
        end = first.end
        if pair and nxt is not None:
            end, i = nxt.end, i + 1  # a two-word name ("قبور القراجنة", "الشيخ علي")
        items.append((start, end))
        i += 1
        if i >= len(words) or not _LIST_SEPARATOR.match(text[end:words[i].start]) or \
                (text[end:words[i].start].strip(" “”\"«»(") == "" and not words[i].text.startswith("و")):
            break
    return items


def _definite(word: str, form: str) -> bool:
    """"للقضاء وتم", "المدينة القديمة": a cue word with the article points back at a
    place already named; the word after it is no name."""
    clitics = word[:len(word) - len(form)]
    return clitics.endswith(("ال", "لل"))


def _joined_run(text: str, end: int, items: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The items each joined to the one before by a bare "و" ("X وY وZ"); a comma ends
    the run, as it often closes the list and opens a clause ("...ومهين، وتسلم")."""
    out: list[tuple[int, int]] = []
    for a, b in items:
        if text[end:a] != " و":
            break
        out.append((a, b))
        end = b
    return out


def is_name_word(word: str, cues: CueLexicon) -> bool:
    # "مخيم للنازحين": a preposition with the article opens a description, not a name
    if len(word) < 3 or not all("\u0621" <= c <= "\u064a" for c in word) or word.startswith("لل"):
        return False
    return cue_in(word, cues.not_names) is None and cue_in(word, cues.settlement) is None \
        and cue_in(word, cues.place_lists) is None


def unknown_places(doc: Document, view: NormalizedText, words: list[Word],
                   covered: list[tuple[int, int]], actors: list[tuple[int, int]],
                   cues: CueLexicon) -> list[PlaceMention]:
    """"قرية X" where X is in no gazetteer: kept, unresolved, for the analyst."""
    out: list[PlaceMention] = []
    cued = cue_forms(words, cues.unknown_place)
    for i, word in enumerate(words[:-1]):
        form = cued.get(word.text)
        nxt = words[i + 1]
        if form is None or _definite(word.text, form) or not (
                is_name_word(nxt.text, cues) or headed_name(words, i + 1, cues)):
            continue
        if SENTENCE_PUNCT.search(view.text[word.end:nxt.start]):
            continue
        if any(s <= nxt.start < e for s, e in covered):
            continue
        span_start = cue_offset(word, form) if form in cues.facility else nxt.start
        last = unknown_name_end(view.text, words, i + 1, cues)
        span_end = words[last].end
        if last + 1 < len(words) and words[last + 1].text in cues.direction_adjectives:
            span_end = words[last + 1].end
        start, end = view.to_original(span_start, span_end)
        if any(s < end and start < e for s, e in actors):
            continue
        out.append(PlaceMention(start=start, end=end, text=doc.text[start:end],
                                reason="cue word, not in gazetteer"))
    return out + _listed(doc, view, words, covered, actors, out, cues)

def _listed(doc: Document, view: NormalizedText, words: list[Word],
            covered: list[tuple[int, int]], actors: list[tuple[int, int]],
            found: list[PlaceMention], cues: CueLexicon) -> list[PlaceMention]:
    """"قرى “أم الكيف، الدرادرة، وقبور القراجنة”": every name listed after a plural
    settlement word is a place, unresolved when no gazetteer knows it."""
    out: list[PlaceMention] = []
    taken = [(view.from_original(m.start), view.from_original(m.end)) for m in found]
    plural_settlements = cue_forms(words, cues.place_lists)
    openers = _list_openers(view.text, words, cues)
    for i, word in enumerate(words):
        if word.text not in plural_settlements and i not in openers:
            continue
        for a, b in _list_items(view.text, words, i + 1, cues):
            if any(s < b and a < e for s, e in covered + taken):
                continue
            start, end = view.to_original(a, b)
            if any(s < end and start < e for s, e in actors):
                continue
            out.append(PlaceMention(start=start, end=end, text=doc.text[start:end],
                                    reason="listed after a settlement word, not in gazetteer"))
    return out

def continued_places(doc: Document, view: NormalizedText, words: list[Word],
                     found: list[PlaceMention], covered: list[tuple[int, int]],
                     actors: list[tuple[int, int]], cues: CueLexicon) -> list[PlaceMention]:
    """"المواقع الواقعة غرب بلدة الطفيل وجرود بريتال وحام ومعربون": names joined by
    "و" to a place form one list with it. Only a run of two or more joined names counts:
    a single "و" after a place as often goes on with the sentence ("وقتل ...")."""
    out: list[PlaceMention] = []
    taken = covered + [(view.from_original(m.start), view.from_original(m.end))
                       for m in found]
    starts = [w.start for w in words]
    for m in found:
        end = view.from_original(m.end)
        j = bisect_left(starts, end)
        if j >= len(words) or view.text[end:words[j].start] != " " \
                or not words[j].text.startswith("و") or len(words[j].text) < 4:
            continue
        first = words[j]
        bare = [*words[:j], Word(first.start + 1, first.end, first.text[1:]), *words[j + 1:]]
        items = _joined_run(view.text, end, _list_items(view.text, bare, j, cues))
        if len(items) < 2:
            continue
        for a, b in items:
            start, end2 = view.to_original(a, b)
            if any(s < b and a < e for s, e in taken) or \
                    any(s < end2 and start < e for s, e in actors):
                continue
            taken.append((a, b))
            out.append(PlaceMention(start=start, end=end2, text=doc.text[start:end2],
                                    reason="listed after a place, not in gazetteer"))
    return out

def _list_openers(text: str, words: list[Word], cues: CueLexicon) -> set[int]:
    """Indices of words like "منها" that follow a plural place word closely."""
    forms = cue_forms(words, cues.list_openers)
    heads = cue_forms(words, cues.list_heads)
    out: set[int] = set()
    for i, word in enumerate(words):
        if word.text in forms and any(
                w.text in heads and not _SENTENCE_END.search(text[w.end:word.start])
                for w in words[max(0, i - _OPENER_REACH):i]):
            out.add(i)
    return out
