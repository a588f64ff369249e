"""Clauses: the unit within which a trigger finds its arguments.

Arabic news prose chains several events in one sentence with contrastive connectors
("فيما", "في حين", "بينما"); each connector opens a new clause. Offsets are original.
"""

from __future__ import annotations

import re

from ..types import Sentence

_CONNECTORS = re.compile(
    r"[؛;]|(?<!\S)(?:فيما|في حين|بينما|وفي حين|كما|إلى ذلك|وفي سياق متصل|"
    r"بالإضافة إلى قيام|بالاضافة إلى قيام|إضافة إلى قيام|علاوة على قيام|whereas|while|meanwhile)"
    r"(?=\s)"
)


def split_clauses(text: str, sentences: list[Sentence]) -> list[tuple[int, int]]:
    """Clause spans covering every sentence (a sentence with no connector is one clause)."""
    if not sentences:
        sentences = [Sentence(0, len(text))]
    out: list[tuple[int, int]] = []
    for s in sentences:
        cut = s.start
        for m in _CONNECTORS.finditer(text, s.start, s.end):
            if m.start() - cut > 15:
                out.append((cut, m.start()))
                cut = m.start()
        out.append((cut, s.end))
    return out
