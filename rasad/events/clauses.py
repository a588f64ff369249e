"""Clauses: the unit within which a trigger finds its arguments.

Arabic news prose chains several events in one sentence with contrastive connectors
("فيما", "في حين", "بينما"); each connector opens a new clause. Offsets are original.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..types import Sentence

_CONNECTORS = re.compile(
    r"[؛;]|(?<!\S)(?:فيما|في حين|بينما|وفي حين|كما|إلى ذلك|وفي سياق متصل|"
    r"بالإضافة إلى قيام|بالاضافة إلى قيام|إضافة إلى قيام|علاوة على قيام|whereas|while|meanwhile)"
    r"(?=\s)"
)


def split_clauses(text: str, sentences: list[Sentence]) -> list[tuple[int, int]]:
    """Clause spans covering every sentence (a sentence with no connector is one clause)."""
    spans = tuple((s.start, s.end) for s in sentences) if sentences else ((0, len(text)),)
    return list(_clauses(text, spans))


# The trigger and the rule steps both cut the same report.
@lru_cache(maxsize=4)
def _clauses(text: str, sentences: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
    out: list[tuple[int, int]] = []
    for start, end in sentences:
        cut = start
        for m in _CONNECTORS.finditer(text, start, end):
            if m.start() - cut > 15:
                out.append((cut, m.start()))
                cut = m.start()
        out.append((cut, end))
    return tuple(out)
