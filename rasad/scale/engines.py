"""Where the pipeline runs: in this process, or on a Dask cluster.

An engine maps chunks of work items (plain dicts, cheap to ship) to chunks of
output-contract records, IN ORDER, so the single writer stores reports in input
order whatever the engine. Only the :class:`PipelineConfig` travels to workers: each
worker builds its own pipeline from it once (a Dask worker plugin), the pipeline and
its loaded resources are never pickled.

A second engine (Ray) needs one class with ``map_chunks`` and ``close``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from ..errors import RasadError
from ..pipeline import DEFAULT_STEPS, Limits, Pipeline, Resources
from ..serialize import document_to_dict
from ..types import Document
from .neardup import fingerprint

JsonDict = dict[str, Any]
ENGINES = ("local", "dask", "ray")


@dataclass(frozen=True, slots=True)
class PipelineConfig:
    """Everything a worker needs to build the pipeline itself."""

    steps: tuple[str, ...] = DEFAULT_STEPS
    gazetteer_path: str | None = None
    limits: Limits = field(default_factory=Limits)

    def build(self) -> Pipeline:
        return Pipeline.from_names(self.steps, Resources(self.gazetteer_path), self.limits)


class PipelineLike(Protocol):
    def pipe(self, docs: Iterable[Document], on_error: Any = None) -> Iterator[Document]: ...


# ---------------------------------------------------------------- work items


def to_item(doc: Document) -> JsonDict:
    return {"text": doc.text, "id": doc.id, "lang": doc.lang, "url": doc.url,
            "outlet": doc.outlet, "warnings": list(doc.warnings),
            "published": doc.published.isoformat() if doc.published else None}


def error_item(source: str, reason: str) -> JsonDict:
    return {"error": reason, "source": source}


def _from_item(item: JsonDict) -> Document:
    published = item.get("published")
    return Document(text=item["text"], id=item.get("id") or "", lang=item.get("lang"),
                    url=item.get("url"), outlet=item.get("outlet"),
                    published=date.fromisoformat(published) if published else None,
                    warnings=list(item.get("warnings") or []))


def process_items(
    pipeline: PipelineLike, items: Sequence[Document | JsonDict]
) -> list[JsonDict]:
    """Run the pipeline on each report; an unreadable input stays a failure record.

    Items are Documents (in this process) or their :func:`to_item` dicts (shipped to
    a worker). Each record carries the report's near-duplicate ``fingerprint``
    (signature, band keys), computed here so that it scales with the workers.
    """
    out: list[JsonDict] = []
    for item in items:
        if isinstance(item, dict) and "error" in item:
            out.append({"document": {"id": item["source"]}, "error": item["error"], "text": ""})
            continue
        doc = item if isinstance(item, Document) else _from_item(item)
        for done in pipeline.pipe([doc]):
            record = document_to_dict(done)
            record["text"] = done.text
            fp = fingerprint(done.text)
            record["fingerprint"] = [fp.signature, list(fp.bands)] if fp else None
            out.append(record)
    return out


def shippable(items: Sequence[Document | JsonDict]) -> list[JsonDict]:
    """Work items as plain dicts, cheap to pickle for a remote worker."""
    return [to_item(i) if isinstance(i, Document) else i for i in items]


def failure_records(items: Sequence[JsonDict], reason: str) -> list[JsonDict]:
    """Records for items whose processing crashed outside the pipeline (a dead worker)."""
    return [{"document": {"id": item.get("source") or item.get("id") or ""},
             "error": item.get("error") or reason, "text": item.get("text") or ""}
            for item in items]


# ---------------------------------------------------------------- engines


class Engine(Protocol):
    workers: int

    def map_chunks(
        self, chunks: Iterable[list[Document | JsonDict]]
    ) -> Iterator[list[JsonDict]]:
        """Results of each chunk, in the order the chunks came."""
        ...

    def close(self) -> None: ...


class LocalEngine:
    """In this process, one chunk at a time: what ``rasad ingest`` uses.

    Given a config, the pipeline is built on the first chunk, so a run with nothing
    new to process never pays for loading it.
    """

    workers = 1

    def __init__(self, pipeline: PipelineLike | None = None,
                 config: PipelineConfig | None = None) -> None:
        self._pipeline = pipeline
        self._config = config or PipelineConfig()

    def map_chunks(
        self, chunks: Iterable[list[Document | JsonDict]]
    ) -> Iterator[list[JsonDict]]:
        for chunk in chunks:
            if self._pipeline is None:
                self._pipeline = self._config.build()
            yield process_items(self._pipeline, chunk)

    def close(self) -> None:
        return None


def ordered_window(
    submit: Any, chunks: Iterable[Any], window: int, result: Any,
) -> Iterator[list[JsonDict]]:
    """Keep ``window`` chunks in flight; yield results in submission order.

    The window bounds memory (the reader never runs far ahead of the writer) and
    keeps every worker busy while the writer stores the oldest chunk.
    """
    pending: deque[tuple[Any, Any]] = deque()
    for chunk in chunks:
        pending.append((submit(chunk), chunk))
        if len(pending) >= window:
            yield result(*pending.popleft())
    while pending:
        yield result(*pending.popleft())


def make_engine(
    name: str, *, workers: int = 2, config: PipelineConfig | None = None,
    pipeline: PipelineLike | None = None, address: str | None = None,
) -> Engine:
    """An engine by name: ``local`` (needs ``pipeline`` or ``config``), ``dask``."""
    config = config or PipelineConfig()
    if name == "local":
        return LocalEngine(pipeline, config)
    if name == "dask":
        try:
            from .dask_engine import DaskEngine
        except ImportError as exc:
            raise RasadError("the dask engine needs dask[distributed]",
                             hint="pip install 'rasad[scale]'") from exc

        return DaskEngine(config, workers=workers, address=address)
    if name == "ray":
        raise RasadError("the ray engine is not supported yet",
                         hint="use --engine dask (see docs/scale.md for why)")
    raise RasadError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")
