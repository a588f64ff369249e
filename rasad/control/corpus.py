"""The input of the control derivation: stored reports, their events and person mentions.

Everything is read from the output contract (the ``events`` rows and the PERSON
mentions of the store), so the derivation works for any ingested corpus and can be
unit-tested on hand-built dicts (:func:`corpus_from_records`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

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


def load_corpus(db: Any) -> Corpus:
    """Every successfully processed report of a rasad database (a SQLite path, a
    ``postgresql://`` URL or an open store)."""
    from .db import opened

    corpus = Corpus()
    with opened(db) as store:
        # Ingest order, to the second (what every backend keeps), then id: the same
        # order, so the same answers, from SQLite and PostgreSQL.
        rows = sorted(store.documents(), key=lambda d: (str(d.get("ingested_at"))[:19], d["id"]))
        for seq, row in enumerate(rows):
            if row.get("error"):
                continue
            corpus.docs[row["id"]] = DocInfo(
                id=row["id"], seq=seq, published=row.get("published"),
                outlet=row.get("outlet"), url=row.get("url"),
                text=store.document_text(row["id"]) or "")
        corpus.events = [e for e in store.iter_events() if _doc_id(e) in corpus.docs]
        corpus.persons = [m for m in store.mentions("PERSON") if m["doc_id"] in corpus.docs]
    corpus.events.sort(key=lambda e: (corpus.docs[_doc_id(e)].seq, event_position(e)))
    return corpus
