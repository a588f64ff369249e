"""Offset-preserving normalization of Arabic (and mixed Arabic/Latin) text.

The normalized string is a *view* for matching: every normalized character remembers
the span of original characters it came from, so a match found in the view maps back
to exact offsets in the original report.

Folds applied (each a common source of spelling variation in news text):
1. Unicode presentation forms (FB50-FDFF, FE70-FEFF) to their base letters (NFKC).
2. Diacritics (harakat, tanwin, shadda, sukun, superscript alef) and tatweel removed.
3. Zero-width and bidi control characters removed.
4. Hamza/alef forms أ إ آ ٱ -> ا; ؤ -> و; ئ -> ي; alef maqsura ى -> ي; ta marbuta ة -> ه.
5. Arabic-Indic and Persian digits -> ASCII digits; Persian letters ک ی -> ك ي.
6. Latin letters lower-cased; runs of whitespace kept one-to-one (no collapsing), so
   the view has the same word boundaries as the original.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

_DIACRITICS = set(range(0x0610, 0x061B)) | set(range(0x064B, 0x0660)) | {0x0670, 0x06D6,
    0x06D7, 0x06D8, 0x06D9, 0x06DA, 0x06DB, 0x06DC, 0x06DF, 0x06E0, 0x06E1, 0x06E2,
    0x06E3, 0x06E4, 0x06E7, 0x06E8, 0x06EA, 0x06EB, 0x06EC, 0x06ED}
_TATWEEL = 0x0640
_INVISIBLE = {0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF, 0x061C,
              0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x00AD}

_LETTER_FOLD = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ؤ": "و", "ئ": "ي", "ى": "ي", "ة": "ه", "ۀ": "ه", "ہ": "ه", "ھ": "ه",
    "ک": "ك", "ی": "ي", "ې": "ي", "ے": "ي",
}
for _i in range(10):
    _LETTER_FOLD[chr(0x0660 + _i)] = str(_i)  # Arabic-Indic
    _LETTER_FOLD[chr(0x06F0 + _i)] = str(_i)  # Persian / Urdu


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """Normalized replacement for one original character ('' deletes it)."""
    cp = ord(ch)
    if cp in _DIACRITICS or cp == _TATWEEL or cp in _INVISIBLE:
        return ""
    if 0xFB50 <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFF:
        ch = unicodedata.normalize("NFKC", ch)
    out = []
    for c in ch:
        c2 = _LETTER_FOLD.get(c, c)
        if c2 and (ord(c2[0]) in _DIACRITICS or ord(c2[0]) == _TATWEEL):
            continue
        out.append(c2.lower() if c2.isascii() else c2)
    return "".join(out)


@dataclass(slots=True, frozen=True)
class NormalizedText:
    """A normalized view of ``original`` with a map back to original offsets.

    ``origin[i]`` is the index in ``original`` of the character that produced
    normalized character ``i``; ``origin[len(text)]`` is ``len(original)``. When every
    character folds to one, ``origin`` is a ``range`` (no list of offsets is kept: a
    tuple of them takes some 36 bytes per character of the report).
    """

    original: str
    text: str
    origin: range | tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open normalized span to the smallest original span covering it."""
        if start >= end:
            o = self.origin[start]
            return o, o
        o_start = self.origin[start]
        o_end = self.origin[end - 1] + 1
        # Absorb deleted marks (diacritics, tatweel) that trail the last kept letter.
        while o_end < len(self.original) and _fold_char(self.original[o_end]) == "" and \
                not self.original[o_end].isspace():
            o_end += 1
        return o_start, o_end

    def from_original(self, index: int) -> int:
        """First normalized index whose origin is at or after ``index``."""
        return bisect_left(self.origin, index, 0, len(self.text))


# Characters whose fold is not exactly one character (deleted marks, presentation forms
# that NFKC may expand): everything else folds one-to-one through ``_ONE_TO_ONE``, so a
# run without them is normalized by one ``str.translate`` and maps to itself.
_IRREGULAR = re.compile("[" + "".join(
    re.escape(chr(cp)) for cp in sorted(_DIACRITICS | _INVISIBLE | {_TATWEEL})
) + "\uFB50-\uFDFF\uFE70-\uFEFF]")
_ONE_TO_ONE = str.maketrans({**_LETTER_FOLD, **{chr(c): chr(c + 32) for c in range(65, 91)}})


def normalize(text: str) -> NormalizedText:
    """Normalize ``text`` for matching, keeping a map back to original offsets."""
    folded = fold_one_to_one(text)
    if folded is not None:
        return NormalizedText(text, folded, range(len(text) + 1))
    chars: list[str] = []
    origin: list[int] = []
    prev = 0
    for m in _IRREGULAR.finditer(text):
        start = m.start()
        chars.append(text[prev:start].translate(_ONE_TO_ONE))
        origin.extend(range(prev, start))
        folded = _fold_char(m.group())
        chars.append(folded)
        origin.extend([start] * len(folded))
        prev = start + 1
    chars.append(text[prev:].translate(_ONE_TO_ONE))
    origin.extend(range(prev, len(text) + 1))
    return NormalizedText(text, "".join(chars), tuple(origin))


def normalize_by_char(text: str) -> NormalizedText:
    """The reference normalizer, one character at a time: what :func:`normalize` must
    equal (kept for the tests that compare the two)."""
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        folded = ch if (ch.isascii() and not ch.isupper()) else _fold_char(ch)
        for c in folded:
            chars.append(c)
            origin.append(i)
    origin.append(len(text))
    return NormalizedText(text, "".join(chars), tuple(origin))


def as_view(text: str | NormalizedText) -> NormalizedText:
    """``text`` as a normalized view, reusing one already made (a Document's)."""
    return text if isinstance(text, NormalizedText) else normalize(text)


def fold_one_to_one(text: str) -> str | None:
    """The normalized form of ``text`` when every character folds to exactly one (so
    offsets are shared with the original), else None."""
    if _IRREGULAR.search(text) is None:
        return text.translate(_ONE_TO_ONE)
    return None


# Strings up to this length have their normalized form remembered: the steps fold the
# same names and words (places, actors, cue words) report after report. The memory is
# small (some 2 MB): a report folds a few dozen such strings, and loading a lexicon
# passes tens of thousands of names through it once.
_SHORT = 64


def normalize_str(text: str) -> str:
    """The normalized form of a short string (dictionary keys, aliases)."""
    if len(text) <= _SHORT:
        return _normalize_short(text)
    return _normalize_any(text)


@lru_cache(maxsize=8192)
def _normalize_short(text: str) -> str:
    return _normalize_any(text)


def _normalize_any(text: str) -> str:
    folded = fold_one_to_one(text)
    return normalize(text).text if folded is None else folded
