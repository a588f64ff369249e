"""Running the pipeline over a stream of inputs: the work behind ``extract`` and ``ingest``.

Unreadable inputs become failed Documents in their place, so output keeps input order
and nothing is dropped silently (output contract).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any, Protocol

from .errors import InputError
from .io import DEFAULT_MAX_BYTES, ReportInputError, iter_inputs, iter_jsonl, read_stdin
from .pipeline import ErrorHandler
from .store.base import Store
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
) -> Iterator[Document | InputError]:
    """Reports from ``--input`` JSON Lines ("-" reads stdin), then files, else stdin."""
    if jsonl is not None:
        source = iter_jsonl(stdin, max_bytes=max_bytes) if str(jsonl) == "-" and stdin \
            else iter_jsonl(jsonl, max_bytes=max_bytes)
        for item in source:
            if isinstance(item, Document) and item.published is None:
                item.published = published
            yield item
    files = list(files)
    if files:
        yield from iter_inputs(files, published, max_bytes=max_bytes)
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
    failed: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.inserted + self.duplicates + self.failed


def ingest_reports(
    store: Store, pipeline: PipelineLike, items: Iterable[Document | InputError]
) -> IngestSummary:
    """Run and store every report; already stored texts skip the pipeline."""
    summary = IngestSummary()

    def todo() -> Iterator[Document | InputError]:
        for item in items:
            if isinstance(item, Document) and store.contains(item.text):
                summary.duplicates += 1
                continue
            yield item

    for doc in run_pipeline(pipeline, todo()):
        result = store.ingest(doc)
        if result.status == "inserted":
            summary.inserted += 1
        elif result.status == "duplicate":
            summary.duplicates += 1
        else:
            summary.failed += 1
            summary.failures.append(doc.error or result.reason or "")
    return summary
