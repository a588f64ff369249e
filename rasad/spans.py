"""Span lookups in logarithmic time, for steps that query a report's mentions per mention.

A :class:`SpanIndex` is built once per report over one list of mentions; its answers
are exactly those of the plain scans it replaces (same items, in list order), so
using it changes speed only.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar


class Span(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


S = TypeVar("S", bound=Span)


@dataclass(frozen=True, slots=True)
class Interval:
    """A bare [start, end) pair, for spans that are not mentions."""

    start: int
    end: int


class SpanIndex(Generic[S]):
    """Mentions sorted by start, with the running maximum of their ends."""

    def __init__(self, spans: Sequence[S]) -> None:
        self.spans = spans
        self._order = sorted(range(len(spans)), key=lambda i: spans[i].start)
        self._starts = [spans[i].start for i in self._order]
        self._max_end: list[int] = []
        for i in self._order:
            self._max_end.append(max(spans[i].end, self._max_end[-1] if self._max_end else 0))

    @staticmethod
    def of_pairs(pairs: Iterable[tuple[int, int]]) -> SpanIndex[Interval]:
        return SpanIndex([Interval(s, e) for s, e in pairs])

    def within(self, start: int, end: int) -> list[S]:
        """The spans lying inside ``[start, end)``, in list order."""
        lo = bisect_left(self._starts, start)
        hi = bisect_right(self._starts, end)
        found = sorted(i for i in self._order[lo:hi] if self.spans[i].end <= end)
        return [self.spans[i] for i in found]

    def overlaps(self, start: int, end: int) -> bool:
        """Whether any span shares a character with ``[start, end)``."""
        hi = bisect_left(self._starts, end)
        return any(self.spans[i].end > start for i in self._candidates(hi, start))

    def contains(self, start: int, end: int) -> bool:
        """Whether some span holds all of ``[start, end)``."""
        hi = bisect_right(self._starts, start)
        return any(self.spans[i].end >= end for i in self._candidates(hi, end - 1))

    def covers(self, pos: int) -> bool:
        """Whether ``pos`` lies in some span (``start <= pos < end``)."""
        hi = bisect_right(self._starts, pos)
        return any(self.spans[i].end > pos for i in self._candidates(hi, pos))

    def _candidates(self, hi: int, pos: int) -> Iterator[int]:
        # Spans starting before sorted position ``hi``, walking back: once the running
        # maximum of ends is at or before ``pos``, no earlier span reaches ``pos``.
        k = hi - 1
        while k >= 0 and self._max_end[k] > pos:
            yield self._order[k]
            k -= 1


def word_starts(pattern: re.Pattern[str], text: str) -> tuple[list[int], list[str]]:
    """The start offsets and texts of ``pattern``'s matches in ``text``, as ``finditer``
    gives them, from one ``findall`` (no match object per word) and a ``str.find`` per
    word from the end of the previous one.

    Only for patterns no match of which can begin at a character the scan skips: a
    match's first character always starts a match where it stands (a letter, a digit,
    a punctuation mark), so the skipped characters before the next match never begin
    its text and ``find`` lands exactly where ``finditer`` would. Patterns without
    groups (``findall`` returns the whole match then) and without empty matches only.
    """
    words = pattern.findall(text)
    starts: list[int] = []
    find = text.find
    at = 0
    for word in words:
        at = find(word, at)
        starts.append(at)
        at += len(word)
    return starts, words
