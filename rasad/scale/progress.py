"""Progress bars for long runs: count, reports/s and ETA on stderr (tqdm).

The total is estimated cheaply before the run (files in folders, lines of JSON Lines
and CSV files); feeds and URLs have no total, so the bar then shows count and rate.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Self

from ..io import READABLE_SUFFIXES

_LINE_FORMATS = (".jsonl", ".ndjson", ".csv")


def _count_lines(path: Path) -> int:
    count = 0
    last = b"\n"
    with path.open("rb") as stream:
        while block := stream.read(1 << 20):
            count += block.count(b"\n")
            last = block[-1:]
    count += last != b"\n"  # a last line without its newline
    return count - (path.suffix.lower() == ".csv")  # the header row


def _files(spec: Path) -> Iterable[Path]:
    if spec.is_dir():
        return (p for p in sorted(spec.rglob("*"))
                if p.is_file() and p.suffix.lower() in READABLE_SUFFIXES - {""})
    return [spec]


def estimate_total(specs: Iterable[Path | str], jsonl: Path | str | None = None) -> int | None:
    """Roughly how many reports the inputs hold; None when a URL or feed makes it unknown."""
    total = 0
    everything = list(specs) + ([jsonl] if jsonl is not None and str(jsonl) != "-" else [])
    for spec in everything:
        if str(spec).lower().startswith(("http://", "https://")):
            return None
        for path in _files(Path(spec)):
            suffix = path.suffix.lower()
            if suffix in (".rss", ".atom"):
                return None
            try:
                total += _count_lines(path) if suffix in _LINE_FORMATS else 1
            except OSError:
                total += 1  # unreadable: it will be one failure
    return total


class ProgressBar:
    """A tqdm bar fed with :class:`rasad.batch.IngestSummary` snapshots."""

    def __init__(self, total: int | None, *, enabled: bool = True,
                 stream: IO[str] | None = None, desc: str = "reports") -> None:
        from tqdm import tqdm

        self._bar: Any = tqdm(total=total, unit=" reports", desc=desc, disable=not enabled,
                              file=stream or sys.stderr, dynamic_ncols=True, smoothing=0.05,
                              mininterval=0.5)
        self._done = 0

    def __call__(self, summary: Any) -> None:
        done = summary.total
        if done > self._done:
            self._bar.update(done - self._done)
            self._done = done
            self._bar.set_postfix(stored=summary.inserted, dup=summary.duplicates,
                                  near=summary.near_duplicates, failed=summary.failed,
                                  refresh=False)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._bar.close()


def progress_enabled(flag: bool | None) -> bool:
    """``--progress/--no-progress``; by default only when stderr is a terminal."""
    return sys.stderr.isatty() if flag is None else flag
