"""Language-independent core of quantity extraction ("9 مواقع", "more than 90 fighters").

A language module supplies a :class:`QuantityGrammar` (its number parser, how a
written word maps to lexicon forms, what may stand between a number and its noun);
the scan here finds number + unit, modifiers before the number ("أكثر من"), heads
that fix the unit ("مقتل 5"), and Arabic duals that are themselves the number.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..types import Quantity
from .ar.normalize import NormalizedText, as_view
from .scan import (
    Phrases,
    Variants,
    VTok,
    candidate_indices,
    lookup,
    lookup_ending,
    token_index,
    view_tokens,
)
from .timelex import time_lexicon
from .units import UnitLexicon


@dataclass(slots=True, frozen=True)
class NumberMatch:
    value: int
    start: int  # token index of the first number token
    end: int  # token index after the number
    char_start: int  # normalized offset where the number begins (clitics excluded)
    approximate: bool = False
    definite_ok: bool = False  # the counted noun may carry the article: "عشرات السيارات"
    year_like: bool = False  # a bare 1900-2100, read as a year unless modified


NumberParser = Callable[[Sequence[VTok], int], "NumberMatch | None"]


@dataclass(slots=True, frozen=True)
class QuantityGrammar:
    lang: str
    lex: UnitLexicon
    parse_number: NumberParser
    noun_variants: Callable[[str, bool], list[str]]  # (word, article allowed) -> forms
    head_variants: Variants  # forms of a head word ("بمقتل" -> "مقتل")
    gap_words: frozenset[str] | None  # None: any word may intervene (English adjectives)
    gap_stop: frozenset[str]  # words that end the search for the noun
    article_gap: frozenset[str]  # gap words after which the noun may be definite ("من")
    post_fillers: frozenset[str] = frozenset()  # "12 civilians were killed"
    one_words: frozenset[str] = frozenset()  # "سيارة واحدة"
    max_gap: int = 2
    # units a head + singular noun counts as one: "إصابة شخص" -> injured 1
    singular_units: frozenset[str] = frozenset()
    number_starters: frozenset[str] = frozenset()  # words parse_number may begin with
    # noun_variants with the article allowed or not, as one callable each for the life of
    # the grammar (phrase tables remember lookup forms per callable)
    bare_noun_forms: Variants = field(init=False, repr=False, compare=False)
    definite_noun_forms: Variants = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "bare_noun_forms",
                           functools.partial(_variants_with, self, False))
        object.__setattr__(self, "definite_noun_forms",
                           functools.partial(_variants_with, self, True))


@dataclass(slots=True)
class _Scan:
    g: QuantityGrammar
    view: NormalizedText
    toks: Sequence[VTok]
    out: list[Quantity]

    def emit(self, a: int, b: int, value: int, unit: str, lower: bool, approx: bool) -> None:
        s, e = self.view.to_original(a, b)
        self.out.append(Quantity(s, e, self.view.original[s:e], value, unit, lower, approx))


def _stem_start(tok: VTok, table: Phrases[Any], variants: Variants) -> int:
    """Where the lexicon word begins inside ``tok``: after a conjunction or preposition
    ("ونقطتين", "لأكثر"), which does not belong to the quantity."""
    if tok.text in table.firsts:
        return tok.start
    for form in variants(tok.text):
        if form in table.firsts and tok.text.endswith(form):
            return tok.end - len(form)
    return tok.start


def _is_date_number(scan: _Scan, num: NumberMatch) -> bool:
    toks, months = scan.toks, time_lexicon(scan.g.lang).months
    if lookup(toks, num.end, months, 3) is not None:
        return True
    if num.start > 0 and toks[num.start - 1].text == "/" and num.start > 1:
        return True  # "23/9", "2/3" fractions and dates
    prev = toks[num.start - 1].text if num.start > 0 else ""
    return lookup_ending(toks, num.start, months, 3) is not None or prev in ("عام", "year")


def _variants_with(g: QuantityGrammar, definite: bool, word: str) -> list[str]:
    return g.noun_variants(word, definite)


def _find_unit(scan: _Scan, j: int, definite: bool) -> tuple[str, int, int] | None:
    g, toks, gaps = scan.g, scan.toks, 0
    while j < len(toks) and gaps <= g.max_gap:
        forms = g.definite_noun_forms if definite else g.bare_noun_forms
        hit = lookup(toks, j, g.lex.nouns, g.lex.max_len, forms)
        if hit is not None:
            return hit[0][0], j, j + hit[1]
        post = lookup(toks, j, g.lex.post, g.lex.max_len)
        if post is not None:
            return post[0], j, j + post[1]
        tok = toks[j]
        if not tok.is_word or tok.text in g.gap_stop or g.parse_number(toks, j) is not None:
            return None
        if g.gap_words is not None and tok.text not in g.gap_words:
            return None
        definite = definite or tok.text in g.article_gap
        gaps += 1
        j += 1
    return None


def _post_verb(scan: _Scan, j: int) -> tuple[str, int] | None:
    """'12 civilians were killed': the verb after the counted noun."""
    toks, g = scan.toks, scan.g
    for k in range(j, min(j + 3, len(toks))):
        post = lookup(toks, k, g.lex.post, g.lex.max_len)
        if post is not None:
            return post[0], toks[k + post[1] - 1].end
        if toks[k].text not in g.post_fillers:
            return None
    return None


def _count(scan: _Scan, num: NumberMatch) -> int:
    g, toks = scan.g, scan.toks
    prev = toks[num.start - 1].text if num.start > 0 else ""
    mod = lookup_ending(toks, num.start, g.lex.mods, g.lex.max_len, g.head_variants)
    if prev in g.lex.block or _is_date_number(scan, num) or (num.year_like and mod is None):
        return num.end
    lower = mod is not None and mod[0] == "lower_bound"
    approx = num.approximate or (mod is not None and mod[0] == "approximate")
    first = num.start - (mod[1] if mod else 0)
    a = _stem_start(toks[first], g.lex.mods, g.head_variants) if mod else num.char_start
    pre = _head_before(scan, first)
    unit = _find_unit(scan, num.end, num.definite_ok)
    end_tok = unit[2] if unit else num.end
    b = toks[end_tok - 1].end
    if unit is not None:
        scan.emit(a, b, num.value, unit[0], lower, approx)
        verb = _post_verb(scan, unit[2])
        if verb is not None and verb[0] != unit[0]:
            scan.emit(a, verb[1], num.value, verb[0], lower, approx)
    if pre is not None and (unit is None or pre[0] != unit[0]):
        scan.emit(toks[pre[1]].start, b, num.value, pre[0], lower, approx)
    return end_tok


def _head_before(scan: _Scan, first: int) -> tuple[str, int] | None:
    """A head ("مقتل", "واعتقلت") ending before token ``first``, possibly with one
    word between ("اعتقل منها 30"): (unit, token index of the head)."""
    g, toks = scan.g, scan.toks
    for end in (first, first - 1):
        if end < first and (end < 1 or not toks[end].is_word):
            return None
        hit = lookup_ending(toks, end, g.lex.pre, g.lex.max_len, g.head_variants)
        if hit is not None:
            return hit[0], end - hit[1]
    return None


def _dual(scan: _Scan, i: int) -> int:
    g, toks = scan.g, scan.toks
    hit = lookup(toks, i, g.lex.duals, g.lex.max_len, g.definite_noun_forms)
    if hit is None:
        return 0
    unit, n = hit
    a = _stem_start(toks[i], g.lex.duals, g.definite_noun_forms)
    b = toks[i + n - 1].end
    scan.emit(a, b, 2, unit, False, False)
    pre = _head_before(scan, i)
    if pre is not None and pre[0] != unit:
        scan.emit(toks[pre[1]].start, b, 2, pre[0], False, False)
    return n


def _single(scan: _Scan, i: int) -> int:
    """One of something: "سيارة واحدة", or a head and a singular person ("إصابة شخص")."""
    g, toks = scan.g, scan.toks
    hit = lookup(toks, i, g.lex.nouns, g.lex.max_len, g.definite_noun_forms)
    if hit is None:
        return 0
    (unit, form), n = hit
    if i + n < len(toks) and toks[i + n].text in g.one_words:
        scan.emit(toks[i].start, toks[i + n].end, 1, unit, False, False)
        return n + 1
    pre = lookup_ending(toks, i, g.lex.pre, g.lex.max_len, g.head_variants)
    if form == "sg" and unit in g.singular_units and pre is not None:
        scan.emit(toks[i - pre[1]].start, toks[i + n - 1].end, 1, pre[0], False, False)
        return n
    return 0


def find_quantities_with(text: str | NormalizedText,
                         grammar: QuantityGrammar) -> list[Quantity]:
    """All quantities in ``text`` under ``grammar``, in original offsets."""
    view = as_view(text)
    scan = _Scan(grammar, view, view_tokens(view.text), [])
    nouns = grammar.definite_noun_forms
    i = 0
    tables: list[tuple[Phrases[Any], Variants]] = [(grammar.lex.duals, nouns),
                                                   (grammar.lex.nouns, nouns)]
    for candidate in candidate_indices(scan.toks, grammar.number_starters, tables,
                                       token_index(view.text)):
        if candidate < i:
            continue  # inside the quantity just read
        i = candidate
        num = grammar.parse_number(scan.toks, i)
        if num is not None:
            i = max(_count(scan, num), i + 1)
            continue
        i += _dual(scan, i) or _single(scan, i) or 1
    return scan.out
