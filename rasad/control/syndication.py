"""Syndicated copies: reports whose text is (nearly) the same count as one source.

Outlets republish one report with a new headline, a credit line or a trimmed ending.
Two reports are copies when most of the word 3-grams of the shorter one occur in the
longer one (containment, robust to added headers and footers). Candidate pairs come
from a bottom-k sketch index, so the cost stays near linear in the corpus size.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable

from ..lang.ar.normalize import normalize_str
from .corpus import DocInfo

CONTAINMENT = 0.8  # share of the shorter report's 3-grams found in the longer one
SKETCH = 24  # smallest shingle hashes kept per report for candidate search
MIN_SHINGLES = 8  # shorter texts are too short to call copies

_WORD = re.compile(r"\w+")


def shingles(text: str, memo: dict[str, list[str]] | None = None) -> set[int]:
    # Word by word through a memo: reports repeat their vocabulary.
    memo = {} if memo is None else memo
    words: list[str] = []
    for token in text.split():
        if token not in memo:
            memo[token] = _WORD.findall(normalize_str(token))
        words += memo[token]
    grams = (" ".join(words[i:i + 3]) for i in range(max(len(words) - 2, 0)))
    return {zlib.crc32(g.encode("utf-8")) for g in grams}


def containment(a: set[int], b: set[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def syndication_groups(docs: Iterable[DocInfo]) -> dict[str, str]:
    """doc id -> id of its group's canonical report (the earliest; itself if unique)."""
    ordered = sorted(docs, key=_canonical_order)
    memo: dict[str, list[str]] = {}
    sets = {d.id: shingles(d.text, memo) for d in ordered}
    index: dict[int, list[str]] = {}
    group: dict[str, str] = {}
    for doc in ordered:
        mine = sets[doc.id]
        group[doc.id] = doc.id
        if len(mine) >= MIN_SHINGLES:
            group[doc.id] = _find_original(doc.id, mine, sets, index, group)
        for h in sorted(mine)[:SKETCH]:
            index.setdefault(h, []).append(doc.id)
    return group


def _find_original(doc_id: str, mine: set[int], sets: dict[str, set[int]],
                   index: dict[int, list[str]], group: dict[str, str]) -> str:
    candidates: dict[str, None] = {}
    for h in sorted(mine)[:SKETCH]:
        candidates.update(dict.fromkeys(index.get(h, ())))
    for other in candidates:
        theirs = sets[other]
        if len(theirs) >= MIN_SHINGLES and containment(mine, theirs) >= CONTAINMENT:
            return group[other]
    return doc_id


def _canonical_order(doc: DocInfo) -> tuple[bool, str, int]:
    # The earliest published report is the original; undated ones follow in ingest order.
    return (doc.published is None, doc.published or "", doc.seq)
