"""Reading a PostgreSQL store: events (streamed); the rest is :class:`DocumentReads`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .base import EventFilter, JsonDict
from .query import Dialect, event_query
from .reads import DocumentReads, events_in_chunks
from .rows import iso


class PostgresReads(DocumentReads):
    """The read side of :class:`~rasad.store.postgres.PostgresStore`."""

    _conn: Any
    _dialect: Dialect
    _PH = "%s"
    _BYTEWISE = ' COLLATE "C"'
    _ALL_ROWS = None

    def _row(self, row: Any) -> JsonDict:
        return {k: iso(v) for k, v in row.items()}

    def events(self, filters: EventFilter | None = None) -> list[JsonDict]:
        return list(self.iter_events(filters))

    def iter_events(self, filters: EventFilter | None = None) -> Iterator[JsonDict]:
        sql, params = event_query(filters or EventFilter(), self._dialect)
        # A server-side cursor streams large exports instead of loading them whole.
        with self._conn.transaction(), self._conn.cursor(name="rasad_events") as cur:
            cur.execute(sql, params)
            yield from events_in_chunks(cur, self._actors_of)

    def _actors_of(self, event_ids: list[str]) -> dict[str, list[JsonDict]]:
        out: dict[str, list[JsonDict]] = {}
        for row in self._conn.execute(
            "SELECT * FROM event_actors WHERE event_id = ANY(%s)"
            ' ORDER BY event_id COLLATE "C", side, position', (event_ids,),
        ):
            out.setdefault(row["event_id"], []).append(row)
        return out
