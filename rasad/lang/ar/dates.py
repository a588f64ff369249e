"""Arabic time expressions: Gregorian and Levantine months, weekdays, relative days.

See :mod:`rasad.lang.dateresolve` for how relative expressions are anchored.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from ...types import DateMention
from ..datescan import DateGrammar, scan_dates
from .clitics import particle_variants
from .normalize import NormalizedText
from .numbers import NUMBER_STARTERS, parse_number

_variants = particle_variants


@cache
def _grammar() -> DateGrammar:
    return DateGrammar(
        lang="ar", variants=_variants, parse_count=parse_number,
        month_needs_day=frozenset(),
        lone_month_cues=frozenset({"في", "شهر", "خلال", "منذ", "مطلع", "بدايه", "نهايه",
                                   "اواخر", "اوايل", "منتصف", "حتي", "طيله", "اواسط"}),
        lead_words=frozenset({"يوم"}), number_starters=NUMBER_STARTERS,
    )


def find_dates(text: str | NormalizedText, published: date | None) -> list[DateMention]:
    """Time expressions in Arabic ``text``, resolved against the publication date."""
    return scan_dates(text, published, _grammar())
