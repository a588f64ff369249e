"""English time expressions ("yesterday", "last Tuesday", "September 23, 2019").

See :mod:`rasad.lang.dateresolve` for how relative expressions are anchored.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from ...types import DateMention
from ..ar.normalize import NormalizedText
from ..datescan import DateGrammar, scan_dates
from .numbers import NUMBER_STARTERS, parse_number


def _same(word: str) -> list[str]:
    return [word]


@cache
def _grammar() -> DateGrammar:
    return DateGrammar(
        lang="en", variants=_same, parse_count=parse_number,
        month_needs_day=frozenset({"may", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
                                   "sep", "sept", "oct", "nov", "dec"}),
        lone_month_cues=frozenset({"in", "during", "since", "early", "late", "mid", "of",
                                   "until", "throughout", "through"}),
        lead_words=frozenset(), number_starters=NUMBER_STARTERS,
    )


def find_dates(text: str | NormalizedText, published: date | None) -> list[DateMention]:
    """Time expressions in English ``text``, resolved against the publication date."""
    return scan_dates(text, published, _grammar())
