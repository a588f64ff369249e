"""What the routes share: the database, the whole-database aggregates, the basemap."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from ..store import is_postgres_url
from . import aggregates as ag
from .boundaries import basemap
from .config import ServeConfig
from .control import ControlTimeline
from .encoding import encode
from .heavy import HeavyResults, database_version
from .queries import ReadOnlyDB
from .store_source import StoreSource

JsonDict = dict[str, Any]

# The answer of a whole-database route while its current version is being computed: the
# previous version's, which neither a client nor the response cache should keep.
INTERIM = {"Cache-Control": "no-store"}


class State:
    """Everything the routes share; one per app, no module globals."""

    def __init__(self, config: ServeConfig) -> None:
        self.config = config
        self.db = (StoreSource(str(config.db)) if is_postgres_url(config.db)
                   else ReadOnlyDB(config.db, spatial_index=config.spatial_index))
        self.write_lock = threading.Lock()
        self.timeline = ControlTimeline(self.db)
        self.version = database_version(config.db)
        # A few workers: a minute-long aggregate (places) must not hold up the quick ones.
        self.heavy = HeavyResults(self.version, wait_s=config.heavy_wait_s, workers=4)
        # The place index has a worker of its own: aggregates derived from it (places,
        # control on a date) wait for it inside the pool above, and must never wait for a
        # job queued behind themselves.
        self.index_jobs = HeavyResults(self.version, wait_s=config.heavy_wait_s, workers=1)
        self._basemap: bytes | None = None

    async def cached(self, key: Hashable, compute: Callable[[], bytes]) -> Response:
        """A whole-database route's JSON, computed once per database version (in the
        background: the route waits for it in the event loop, holding no thread)."""
        body, current = await self.heavy.lookup_async(key, compute)
        return Response(body, media_type="application/json",
                        headers=None if current else INTERIM)

    async def lookup(self, read: Callable[[str], JsonDict | None], key: str
                     ) -> JsonDict | None:
        """One record by its id. From a SQLite file it is read in the event loop: a
        lookup by primary key takes a millisecond or two, while under load the two hand-overs
        to and from a worker thread (each waiting for the interpreter lock) took tens."""
        if isinstance(self.db, ReadOnlyDB):
            return read(key)
        return await run_in_threadpool(read, key)

    def place_index(self) -> ag.PlaceIndex:
        """The current version's index (for aggregates derived from it, which run in the
        background and are kept as the current version's)."""
        index: ag.PlaceIndex = self.index_jobs.current("place-index", self._build_place_index)
        return index

    async def place_index_async(self) -> tuple[ag.PlaceIndex, bool]:
        """The index and whether it is the current database version's."""
        found: tuple[ag.PlaceIndex, bool] = await self.index_jobs.lookup_async(
            "place-index", self._build_place_index)
        return found

    def _build_place_index(self) -> ag.PlaceIndex:
        return ag.PlaceIndex.build(self.db, self.timeline)

    def places_body(self, history: int = ag.DEFAULT_HISTORY) -> bytes:
        return ag.places_body(self.place_index(), self.timeline, history)

    def close(self) -> None:
        self.heavy.close()
        self.index_jobs.close()

    def warm(self) -> None:
        """Start every whole-database aggregate, so that the first visitors find it ready."""
        self.heavy.warm({
            ("places", ag.DEFAULT_HISTORY): self.places_body,
            "network": lambda: ag.network_body(self.db),
            "summary": lambda: ag.summary_body(self.db),
            "commanders": lambda: ag.commanders_body(self.db),
            ("actors", False): lambda: ag.actors_body(self.db, False),
            ("actors", True): lambda: ag.actors_body(self.db, True),
        })

    def basemap(self) -> bytes:
        if self._basemap is None:  # fixed for the server's life: encode once
            self._basemap = encode(basemap(self.config.boundaries))
        return self._basemap
