"""Language-independent core of quantity extraction ("9 مواقع", "more than 90 fighters").

A language module supplies a :class:`QuantityGrammar` (its number parser, how a
written word maps to lexicon forms, what may stand between a number and its noun);
the scan here finds number + unit, modifiers before the number ("أكثر من"), heads
that fix the unit ("مقتل 5"), and Arabic duals that are themselves the number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..types import Quantity
from .ar.normalize import NormalizedText, normalize
from .scan import Variants, VTok, lookup, lookup_ending, view_tokens
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


NumberParser = Callable[[list[VTok], int], "NumberMatch | None"]


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


@dataclass(slots=True)
class _Scan:
    g: QuantityGrammar
    view: NormalizedText
    toks: list[VTok]
    out: list[Quantity]

    def emit(self, a: int, b: int, value: int, unit: str, lower: bool, approx: bool) -> None:
        s, e = self.view.to_original(a, b)
        self.out.append(Quantity(s, e, self.view.original[s:e], value, unit, lower, approx))


def _is_date_number(scan: _Scan, num: NumberMatch) -> bool:
    toks, months = scan.toks, time_lexicon(scan.g.lang).months
    if lookup(toks, num.end, months, 3) is not None:
        return True
    if num.start > 0 and toks[num.start - 1].text == "/" and num.start > 1:
        return True  # "23/9", "2/3" fractions and dates
    prev = toks[num.start - 1].text if num.start > 0 else ""
    return lookup_ending(toks, num.start, months, 3) is not None or prev in ("عام", "year")


def _find_unit(scan: _Scan, j: int, definite: bool) -> tuple[str, int, int] | None:
    g, toks, gaps = scan.g, scan.toks, 0
    while j < len(toks) and gaps <= g.max_gap:
        hit = lookup(toks, j, g.lex.nouns, g.lex.max_len,
                     lambda w, d=definite: g.noun_variants(w, d))
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
    mod = lookup_ending(toks, num.start, g.lex.mods, g.lex.max_len)
    if prev in g.lex.block or _is_date_number(scan, num) or (num.year_like and mod is None):
        return num.end
    lower = mod is not None and mod[0] == "lower_bound"
    approx = num.approximate or (mod is not None and mod[0] == "approximate")
    first = num.start - (mod[1] if mod else 0)
    a = toks[first].start if mod else num.char_start
    pre = lookup_ending(toks, first, g.lex.pre, g.lex.max_len, g.head_variants)
    unit = _find_unit(scan, num.end, num.definite_ok)
    end_tok = unit[2] if unit else num.end
    b = toks[end_tok - 1].end
    if unit is not None:
        scan.emit(a, b, num.value, unit[0], lower, approx)
        verb = _post_verb(scan, unit[2])
        if verb is not None and verb[0] != unit[0]:
            scan.emit(a, verb[1], num.value, verb[0], lower, approx)
    if pre is not None and (unit is None or pre[0] != unit[0]):
        scan.emit(toks[first - pre[1]].start, b, num.value, pre[0], lower, approx)
    return end_tok


def _dual(scan: _Scan, i: int) -> int:
    g, toks = scan.g, scan.toks
    hit = lookup(toks, i, g.lex.duals, g.lex.max_len, lambda w: g.noun_variants(w, True))
    if hit is None:
        return 0
    unit, n = hit
    a, b = toks[i].start, toks[i + n - 1].end
    scan.emit(a, b, 2, unit, False, False)
    pre = lookup_ending(toks, i, g.lex.pre, g.lex.max_len, g.head_variants)
    if pre is not None and pre[0] != unit:
        scan.emit(toks[i - pre[1]].start, b, 2, pre[0], False, False)
    return n


def _single(scan: _Scan, i: int) -> int:
    """A singular noun followed by "one": "سيارة واحدة" counts 1."""
    g, toks = scan.g, scan.toks
    hit = lookup(toks, i, g.lex.nouns, g.lex.max_len, lambda w: g.noun_variants(w, True))
    if hit is None or i + hit[1] >= len(toks):
        return 0
    (unit, _form), n = hit
    if toks[i + n].text not in g.one_words:
        return 0
    scan.emit(toks[i].start, toks[i + n].end, 1, unit, False, False)
    return n + 1


def find_quantities_with(text: str, grammar: QuantityGrammar) -> list[Quantity]:
    """All quantities in ``text`` under ``grammar``, in original offsets."""
    view = normalize(text)
    scan = _Scan(grammar, view, view_tokens(view.text), [])
    i = 0
    while i < len(scan.toks):
        num = grammar.parse_number(scan.toks, i)
        if num is not None:
            i = max(_count(scan, num), i + 1)
            continue
        i += _dual(scan, i) or _single(scan, i) or 1
    return scan.out
