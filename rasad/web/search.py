"""Free-text search that ignores invisible characters on both sides.

Arabic and Persian text carries zero-width joiners and non-joiners, directional marks
and byte-order marks that a reader cannot see and a searcher never types. The query is
folded in Python; the searched columns are folded in SQL, so that "حزب‌الله" (with a
zero-width non-joiner) is found by "حزبالله" and the other way round.
"""

from __future__ import annotations

# NUL and the invisible format characters that occur inside words.
INVISIBLE = ("\x00", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\u2060",
             "\ufeff", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e")
_DROP = str.maketrans("", "", "".join(INVISIBLE))


def fold_query(text: str) -> str:
    """The query without invisible characters and surrounding space ("" when nothing is left)."""
    return text.translate(_DROP).strip()


def folded_sql(columns: tuple[str, ...]) -> str:
    """SQL for the columns joined (by a separator no query contains) and folded."""
    joined = " || char(31) || ".join(f"COALESCE({c}, '')" for c in columns)
    # NUL is left to the query side: a stored report never has one inside a word.
    for ch in INVISIBLE[1:]:
        joined = f"replace({joined}, char({ord(ch)}), '')"
    return joined
