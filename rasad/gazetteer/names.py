"""Name folding for gazetteer lookup: Arabic spelling variants and Latin transliterations.

Lookup keys are deliberately coarser than the matcher's normalized view: the article,
the final alef/ta marbuta/hamza ending (البيضة/البيضا/البيضاء) and Latin vowels vary
freely between outlets, while the consonant skeleton of a name is stable.
"""

from __future__ import annotations

import re
import unicodedata

from ..lang.ar.normalize import normalize_str

_AR_LETTER = re.compile(r"[\u0600-\u06ff]")
_SEPARATORS = re.compile(r"[_\-‐–—/,()\".]+")
# Apostrophes and ayn/hamza marks stand inside a word ("Dara'a", "Ma'arrat", "Sa‘sa‘")
_APOSTROPHES = re.compile(r"['’‘`ʿʾ´]")
_EN_ARTICLES = frozenset(
    ["al", "el", "ad", "ad-d", "as", "ash", "az", "ar", "at", "ath", "adh", "an", "en", "es", "ez", "er", "ed", "et", "ul", "il"]
)
_SKELETON_DROP = re.compile(r"[aeiouyw\s]+")


def is_arabic(text: str) -> bool:
    return bool(_AR_LETTER.search(text))


def _fold_ar_token(token: str) -> str:
    if token.startswith(("ال", "لل")) and len(token) > 4:
        token = token[2:]  # "لل" is ل + the article fused ("للسويداء")
    if token.endswith("اء") and len(token) > 3:
        token = token[:-1]
    if token.endswith("ه") and len(token) > 3:
        token = token[:-1] + "ا"
    return token


def fold_ar(name: str) -> str:
    """Lookup key of an Arabic name: normalized, article and final-vowel spelling folded."""
    text = _SEPARATORS.sub(" ", normalize_str(name))
    return " ".join(_fold_ar_token(t) for t in text.split())


def fold_en(name: str) -> str:
    """Lookup key of a Latin name: no diacritics, case, hyphens or Arabic articles."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    tokens = _SEPARATORS.sub(" ", _APOSTROPHES.sub("", plain)).split()
    kept = [t for t in tokens if t not in _EN_ARTICLES]
    return " ".join(kept or tokens)


# Spellings of one Arabic sound in English transliterations (ACLED, wires, OCHA, GeoNames):
# q/k/g (qaf), kh/h, gh/g, ch/sh (French), dh/d, th/t, ph/f, dj/j, ou/oo/u (vowels go anyway).
_CONSONANT_SPELLINGS = (("kh", "h"), ("gh", "k"), ("ch", "sh"), ("dh", "d"), ("th", "t"),
                        ("ph", "f"), ("dj", "j"), ("q", "k"), ("g", "k"), ("c", "k"))
# An article glued to a sun letter: "Ezzor" (ez-Zor), "Assafira", "Ennabk", "Attarib".
_GLUED_ARTICLE = re.compile(r"^[ae]([dnrstz])\1(?=[a-z]{2})")
# A final -a/-e written with h ("Hamah", "Sukkariyeh", "Ftireh") or not.
_FINAL_H = re.compile(r"(?<=[aeiouy])h$")
MIN_SKELETON = 3  # shorter skeletons ("dr": Daraa, Deir, Dar) match only as written


def skeleton_en(name: str) -> str:
    """Transliteration key of a Latin name: the consonants that survive every spelling.

    Tadmur/Tadmor, Deir ez-Zor/Dayr az Zawr/Deir Ezzor, Ain/Ein/Ayn, Tal/Tall/Tell,
    Maaret/Maarat/Ma'arrat, -iyeh/-iya/-iyah/-ieh, q/k/g, kh/h, doubled letters.
    """
    out: list[str] = []
    for token in fold_en(name).split():
        token = _FINAL_H.sub("", _GLUED_ARTICLE.sub(r"\1", token))
        for spelling, sound in _CONSONANT_SPELLINGS:
            token = token.replace(spelling, sound)
        consonants = re.sub(r"(sh|.)\1+", r"\1", _SKELETON_DROP.sub("", token))  # shsh: sh
        if consonants:
            out.append(consonants)
    return " ".join(out)


# Arabic letters as the consonants skeleton_en keeps of their usual transliterations
# (th/dh/kh/gh already folded to t/d/h/k there); long vowels, hamza and ain drop.
_AR_CONSONANTS = str.maketrans({
    "ب": "b", "ت": "t", "ث": "t", "ج": "j", "ح": "h", "خ": "h", "د": "d", "ذ": "d", "ر": "r",
    "ز": "z", "س": "s", "ش": "S", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "غ": "k", "ف": "f",
    "ق": "k", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ا": "", "و": "", "ي": "",
    "ء": "", "ع": "", "ى": "", "ة": "", "ئ": "", "ؤ": ""})


def skeleton_ar(name: str) -> str:
    """The skeleton_en key an Arabic name's English spellings share: "مجدي" -> "mjd" as
    "Majdi", "رحيم طحان" -> "rhm thn" as "Rahim Tahhan"."""
    out: list[str] = []
    for token in normalize_str(name).split():
        token = token[2:] if token.startswith("ال") and len(token) > 3 else token
        token = token.removesuffix("ه")  # ة folded to ه: a vowel
        consonants = re.sub(r"(.)\1+", r"\1", token.translate(_AR_CONSONANTS))
        if consonants:
            out.append(consonants.replace("S", "sh"))
    return " ".join(out)


def distinctive_skeleton(skeleton: str) -> bool:
    """Enough consonants to find a place by ("Ein Issa" "n s" yes; "Ain" "n", "Tal" no)."""
    return len(skeleton.replace(" ", "")) >= MIN_SKELETON or skeleton.count(" ") >= 1


def fold(name: str) -> str:
    return fold_ar(name) if is_arabic(name) else fold_en(name)


_JOINABLE_HEADS = frozenset(["دير", "كفر", "عين", "تل", "بيت", "ابو", "ام", "معره", "جسر", "خربه"])


def surface_variants(name: str) -> set[str]:
    """Spellings of an Arabic name worth adding to the matcher (final ة/ا/اء; "دير الزور"
    also written "ديرالزور", "كفر نبل" as "كفرنبل")."""
    norm = " ".join(normalize_str(name).replace("_", " ").split())
    out = {norm}
    head_word, sep, rest = norm.partition(" ")
    if sep and head_word in _JOINABLE_HEADS:
        out.add(head_word + rest)
    if not is_arabic(norm):
        return out
    return out | {v for base in out for v in _final_variants(base)}


def _final_variants(norm: str) -> set[str]:
    out: set[str] = set()
    head, _, last = norm.rpartition(" ")
    stem = None
    if last.endswith("اء"):
        stem = last[:-2]
    elif last.endswith(("ه", "ا")):
        stem = last[:-1]
    if stem is not None and len(stem) >= 3:
        prefix = head + " " if head else ""
        out |= {prefix + stem + end for end in ("ه", "ا", "اء")}
    return out
