"""Arabic numbers (digits and words) and quantity extraction.

Number words are closed-class grammar, so they live here; the unit nouns, heads and
modifiers are data (rasad/knowledge/units.tsv).

Vague counts get a documented conventional value and ``approximate=True``:
"عشرات" (tens of) -> 20, "مئات" -> 200, "آلاف" (alone) -> 2000, "بضعة"/"عدة"/"عدد من"
-> 3: the smallest value the word can denote, so sums stay conservative.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from ...types import Quantity
from ..quantities import NumberMatch, QuantityGrammar, find_quantities_with
from ..scan import VTok
from ..units import unit_lexicon
from .clitics import particle_variants
from .normalize import NormalizedText

# word -> (value, kind); kinds drive the combination rules in _WordNumber.
_WORDS: dict[str, tuple[int, str]] = {
    "واحد": (1, "unit"), "واحده": (1, "unit"), "احد": (1, "unit"), "احدي": (1, "unit"),
    "اثنان": (2, "unit"), "اثنين": (2, "unit"), "اثنتان": (2, "unit"), "اثنتين": (2, "unit"),
    "اثنا": (2, "unit"), "اثني": (2, "unit"), "اثنتا": (2, "unit"), "اثنتي": (2, "unit"),
    "ثلاث": (3, "unit"), "ثلاثه": (3, "unit"), "اربع": (4, "unit"), "اربعه": (4, "unit"),
    "خمس": (5, "unit"), "خمسه": (5, "unit"), "ست": (6, "unit"), "سته": (6, "unit"),
    "سبع": (7, "unit"), "سبعه": (7, "unit"), "ثمان": (8, "unit"), "ثماني": (8, "unit"),
    "ثمانيه": (8, "unit"), "تسع": (9, "unit"), "تسعه": (9, "unit"),
    "عشر": (10, "ten1"), "عشره": (10, "ten1"),
    "عشرون": (20, "ten"), "عشرين": (20, "ten"), "ثلاثون": (30, "ten"), "ثلاثين": (30, "ten"),
    "اربعون": (40, "ten"), "اربعين": (40, "ten"), "خمسون": (50, "ten"), "خمسين": (50, "ten"),
    "ستون": (60, "ten"), "ستين": (60, "ten"), "سبعون": (70, "ten"), "سبعين": (70, "ten"),
    "ثمانون": (80, "ten"), "ثمانين": (80, "ten"), "تسعون": (90, "ten"), "تسعين": (90, "ten"),
    "ميه": (100, "hundred"), "مايه": (100, "hundred"),
    "ميتان": (200, "hundreds"), "ميتين": (200, "hundreds"), "مايتان": (200, "hundreds"),
    "مايتين": (200, "hundreds"),
    "الف": (1000, "thousand"), "الاف": (1000, "thousand"), "الوف": (1000, "thousand"),
    "الفان": (2000, "thousands"), "الفين": (2000, "thousands"),
    "ميتي": (200, "hundreds"), "مايتي": (200, "hundreds"), "الفي": (2000, "thousands"),
    "مليون": (1_000_000, "thousand"), "ملايين": (1_000_000, "thousand"),
    "مليونان": (2_000_000, "thousands"), "مليونين": (2_000_000, "thousands"),
}
for _u, _v in (("ثلاث", 3), ("اربع", 4), ("خمس", 5), ("ست", 6), ("سبع", 7), ("ثمان", 8),
               ("تسع", 9)):
    for _h in ("ميه", "مايه"):
        _WORDS[_u + _h] = (_v * 100, "hundreds")

# vague word -> conventional value (keys are in normalized spelling: ئ is written ي)
_VAGUE: dict[str, int] = {
    "عشرات": 20, "العشرات": 20, "ميات": 200, "الميات": 200, "الاف": 2000, "الالاف": 2000,
    "بضعه": 3, "بضع": 3, "عده": 3,
}
_MULTIPLIERS = {"الف": 1000, "الاف": 1000, "مليون": 1_000_000, "ملايين": 1_000_000,
                "مليار": 1_000_000_000}
_CLITICS = ("و", "ف", "ب", "ل")
# Every word a number can start with: _strip's readings of _WORDS and _VAGUE, and the
# "عدد من" count. Any other word is rejected with one set lookup (most words of a report).
NUMBER_STARTERS = frozenset(
    {*_WORDS, *_VAGUE, "عدد", "وعدد"}
    | {c + w for c in _CLITICS for w in (*_WORDS, *_VAGUE) if len(c + w) > 3}
)


def _digits(toks: Sequence[VTok], i: int) -> NumberMatch | None:
    raw = toks[i].text
    clean = raw.replace(",", "").replace("\u066c", "")
    if not (clean.isascii() and clean.isdigit()):
        return None  # decimals and numeric dates are not counts
    value = int(clean)
    end = i + 1
    if end < len(toks) and toks[end].text in _MULTIPLIERS:
        value *= _MULTIPLIERS[toks[end].text]
        end += 1
    year_like = end == i + 1 and len(raw) == 4 and 1900 <= value <= 2100
    return NumberMatch(value, i, end, toks[i].start, year_like=year_like)


def _strip(word: str) -> tuple[str, int]:
    """A number word without a leading conjunction/preposition, and the letters removed."""
    if word in _WORDS or word in _VAGUE:
        return word, 0
    if len(word) > 3 and word[0] in _CLITICS and (word[1:] in _WORDS or word[1:] in _VAGUE):
        return word[1:], 1
    return word, 0


def _combine(total: int, cur: int, last: str | None, joined: bool,
             value: int, kind: str) -> tuple[int, int] | None:
    """Fold one number word into (total, current group); None when it cannot continue."""
    fresh = last is None or joined
    if kind == "unit" and (fresh and last in (None, "hundred", "hundreds", "thousand",
                                              "thousands")):
        return total, cur + value
    if kind == "ten1" and not joined and last in (None, "unit"):
        return total, cur + 10
    if kind == "ten" and fresh and last in (None, "unit", "hundred", "hundreds", "thousand",
                                             "thousands"):
        return total, cur + value
    if kind == "hundred" and not joined and last == "unit":
        return total, cur * 100
    if kind in ("hundred", "hundreds") and fresh and last in (None, "thousand", "thousands"):
        return total, cur + value
    if kind == "thousand" and not joined and last is not None:
        return total + cur * value, 0
    if kind == "thousand" and last is None:
        return total + value, 0
    if kind == "thousands" and fresh and last is None:
        return total + value, 0
    return None


def _words(toks: Sequence[VTok], i: int) -> NumberMatch | None:
    total = cur = 0
    last: str | None = None
    j = i
    word0, cut = _strip(toks[i].text)
    if word0 not in _WORDS:
        return None
    while j < len(toks):
        word, joined = (word0 if j == i else toks[j].text), False
        if j > i and word.startswith("و") and word[1:] in _WORDS:
            word, joined = word[1:], True
        if word not in _WORDS:
            break
        step = _combine(total, cur, last, joined, *_WORDS[word])
        if step is None:
            break
        (total, cur), last = step, _WORDS[word][1]
        j += 1
    value = total + cur
    if value <= 0:
        return None
    return NumberMatch(value, i, j, toks[i].start + cut, definite_ok=word0 in ("احد", "احدي"))


def _vague(toks: Sequence[VTok], i: int) -> NumberMatch | None:
    word, cut = _strip(toks[i].text)
    if word == "عدد" or toks[i].text in ("عدد", "وعدد"):
        if i + 1 < len(toks) and toks[i + 1].text == "من":
            return NumberMatch(3, i, i + 1, toks[i].start + (toks[i].text != "عدد"),
                               approximate=True, definite_ok=True)
        return None
    if word not in _VAGUE:
        return None
    return NumberMatch(_VAGUE[word], i, i + 1, toks[i].start + cut, approximate=True,
                       definite_ok=True)


def parse_number(toks: Sequence[VTok], i: int) -> NumberMatch | None:
    """The Arabic number starting at token ``i`` (digits, words or a vague count)."""
    tok = toks[i]
    if tok.is_digits:
        return _digits(toks, i)
    if not tok.is_word or tok.text not in NUMBER_STARTERS:
        return None
    return _vague(toks, i) or _words(toks, i)


def _noun_variants(word: str, definite: bool) -> list[str]:
    out = [word]
    if definite and word.startswith("ال") and len(word) > 4:
        out.append(word[2:])
    if len(word) > 4 and word[0] in "وف":
        out.append(word[1:])
        if definite and word[1:].startswith("ال"):
            out.append(word[3:])
    return out


_head_variants = particle_variants


@cache
def _grammar() -> QuantityGrammar:
    return QuantityGrammar(
        lang="ar", lex=unit_lexicon("ar"), parse_number=parse_number,
        noun_variants=_noun_variants, head_variants=_head_variants,
        gap_words=frozenset({"من"}), gap_stop=frozenset(), article_gap=frozenset({"من"}),
        one_words=frozenset({"واحد", "واحده"}), max_gap=1,
        singular_units=frozenset({"personnel", "civilians", "people", "children", "women"}),
        number_starters=NUMBER_STARTERS,
    )


def find_quantities(text: str | NormalizedText) -> list[Quantity]:
    """Counted quantities in Arabic ``text`` ("9 مواقع", "نقطتين", "أكثر من 90 عنصرًا")."""
    return find_quantities_with(text, _grammar())
