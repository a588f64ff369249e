"""Running the pipeline over a stream of inputs: the work behind ``extract``, ``ingest``
and ``batch``.

Unreadable inputs become failed Documents (or dead-letter rows) in their place, so
output keeps input order and nothing is dropped silently (output contract). ``ingest``
and ``batch`` share :func:`run_ingest`: the same gate (exact and near-duplicates),
then an engine (this process, or Dask workers), then this process as the one writer.
"""

from __future__ import annotations

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
class _Gate:
    """Drops reports already stored or already seen in this run (content hash), before
    any work is spent on them."""

    store: Store
    summary: IngestSummary
    replace: bool = False  # stored reports are processed again (a new model)
    seen: set[str] = field(default_factory=set)

    def admit(self, items: Iterable[Document | InputError]) -> Iterator[Document | dict[str, Any]]:
        from .scale.engines import error_item

        for item in items:
            if isinstance(item, InputError):
                source = item.source if isinstance(item, ReportInputError) else ""
                yield error_item(source, str(item))
                continue
            digest = content_hash(item.text)
            if digest in self.seen or (not self.replace and self.store.contains(item.text)):
                self.summary.duplicates += 1
                continue
            self.seen.add(digest)
            yield item


@dataclass(slots=True)
class _Writer:
    """The one writer: stores results in input order, skipping syndicated copies.

    Workers compute each report's MinHash fingerprint (it costs ~1 ms, so it scales
    with them); the writer decides, in input order, whether it copies an earlier
    report of this run or of the store. Decisions depend only on input order and the
    store, so ``ingest``, ``batch`` and a resumed run decide alike.
    """

    store: Store
    summary: IngestSummary
    near_dup: bool
    threshold: float
    replace: bool = False
    index: Any = None

    def __post_init__(self) -> None:
        from .scale.neardup import NearDuplicateIndex

        self.index = NearDuplicateIndex(self.store.similar, self.threshold)

    def write(self, record: dict[str, Any]) -> None:
        raw = record.pop("fingerprint", None)
        fp = Fingerprint(raw[0], tuple(raw[1])) if raw else None
        text = record.get("text") or ""
        digest = content_hash(text) if text else ""
        if fp is not None and self.near_dup:
            match = self.index.match(fp, digest)
            if match is not None:
                source = str((record.get("document") or {}).get("id") or "")
                self.store.record_near_duplicate(source, digest, match.digest, match.similarity)
                self.summary.near_duplicates += 1
                return
        # Stored with the report, the fingerprint is what later matches find: the
        # index needs no copy in memory, however long the run.
        result = self.store.ingest(record, fingerprint=fp, replace=self.replace)
        _record_result(self.summary, result, record)


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
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
    on_progress: Callable[[IngestSummary], None] | None = None, replace: bool = False,
) -> IngestSummary:
    """Gate, process (on ``engine``) and store every report; this process is the one writer.

    Each report is stored in its own transaction, in input order: a run killed at
    any point leaves whole reports only, and running it again stores the rest.
    ``replace``: reports already stored are processed and stored again (after a model
    change); analysts' reviews of them are replayed by the store.
    """
    summary = IngestSummary()
    gate = _Gate(store, summary, replace)
    writer = _Writer(store, summary, near_dup, threshold, replace)
    for results in engine.map_chunks(_chunks(gate.admit(items), chunk_size)):
        for record in results:
            writer.write(record)
            if on_progress is not None:
                on_progress(summary)
    return summary


def ingest_reports(
    store: Store, pipeline: PipelineLike, items: Iterable[Document | InputError], **options: Any,
) -> IngestSummary:
    """Run and store every report in this process; already stored texts skip the pipeline."""
    from .scale.engines import LocalEngine

    return run_ingest(store, items, LocalEngine(pipeline), **options)
