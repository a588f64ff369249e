"""The input of the control derivation: stored reports, their events and person mentions.

Everything is read from the output contract (the ``events`` rows and the PERSON
mentions of the store), so the derivation works for any ingested corpus and can be
unit-tested on hand-built dicts (:func:`corpus_from_records`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import StoreError

JsonDict = dict[str, Any]


@dataclass(slots=True)
class DocInfo:
    id: str
    seq: int  # ingest order: breaks ties between undated reports
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    text: str = ""


@dataclass(slots=True)
class Corpus:
    docs: dict[str, DocInfo] = field(default_factory=dict)
    events: list[JsonDict] = field(default_factory=list)  # each with "document": {"id": ..}
    persons: list[JsonDict] = field(default_factory=list)  # PERSON entities with "doc_id"

    def events_of(self, doc_id: str) -> list[JsonDict]:
        return [e for e in self.events if _doc_id(e) == doc_id]


def _doc_id(event: JsonDict) -> str:
    return str((event.get("document") or {}).get("id") or "")


def event_position(event: JsonDict) -> int:
    """Where the event is told in its report (its first evidence span)."""
    starts = [int(ev.get("start") or 0) for ev in event.get("evidence") or []]
    return min(starts) if starts else 0


def corpus_from_records(records: Iterable[JsonDict]) -> Corpus:
    """A corpus from output-contract documents (``{"document", "events", "entities"}``)."""
    corpus = Corpus()
    for seq, record in enumerate(records):
        header = record.get("document") or {}
        doc = DocInfo(id=str(header.get("id") or f"doc-{seq}"), seq=seq,
                      published=header.get("published"), outlet=header.get("outlet"),
                      url=header.get("url"), text=str(record.get("text") or ""))
        corpus.docs[doc.id] = doc
        for event in record.get("events") or []:
            corpus.events.append({**event, "document": {"id": doc.id}})
        for entity in record.get("entities") or []:
            if entity.get("label") == "PERSON":
                corpus.persons.append({**entity, "doc_id": doc.id})
    return corpus


def load_corpus(db_path: str | Path) -> Corpus:
    """Every successfully processed report of a rasad SQLite database."""
    from ..store import SQLiteStore

    corpus = Corpus()
    with SQLiteStore(db_path) as store:
        for seq, row in enumerate(store.documents()):
            if row.get("error"):
                continue
            corpus.docs[row["id"]] = DocInfo(
                id=row["id"], seq=seq, published=row.get("published"),
                outlet=row.get("outlet"), url=row.get("url"),
                text=store.document_text(row["id"]) or "")
        corpus.events = [e for e in store.iter_events() if _doc_id(e) in corpus.docs]
    corpus.events.sort(key=lambda e: (corpus.docs[_doc_id(e)].seq, event_position(e)))
    corpus.persons = _person_mentions(db_path, set(corpus.docs))
    return corpus


def _person_mentions(db_path: str | Path, doc_ids: set[str]) -> list[JsonDict]:
    # The store has no public reader for mentions yet; this reads its table directly.
    conn = sqlite3.connect(str(db_path))
    try:
        rows = conn.execute(
            'SELECT doc_id, "start", "end", text, extra FROM mentions'
            " WHERE label = 'PERSON' ORDER BY doc_id, \"start\""
        ).fetchall()
    finally:
        conn.close()
    out: list[JsonDict] = []
    for doc_id, start, end, text, extra in rows:
        if doc_id not in doc_ids:
            continue
        fields = json.loads(extra or "{}")
        out.append({**fields, "label": "PERSON", "start": start, "end": end, "text": text,
                    "doc_id": doc_id})
    return out


def database_fingerprint(db_path: str | Path) -> str:
    """Changes whenever reports are added or removed: tells when to rebuild."""
    conn = sqlite3.connect(str(db_path))
    try:
        row = conn.execute(
            "SELECT COUNT(*), COALESCE(MAX(ingested_at), ''), COALESCE(SUM(LENGTH(id)), 0)"
            " FROM documents WHERE error IS NULL").fetchone()
        events = conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    except sqlite3.Error as exc:
        raise StoreError(f"{db_path}: not a rasad database: {exc}",
                         hint="run `rasad ingest ... --db PATH` first") from exc
    finally:
        conn.close()
    return f"{row[0]}|{row[1]}|{row[2]}|{events}"
