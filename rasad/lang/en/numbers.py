"""English numbers (digits and words) and quantity extraction.

Vague counts carry a conventional lower value and ``approximate=True``: "dozens" -> 24,
"scores" -> 40, "hundreds" -> 200, "thousands" -> 2000, "several"/"a few"/"a number
of" -> 3, "a couple of" -> 2.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from ...types import Quantity
from ..ar.normalize import NormalizedText
from ..quantities import NumberMatch, QuantityGrammar, find_quantities_with
from ..scan import VTok
from ..units import unit_lexicon

_SMALL = {w: i for i, w in enumerate([
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen"])}
_TENS = {w: 10 * (i + 2) for i, w in enumerate(
    ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"])}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_VAGUE: dict[tuple[str, ...], int] = {
    ("dozens",): 24, ("scores",): 40, ("hundreds",): 200, ("thousands",): 2000,
    ("several",): 3, ("a", "few"): 3, ("a", "number"): 3, ("a", "couple"): 2,
    ("a", "dozen"): 12, ("tens",): 20,
}
_PRECISE_VAGUE = {("a", "dozen")}
# Every word a number can start with ("a" for "a hundred"); any other word is rejected
# with one set lookup.
NUMBER_STARTERS = frozenset({*_SMALL, *_TENS, "a", *(key[0] for key in _VAGUE)})


def _digits(toks: Sequence[VTok], i: int) -> NumberMatch | None:
    raw = toks[i].text.replace(",", "")
    if not (raw.isascii() and raw.isdigit()):
        return None
    value, end = int(raw), i + 1
    if end < len(toks) and toks[end].text in _SCALES:
        value *= _SCALES[toks[end].text]
        end += 1
    year_like = end == i + 1 and len(raw) == 4 and 1900 <= value <= 2100 and "," not in \
        toks[i].text
    return NumberMatch(value, i, end, toks[i].start, year_like=year_like)


def _word_value(toks: Sequence[VTok], j: int) -> tuple[int, int] | None:
    """A number below 100 at token j ("twenty-five" is three tokens): (value, tokens)."""
    w = toks[j].text
    if w in _SMALL:
        return _SMALL[w], 1
    if w not in _TENS:
        return None
    if j + 2 < len(toks) and toks[j + 1].text == "-" and toks[j + 2].text in _SMALL:
        return _TENS[w] + _SMALL[toks[j + 2].text], 3
    return _TENS[w], 1


def _words(toks: Sequence[VTok], i: int) -> NumberMatch | None:
    total, j = 0, i
    first = _word_value(toks, i)
    if first is None:
        if toks[i].text == "a" and i + 1 < len(toks) and toks[i + 1].text in _SCALES:
            first = (1, 1)
        else:
            return None
    cur, j = first[0], i + first[1]
    while j < len(toks) and toks[j].text in _SCALES:
        scale = _SCALES[toks[j].text]
        if scale == 100:
            cur *= 100
        else:
            total, cur = total + cur * scale, 0
        j += 1
        k = j + 1 if j < len(toks) and toks[j].text == "and" else j
        nxt = _word_value(toks, k) if k < len(toks) else None
        if nxt is not None:
            cur, j = cur + nxt[0], k + nxt[1]
    if j < len(toks) and toks[j].text == "dozen":
        cur, j = cur * 12, j + 1
    value = total + cur
    return NumberMatch(value, i, j, toks[i].start) if value > 0 else None


def _vague(toks: Sequence[VTok], i: int) -> NumberMatch | None:
    for n in (2, 1):
        if i + n > len(toks):
            continue  # a slice past the end would pass a one-word key off as two
        key = tuple(t.text for t in toks[i:i + n])
        if key in _VAGUE:
            return NumberMatch(_VAGUE[key], i, i + n, toks[i].start,
                               approximate=key not in _PRECISE_VAGUE)
    return None


def parse_number(toks: Sequence[VTok], i: int) -> NumberMatch | None:
    """The English number starting at token ``i`` (digits, words or a vague count)."""
    tok = toks[i]
    if tok.is_digits:
        return _digits(toks, i)
    if not tok.is_word or tok.text not in NUMBER_STARTERS:
        return None
    return _vague(toks, i) or _words(toks, i)


def _same(word: str, _definite: bool) -> list[str]:
    return [word]


@cache
def _grammar() -> QuantityGrammar:
    return QuantityGrammar(
        lang="en", lex=unit_lexicon("en"), parse_number=parse_number,
        noun_variants=_same, head_variants=lambda w: [w],
        gap_words=None,
        gap_stop=frozenset({"and", "or", "in", "at", "on", "by", "to", "from", "with", "for",
                            "were", "was", "are", "is", "had", "have", "km", "kilometers",
                            "miles", "days", "weeks", "months", "years", "hours", "times"}),
        article_gap=frozenset(),
        post_fillers=frozenset({"were", "was", "have", "had", "been", "are", "reportedly",
                                "also", "all", "being"}),
        one_words=frozenset(), max_gap=2, number_starters=NUMBER_STARTERS,
    )


def find_quantities(text: str | NormalizedText) -> list[Quantity]:
    """Counted quantities in English ``text`` ("9 positions", "more than 90 fighters")."""
    return find_quantities_with(text, _grammar())
