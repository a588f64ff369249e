"""Reading a PostgreSQL store: events (streamed), documents, warnings, failures, counts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .base import EventFilter, JsonDict
from .query import Dialect, event_query
from .rows import event_to_dict, iso, warning_rows

_CHUNK = 500


class PostgresReads:
    """The read side of :class:`~rasad.store.postgres.PostgresStore`."""

    _conn: Any
    _dialect: Dialect

    def events(self, filters: EventFilter | None = None) -> list[JsonDict]:
        return list(self.iter_events(filters))

    def iter_events(self, filters: EventFilter | None = None) -> Iterator[JsonDict]:
        sql, params = event_query(filters or EventFilter(), self._dialect)
        # A server-side cursor streams large exports instead of loading them whole.
        with self._conn.transaction(), self._conn.cursor(name="rasad_events") as cur:
            cur.execute(sql, params)
            while True:
                rows = cur.fetchmany(_CHUNK)
                if not rows:
                    return
                actors = self._actors_of([r["id"] for r in rows])
                for row in rows:
                    yield event_to_dict(row, actors.get(row["id"], []))

    def _actors_of(self, event_ids: list[str]) -> dict[str, list[JsonDict]]:
        out: dict[str, list[JsonDict]] = {}
        for row in self._conn.execute(
            "SELECT * FROM event_actors WHERE event_id = ANY(%s)"
            ' ORDER BY event_id COLLATE "C", side, position', (event_ids,),
        ):
            out.setdefault(row["event_id"], []).append(row)
        return out

    def documents(self, limit: int | None = None, offset: int = 0) -> list[JsonDict]:
        rows = self._conn.execute(
            "SELECT d.id, d.content_hash, d.lang, d.published, d.url, d.outlet, d.pipeline,"
            " d.ingested_at, d.error, (SELECT COUNT(*) FROM events e WHERE e.doc_id = d.id)"
            ' AS events, d.warnings FROM documents d ORDER BY d.ingested_at, d.id COLLATE "C"'
            " LIMIT %s OFFSET %s", (limit, offset),
        ).fetchall()
        out = [{k: iso(v) for k, v in r.items()} for r in rows]
        for d in out:
            d["pipeline"] = d["pipeline"] or []
            d["warnings"] = d["warnings"] or []
        return out

    def warnings(self) -> list[JsonDict]:
        rows = self._conn.execute(
            "SELECT id, ingested_at, warnings FROM documents WHERE warnings IS NOT NULL"
            ' ORDER BY ingested_at, id COLLATE "C"'
        ).fetchall()
        return warning_rows((r["id"], iso(r["ingested_at"]), r["warnings"]) for r in rows)

    def document_text(self, doc_id: str) -> str | None:
        row = self._conn.execute("SELECT text FROM documents WHERE id = %s", (doc_id,)).fetchone()
        return None if row is None else row["text"]

    def failures(self) -> list[JsonDict]:
        rows = self._conn.execute(
            "SELECT source, reason, created_at FROM failures ORDER BY id"
        ).fetchall()
        return [{k: iso(v) for k, v in r.items()} for r in rows]

    def counts(self) -> dict[str, int]:
        tables = {
            "documents": "documents WHERE error IS NULL",
            "failed_documents": "documents WHERE error IS NOT NULL",
            "events": "events", "mentions": "mentions", "actors": "actors",
            "places": "places", "failures": "failures", "near_duplicates": "near_duplicates",
        }
        # Table names are the fixed literals above, never user input.
        return {k: int(self._conn.execute(f"SELECT COUNT(*) AS n FROM {t}").fetchone()["n"])
                for k, t in tables.items()}

