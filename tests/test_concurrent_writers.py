"""Two processes writing the same fresh database at once: neither crashes, nothing is lost.

Each run starts two writer processes behind a barrier, so both open (and migrate) the
store and ingest the same reports at the same moment. On SQLite the second writer
waits for the first one's lock; on PostgreSQL a report stored meanwhile by the other
writer counts as a duplicate.
"""

from __future__ import annotations

import json
import multiprocessing as mp
from pathlib import Path
from typing import Any

import pytest
from test_postgres_store import pg_database  # noqa: F401 - a fixture

from rasad.pipeline import Pipeline
from rasad.serialize import document_to_dict
from rasad.store import open_store
from rasad.store.sqlite import retry_locked
from rasad.types import Document

RUNS = 20
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "reports.jsonl"


@pytest.fixture(scope="module")
def records(pipeline: Pipeline) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in EXAMPLES.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    return [document_to_dict(pipeline(Document(text=r["text"], id=r["id"]))) for r in rows]


def _write(db: str, records: list[dict[str, Any]], barrier: Any, results: Any) -> None:
    try:
        barrier.wait(timeout=30)
        with open_store(db) as store:
            statuses = [store.ingest(r).status for r in records]
        results.put(("ok", statuses))
    except Exception as exc:  # noqa: BLE001 - reported to the test, which fails on it
        results.put(("error", f"{type(exc).__name__}: {exc}"))


def _two_writers(db: str, records: list[dict[str, Any]]) -> list[tuple[str, Any]]:
    ctx = mp.get_context("fork")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    procs = [ctx.Process(target=_write, args=(db, records, barrier, results)) for _ in range(2)]
    for p in procs:
        p.start()
    out = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=30)
    return out


def _check(db: str, records: list[dict[str, Any]]) -> None:
    outcomes = _two_writers(db, records)
    assert [kind for kind, _ in outcomes] == ["ok", "ok"], outcomes
    first, second = (statuses for _, statuses in outcomes)
    # Every report was stored exactly once, by one writer or the other.
    assert all(sorted((a, b)) == ["duplicate", "inserted"] for a, b in zip(first, second,
                                                                         strict=True))
    with open_store(db) as store:
        counts = store.counts()
    assert counts["documents"] == len(records)
    assert counts["events"] == sum(len(r["events"]) for r in records)


def test_two_writers_on_a_fresh_sqlite_file(tmp_path: Path,
                                            records: list[dict[str, Any]]) -> None:
    for run in range(RUNS):
        _check(str(tmp_path / f"run{run}.db"), records)


def test_two_writers_on_a_fresh_postgres_schema(pg_database: str,  # noqa: F811
                                                records: list[dict[str, Any]]) -> None:
    import uuid

    import psycopg

    for _ in range(RUNS):
        schema = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(pg_database, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        try:
            _check(f"{pg_database}?options=-csearch_path%3D{schema},public", records)
        finally:
            with psycopg.connect(pg_database, autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA {schema} CASCADE")


def test_a_locked_database_is_retried_then_reported(caplog: pytest.LogCaptureFixture) -> None:
    import sqlite3

    calls = []

    def busy_twice() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise sqlite3.OperationalError("database is locked")
        return "done"

    assert retry_locked("x.db", "waiting to write", busy_twice) == "done"
    assert "x.db: another writer holds the database (waiting to write); retrying" in caplog.text

    def always_busy() -> str:
        raise sqlite3.OperationalError("database is locked")

    with pytest.raises(sqlite3.OperationalError):
        retry_locked("x.db", "waiting to write", always_busy, wait_s=0.1)
