"""Storing and reading the control records in the rasad database, through the store.

Works on any store (SQLite file or PostgreSQL URL): :func:`rebuild_control` recomputes
every control table from the stored reports in one transaction (idempotent: running it
twice gives the same rows). :func:`load_view` rebuilds first when reports were added
since the last rebuild, so queries never answer from stale tables.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..store import Store, is_postgres_url, open_store
from .build import ControlResult, ControlView, build_control
from .corpus import load_corpus
from .schema import CONTROL_SCHEMA_VERSION, STATEMENTS
from .sites import lookup_keys

Database = str | Path | Store
Rows = dict[str, list[tuple[Any, ...]]]


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
def opened(db: Database) -> Iterator[Store]:
    """The store for a path or URL (closed afterwards), or the store given."""
    if not isinstance(db, str | Path):
        yield db
        return
    if not is_postgres_url(db) and str(db) != ":memory:" and not Path(db).exists():
        raise StoreError(f"{db}: no such database", hint="run `rasad ingest ... --db PATH` first")
    store = open_store(db)
    try:
        yield store
    finally:
        store.close()


def rebuild_control(db: Database, kb: Any = None) -> RebuildSummary:
    """Recompute sites, claims, commanders, relations and merged events from the reports."""
    with opened(db) as store:
        fingerprint = store.content_fingerprint()
        corpus = load_corpus(store)
        result = build_control(corpus, kb)
        write_result(store, result, fingerprint)
    copies = sum(1 for doc, group in result.groups.items() if doc != group)
    return RebuildSummary(
        documents=len(corpus.docs), events=len(corpus.events), merged_events=len(result.merged),
        sites=len(result.sites), positions=sum(s.count or 0 for s in result.sites),
        claims=len(result.claims), commanders=len(result.commanders),
        relations=len(result.relations), syndicated_copies=copies)


def write_result(store: Store, result: ControlResult, fingerprint: str) -> None:
    """Replace the control tables with ``result`` (one transaction)."""
    store.replace_tables(STATEMENTS, _rows(result, fingerprint))


def _rows(result: ControlResult, fingerprint: str) -> Rows:
    view = result.to_view()
    dumps = _dumps
    rows: Rows = {"control_meta": [
        ("schema_version", str(CONTROL_SCHEMA_VERSION)), ("fingerprint", fingerprint),
        ("rebuilt_at", datetime.now(UTC).isoformat()),
        ("actor_names", dumps(result.actor_names))]}
    rows["control_merged_events"] = [
        (m["id"], m["sub_event_type"], (m.get("location") or {}).get("name"),
         (m.get("location") or {}).get("latitude"), (m.get("location") or {}).get("longitude"),
         (m.get("date") or {}).get("start"), m["corroboration"], dumps(m["disputed"]), dumps(m),
         seq) for seq, m in enumerate(view.merged)]
    rows["control_merged_sources"] = [(m["id"], s.get("event_id"), s["doc_id"], s.get("copy_of"))
                                      for m in view.merged for s in m["sources"]]
    rows["control_sites"] = [(s["id"], s["kind"], s["count"], s["label"], s["gazetteer_id"],
                              s["latitude"], s["longitude"], s["uncertainty_km"], dumps(s), seq)
                             for seq, s in enumerate(view.sites)]
    rows["control_site_names"] = [(s["id"], key) for s in view.sites for key in s["names"]]
    rows["control_claims"] = [
        (c["id"], c["site_id"], c["place"], c["holder_id"], c["kind"],
         (c["valid_from"] or {}).get("start"), (c["valid_to"] or {}).get("start"),
         int(c["valid_to"] is None), int(c["disputed"]), seq, dumps(c))
        for seq, c in enumerate(view.claims)]
    rows["control_commanders"] = [(p["id"], p["name"], p["kunya"], dumps(p), seq)
                                  for seq, p in enumerate(view.commanders)]
    rows["control_commander_names"] = [(p["id"], key) for p in view.commanders
                                       for key in lookup_keys(p["aliases"])]
    rows["control_relations"] = [(r["subject"], r["relation"], r["object"], dumps(r), seq)
                                 for seq, r in enumerate(view.relations)]
    return rows


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _meta(store: Store, key: str) -> str | None:
    rows = [r for r in store.table_rows("control_meta", ("key", "value")) if r["key"] == key]
    return rows[0]["value"] if rows else None


def is_stale(db: Database) -> bool:
    with opened(db) as store:
        return (_meta(store, "fingerprint") != store.content_fingerprint()
                or _meta(store, "schema_version") != str(CONTROL_SCHEMA_VERSION))


def load_view(db: Database, *, refresh: bool = True) -> ControlView:
    """The stored control records (rebuilt first when the reports changed)."""
    with opened(db) as store:
        if refresh and is_stale(store):
            rebuild_control(store)

        def records(table: str) -> list[dict[str, Any]]:
            rows = store.table_rows(table, ("record", "seq"), order_by="seq")
            return [json.loads(r["record"]) for r in rows]

        names = _meta(store, "actor_names")
        return ControlView(
            sites=records("control_sites"), claims=records("control_claims"),
            commanders=records("control_commanders"), relations=records("control_relations"),
            merged=records("control_merged_events"),
            actor_names=json.loads(names) if names else {})
