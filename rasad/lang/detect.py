"""Language identification by script: Arabic-script letters versus Latin letters.

Reports in rasad are either Arabic or English, so counting letters per script is
enough and needs no model. Digits, punctuation and other scripts are ignored.
"""

from __future__ import annotations

import re

# Latin text quoted inside an Arabic report (outlet names, "M5") should not flip
# the decision, hence the Arabic share only has to reach this fraction.
_ARABIC_SHARE = 0.3


def _is_arabic_letter(ch: str) -> bool:
    cp = ord(ch)
    return (0x0600 <= cp <= 0x06FF or 0x0750 <= cp <= 0x077F or 0x08A0 <= cp <= 0x08FF
            or 0xFB50 <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFF)


# The same letters as regex classes, so a report is counted in a few passes in C: runs
# of each script are found by the pattern and their letters counted by str.isalpha.
_ARABIC_RANGES = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
_LATIN_RANGES = "A-Za-z\u00c0-\u024f"
_ARABIC_RUN = re.compile(f"[{_ARABIC_RANGES}]+")
_LATIN_RUN = re.compile(f"[{_LATIN_RANGES}]+")


def _non_letters(ranges: str) -> re.Pattern[str]:
    """The characters of ``ranges`` that are not letters (str.isalpha), as a class."""
    chars = [chr(c) for a, b in re.findall(r"(.)-(.)", ranges) for c in range(ord(a), ord(b) + 1)]
    return re.compile("[" + "".join(re.escape(ch) for ch in chars if not ch.isalpha()) + "]")


# Runs are mostly letters: their length minus the non-letters they hold (marks, digits,
# punctuation of the script) is their letter count, without a call per character.
_ARABIC_NON_LETTER = _non_letters(_ARABIC_RANGES)
_LATIN_NON_LETTER = _non_letters(_LATIN_RANGES)


def _letters(pattern: re.Pattern[str], non_letters: re.Pattern[str], text: str) -> int:
    runs = "".join(pattern.findall(text))
    return len(runs) - len(non_letters.findall(runs))


def detect_language(text: str) -> str:
    """Return "ar" or "en" by the share of Arabic-script letters; "und" without letters."""
    arabic = _letters(_ARABIC_RUN, _ARABIC_NON_LETTER, text)
    latin = _letters(_LATIN_RUN, _LATIN_NON_LETTER, text)
    total = arabic + latin
    if total == 0:
        return "und"
    return "ar" if arabic / total >= _ARABIC_SHARE else "en"


def detect_language_by_char(text: str) -> str:
    """The reference detector, one character at a time: what :func:`detect_language`
    must equal (kept for the tests that compare the two)."""
    arabic = latin = 0
    for ch in text:
        if not ch.isalpha():
            continue
        if _is_arabic_letter(ch):
            arabic += 1
        elif ch.isascii() or "\u00c0" <= ch <= "\u024f":
            latin += 1
    total = arabic + latin
    if total == 0:
        return "und"
    return "ar" if arabic / total >= _ARABIC_SHARE else "en"
