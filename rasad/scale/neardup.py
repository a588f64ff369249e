"""Near-duplicate detection for syndicated copies: MinHash over word 3-shingles with LSH.

A syndicated copy repeats a report with another headline, dateline or outlet tagline;
its content hash differs but most of its word 3-grams do not. Each report gets a
120-value MinHash signature; 20 bands of 6 values give the lookup keys
(LSH threshold ~0.6: a pair at 0.7 shares a band with probability 0.92, at 0.8 with
0.997, while boilerplate-level similarity of 0.3 rarely does). Two reports sharing a
band are compared on the full signature, and a copy whose estimated Jaccard similarity
reaches the threshold is skipped, so its events are not counted twice.

Hashes are SHAKE-128 and blake2b, never Python's per-process ``hash``: signatures are
stored and compared across runs and machines.
"""

from __future__ import annotations

import hashlib
import re
import struct
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from operator import eq

from ..store.base import Fingerprint

NUM_PERM = 120
BANDS = 20
ROWS = NUM_PERM // BANDS
SHINGLE = 3
MIN_SHINGLES = 12  # shorter texts share too many 3-grams by chance: exact dedup only
DEFAULT_THRESHOLD = 0.7

_MASK32 = 0xFFFFFFFF
_WORD = re.compile(r"\w+")
_ROW = struct.Struct(f"<{NUM_PERM}I")
_ARABIC_MARKS = re.compile("[\u064b-\u0652\u0670\u0640]")  # harakat, dagger alef, tatweel


def words(text: str) -> list[str]:
    """Comparison words: NFKC, case-folded, without Arabic diacritics and tatweel."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _WORD.findall(_ARABIC_MARKS.sub("", folded))


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    tokens = words(text)
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def signature(grams: Iterable[str]) -> tuple[int, ...]:
    """MinHash with NUM_PERM independent hash functions.

    One SHAKE-128 digest per shingle gives its NUM_PERM 32-bit hash values at once,
    and ``map(min, *rows)`` takes the column minimums in C: exact k-hash MinHash (no
    densification bias on short reports) at ~1 ms for a long report.
    """
    rows = [_ROW.unpack(hashlib.shake_128(g.encode("utf-8")).digest(_ROW.size)) for g in grams]
    if not rows:
        return tuple([_MASK32] * NUM_PERM)
    if len(rows) == 1:
        return rows[0]
    return tuple(map(min, *rows))


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


@lru_cache(maxsize=1 << 14)
def decode(text: str) -> tuple[int, ...]:
    # Cached: templated reports (one outlet's boilerplate) meet the same candidates often.
    return tuple(int(text[i : i + 8], 16) for i in range(0, len(text), 8))


def similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity of two signatures' shingle sets."""
    # map(eq) runs in C: this is the hot loop when boilerplate makes many candidates.
    return sum(map(eq, a, b)) / len(a)


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
