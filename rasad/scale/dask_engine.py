"""The Dask engine: a local process cluster, or an existing scheduler by address.

Workers are single-threaded processes (the pipeline is pure Python: threads would
share the GIL). :class:`PipelinePlugin` carries only the :class:`PipelineConfig`; its
``setup`` builds the pipeline on each worker once, including workers that join later.

A chunk whose task fails outright (a worker killed by the OS, say) is retried one
report at a time, so a single poisonous input becomes one dead-letter row instead
of losing its neighbours.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Any, Self

from distributed.diagnostics.plugin import WorkerPlugin

from ..types import Document
from .engines import (
    JsonDict,
    PipelineConfig,
    failure_records,
    ordered_window,
    process_items,
    shippable,
)

PLUGIN_NAME = "rasad-pipeline"


class PipelinePlugin(WorkerPlugin):  # type: ignore[misc]
    """Builds the pipeline on a worker from configuration; never ships the pipeline."""

    name = PLUGIN_NAME

    def __init__(self, config: PipelineConfig) -> None:
        self.config = config
        self.pipeline: Any = None

    def setup(self, worker: Any) -> None:
        self.pipeline = self.config.build()

    def __getstate__(self) -> dict[str, Any]:
        return {"config": self.config, "pipeline": None}


def run_chunk(items: list[JsonDict]) -> list[JsonDict]:
    """The task each worker runs: its own pipeline over one chunk."""
    from distributed import get_worker

    plugin: Any = get_worker().plugins[PLUGIN_NAME]
    if plugin.pipeline is None:  # setup not yet run on this worker
        plugin.setup(get_worker())
    return process_items(plugin.pipeline, items)


class DaskEngine:
    """Runs chunks on Dask workers; results come back in submission order."""

    def __init__(
        self, config: PipelineConfig, *, workers: int = 2, address: str | None = None,
        window: int | None = None,
    ) -> None:
        from distributed import Client, LocalCluster

        self._cluster: Any = None
        if address:
            self.client = Client(address)
            self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        else:
            self._cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True,
                dashboard_address=None, silence_logs=logging.ERROR,
            )
            self.client = Client(self._cluster)
            self.workers = workers
        self.window = window or 2 * self.workers
        self.client.register_plugin(PipelinePlugin(config), name=PLUGIN_NAME)

    def _submit(self, chunk: list[JsonDict]) -> Any:
        return self.client.submit(run_chunk, chunk, pure=False)

    def _result(self, future: Any, chunk: list[JsonDict]) -> list[JsonDict]:
        try:
            return list(future.result())
        # Whatever killed the task (KilledWorker, a lost connection...), isolate the culprit.
        except Exception as exc:  # noqa: BLE001
            if len(chunk) == 1:
                return failure_records(chunk, f"worker failed: {type(exc).__name__}: {exc}")
            out: list[JsonDict] = []
            for item in chunk:
                out.extend(self._result(self._submit([item]), [item]))
            return out

    def map_chunks(
        self, chunks: Iterable[list[Document | JsonDict]]
    ) -> Iterator[list[JsonDict]]:
        shipped = (shippable(chunk) for chunk in chunks)
        yield from ordered_window(self._submit, shipped, self.window, self._result)

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
