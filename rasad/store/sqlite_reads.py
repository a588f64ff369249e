"""Reading a SQLite store: events (streamed); the rest is :class:`DocumentReads`."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

from .base import EventFilter, JsonDict
from .query import SQLITE, event_query
from .reads import DocumentReads, events_in_chunks


class SQLiteReads(DocumentReads):
    """The read side of :class:`~rasad.store.sqlite.SQLiteStore`."""

    _conn: Any

    def _json_list(self, value: Any) -> list[Any]:
        return list(json.loads(value or "[]"))

    def events(self, filters: EventFilter | None = None) -> list[JsonDict]:
        """Stored events as output-contract dicts, each with its ``document`` header."""
        return list(self.iter_events(filters))

    def iter_events(self, filters: EventFilter | None = None) -> Iterator[JsonDict]:
        sql, params = event_query(filters or EventFilter(), SQLITE)
        yield from events_in_chunks(self._conn.execute(sql, params), self._actors_of)

    def _actors_of(self, event_ids: list[str]) -> dict[str, list[sqlite3.Row]]:
        marks = ", ".join("?" for _ in event_ids)
        out: dict[str, list[sqlite3.Row]] = {}
        # Only placeholders are formatted into the SQL; the ids are parameters.
        for row in self._conn.execute(
            f"SELECT * FROM event_actors WHERE event_id IN ({marks})"
            " ORDER BY event_id, side, position",
            event_ids,
        ):
            out.setdefault(row["event_id"], []).append(row)
        return out
