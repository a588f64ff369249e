"""Clitic-aware dictionary matching over normalized text.

Arabic writes conjunctions, prepositions and the article onto the next word
("وميليشيا", "بريف", "للحرس", "والفيلق"), so a dictionary phrase often starts in the
middle of a written word. The matcher scans the normalized view with an Aho-Corasick
automaton and keeps a hit only when the letters before it in the same word form a
valid proclitic chain, and the hit ends on a word boundary (or, for entries that
allow it, continues with a suffix). Overlaps resolve leftmost-longest.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

import ahocorasick

from .lang.ar.normalize import NormalizedText, normalize_str

T = TypeVar("T")

# Proclitic chains, after normalization: conjunction, then preposition, then article.
# "لل" is ل + ال with the alef dropped in writing. The chains are few, so each kind is
# a set of the written prefixes it allows (one lookup per hit, no regex).
_CONJUNCTIONS = ("", "و", "ف")
_PREPOSITIONS = ("", "ب", "ك", "ل")
_PREFIX_NO_ARTICLE = frozenset(c + p for c in _CONJUNCTIONS for p in _PREPOSITIONS)
_PREFIX_WITH_ARTICLE = frozenset({p + "ال" for p in _PREFIX_NO_ARTICLE}
                                 | {c + "لل" for c in _CONJUNCTIONS})


def is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


# Not frozen: a frozen dataclass is built through object.__setattr__, and a report makes
# one per accepted hit of every matcher. Treated as immutable all the same (hence the hash).
@dataclass(slots=True, unsafe_hash=True)
class Match(Generic[T]):
    start: int  # normalized offsets of the dictionary phrase (clitics excluded)
    end: int
    prefix_start: int  # where the written word begins (clitics included)
    payloads: tuple[T, ...]


@dataclass(slots=True)
class _Entry(Generic[T]):
    bare: bool  # some phrase was listed without the article ("حسكة")
    with_article: bool  # some phrase was listed with it ("الحسكة")
    allow_suffix: bool
    payloads: list[T]
    carried: tuple[T, ...] = ()  # the payloads as every hit carries them, made by _build


class PhraseMatcher(Generic[T]):
    """Maps dictionary phrases (any spelling) to payloads and finds them in text."""

    def __init__(self) -> None:
        self._entries: dict[str, _Entry[T]] = {}
        self._automaton = ahocorasick.Automaton()
        self._built = False

    def add(self, phrase: str, payload: T, *, allow_suffix: bool = False) -> None:
        self.add_normalized(" ".join(normalize_str(phrase).split()), payload,
                            allow_suffix=allow_suffix)

    def add_normalized(self, key: str, payload: T, *, allow_suffix: bool = False) -> None:
        """:meth:`add` for a phrase already normalized, its words one space apart (a
        large lexicon folds each name once, not once more here)."""
        if not key:
            return
        has_article = key.startswith("ال") and len(key) > 3
        core = key[2:] if has_article else key
        entry = self._entries.get(core)
        if entry is None:
            entry = _Entry(False, False, allow_suffix, [])
            self._entries[core] = entry
        entry.with_article = entry.with_article or has_article
        entry.bare = entry.bare or not has_article
        entry.allow_suffix = entry.allow_suffix or allow_suffix
        if payload not in entry.payloads:
            entry.payloads.append(payload)
        self._built = False

    def __len__(self) -> int:
        return len(self._entries)

    def _build(self) -> None:
        self._automaton = ahocorasick.Automaton()
        # the value carries what the scan reads per hit, so a hit costs no dict lookup
        for core, entry in self._entries.items():
            entry.carried = tuple(entry.payloads)
            self._automaton.add_word(core, (len(core), entry.allow_suffix, entry))
        if self._entries:
            self._automaton.make_automaton()
        self._built = True

    def find(self, view: NormalizedText | str) -> list[Match[T]]:
        """All non-overlapping hits, leftmost-longest, in normalized offsets."""
        text = view.text if isinstance(view, NormalizedText) else view
        if not self._built:
            self._build()
        if not self._entries:
            return []
        hits: list[Match[T]] = []
        size = len(text)
        for end_idx, (length, allow_suffix, entry) in self._automaton.iter(text):
            end = end_idx + 1
            if not allow_suffix and end < size:
                # inside a longer word: most hits, rejected before _accept's work
                # (is_word_char inlined: this runs for every hit of every matcher)
                after, last = text[end], text[end_idx]
                if (after.isalnum() or after == "_") and (last.isalnum() or last == "_"):
                    continue
            hit = self._accept(text, end - length, end, entry)
            if hit is not None:
                hits.append(hit)
        return _leftmost_longest(hits)

    def _accept(self, text: str, start: int, end: int, entry: _Entry[T]) -> Match[T] | None:
        # (a hit glued to a following letter without a suffix allowed never gets here)
        word_start = start
        while word_start > 0:  # (is_word_char inlined: a step per letter of every hit)
            before = text[word_start - 1]
            if not (before.isalnum() or before == "_"):
                break
            word_start -= 1
        if word_start == start:  # no proclitic: the hit is the written word's beginning
            if not entry.bare:
                return None
            return Match(start, end, start, entry.carried)
        prefix = text[word_start:start]
        if not is_word_char(text[start]):
            return None
        article = entry.with_article and prefix in _PREFIX_WITH_ARTICLE
        bare = entry.bare and _is_arabic(text[start]) and prefix in _PREFIX_NO_ARTICLE
        if not (article or bare):
            return None
        phrase_start = start
        if article and prefix.endswith(("ال", "لل")):
            phrase_start = start - 2  # a fused "لل" stays with the name
        return Match(phrase_start, end, word_start, entry.carried)


def _is_arabic(ch: str) -> bool:
    return "\u0600" <= ch <= "\u06ff"


def _leftmost_longest(hits: Iterable[Match[T]]) -> list[Match[T]]:
    ordered = sorted(hits, key=lambda m: (m.prefix_start, -(m.end - m.prefix_start)))
    out: list[Match[T]] = []
    last_end = -1
    for m in ordered:
        if m.prefix_start >= last_end:
            out.append(m)
            last_end = m.end
    return out
