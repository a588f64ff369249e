"""Heavy aggregates computed once per database version, off the request path.

The network, the places with their control history and the control timeline read every
event of the database: seconds to a minute on 100,000 events. Computed per request,
twenty concurrent calls took the server down. Here each aggregate is computed at most
once per database version, by one background thread, whatever the number of callers:

- a caller waits for the result at most ``wait_s``, then gets a JSON 503 with
  Retry-After (the computation goes on for the next caller);
- while a newer version is being computed, callers get the previous result at once;
- the version is the size and modification time of the database and its WAL file, so
  an ingest by another process is seen on the next request (for a PostgreSQL URL, a
  30-second time slot).
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

Version = tuple[int, ...]
_MAX_KEYS = 256


class StillComputing(Exception):
    """The aggregate is not ready within the wait; the caller should retry later."""

    def __init__(self, retry_after_s: int) -> None:
        super().__init__(f"still computing; retry in {retry_after_s} s")
        self.retry_after_s = retry_after_s


def file_version(path: Path) -> Version:
    """Size and modification time of a SQLite file and its WAL (0s when absent)."""
    out: list[int] = []
    for candidate in (path, path.with_name(path.name + "-wal")):
        try:
            st = candidate.stat()
            out += [st.st_size, st.st_mtime_ns]
        except OSError:
            out += [0, 0]
    return tuple(out)


class HeavyResults:
    """Single-flight, version-keyed results of expensive computations."""

    def __init__(self, version: Callable[[], Version], *, wait_s: float = 10.0,
                 workers: int = 1) -> None:
        self._version = version
        self.wait_s = wait_s
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="rasad-heavy")
        self._lock = threading.Lock()
        self._done: dict[Hashable, tuple[Version, Any]] = {}  # oldest first, bounded
        self._running: dict[Hashable, tuple[Version, Future[Any]]] = {}

    def start(self, key: Hashable, compute: Callable[[], Any]) -> tuple[Any, Future[Any] | None]:
        """(ready value or None, future of the current version's value or None)."""
        version = self._version()
        with self._lock:
            done = self._done.get(key)
            if done is not None and done[0] == version:
                return done[1], None
            running = self._running.get(key)
            if running is None or running[0] != version or _failed(running[1]):
                future = self._pool.submit(self._compute, key, version, compute)
                self._running[key] = (version, future)
            else:
                future = running[1]
        return (done[1] if done is not None else None), future

    def _compute(self, key: Hashable, version: Version, compute: Callable[[], Any]) -> Any:
        value = compute()
        with self._lock:
            current = self._done.get(key)
            if current is None or current[0] != version:
                self._done.pop(key, None)
                self._done[key] = (version, value)
                while len(self._done) > _MAX_KEYS:  # per-date and per-place results
                    del self._done[next(iter(self._done))]
            if self._running.get(key, (None,))[0] == version:
                del self._running[key]
        return value

    def result(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The value for the current version; the previous one while it is computed.

        Raises :class:`StillComputing` when there is no value yet after ``wait_s``.
        """
        return self.lookup(key, compute)[0]

    def lookup(self, key: Hashable, compute: Callable[[], Any]) -> tuple[Any, bool]:
        """(value, whether it is the current version's) as :meth:`result` finds it."""
        stale, future = self.start(key, compute)
        if future is None or stale is not None:
            return stale, future is None
        try:
            return future.result(timeout=self.wait_s), True
        except TimeoutError:
            raise StillComputing(max(1, round(self.wait_s / 2))) from None

    def current(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The current version's value, waited for as long as it takes: for a job that
        derives from another job's value (it runs in the background already), so that it
        is never built from the previous version and then kept as the current one."""
        stale, future = self.start(key, compute)
        return stale if future is None else future.result()

    async def lookup_async(self, key: Hashable, compute: Callable[[], Any]
                           ) -> tuple[Any, bool]:
        """:meth:`lookup` for the event loop: waiting takes no thread."""
        stale, future = self.start(key, compute)
        if future is None or stale is not None:
            return stale, future is None
        try:
            # Shielded: a caller giving up must not cancel the computation it waited for.
            waited = asyncio.shield(asyncio.wrap_future(future))
            return await asyncio.wait_for(waited, self.wait_s), True
        except TimeoutError:
            raise StillComputing(max(1, round(self.wait_s / 2))) from None

    def warm(self, jobs: dict[Hashable, Callable[[], Any]]) -> None:
        """Start computing ``jobs`` now, so that the first callers find them ready."""
        for key, compute in jobs.items():
            self.start(key, compute)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def _failed(future: Future[Any]) -> bool:
    return future.done() and future.exception() is not None


# A server database has no file to look at: its aggregates are recomputed this often.
SERVER_DB_TTL_S = 30.0


def database_version(db: str | Path) -> Callable[[], Version]:
    """The version of a SQLite file, or of a PostgreSQL URL's data (a time slot)."""
    if str(db).startswith(("postgresql://", "postgres://")):
        return lambda: (int(time.monotonic() // SERVER_DB_TTL_S),)
    path = Path(os.fspath(db))
    return lambda: file_version(path)
