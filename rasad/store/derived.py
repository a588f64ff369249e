"""Reading what the derived layers need, and keeping their tables, on any store.

Layers computed from the stored reports (the control timeline) own their table
definitions, in SQL both backends accept (TEXT, INTEGER, REAL; ``CREATE ... IF NOT
EXISTS``), and rewrite them whole; the store runs the statements in one transaction
with its own placeholders and reads the rows back. The readers here (mentions, a
fingerprint of the reports) are written once for both backends.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any

from ..errors import StoreError
from .base import JsonDict

_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


def checked_name(name: str) -> str:
    """A table or column name, refused unless it is a plain lower-case identifier."""
    if not _NAME.match(name):
        raise ValueError(f"not a table or column name: {name!r}")
    return name


def _values(row: Any) -> tuple[Any, ...]:
    return tuple(row.values()) if isinstance(row, dict) else tuple(row)


class DerivedTables:
    """Shared by both stores: each gives its connection, placeholder and transaction."""

    _conn: Any
    _mark: str
    _errors: tuple[type[Exception], ...]

    def _transaction(self) -> AbstractContextManager[Any]:
        raise NotImplementedError

    def _has_table(self, table: str) -> bool:
        raise NotImplementedError

    def _where(self) -> str:
        raise NotImplementedError

    def replace_tables(self, statements: Sequence[str],
                       rows: Mapping[str, Sequence[Sequence[Any]]]) -> None:
        """Create the tables if missing and replace the rows of each table in ``rows``,
        all in one transaction (a failure leaves the previous rows in place)."""
        try:
            with self._transaction():
                for statement in statements:
                    self._conn.execute(statement)
                cursor = self._conn.cursor()
                for table, table_rows in rows.items():
                    cursor.execute(f"DELETE FROM {checked_name(table)}")
                    if table_rows:
                        marks = ", ".join([self._mark] * len(table_rows[0]))
                        cursor.executemany(f"INSERT INTO {table} VALUES ({marks})", table_rows)
        except self._errors as exc:
            raise StoreError(f"{self._where()}: cannot write {', '.join(rows)}: {exc}") from exc

    def table_rows(self, table: str, columns: Sequence[str],
                   order_by: str | None = None) -> list[JsonDict]:
        """The rows of a derived table as dicts; none when the table does not exist yet."""
        if not self._has_table(checked_name(table)):
            return []
        cols = ", ".join(checked_name(c) for c in columns)
        order = f" ORDER BY {checked_name(order_by)}" if order_by else ""
        rows = self._conn.execute(f"SELECT {cols} FROM {table}{order}").fetchall()
        return [dict(zip(columns, _values(r), strict=True)) for r in rows]

    def mentions(self, label: str | None = None, doc_id: str | None = None
                 ) -> Iterator[JsonDict]:
        """Stored mentions (of ``label``, of ``doc_id``, when given) with their extra
        fields, by report and offset."""
        tests = [(f"{column} = {self._mark}", value) for column, value
                 in (("label", label), ("doc_id", doc_id)) if value is not None]
        where = " WHERE " + " AND ".join(t for t, _ in tests) if tests else ""
        sql = ('SELECT doc_id, label, "start", "end", text, kb_id, extra FROM mentions'
               f'{where} ORDER BY doc_id, "start"')
        for row in self._conn.execute(sql, tuple(v for _, v in tests)).fetchall():
            doc_id, kind, start, end, text, kb_id, extra = _values(row)
            fields = json.loads(extra) if isinstance(extra, str) else dict(extra or {})
            yield {**fields, "doc_id": doc_id, "label": kind, "start": start, "end": end,
                   "text": text, "kb_id": kb_id}

    def actors(self) -> list[JsonDict]:
        """The knowledge-base actors the store keeps (id, name, type, parent, sponsors)."""
        rows = self._conn.execute("SELECT id, name, acled_type, country, parent, sponsors"
                                  " FROM actors ORDER BY id").fetchall()
        out = []
        for row in rows:
            item = dict(zip(("id", "name", "acled_type", "country", "parent", "sponsors"),
                            _values(row), strict=True))
            sponsors = item["sponsors"]
            item["sponsors"] = json.loads(sponsors) if isinstance(sponsors, str) else sponsors or []
            out.append(item)
        return out

    def places(self) -> list[JsonDict]:
        """Gazetteer places of stored events, each with its event count, by name."""
        columns = ("gazetteer_id", "name", "name_ar", "latitude", "longitude", "admin1",
                   "country", "feature")
        counts = dict(_values(r) for r in self._conn.execute(
            "SELECT gazetteer_id, COUNT(*) FROM events WHERE gazetteer_id IS NOT NULL"
            " AND (review_status IS NULL OR review_status <> 'rejected')"
            " GROUP BY gazetteer_id").fetchall())
        rows = [dict(zip(columns, _values(r), strict=True)) for r in self._conn.execute(
            f"SELECT {', '.join(columns)} FROM places").fetchall()]
        rows.sort(key=lambda p: (p["name"] is not None, p["name"] or ""))
        return [{**p, "events": int(counts.get(p["gazetteer_id"], 0))} for p in rows]

    def content_fingerprint(self) -> str:
        """Changes whenever reports or events are added or removed, or reviewed."""
        docs = self._conn.execute(
            "SELECT COUNT(*), CAST(MAX(ingested_at) AS TEXT), COALESCE(SUM(LENGTH(id)), 0)"
            " FROM documents WHERE error IS NULL").fetchone()
        events = self._conn.execute("SELECT COUNT(*) FROM events").fetchone()
        reviews = self._conn.execute("SELECT COALESCE(MAX(id), 0) FROM reviews").fetchone()
        count, last, size = _values(docs)
        return f"{count}|{last or ''}|{size}|{_values(events)[0]}|{_values(reviews)[0]}"
