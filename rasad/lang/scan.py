"""Word-level scanning over a normalized view (shared by dates and quantities)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

from ..spans import word_starts

V = TypeVar("V")

# Numeric dates first so "6-5-2019" stays one token; then numbers with thousands
# separators or decimals, then letter runs, then single punctuation marks.
_TOKEN = re.compile(
    r"[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{4}(?![0-9])"
    r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?![0-9])"
    r"|[0-9]+(?:[,\u066c][0-9]{3})+(?![0-9])"
    r"|[0-9]+(?:[.\u066b][0-9]+)?"
    r"|[^\W\d_]+"
    r"|[^\w\s]"
)


# Not frozen: a frozen dataclass is built through object.__setattr__, three times slower,
# and a report makes one per token. Treated as immutable all the same (hence the hash).
@dataclass(slots=True, unsafe_hash=True)
class VTok:
    """A token of the normalized view; offsets are normalized offsets."""

    start: int
    end: int
    text: str

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha()

    @property
    def is_digits(self) -> bool:
        return "0" <= self.text[0] <= "9"


def view_tokens(norm_text: str) -> tuple[VTok, ...]:
    """Tokens of a normalized view; cached, as the date and quantity scans of a report
    both read them."""
    return _scan_view(norm_text)[0]


@dataclass(frozen=True, slots=True)
class TokenIndex:
    """The texts of a view's tokens in order, their distinct words, and which of those
    are digits."""

    texts: tuple[str, ...]
    words: frozenset[str]
    digits: frozenset[str]


def token_index(norm_text: str) -> TokenIndex:
    """The :class:`TokenIndex` of ``view_tokens(norm_text)``; cached with the tokens,
    as both scans of a report choose their candidates from it."""
    return _scan_view(norm_text)[1]


@lru_cache(maxsize=8)
def _scan_view(norm_text: str) -> tuple[tuple[VTok, ...], TokenIndex]:
    starts, texts = word_starts(_TOKEN, norm_text)  # every token begins with a token start
    tokens = tuple([VTok(s, s + len(w), w) for s, w in zip(starts, texts, strict=True)])
    words = frozenset(texts)
    digits = frozenset(w for w in words if "0" <= w[0] <= "9")
    return tokens, TokenIndex(tuple(texts), words, digits)


Variants = Callable[[str], list[str]]
Words = tuple[str, ...]


# Bound on the written words a phrase table remembers per lookup-form function (a few
# MB): a long-running server sees an open vocabulary.
_HEADS_REMEMBERED = 50_000
_NO_HEADS: tuple[str, ...] = ()


class Phrases(dict[Words, V]):
    """A phrase table that also knows its first words, so most tokens are rejected
    with one set lookup instead of one tuple per phrase length."""

    def __init__(self) -> None:
        super().__init__()
        self.firsts: set[str] = set()
        self._heads: dict[tuple[Variants, str], tuple[str, ...]] = {}
        # per lookup-form function: written words known to begin a phrase, or not to
        self._begin: dict[Variants, tuple[set[str], set[str]]] = {}
        # per tuple of first words: the lengths of the phrases they begin, longest first,
        # from the lengths per first word (made whole before it is shared: thread-safe)
        self._lengths: dict[tuple[str, ...], tuple[int, ...]] = {}
        self._by_head: dict[str, frozenset[int]] | None = None

    def __setitem__(self, key: Words, value: V) -> None:
        super().__setitem__(key, value)
        self.firsts.add(key[0])
        self._heads.clear()
        self._begin.clear()
        self._lengths.clear()
        self._by_head = None

    def lengths(self, heads: tuple[str, ...]) -> tuple[int, ...]:
        """The token counts of the phrases beginning with one of ``heads``, longest
        first: a lookup tries only those instead of every count up to the longest
        phrase of the table (most words begin one-word phrases only)."""
        found = self._lengths.get(heads)
        if found is None:
            by_head = self._by_head
            if by_head is None:
                by_head = self._by_head = self._index_lengths()
            found = tuple(sorted({n for h in heads for n in by_head.get(h, ())}, reverse=True))
            self._lengths[heads] = found
        return found

    def _index_lengths(self) -> dict[str, frozenset[int]]:
        by_head: dict[str, set[int]] = {}
        for key in self:
            by_head.setdefault(key[0], set()).add(len(key))
        return {head: frozenset(counts) for head, counts in by_head.items()}

    def beginning(self, words: AbstractSet[str], variants: Variants) -> AbstractSet[str]:
        """The written ``words`` some lookup form of which begins a phrase: set
        operations over the words already seen, :meth:`heads` for new ones only."""
        known, other = self._begin.setdefault(variants, (set(), set()))
        new = words - other - known  # (most words begin no phrase: fewer kept first)
        if len(known) + len(other) + len(new) > _HEADS_REMEMBERED:
            known.clear()
            other.clear()
        for word in new:
            (known if self.heads(word, variants) else other).add(word)
        return words & known

    def setdefault(self, key: Words, default: V) -> V:  # type: ignore[override]
        if key not in self:
            self[key] = default
        return self[key]

    def heads(self, word: str, variants: Variants) -> tuple[str, ...]:
        """The lookup forms of ``word`` that begin a phrase of the table. Remembered per
        word and ``variants``: the scans ask for every token of every report, and news
        text repeats its words."""
        key = (variants, word)
        found = self._heads.get(key)
        if found is None:
            if len(self._heads) >= _HEADS_REMEMBERED:
                self._heads.clear()
            found = tuple(h for h in variants(word) if h in self.firsts) or _NO_HEADS
            self._heads[key] = found
        return found


def candidate_indices(tokens: Sequence[VTok], starters: frozenset[str],
                      tables: Iterable[tuple[Phrases[Any], Variants]],
                      index: TokenIndex | None = None) -> list[int]:
    """Indices of the tokens a scan must look at: digits, ``starters`` (the words a
    number may begin with) and the words some lookup form of which begins a phrase of
    one of ``tables``. At any other token, every lookup and number reading fails, so
    the scans step over them without a call each. ``index``: the tokens'
    :class:`TokenIndex` when the caller has it (its distinct words and texts are
    made once per report, not per scan)."""
    if index is None:
        words: AbstractSet[str] = {t.text for t in tokens}
        wanted = {w for w in words if "0" <= w[0] <= "9"} | (words & starters)
    else:
        words = index.words
        wanted = set(index.digits | (words & starters))
    for table, variants in tables:
        wanted |= table.beginning(words, variants)
    if index is None:
        return [i for i, t in enumerate(tokens) if t.text in wanted]
    return [i for i, text in enumerate(index.texts) if text in wanted]


def _same(word: str) -> list[str]:
    return [word]


def lookup(tokens: Sequence[VTok], i: int, table: Mapping[tuple[str, ...], V], max_len: int,
           variants: Variants = _same) -> tuple[V, int] | None:
    """Longest phrase of ``table`` starting at token ``i``: (value, token count).

    ``variants`` yields lookup forms of the phrase's first word (clitics stripped).
    """
    if i >= len(tokens):
        return None
    heads: Sequence[str]
    top = min(max_len, len(tokens) - i)
    counts: Iterable[int]
    if isinstance(table, Phrases):
        heads = table.heads(tokens[i].text, variants)
        if not heads:
            return None
        counts = [n for n in table.lengths(heads) if n <= top]
    else:
        heads = variants(tokens[i].text)
        counts = range(top, 0, -1)
    for n in counts:
        rest = tuple([t.text for t in tokens[i + 1:i + n]])
        for head in heads:
            key = (head, *rest)
            if key in table:
                return table[key], n
    return None


def lookup_ending(tokens: Sequence[VTok], end: int, table: Mapping[tuple[str, ...], V],
                  max_len: int, variants: Variants = _same) -> tuple[V, int] | None:
    """Longest phrase of ``table`` ending just before token ``end``.

    Each count ``n`` needs a phrase of exactly ``n`` tokens from ``end - n``: only that
    key is tried (a shorter phrase from there does not end at ``end``)."""
    if end > len(tokens):
        return None
    phrases = table if isinstance(table, Phrases) else None
    for n in range(min(max_len, end), 0, -1):
        i = end - n
        heads: Sequence[str]
        if phrases is not None:
            heads = phrases.heads(tokens[i].text, variants)
            if not heads or n not in phrases.lengths(heads):
                continue
        else:
            heads = variants(tokens[i].text)
        rest = tuple([t.text for t in tokens[i + 1:end]])
        for head in heads:
            key = (head, *rest)
            if key in table:
                return table[key], n
    return None
