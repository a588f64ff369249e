"""What both stores read the same way, apart from their SQL dialect: documents, their
warnings and text, failures and counts. Each store names its placeholder, how its ids
sort, and how a row and a stored JSON list come back from its driver."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from .base import JsonDict
from .rows import event_to_dict, warning_rows

_CHUNK = 500  # events read per fetch; their actors come in one query per chunk

# Table names are these fixed literals, never user input.
_COUNTED = {
    "documents": "documents WHERE error IS NULL",
    "failed_documents": "documents WHERE error IS NOT NULL",
    "events": "events", "mentions": "mentions", "actors": "actors",
    "places": "places", "failures": "failures", "near_duplicates": "near_duplicates",
}


class DocumentReads:
    """documents(), warnings(), document_text(), failures() and counts() over one
    DB-API connection whose rows can be read by column name."""

    _conn: Any
    _PH = "?"  # the driver's parameter placeholder
    _BYTEWISE = ""  # appended to an id in ORDER BY so that ids sort bytewise
    _ALL_ROWS: int | None = -1  # LIMIT meaning "no limit"

    def _row(self, row: Any) -> JsonDict:
        return dict(row)

    def _json_list(self, value: Any) -> list[Any]:
        return list(value or [])

    def documents(self, limit: int | None = None, offset: int = 0) -> list[JsonDict]:
        rows = self._conn.execute(
            "SELECT d.id, d.content_hash, d.lang, d.published, d.url, d.outlet, d.pipeline,"
            " d.ingested_at, d.error, (SELECT COUNT(*) FROM events e WHERE e.doc_id = d.id)"
            f" AS events, d.warnings FROM documents d ORDER BY d.ingested_at, d.id{self._BYTEWISE}"
            f" LIMIT {self._PH} OFFSET {self._PH}",
            (self._ALL_ROWS if limit is None else limit, offset),
        ).fetchall()
        out = [self._row(r) for r in rows]
        for d in out:
            d["pipeline"] = self._json_list(d["pipeline"])
            d["warnings"] = self._json_list(d["warnings"])
        return out

    def warnings(self) -> list[JsonDict]:
        """Each stored report's warnings, one row per warning, oldest report first."""
        rows = map(self._row, self._conn.execute(
            "SELECT id, ingested_at, warnings FROM documents WHERE warnings IS NOT NULL"
            f" ORDER BY ingested_at, id{self._BYTEWISE}"
        ).fetchall())
        return warning_rows((r["id"], r["ingested_at"], self._json_list(r["warnings"]))
                            for r in rows)

    def document_text(self, doc_id: str) -> str | None:
        row = self._conn.execute(f"SELECT text FROM documents WHERE id = {self._PH}",
                                 (doc_id,)).fetchone()
        return None if row is None else str(row["text"])

    def failures(self) -> list[JsonDict]:
        rows = self._conn.execute(
            "SELECT source, reason, created_at FROM failures ORDER BY id"
        ).fetchall()
        return [self._row(r) for r in rows]

    def counts(self) -> dict[str, int]:
        return {k: int(self._conn.execute(f"SELECT COUNT(*) AS n FROM {t}").fetchone()["n"])
                for k, t in _COUNTED.items()}


def events_in_chunks(cursor: Any, actors_of: Callable[[list[str]], Mapping[str, Sequence[Any]]]
                     ) -> Iterator[JsonDict]:
    """Stream an executed event query's rows as output-contract dicts, a chunk at a time."""
    while True:
        rows = cursor.fetchmany(_CHUNK)
        if not rows:
            return
        actors = actors_of([r["id"] for r in rows])
        for row in rows:
            yield event_to_dict(row, actors.get(row["id"], []))
