"""Near-duplicate detection for syndicated copies: MinHash over word 3-shingles with LSH.

A syndicated copy repeats a report with another headline, dateline or outlet tagline;
its content hash differs but most of its word 3-grams do not. Each report gets a
64-value MinHash signature (one base hash per shingle, 64 cheap universal hash
permutations); 16 bands of 4 values give the lookup keys. Two reports sharing a band
are compared on the full signature, and a copy whose estimated Jaccard similarity
reaches the threshold is skipped, so its events are not counted twice.

Hashes are keyed blake2b, never Python's per-process ``hash``: signatures are stored
and compared across runs and machines.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..store.base import Fingerprint

NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
SHINGLE = 3
MIN_SHINGLES = 12  # shorter texts share too many 3-grams by chance: exact dedup only
DEFAULT_THRESHOLD = 0.7

_MASK32 = 0xFFFFFFFF
_OFFSET = 0x9E3779B1  # golden-ratio constant: spreads borrowed bin values
_WORD = re.compile(r"\w+")
_ARABIC_MARKS = re.compile("[\u064b-\u0652\u0670\u0640]")  # harakat, dagger alef, tatweel


def words(text: str) -> list[str]:
    """Comparison words: NFKC, case-folded, without Arabic diacritics and tatweel."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _WORD.findall(_ARABIC_MARKS.sub("", folded))


def shingles(text: str, size: int = SHINGLE) -> set[int]:
    tokens = words(text)
    grams = {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}
    return {int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "big")
            for g in grams}


def signature(hashes: Iterable[int]) -> tuple[int, ...]:
    """One-permutation MinHash: each shingle hash lands in one of NUM_PERM bins.

    One hash per shingle instead of NUM_PERM keeps this at ~1 ms for a long report.
    Empty bins borrow the next filled bin's value (rotation densification, with an
    offset per step so borrowed bins do not all agree by construction).
    """
    bins: list[int | None] = [None] * NUM_PERM
    for h in hashes:
        slot, value = h % NUM_PERM, (h // NUM_PERM) & _MASK32
        current = bins[slot]
        if current is None or value < current:
            bins[slot] = value
    filled = [i for i, v in enumerate(bins) if v is not None]
    if not filled:
        return tuple([_MASK32] * NUM_PERM)
    out: list[int] = []
    for i, value in enumerate(bins):
        if value is None:
            step = next(d for d in range(1, NUM_PERM) if bins[(i + d) % NUM_PERM] is not None)
            borrowed = bins[(i + step) % NUM_PERM]
            assert borrowed is not None
            value = (borrowed + step * _OFFSET) & _MASK32
        out.append(value)
    return tuple(out)


def band_keys(sig: tuple[int, ...]) -> tuple[int, ...]:
    """One signed 64-bit key per band (fits SQLite INTEGER and PostgreSQL BIGINT)."""
    keys = []
    for band in range(BANDS):
        part = sig[band * ROWS : (band + 1) * ROWS]
        blob = band.to_bytes(2, "big") + b"".join(v.to_bytes(4, "big") for v in part)
        digest = hashlib.blake2b(blob, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return tuple(keys)


def encode(sig: tuple[int, ...]) -> str:
    return "".join(f"{v:08x}" for v in sig)


def decode(text: str) -> tuple[int, ...]:
    return tuple(int(text[i : i + 8], 16) for i in range(0, len(text), 8))


def similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity of two signatures' shingle sets."""
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


def fingerprint(text: str) -> Fingerprint | None:
    """The report's sketch, or None when it is too short to judge."""
    hashes = shingles(text)
    if len(hashes) < MIN_SHINGLES:
        return None
    sig = signature(hashes)
    return Fingerprint(encode(sig), band_keys(sig))


@dataclass(slots=True, frozen=True)
class Match:
    digest: str  # content hash of the earlier report
    similarity: float


SimilarLookup = Callable[[tuple[int, ...]], list[tuple[str, str]]]


@dataclass(slots=True)
class NearDuplicateIndex:
    """Reports seen in this run plus, through ``lookup``, those stored by earlier runs."""

    lookup: SimilarLookup | None = None
    threshold: float = DEFAULT_THRESHOLD
    _bands: dict[int, list[str]] = field(default_factory=dict)
    _sigs: dict[str, str] = field(default_factory=dict)

    def match(self, fp: Fingerprint, digest: str = "") -> Match | None:
        """The most similar earlier report at or above the threshold (ties: smallest hash).

        ``digest`` is the report's own content hash: a report whose earlier attempt
        failed has its fingerprint stored, and must not count as a copy of itself.
        """
        candidates: dict[str, str] = {}
        if self.lookup is not None:
            candidates.update(self.lookup(fp.bands))
        for key in fp.bands:
            for seen in self._bands.get(key, ()):
                candidates[seen] = self._sigs[seen]
        candidates.pop(digest, None)
        mine = decode(fp.signature)
        best: Match | None = None
        for other in sorted(candidates):
            score = similarity(mine, decode(candidates[other]))
            if score >= self.threshold and (best is None or score > best.similarity):
                best = Match(other, score)
        return best

    def add(self, digest: str, fp: Fingerprint) -> None:
        self._sigs[digest] = fp.signature
        for key in fp.bands:
            self._bands.setdefault(key, []).append(digest)
