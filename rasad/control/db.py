"""Storing and reading the control records in the rasad SQLite database.

:func:`rebuild_control` recomputes every control table from the stored reports in one
transaction (idempotent: running it twice gives the same rows). :func:`load_view`
rebuilds first when reports were added since the last rebuild, so queries never
answer from stale tables.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import StoreError
from .build import ControlResult, ControlView, build_control
from .corpus import database_fingerprint, load_corpus
from .schema import TABLES, apply_schema
from .sites import lookup_keys


@dataclass(slots=True, frozen=True)
class RebuildSummary:
    documents: int
    events: int
    merged_events: int
    sites: int
    positions: int  # sum of the sites' counts
    claims: int
    commanders: int
    relations: int
    syndicated_copies: int

    def to_text(self) -> str:
        return (f"{self.documents} reports, {self.events} events -> {self.merged_events} "
                f"merged events ({self.syndicated_copies} syndicated copies), {self.sites} "
                f"site records ({self.positions} positions), {self.claims} claims, "
                f"{self.commanders} commanders, {self.relations} relations")


@contextmanager
def _connect(db_path: str | Path) -> Iterator[sqlite3.Connection]:
    if str(db_path) != ":memory:" and not Path(db_path).exists():
        raise StoreError(f"{db_path}: no such database",
                         hint="run `rasad ingest ... --db PATH` first")
    try:
        conn = sqlite3.connect(str(db_path), isolation_level=None)
    except sqlite3.Error as exc:
        raise StoreError(f"{db_path}: cannot open database: {exc}") from exc
    try:
        yield conn
    finally:
        conn.close()


def rebuild_control(db_path: str | Path, kb: Any = None) -> RebuildSummary:
    """Recompute sites, claims, commanders, relations and merged events from the reports."""
    fingerprint = database_fingerprint(db_path)
    corpus = load_corpus(db_path)
    result = build_control(corpus, kb)
    with _connect(db_path) as conn:
        try:
            conn.execute("BEGIN IMMEDIATE")
            apply_schema(conn)
            for table in TABLES:
                conn.execute(f"DELETE FROM {table}")  # table names are constants
            _write(conn, result)
            _set_meta(conn, fingerprint, result)
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            conn.execute("ROLLBACK")
            raise StoreError(f"{db_path}: cannot write control tables: {exc}") from exc
    copies = sum(1 for doc, group in result.groups.items() if doc != group)
    return RebuildSummary(
        documents=len(corpus.docs), events=len(corpus.events), merged_events=len(result.merged),
        sites=len(result.sites), positions=sum(s.count or 0 for s in result.sites),
        claims=len(result.claims), commanders=len(result.commanders),
        relations=len(result.relations), syndicated_copies=copies)


def _write(conn: sqlite3.Connection, result: ControlResult) -> None:
    view = result.to_view()
    dumps = _dumps
    for m in view.merged:
        loc = m.get("location") or {}
        conn.execute("INSERT INTO control_merged_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     (m["id"], m["sub_event_type"], loc.get("name"), loc.get("latitude"),
                      loc.get("longitude"), (m.get("date") or {}).get("start"),
                      m["corroboration"], dumps(m["disputed"]), dumps(m)))
        conn.executemany("INSERT INTO control_merged_sources VALUES (?, ?, ?, ?)",
                         [(m["id"], s.get("event_id"), s["doc_id"], s.get("copy_of"))
                          for s in m["sources"]])
    for s in view.sites:
        conn.execute("INSERT INTO control_sites VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     (s["id"], s["kind"], s["count"], s["label"], s["gazetteer_id"],
                      s["latitude"], s["longitude"], s["uncertainty_km"], dumps(s)))
        conn.executemany("INSERT INTO control_site_names VALUES (?, ?)",
                         [(s["id"], key) for key in s["names"]])
    for seq, c in enumerate(view.claims):
        conn.execute("INSERT INTO control_claims VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     (c["id"], c["site_id"], c["place"], c["holder_id"], c["kind"],
                      (c["valid_from"] or {}).get("start"), (c["valid_to"] or {}).get("start"),
                      int(c["valid_to"] is None), int(c["disputed"]), seq, dumps(c)))
    for p in view.commanders:
        conn.execute("INSERT INTO control_commanders VALUES (?, ?, ?, ?)",
                     (p["id"], p["name"], p["kunya"], dumps(p)))
        conn.executemany("INSERT INTO control_commander_names VALUES (?, ?)",
                         [(p["id"], key) for key in lookup_keys(p["aliases"])])
    for r in view.relations:
        conn.execute("INSERT INTO control_relations VALUES (?, ?, ?, ?)",
                     (r["subject"], r["relation"], r["object"], dumps(r)))


def _set_meta(conn: sqlite3.Connection, fingerprint: str, result: ControlResult) -> None:
    rows = {"fingerprint": fingerprint, "rebuilt_at": datetime.now(UTC).isoformat(),
            "actor_names": _dumps(result.actor_names)}
    conn.executemany("INSERT OR REPLACE INTO control_meta (key, value) VALUES (?, ?)",
                     list(rows.items()))


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def is_stale(db_path: str | Path) -> bool:
    with _connect(db_path) as conn:
        try:
            row = conn.execute(
                "SELECT value FROM control_meta WHERE key = 'fingerprint'").fetchone()
        except sqlite3.OperationalError:
            return True  # control tables not created yet
    return row is None or row[0] != database_fingerprint(db_path)


def load_view(db_path: str | Path, *, refresh: bool = True) -> ControlView:
    """The stored control records (rebuilt first when the reports changed)."""
    if refresh and is_stale(db_path):
        rebuild_control(db_path)
    with _connect(db_path) as conn:
        apply_schema(conn)

        def records(sql: str) -> list[dict[str, Any]]:
            return [json.loads(row[0]) for row in conn.execute(sql)]

        meta = conn.execute("SELECT value FROM control_meta WHERE key = 'actor_names'").fetchone()
        return ControlView(
            sites=records("SELECT record FROM control_sites ORDER BY rowid"),
            claims=records("SELECT record FROM control_claims ORDER BY seq"),
            commanders=records("SELECT record FROM control_commanders ORDER BY rowid"),
            relations=records("SELECT record FROM control_relations ORDER BY rowid"),
            merged=records("SELECT record FROM control_merged_events ORDER BY rowid"),
            actor_names=json.loads(meta[0]) if meta else {})
