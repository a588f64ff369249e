"""Sentence splitting and word tokenization with offsets into the original text."""

from __future__ import annotations

import re
from functools import cache

from ..spans import word_starts
from ..types import Sentence, Token
from .ar.normalize import NormalizedText, normalize, normalize_str
from .lexicon import read_tsv

# Combining marks (Arabic harakat, Latin accents), tatweel and joiners stay inside a word.
_MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d"
# Latin codes ("M5") stay whole; elsewhere digits and letters split, so that a
# proclitic before a number ("و3 جرحى") does not swallow it.
# (a letter run then any runs of marks and letters: the same words as one letter and
# letters-or-marks one character at a time, with fewer steps of the regex engine)
_WORD = re.compile(rf"[A-Za-z]+[0-9][A-Za-z0-9]*|\d+(?:[.,\u066b\u066c]\d+)*"
                   rf"|[^\W\d_]+(?:[{_MARKS}]+[^\W\d_]*)*")
_BOUNDARY = re.compile(r"\.{2,}|[.!?\u061f;\u061b\u2026]+|\n")
_OPENERS = {"(": ")", "[": "]", "«": "»", "“": "”", '"': '"', "﴿": "﴾"}
_OPENER = re.compile("[" + re.escape("".join(_OPENERS)) + "]")
# A parenthesis or quote longer than this is treated as running text, not an aside.
_SHORT_ASIDE = 120
_WORD_BEFORE = re.compile(r"([^\W\d_]+)\.$")


@cache
def _abbreviations() -> frozenset[str]:
    return frozenset(row["word"].lower() for row in read_tsv("abbreviations.tsv"))


def _protected(text: str) -> list[tuple[int, int]]:
    """Interiors of short parentheses/quotes, where punctuation does not end a sentence."""
    spans: list[tuple[int, int]] = []
    n = len(text)
    opener = _OPENER.search(text)
    while opener is not None:
        i = opener.start()
        close = _OPENERS[text[i]]
        j = text.find(close, i + 1, min(n, i + 1 + _SHORT_ASIDE))
        if j < 0 or "\n" in text[i:j]:
            opener = _OPENER.search(text, i + 1)
            continue
        spans.append((i + 1, j))
        opener = _OPENER.search(text, j + 1)
    return spans


def _is_false_stop(text: str, start: int, end: int) -> bool:
    """A single '.' that belongs to a number or an abbreviation, not a sentence end."""
    if text[start:end] != ".":
        return False
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if before.isdigit() and after.isdigit():
        return True
    m = _WORD_BEFORE.search(text, max(0, start - 12), end)
    if m is None:
        return False
    word = m.group(1)
    if len(word) == 1 and word.isalpha():
        return True  # initials: "U.S.", "A. Smith"
    if word.lower() in _abbreviations():
        return True
    nxt = text[end:end + 2].lstrip()
    return bool(nxt) and nxt[0].islower()  # "approx. the" in English


def _cut_points(text: str) -> list[int]:
    protected = _protected(text)
    cuts: list[int] = []
    for m in _BOUNDARY.finditer(text):
        s, e = m.span()
        if m.group() != "\n":
            if _is_false_stop(text, s, e):
                continue
            if any(a <= s < b for a, b in protected):
                continue
        cuts.append(e)
    return cuts


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of ``text`` as original-offset spans without surrounding whitespace."""
    out: list[Sentence] = []
    prev = 0
    for cut in [*_cut_points(text), len(text)]:
        s, e = prev, cut
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e and any(ch.isalnum() for ch in text[s:e]):
            out.append(Sentence(s, e))
        elif s < e and out:
            out[-1] = Sentence(out[-1].start, e)  # stray punctuation joins the sentence
        prev = cut
    return out


def tokenize(text: str, view: NormalizedText | None = None) -> list[Token]:
    """Words (runs of letters/digits, numbers with separators); punctuation dropped.

    ``view`` is the normalized view of ``text`` when the caller has it (a Document's):
    folding works character by character, so a word's normalized form is the slice of
    the view its characters produced, and the report is normalized once, not per word.
    Where some character folds to none or several, mapping each word into the view
    costs more than remembering each written word's form across reports."""
    view = view if view is not None and view.original is text else normalize(text)
    origin, folded = view.origin, view.text
    # every word begins with a letter or digit, where a word always begins
    starts, words = word_starts(_WORD, text)
    if isinstance(origin, range):  # every character folded to one: same offsets
        return [Token(s, s + len(w), w, folded[s:s + len(w)])
                for s, w in zip(starts, words, strict=True)]
    norms = _NORMS.state
    if len(norms) > _NORMS_REMEMBERED:
        norms = _NORMS.state = {}
    known = norms.get
    return [Token(s, s + len(w), w, known(w) or _remember_norm(norms, w))
            for s, w in zip(starts, words, strict=True)]


# Bound on the written words whose normalized form is remembered (a few MB: a server
# reads an open vocabulary).
_NORMS_REMEMBERED = 50_000


class _Norms:
    """Written word -> normalized form, shared by all reports: news text repeats its
    words, and a dict lookup costs less than mapping each word's offsets into the view.
    Replaced whole when full, so a reader never sees half a reset."""

    def __init__(self) -> None:
        self.state: dict[str, str] = {}


_NORMS = _Norms()


def _remember_norm(norms: dict[str, str], word: str) -> str:
    # Folding works character by character, so a word's normalized form is the slice
    # of the report's view its characters produced: the same in every report.
    norm = norms[word] = normalize_str(word)
    return norm
