"""The PostgreSQL store (``--db postgresql://...``), behind the same interface as SQLite.

Same tables and the same idempotent ingest by content hash; one transaction per
document. Migrations run under an advisory lock, so several processes may open a
fresh database at once. With PostGIS available, events and places get a generated
``geom`` point and bounding-box filters use its GiST index.

PostgreSQL text cannot hold NUL characters: NUL becomes U+FFFD in stored strings
(one character for one, so offsets still index the stored text).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from ..errors import StoreError
from ..io import content_hash
from ..types import Document
from .base import ConnectionOwner, Fingerprint, IngestResult, JsonDict
from .derived import DerivedTables
from .pg_reads import PostgresReads
from .pg_schema import PG_MIGRATIONS, PG_SCHEMA_VERSION, POSTGIS_DDL
from .query import POSTGIS, POSTGRES
from .reviews import Reviews
from .rows import (
    EVENT_COLUMNS,
    actor_rows,
    event_row,
    iso,
    knowledge_actor_row,
    mention_row,
    place_row,
    prepare_ingest,
    warnings_json,
)
from .sqlite import ActorsLoader, _default_actors_loader

_LOCK_ID = 0x7261736164  # "rasad": serializes migrations between processes
_EVENT_MARKS = ", ".join(
    "%s::jsonb" if i in (13, 19, 20, 21) else "%s" for i in range(26)
)


def _now() -> datetime:
    # Whole seconds, as SQLite stores them: both backends then list documents alike.
    return datetime.now(UTC).replace(microsecond=0)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd") if "\x00" in value else value
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _event_params(doc_id: str, event: JsonDict) -> list[Any]:
    row = list(event_row(doc_id, event))
    row[14], row[15] = _date(row[14]), _date(row[15])
    return row


class PostgresStore(PostgresReads, Reviews, DerivedTables, ConnectionOwner):
    """PostgreSQL implementation of :class:`rasad.store.Store`."""

    _mark = "%s"

    def __init__(
        self, url: str, *, actors_loader: ActorsLoader | None = None,
        postgis: bool | None = None,
    ) -> None:
        self.url = url
        self._actors_loader = actors_loader or _default_actors_loader
        self._actors_synced = False
        self._conn = self._connect()
        # A commit need not wait for the WAL flush: a server crash can lose the last
        # few reports' commits, never half a report, and the next run (idempotent by
        # content hash) processes them again. Several times faster per report.
        self._conn.execute("SET synchronous_commit TO off")
        self._migrate()
        self.postgis = self._setup_postgis(postgis)
        self._dialect = POSTGIS if self.postgis else POSTGRES

    # ------------------------------------------------------------ lifecycle

    def _connect(self) -> Any:
        try:
            import psycopg
            from psycopg.rows import dict_row
        except ImportError as exc:
            raise StoreError("PostgreSQL needs psycopg",
                             hint="pip install 'rasad[scale]'") from exc
        self._errors = (psycopg.Error,)
        try:
            # No server-side prepared statements: their generic plans, made while the
            # tables are empty, would keep sequential scans as the tables grow.
            return psycopg.connect(self.url, autocommit=True, row_factory=dict_row,
                                   connect_timeout=10, prepare_threshold=None)
        except psycopg.Error as exc:
            raise StoreError(
                f"{_redact(self.url)}: cannot connect: {str(exc).strip()}",
                hint="check the server runs and the URL (postgresql://user@host:port/db)",
            ) from exc

    def _migrate(self) -> None:
        with self._conn.transaction():
            self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_ID,))
            self._conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"
            )
            row = self._conn.execute("SELECT MAX(version) AS v FROM schema_version").fetchone()
            current = row["v"] or 0
            if current > PG_SCHEMA_VERSION:
                raise StoreError(
                    f"{_redact(self.url)}: database schema v{current} is newer than this"
                    f" rasad (v{PG_SCHEMA_VERSION})", hint="upgrade rasad",
                )
            for version in range(current + 1, PG_SCHEMA_VERSION + 1):
                for statement in PG_MIGRATIONS[version - 1]:
                    self._conn.execute(statement)
                self._conn.execute("INSERT INTO schema_version VALUES (%s)", (version,))

    def _setup_postgis(self, wanted: bool | None) -> bool:
        """Use geometry when PostGIS is installed (or can be); plain lat/lon otherwise."""
        if wanted is False:
            return self._has_geom()  # a database set up with geometry keeps it
        import psycopg

        try:
            with self._conn.transaction():
                self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_ID,))
                if self._conn.execute("SELECT to_regtype('geometry') AS t").fetchone()["t"] \
                        is None:
                    available = self._conn.execute(
                        "SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'"
                    ).fetchone()
                    if available is None:
                        raise _NoPostgis("the PostGIS extension is not installed on the server")
                    self._conn.execute("CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public")
                if not self._has_geom():
                    for statement in POSTGIS_DDL:
                        self._conn.execute(statement)
            return True
        except (_NoPostgis, psycopg.Error) as exc:
            if wanted:
                raise StoreError(f"{_redact(self.url)}: PostGIS unavailable: {exc}") from exc
            return False

    def _has_geom(self) -> bool:
        row = self._conn.execute(
            "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()"
            " AND table_name = 'events' AND column_name = 'geom'"
        ).fetchone()
        return row is not None

    @property
    def schema_version(self) -> int:
        row = self._conn.execute("SELECT MAX(version) AS v FROM schema_version").fetchone()
        return int(row["v"] or 0)

    # ------------------------------------------------------------ writing

    def contains(self, text: str) -> bool:
        row = self._conn.execute(
            "SELECT 1 FROM documents WHERE content_hash = %s AND error IS NULL",
            (content_hash(text),),
        ).fetchone()
        return row is not None

    def record_failure(self, source: str, reason: str) -> None:
        self._conn.execute(
            "INSERT INTO failures (source, reason, created_at) VALUES (%s, %s, %s)",
            (_clean(source), _clean(reason), _now()),
        )

    def ingest(
        self, doc: Document | JsonDict, *, fingerprint: Fingerprint | None = None,
        replace: bool = False,
    ) -> IngestResult:
        import psycopg

        prep = prepare_ingest(doc)
        record, text, doc_id, digest = prep.record, prep.text, prep.doc_id, prep.digest
        if prep.error and not text:
            self.record_failure(doc_id or "<unknown>", prep.error)
            return IngestResult("failed", doc_id, prep.error)
        self._sync_actors()
        try:
            with self._conn.transaction():
                result = self._ingest_tx(_clean(record), _clean(text), digest, replace)
                if fingerprint is not None and result.status != "duplicate":
                    self._insert_fingerprint(digest, fingerprint)
                return result
        except psycopg.Error as exc:
            raise StoreError(f"cannot store document {doc_id!r}: {str(exc).strip()}") from exc
        except (KeyError, TypeError, AttributeError) as exc:
            raise StoreError(f"document {doc_id!r}: malformed record: {exc!r}") from exc

    def _ingest_tx(self, record: JsonDict, text: str, digest: str,
                   replace: bool = False) -> IngestResult:
        header: JsonDict = record.get("document") or {}
        error = record.get("error")
        existing = self._conn.execute(
            "SELECT id, error FROM documents WHERE content_hash = %s FOR UPDATE", (digest,)
        ).fetchone()
        if existing is not None and existing["error"] is None and not replace:
            return IngestResult("duplicate", existing["id"])
        if existing is not None:  # a failed earlier attempt, or asked to: replace it
            self._conn.execute("DELETE FROM documents WHERE id = %s", (existing["id"],))
        wanted = str(header.get("id") or digest[:16])
        now = _now()
        row = (digest, header.get("lang"), _date(header.get("published")), header.get("url"),
               header.get("outlet"), text, json.dumps(header.get("pipeline") or []), now,
               str(error) if error else None, warnings_json(record))
        doc_id = self._free_id(wanted, digest)
        if not self._insert_document(doc_id, row):
            # Another writer stored a report since the check above: this one, or another
            # report under the same name.
            again = self._conn.execute(
                "SELECT id FROM documents WHERE content_hash = %s", (digest,)).fetchone()
            if again is not None:
                return IngestResult("duplicate", again["id"])
            doc_id = f"{wanted}-{digest[:8]}"
            if not self._insert_document(doc_id, row):
                raise StoreError(f"document {wanted!r}: ids {wanted!r} and {doc_id!r} "
                                 "are both taken by other reports")
        if error:
            self._conn.execute(
                "INSERT INTO failures (source, reason, created_at) VALUES (%s, %s, %s)",
                (doc_id, str(error), now),
            )
            return IngestResult("failed", doc_id, str(error))
        self._insert_children(doc_id, record)
        self._replay_reviews(doc_id, digest)
        return IngestResult("inserted", doc_id)

    def _insert_document(self, doc_id: str, row: tuple[Any, ...]) -> bool:
        """False when the id or content hash is taken (ON CONFLICT waits for a concurrent
        writer's transaction instead of aborting on it)."""
        cur = self._conn.execute(
            "INSERT INTO documents (id, content_hash, lang, published, url, outlet, text,"
            " pipeline, ingested_at, error, warnings) VALUES (%s, %s, %s, %s, %s, %s, %s,"
            " %s::jsonb, %s, %s, %s::jsonb) ON CONFLICT DO NOTHING", (doc_id, *row),
        )
        return cur.rowcount == 1

    def _free_id(self, wanted: str, digest: str) -> str:
        taken = self._conn.execute("SELECT 1 FROM documents WHERE id = %s", (wanted,)).fetchone()
        return wanted if taken is None else f"{wanted}-{digest[:8]}"

    def _new_events(self, record: JsonDict) -> list[JsonDict]:
        """The record's events whose id is not stored yet, first of each id (as SQLite)."""
        events: dict[str, JsonDict] = {}
        for event in record.get("events") or []:
            events.setdefault(str(event["id"]), event)
        if not events:
            return []
        taken = {r["id"] for r in self._conn.execute(
            "SELECT id FROM events WHERE id = ANY(%s)", (list(events),))}
        return [e for i, e in events.items() if i not in taken]

    def _insert_children(self, doc_id: str, record: JsonDict) -> None:
        events = self._new_events(record)
        # One batch per table, sent in one pipeline: a few round trips per report
        # instead of one per row.
        with self._conn.pipeline(), self._conn.cursor() as cur:
            cur.executemany(
                'INSERT INTO mentions (doc_id, label, "start", "end", text, kb_id, extra)'
                " VALUES (%s, %s, %s, %s, %s, %s, %s::jsonb)",
                [mention_row(doc_id, m) for m in record.get("entities") or []],
            )
            # An event id is a hash of the report's name and the event: a concurrent
            # writer storing a namesake report may have taken it (SQLite: INSERT OR IGNORE).
            cur.executemany(f"INSERT INTO events ({EVENT_COLUMNS}) VALUES ({_EVENT_MARKS})"
                            " ON CONFLICT (id) DO NOTHING",
                            [_event_params(doc_id, e) for e in events])
            cur.executemany(
                "INSERT INTO event_actors (event_id, side, position, actor_id, name, text,"
                ' "start", "end") VALUES (%s, %s, %s, %s, %s, %s, %s, %s)'
                " ON CONFLICT DO NOTHING",
                [row for e in events for row in actor_rows(str(e["id"]), e)],
            )
            places = [p for p in (place_row(e.get("location")) for e in events) if p]
            cur.executemany(
                "INSERT INTO places (gazetteer_id, name, name_ar, latitude, longitude,"
                " admin1, country, feature) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
                " ON CONFLICT (gazetteer_id) DO NOTHING", places,
            )

    def _write_event(self, doc_id: str, event: JsonDict) -> None:
        self._insert_children(doc_id, {"events": [_clean(event)]})

    def _insert_fingerprint(self, digest: str, fp: Fingerprint) -> None:
        with self._conn.pipeline(), self._conn.cursor() as cur:
            cur.execute(
                "INSERT INTO fingerprints VALUES (%s, %s) ON CONFLICT (doc_hash)"
                " DO UPDATE SET signature = EXCLUDED.signature", (digest, fp.signature),
            )
            cur.executemany("INSERT INTO fingerprint_bands VALUES (%s, %s) ON CONFLICT DO NOTHING",
                            [(key, digest) for key in fp.bands])

    def _sync_actors(self) -> None:
        if self._actors_synced:
            return
        self._actors_synced = True
        rows = [r for r in (knowledge_actor_row(a) for a in self._actors_loader()) if r]
        if not rows:
            return
        with self._conn.transaction(), self._conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO actors VALUES (%s, %s, %s, %s, %s, %s::jsonb) ON CONFLICT (id) DO"
                " UPDATE SET name = EXCLUDED.name, acled_type = EXCLUDED.acled_type,"
                " country = EXCLUDED.country, parent = EXCLUDED.parent,"
                " sponsors = EXCLUDED.sponsors", [_clean(list(r)) for r in rows],
            )

    # ------------------------------------------------------------ near-duplicates

    def similar(self, bands: Sequence[int]) -> list[tuple[str, str]]:
        rows = self._conn.execute(
            "SELECT f.doc_hash, f.signature FROM fingerprints f WHERE f.doc_hash IN"
            " (SELECT doc_hash FROM fingerprint_bands WHERE key = ANY(%s))"
            ' ORDER BY f.doc_hash COLLATE "C"',
            (list(bands),),
        ).fetchall()
        return [(r["doc_hash"], r["signature"]) for r in rows]

    def record_near_duplicate(
        self, source: str, digest: str, duplicate_of: str, similarity: float
    ) -> None:
        self._conn.execute(
            "INSERT INTO near_duplicates VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
            (digest, _clean(source), duplicate_of, similarity, _now()),
        )

    def near_duplicates(self) -> list[JsonDict]:
        rows = self._conn.execute(
            "SELECT n.source, n.content_hash, n.duplicate_of, d.id AS duplicate_of_id,"
            " n.similarity, n.created_at FROM near_duplicates n LEFT JOIN documents d"
            ' ON d.content_hash = n.duplicate_of ORDER BY n.created_at, n.source COLLATE "C"'
        ).fetchall()
        return [{k: iso(v) for k, v in r.items()} for r in rows]

    def _transaction(self) -> Any:
        return self._conn.transaction()

    def _has_table(self, table: str) -> bool:
        row = self._conn.execute("SELECT to_regclass(%s) AS t", (table,)).fetchone()
        return row["t"] is not None

    def _where(self) -> str:
        return _redact(self.url)


class _NoPostgis(Exception):
    pass


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    head, sep, tail = url.partition("@")
    if not sep or ":" not in head.split("//", 1)[-1]:
        return url
    scheme, _, cred = head.partition("//")
    return f"{scheme}//{cred.split(':', 1)[0]}:***@{tail}"
