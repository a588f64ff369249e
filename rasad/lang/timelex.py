"""Time lexicons (rasad/knowledge/time_<lang>.tsv): months, weekdays, relative words.

Columns: kind, word, value, source_note. Kinds: month (1-12), weekday (Monday=0),
relday (day offset from publication), daypart, shift (-1 previous, 0 current, 1 next),
period / periods / perioddual (singular, plural, dual unit; value = days per unit,
-24 = hours), prep (0 within, 1 since,
2 ago, 3 until), yearword, connector.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from .ar.normalize import normalize_str
from .lexicon import read_tsv
from .scan import Phrases

Words = tuple[str, ...]


@dataclass(slots=True)
class TimeLexicon:
    entries: Phrases[dict[str, int]] = field(default_factory=Phrases)  # kind -> value
    months: Phrases[int] = field(default_factory=Phrases)
    max_len: int = 1


@cache
def time_lexicon(lang: str) -> TimeLexicon:
    lex = TimeLexicon()
    for row in read_tsv(f"time_{lang}.tsv"):
        key = tuple(normalize_str(row["word"]).split())
        if not key:
            continue
        kinds = lex.entries.setdefault(key, {})
        kinds.setdefault(row["kind"], int(row["value"]))
        if row["kind"] == "month":
            lex.months.setdefault(key, int(row["value"]))
        lex.max_len = max(lex.max_len, len(key))
    return lex
