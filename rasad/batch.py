"""Running the pipeline over a stream of inputs: the work behind ``extract``, ``ingest``
and ``batch``.

Unreadable inputs become failed Documents (or dead-letter rows) in their place, so
output keeps input order and nothing is dropped silently (output contract). ``ingest``
and ``batch`` share :func:`run_ingest`: the same gate (exact and near-duplicates),
then an engine (this process, or Dask workers), then this process as the one writer.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any, Protocol

from .errors import InputError
from .io import (
    DEFAULT_MAX_BYTES,
    ReportInputError,
    content_hash,
    iter_inputs,
    iter_jsonl,
    read_stdin,
)
from .pipeline import ErrorHandler
from .store.base import Fingerprint, IngestResult, Store
from .types import Document


class PipelineLike(Protocol):
    def pipe(
        self, docs: Iterable[Document], on_error: ErrorHandler | None = None
    ) -> Iterator[Document]: ...


def failed_document(error: InputError) -> Document:
    """The placeholder Document for an input that could not be read."""
    source = error.source if isinstance(error, ReportInputError) else ""
    return Document(text="", id=source, error=str(error))


def collect_inputs(
    files: Iterable[Path | str] = (),
    jsonl: Path | str | None = None,
    stdin: IO[Any] | None = None,
    published: date | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    fetcher: Any = None,
) -> Iterator[Document | InputError]:
    """Reports from ``--input`` JSON Lines ("-" reads stdin), then files/URLs, else stdin."""
    if jsonl is not None:
        source = iter_jsonl(stdin, max_bytes=max_bytes) if str(jsonl) == "-" and stdin \
            else iter_jsonl(jsonl, max_bytes=max_bytes)
        for item in source:
            if isinstance(item, Document) and item.published is None:
                item.published = published
            yield item
    files = list(files)
    if files:
        yield from iter_inputs(files, published, max_bytes=max_bytes, fetcher=fetcher)
    elif jsonl is None and stdin is not None:
        try:
            yield read_stdin(stdin, published, max_bytes=max_bytes)
        except InputError as exc:
            yield exc


def run_pipeline(
    pipeline: PipelineLike, items: Iterable[Document | InputError],
    on_error: ErrorHandler | None = None,
) -> Iterator[Document]:
    """Process each readable report; unreadable ones come out as failed Documents."""
    for item in items:
        if isinstance(item, InputError):
            yield failed_document(item)
            continue
        # One document per call keeps input order with failures interleaved.
        yield from pipeline.pipe([item], on_error=on_error)


@dataclass(slots=True)
class IngestSummary:
    inserted: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    failed: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.inserted + self.duplicates + self.near_duplicates + self.failed


@dataclass(slots=True)
class _Slot:
    """One input on its way through the engine, with what the writer needs back."""

    item: Document | dict[str, Any]
    fingerprint: Fingerprint | None = None


@dataclass(slots=True)
class _Gate:
    """Drops reports already stored or already seen in this run, before any work.

    Exact copies are found by content hash; syndicated copies by MinHash (recorded in
    ``near_duplicates`` with what they copy). Decisions depend only on input order
    and the store, so ``ingest``, ``batch`` and a resumed run decide alike.
    """

    store: Store
    summary: IngestSummary
    near_dup: bool
    threshold: float
    seen: set[str] = field(default_factory=set)
    index: Any = None

    def __post_init__(self) -> None:
        if self.near_dup:
            from .scale.neardup import NearDuplicateIndex

            self.index = NearDuplicateIndex(self.store.similar, self.threshold)

    def admit(self, items: Iterable[Document | InputError]) -> Iterator[_Slot]:
        from .scale.engines import error_item

        for item in items:
            if isinstance(item, InputError):
                source = item.source if isinstance(item, ReportInputError) else ""
                yield _Slot(error_item(source, str(item)))
                continue
            digest = content_hash(item.text)
            if digest in self.seen or self.store.contains(item.text):
                self.summary.duplicates += 1
                continue
            self.seen.add(digest)
            fingerprint = self._near_check(item, digest)
            if fingerprint is not False:
                yield _Slot(item, fingerprint or None)

    def _near_check(self, doc: Document, digest: str) -> Fingerprint | None | bool:
        """The fingerprint to store, or False when ``doc`` is a near-duplicate."""
        if self.index is None:
            return None
        from .scale.neardup import fingerprint

        fp = fingerprint(doc.text)
        if fp is None:
            return None
        match = self.index.match(fp, digest)
        if match is not None:
            self.store.record_near_duplicate(doc.id, digest, match.digest, match.similarity)
            self.summary.near_duplicates += 1
            return False
        self.index.add(digest, fp)
        return fp


def _chunks(slots: Iterable[_Slot], size: int) -> Iterator[list[_Slot]]:
    chunk: list[_Slot] = []
    for slot in slots:
        chunk.append(slot)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _record_result(summary: IngestSummary, result: IngestResult, record: dict[str, Any]) -> None:
    if result.status == "inserted":
        summary.inserted += 1
    elif result.status == "duplicate":
        summary.duplicates += 1
    else:
        summary.failed += 1
        summary.failures.append(str(record.get("error") or result.reason or ""))


def run_ingest(
    store: Store, items: Iterable[Document | InputError], engine: Any, *,
    chunk_size: int = 16, near_dup: bool = True, threshold: float = 0.7,
    on_progress: Callable[[IngestSummary], None] | None = None,
) -> IngestSummary:
    """Gate, process (on ``engine``) and store every report; this process is the one writer.

    Each report is stored in its own transaction, in input order: a run killed at
    any point leaves whole reports only, and running it again stores the rest.
    """
    summary = IngestSummary()
    gate = _Gate(store, summary, near_dup, threshold)
    pending: deque[list[_Slot]] = deque()

    def work() -> Iterator[list[Document | dict[str, Any]]]:
        for chunk in _chunks(gate.admit(items), chunk_size):
            pending.append(chunk)
            yield [slot.item for slot in chunk]

    for results in engine.map_chunks(work()):
        chunk = pending.popleft()
        for slot, record in zip(chunk, results, strict=True):
            result = store.ingest(record, fingerprint=slot.fingerprint)
            _record_result(summary, result, record)
            if on_progress is not None:
                on_progress(summary)
    return summary


def ingest_reports(
    store: Store, pipeline: PipelineLike, items: Iterable[Document | InputError], **options: Any,
) -> IngestSummary:
    """Run and store every report in this process; already stored texts skip the pipeline."""
    from .scale.engines import LocalEngine

    return run_ingest(store, items, LocalEngine(pipeline), **options)
