"""Reading a SQLite store: events (streamed), documents, warnings, failures, counts."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

from .base import EventFilter, JsonDict
from .query import SQLITE, event_query
from .rows import event_to_dict, warning_rows

_CHUNK = 500


class SQLiteReads:
    """The read side of :class:`~rasad.store.sqlite.SQLiteStore`."""

    _conn: Any

    def events(self, filters: EventFilter | None = None) -> list[JsonDict]:
        """Stored events as output-contract dicts, each with its ``document`` header."""
        return list(self.iter_events(filters))

    def iter_events(self, filters: EventFilter | None = None) -> Iterator[JsonDict]:
        sql, params = event_query(filters or EventFilter(), SQLITE)
        cur = self._conn.execute(sql, params)
        while True:
            rows = cur.fetchmany(_CHUNK)
            if not rows:
                return
            actors = self._actors_of([r["id"] for r in rows])
            for row in rows:
                yield event_to_dict(row, actors.get(row["id"], []))

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

    def documents(self, limit: int | None = None, offset: int = 0) -> list[JsonDict]:
        rows = self._conn.execute(
            "SELECT d.id, d.content_hash, d.lang, d.published, d.url, d.outlet, d.pipeline,"
            " d.ingested_at, d.error, (SELECT COUNT(*) FROM events e WHERE e.doc_id = d.id)"
            " AS events, d.warnings FROM documents d ORDER BY d.ingested_at, d.id"
            " LIMIT ? OFFSET ?", (-1 if limit is None else limit, offset),
        ).fetchall()
        out = [dict(r) for r in rows]
        for d in out:
            d["pipeline"] = json.loads(d["pipeline"] or "[]")
            d["warnings"] = json.loads(d["warnings"] or "[]")
        return out

    def warnings(self) -> list[JsonDict]:
        """Each stored report's warnings, one row per warning, oldest report first."""
        rows = self._conn.execute(
            "SELECT id, ingested_at, warnings FROM documents WHERE warnings IS NOT NULL"
            " ORDER BY ingested_at, id"
        ).fetchall()
        return warning_rows((r["id"], r["ingested_at"], json.loads(r["warnings"])) for r in rows)

    def document_text(self, doc_id: str) -> str | None:
        row = self._conn.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return None if row is None else row[0]

    def failures(self) -> list[JsonDict]:
        rows = self._conn.execute(
            "SELECT source, reason, created_at FROM failures ORDER BY id"
        ).fetchall()
        return [dict(r) for r in rows]

    def counts(self) -> dict[str, int]:
        queries = {
            "documents": "SELECT COUNT(*) FROM documents WHERE error IS NULL",
            "failed_documents": "SELECT COUNT(*) FROM documents WHERE error IS NOT NULL",
            "events": "SELECT COUNT(*) FROM events",
            "mentions": "SELECT COUNT(*) FROM mentions",
            "actors": "SELECT COUNT(*) FROM actors",
            "places": "SELECT COUNT(*) FROM places",
            "failures": "SELECT COUNT(*) FROM failures",
            "near_duplicates": "SELECT COUNT(*) FROM near_duplicates",
        }
        return {k: int(self._conn.execute(q).fetchone()[0]) for k, q in queries.items()}
