"""The embedded SQLite store: one file, WAL mode, schema migrated on open.

Ingest is idempotent by content hash (sha256 of the NFC text): storing the same
report twice is a no-op, so re-running a batch is safe. All writes for one document
happen in one transaction. Only parameterized SQL is used.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from ..errors import StoreError
from ..io import content_hash
from ..types import Document
from .base import ConnectionOwner, Fingerprint, IngestResult, JsonDict
from .derived import DerivedTables
from .reviews import Reviews
from .rows import (
    EVENT_COLUMNS,
    actor_rows,
    event_row,
    knowledge_actor_row,
    mention_row,
    place_row,
    prepare_ingest,
    warnings_json,
)
from .schema import MIGRATIONS, SCHEMA_VERSION
from .sqlite_reads import SQLiteReads

ActorsLoader = Callable[[], Iterable[Any]]
_CHUNK = 500  # ids per IN (...) query, well under SQLite's variable limit
# How long a writer waits for another process's transaction (busy timeout per attempt,
# then retries up to the total): one report's transaction takes milliseconds, so only a
# stuck writer makes this run out.
_BUSY_TIMEOUT_S = 5.0
_LOCK_WAIT_S = 120.0
_LOCK_HINT = ("another process is writing to this database; wait for it to finish, or "
              "use PostgreSQL (--db postgresql://...) for many concurrent writers")
_log = logging.getLogger(__name__)
T = TypeVar("T")


def _is_locked(exc: sqlite3.Error) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and (
        "locked" in str(exc) or "busy" in str(exc))


def retry_locked(path: str, what: str, action: Callable[[], T],
                 wait_s: float = _LOCK_WAIT_S) -> T:
    """Run ``action``, retrying while another writer holds the database, up to ``wait_s``."""
    deadline = time.monotonic() + wait_s
    delay = 0.02
    warned = False
    while True:
        try:
            return action()
        except sqlite3.Error as exc:
            if not _is_locked(exc) or time.monotonic() + delay > deadline:
                raise
            if not warned:
                _log.warning("%s: another writer holds the database (%s); retrying", path, what)
                warned = True
        time.sleep(delay)
        delay = min(delay * 2, 0.5)


def _default_actors_loader() -> Iterable[Any]:
    # rasad.knowledge may be absent or broken in a partial install: ingest must work anyway.
    try:
        from ..knowledge import load_actors  # type: ignore[attr-defined]
    except ImportError:
        return []
    actors = load_actors()
    return actors.values() if isinstance(actors, dict) else actors


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SQLiteStore(SQLiteReads, Reviews, DerivedTables, ConnectionOwner):
    """SQLite implementation of :class:`rasad.store.Store`."""

    _mark = "?"
    _errors = (sqlite3.Error,)

    def __init__(
        self, path: str | Path = ":memory:", *, actors_loader: ActorsLoader | None = None
    ) -> None:
        self.path = str(path)
        self._actors_loader = actors_loader or _default_actors_loader
        self._actors_synced = False
        self._conn = self._connect()
        self._migrate()

    # ------------------------------------------------------------ lifecycle

    def _connect(self) -> sqlite3.Connection:
        memory = self.path == ":memory:"
        try:
            if not memory:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            # Autocommit mode: transactions are explicit (see _tx).
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=_BUSY_TIMEOUT_S)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys = ON")
            if not memory:
                # Switching a fresh file to WAL needs a moment alone with it.
                retry_locked(self.path, "switching to WAL",
                             lambda: conn.execute("PRAGMA journal_mode = WAL"))
                conn.execute("PRAGMA synchronous = NORMAL")
        except (sqlite3.Error, OSError) as exc:
            locked = isinstance(exc, sqlite3.Error) and _is_locked(exc)
            raise StoreError(
                f"{self.path}: cannot open database: {exc}",
                hint=_LOCK_HINT if locked else
                "check the --db path (or RASAD_DB) points to a rasad SQLite file",
            ) from exc
        return conn

    def _read_version(self) -> int:
        exists = self._conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
        ).fetchone()
        if exists is None:
            return 0
        row = self._conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
        return int(row[0] or 0)

    def _migrate(self) -> None:
        try:
            current = retry_locked(self.path, "reading the schema", self._read_version)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot read schema: {exc}") from exc
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: database schema v{current} is newer than this rasad "
                f"(v{SCHEMA_VERSION})", hint="upgrade rasad",
            )
        if current == SCHEMA_VERSION:
            return
        with self._tx() as conn:
            # Another process may have migrated between the read above and this lock.
            conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            for version in range(self._read_version() + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[version - 1]:
                    conn.execute(statement)
                conn.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        try:
            retry_locked(self.path, "waiting to write",
                         lambda: self._conn.execute("BEGIN IMMEDIATE"))
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot write: {exc}",
                             hint=_LOCK_HINT if _is_locked(exc) else None) from exc
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def _transaction(self) -> Any:
        return self._tx()

    def _has_table(self, table: str) -> bool:
        return self._conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table'"
                                  " AND name = ?", (table,)).fetchone() is not None

    def _where(self) -> str:
        return self.path

    @property
    def schema_version(self) -> int:
        row = self._conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
        return int(row[0] or 0)

    # ------------------------------------------------------------ writing

    def contains(self, text: str) -> bool:
        """True when a successfully processed report with this text is stored."""
        row = self._conn.execute(
            "SELECT 1 FROM documents WHERE content_hash = ? AND error IS NULL",
            (content_hash(text),),
        ).fetchone()
        return row is not None

    def record_failure(self, source: str, reason: str) -> None:
        """Add a row to the dead-letter table."""
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO failures (source, reason, created_at) VALUES (?, ?, ?)",
                (source, reason, _now()),
            )

    def ingest(
        self, doc: Document | JsonDict, *, fingerprint: Fingerprint | None = None,
        replace: bool = False,
    ) -> IngestResult:
        """Store one processed report (a Document or its output-contract dict).

        ``replace``: a report stored before is stored again with these events (after a
        model change); its reviews are replayed over them."""
        prep = prepare_ingest(doc)
        record, text, doc_id, digest = prep.record, prep.text, prep.doc_id, prep.digest
        if prep.error and not text:
            self.record_failure(doc_id or "<unknown>", prep.error)
            return IngestResult("failed", doc_id, prep.error)
        self._sync_actors()
        try:
            with self._tx() as conn:
                result = self._ingest_tx(conn, record, text, digest, replace)
                if fingerprint is not None and result.status != "duplicate":
                    self._insert_fingerprint(conn, digest, fingerprint)
                return result
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot store document {doc_id!r}: {exc}") from exc
        except (KeyError, TypeError, AttributeError) as exc:
            raise StoreError(f"document {doc_id!r}: malformed record: {exc!r}") from exc

    def _ingest_tx(
        self, conn: sqlite3.Connection, record: JsonDict, text: str, digest: str,
        replace: bool = False,
    ) -> IngestResult:
        header: JsonDict = record.get("document") or {}
        error = record.get("error")
        existing = conn.execute(
            "SELECT id, error FROM documents WHERE content_hash = ?", (digest,)
        ).fetchone()
        if existing is not None and existing["error"] is None and not replace:
            return IngestResult("duplicate", existing["id"])
        if existing is not None:  # a failed earlier attempt, or asked to: replace it
            conn.execute("DELETE FROM documents WHERE id = ?", (existing["id"],))
        doc_id = self._free_id(conn, str(header.get("id") or digest[:16]), digest)
        conn.execute(
            "INSERT INTO documents (id, content_hash, lang, published, url, outlet, text,"
            " pipeline, ingested_at, error, warnings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (doc_id, digest, header.get("lang"), header.get("published"), header.get("url"),
             header.get("outlet"), text, json.dumps(header.get("pipeline") or []), _now(),
             str(error) if error else None, warnings_json(record)),
        )
        if error:
            conn.execute(
                "INSERT INTO failures (source, reason, created_at) VALUES (?, ?, ?)",
                (doc_id, str(error), _now()),
            )
            return IngestResult("failed", doc_id, str(error))
        self._insert_children(conn, doc_id, record)
        self._replay_reviews(doc_id, digest)
        return IngestResult("inserted", doc_id)

    @staticmethod
    def _insert_fingerprint(conn: sqlite3.Connection, digest: str, fp: Fingerprint) -> None:
        conn.execute("INSERT OR REPLACE INTO fingerprints VALUES (?, ?)", (digest, fp.signature))
        conn.executemany("INSERT OR IGNORE INTO fingerprint_bands VALUES (?, ?)",
                         [(key, digest) for key in fp.bands])

    def similar(self, bands: Sequence[int]) -> list[tuple[str, str]]:
        """(content hash, signature) of stored reports sharing one of ``bands``."""
        out: dict[str, str] = {}
        keys = list(bands)
        for i in range(0, len(keys), _CHUNK):
            part = keys[i : i + _CHUNK]
            marks = ", ".join("?" for _ in part)
            for row in self._conn.execute(
                "SELECT f.doc_hash, f.signature FROM fingerprint_bands b JOIN fingerprints f"
                f" ON f.doc_hash = b.doc_hash WHERE b.key IN ({marks})", part,
            ):
                out[row[0]] = row[1]
        return sorted(out.items())

    def record_near_duplicate(
        self, source: str, digest: str, duplicate_of: str, similarity: float
    ) -> None:
        with self._tx() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO near_duplicates VALUES (?, ?, ?, ?, ?)",
                (digest, source, duplicate_of, similarity, _now()),
            )

    def near_duplicates(self) -> list[JsonDict]:
        rows = self._conn.execute(
            "SELECT n.source, n.content_hash, n.duplicate_of, d.id AS duplicate_of_id,"
            " n.similarity, n.created_at FROM near_duplicates n LEFT JOIN documents d"
            " ON d.content_hash = n.duplicate_of ORDER BY n.created_at, n.source"
        ).fetchall()
        return [dict(r) for r in rows]

    @staticmethod
    def _free_id(conn: sqlite3.Connection, wanted: str, digest: str) -> str:
        # Two different reports can share a name (report.txt in two folders).
        taken = conn.execute("SELECT 1 FROM documents WHERE id = ?", (wanted,)).fetchone()
        return wanted if taken is None else f"{wanted}-{digest[:8]}"

    @staticmethod
    def _insert_children(conn: sqlite3.Connection, doc_id: str, record: JsonDict) -> None:
        conn.executemany(
            'INSERT INTO mentions (doc_id, label, "start", "end", text, kb_id, extra)'
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [mention_row(doc_id, m) for m in record.get("entities") or []],
        )
        for event in record.get("events") or []:
            SQLiteStore._insert_event(conn, doc_id, event)

    @staticmethod
    def _insert_event(conn: sqlite3.Connection, doc_id: str, event: JsonDict) -> None:
        marks = ", ".join("?" * len(EVENT_COLUMNS.split(",")))
        cur = conn.execute(f"INSERT OR IGNORE INTO events ({EVENT_COLUMNS}) VALUES ({marks})",
                           event_row(doc_id, event))
        if cur.rowcount != 1:
            return  # the same event id twice in one report: keep the first
        conn.executemany(
            'INSERT INTO event_actors (event_id, side, position, actor_id, name, text,'
            ' "start", "end") VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
            actor_rows(str(event["id"]), event),
        )
        place = place_row(event.get("location"))
        if place is not None:
            conn.execute("INSERT OR IGNORE INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?)", place)

    def _write_event(self, doc_id: str, event: JsonDict) -> None:
        self._insert_event(self._conn, doc_id, event)

    def _sync_actors(self) -> None:
        if self._actors_synced:
            return
        self._actors_synced = True
        rows = [r for r in (knowledge_actor_row(a) for a in self._actors_loader()) if r]
        if rows:
            with self._tx() as conn:
                conn.executemany("INSERT OR REPLACE INTO actors VALUES (?, ?, ?, ?, ?, ?)", rows)
