"""Language identification by script: Arabic-script letters versus Latin letters.

Reports in rasad are either Arabic or English, so counting letters per script is
enough and needs no model. Digits, punctuation and other scripts are ignored.
"""

from __future__ import annotations

# Latin text quoted inside an Arabic report (outlet names, "M5") should not flip
# the decision, hence the Arabic share only has to reach this fraction.
_ARABIC_SHARE = 0.3


def _is_arabic_letter(ch: str) -> bool:
    cp = ord(ch)
    return (0x0600 <= cp <= 0x06FF or 0x0750 <= cp <= 0x077F or 0x08A0 <= cp <= 0x08FF
            or 0xFB50 <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFF)


def detect_language(text: str) -> str:
    """Return "ar" or "en" by the share of Arabic-script letters; "und" without letters."""
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
