"""The SQLite store: schema, idempotent ingest, filters, failures, and ACLED export."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from rasad.errors import StoreError
from rasad.export import ACLED_COLUMNS, events_with_doc, format_table, write_acled_csv
from rasad.serialize import document_to_dict
from rasad.store import EventFilter, SQLiteStore
from rasad.store.schema import SCHEMA_VERSION
from rasad.types import (
    ActorMention,
    DateMention,
    Document,
    Event,
    Evidence,
    Place,
    PlaceMention,
)

TEXT_A = "قصفت قوات النظام بلدة كفرنبل أمس، ما أدى إلى مقتل مدنيين."
TEXT_B = "سلّمت ميليشيا الفيلق الخامس مواقعها قرب تدمر إلى الحرس الثوري الإيراني."


def _mention(text: str, needle: str, actor_id: str | None, name: str | None) -> ActorMention:
    start = text.index(needle)
    return ActorMention(start, start + len(needle), needle, actor_id, name)


def _place(text: str, needle: str, place: Place) -> PlaceMention:
    start = text.index(needle)
    return PlaceMention(start, start + len(needle), needle, place=place)


def _event(doc: Document, eid: str, sub: str, etype: str, day: date, conf: float,
           a1: list[ActorMention], a2: list[ActorMention], loc: PlaceMention) -> Event:
    return Event(
        id=eid, event_type=etype, sub_event_type=sub, actor1=a1, actor2=a2, location=loc,
        date=DateMention(0, 0, "", day, day, 1), fatalities=2 if "Shelling" in sub else 0,
        quantities={"sites": 3} if "transfer" in sub else {}, persons=[],
        evidence=[Evidence(0, len(doc.text), doc.text)], confidence=conf, extractor="test.v1",
    )


def shelling_doc() -> Document:
    doc = Document(text=TEXT_A, id="a", published=date(2024, 6, 21), outlet="Outlet A",
                   lang="ar", provenance=["test.v1"])
    army = _mention(TEXT_A, "قوات النظام", "syrian-army", "Military Forces of Syria")
    kafr = _place(TEXT_A, "كفرنبل", Place("Kafr Nabl", "كفرنبل", 35.614, 36.561, "Idlib", None,
                                           "SY", "town", 0, "geonames:170063"))
    doc.actors = [army]
    doc.places = [kafr]
    doc.events = [_event(doc, "ev-a", "Shelling/artillery/missile attack",
                         "Explosions/Remote violence", date(2024, 6, 20), 0.8, [army], [], kafr)]
    return doc


def handover_doc() -> Document:
    doc = Document(text=TEXT_B, id="b", published=date(2024, 11, 14), outlet="Outlet B")
    fifth = _mention(TEXT_B, "الفيلق الخامس", "fifth-corps", "5th Corps")
    irgc = _mention(TEXT_B, "الحرس الثوري الإيراني", "irgc", "Islamic Revolutionary Guard Corps")
    tadmur = _place(TEXT_B, "تدمر", Place("Tadmur", "تدمر", 34.5624, 38.284, "Homs", None, "SY",
                                          "city", 0, "geonames:163808"))
    doc.actors = [fifth, irgc]
    doc.places = [tadmur]
    doc.events = [_event(doc, "ev-b", "Non-violent transfer of territory",
                         "Strategic developments", date(2024, 11, 12), 0.6, [irgc], [fifth],
                         tadmur)]
    return doc


@pytest.fixture
def store() -> SQLiteStore:
    s = SQLiteStore(actors_loader=lambda: [
        {"id": "irgc", "name": "Islamic Revolutionary Guard Corps", "acled_type": "External/Other forces",
         "country": "IR", "sponsors": []},
    ])
    s.ingest(shelling_doc())
    s.ingest(handover_doc())
    return s


def test_schema_created_and_versioned(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "r.db"
    with SQLiteStore(path) as s:
        assert s.schema_version == SCHEMA_VERSION
    conn = sqlite3.connect(path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"documents", "mentions", "events", "event_actors", "actors", "places", "failures",
            "schema_version"} <= tables
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    cols = {r[1] for r in conn.execute("PRAGMA table_info(events)")}
    assert {"latitude", "longitude", "actor1", "actor2", "date_start"} <= cols
    conn.close()
    with SQLiteStore(path) as again:  # reopening does not re-run migrations
        assert again.schema_version == SCHEMA_VERSION


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    SQLiteStore(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION + 5,))
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer than this rasad"):
        SQLiteStore(path)


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="junk.db"):
        SQLiteStore(path)


def test_ingest_is_idempotent(store: SQLiteStore) -> None:
    before = store.counts()
    result = store.ingest(shelling_doc())
    assert (result.status, result.doc_id) == ("duplicate", "a")
    assert store.counts() == before
    assert before["documents"] == 2 and before["events"] == 2
    assert before["places"] == 2 and before["actors"] == 1


def test_same_id_different_text_gets_new_id(store: SQLiteStore) -> None:
    doc = shelling_doc()
    doc.text = TEXT_A + " تحديث"
    doc.events[0].id = "ev-a2"
    result = store.ingest(doc)
    assert result.status == "inserted" and result.doc_id.startswith("a-")


def test_ingest_contract_dict(store: SQLiteStore) -> None:
    record = document_to_dict(shelling_doc())
    record["text"] = TEXT_A
    assert store.ingest(record).status == "duplicate"
    record2 = json.loads(json.dumps(record))
    record2["text"] = TEXT_A + "!"
    record2["document"]["id"] = "a-dict"
    record2["events"][0]["id"] = "ev-dict"
    assert store.ingest(record2).status == "inserted"


def test_failed_document_and_retry() -> None:
    s = SQLiteStore()
    doc = shelling_doc()
    doc.error = "step x failed"
    doc.events = []
    result = s.ingest(doc)
    assert result.status == "failed" and result.reason == "step x failed"
    assert s.failures()[0]["reason"] == "step x failed"
    assert s.contains(TEXT_A) is False
    # After a fix, the same text processes fine and replaces the failed row.
    assert s.ingest(shelling_doc()).status == "inserted"
    assert s.counts()["failed_documents"] == 0 and s.counts()["events"] == 1


def test_unreadable_input_recorded_as_failure() -> None:
    s = SQLiteStore()
    result = s.ingest(Document(text="", id="docs.jsonl:3", error="docs.jsonl:3: malformed JSON"))
    assert result.status == "failed"
    s.record_failure("x.txt", "x.txt: binary file")
    assert [f["source"] for f in s.failures()] == ["docs.jsonl:3", "x.txt"]
    assert s.counts()["documents"] == 0


def test_events_round_trip_the_contract(store: SQLiteStore) -> None:
    (stored,) = store.events(EventFilter(doc_id="a"))
    expected = document_to_dict(shelling_doc())["events"][0]
    doc_header = stored.pop("document")
    assert doc_header["id"] == "a" and doc_header["outlet"] == "Outlet A"
    assert stored["actor1"] == expected["actor1"]
    assert stored["location"] == expected["location"]
    assert stored["date"]["start"] == expected["date"]["start"]
    assert stored["evidence"] == expected["evidence"]


@pytest.mark.parametrize(
    ("filters", "ids"),
    [
        (EventFilter(), ["ev-a", "ev-b"]),
        (EventFilter(sub_event_type="Non-violent transfer of territory"), ["ev-b"]),
        (EventFilter(event_type="Explosions/Remote violence"), ["ev-a"]),
        (EventFilter(actor="irgc"), ["ev-b"]),
        (EventFilter(actor="military forces"), ["ev-a"]),
        (EventFilter(actor="الفيلق"), ["ev-b"]),
        (EventFilter(actor="100%_"), []),
        (EventFilter(since=date(2024, 7, 1)), ["ev-b"]),
        (EventFilter(until=date(2024, 7, 1)), ["ev-a"]),
        (EventFilter(min_confidence=0.7), ["ev-a"]),
        (EventFilter(bbox=(38.0, 34.0, 39.0, 35.0)), ["ev-b"]),
        (EventFilter(limit=1), ["ev-a"]),
        (EventFilter(limit=1, offset=1), ["ev-b"]),
    ],
)
def test_event_filters(store: SQLiteStore, filters: EventFilter, ids: list[str]) -> None:
    assert [e["id"] for e in store.events(filters)] == ids


def test_documents_listing(store: SQLiteStore) -> None:
    docs = store.documents()
    assert [d["id"] for d in docs] == ["a", "b"]
    assert docs[0]["events"] == 1 and docs[0]["pipeline"] == ["test.v1"]
    assert store.document_text("b") == TEXT_B


def test_store_works_without_knowledge_module() -> None:
    # The default loader tolerates a missing or partial rasad.knowledge.
    s = SQLiteStore()
    assert s.ingest(shelling_doc()).status == "inserted"


# ------------------------------------------------------------------ export


def test_acled_csv(store: SQLiteStore) -> None:
    out = io.StringIO()
    n = write_acled_csv(store.events(), out, actor_types={"irgc": "External/Other forces",
                                                        "fifth-corps": "State forces"},
                        timestamp=1700000000)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert n == 2
    assert tuple(rows[0].keys()) == ACLED_COLUMNS
    shelling, handover = rows
    assert shelling["disorder_type"] == "Political violence"
    assert shelling["actor1"] == "Military Forces of Syria"
    assert (shelling["iso"], shelling["country"], shelling["region"]) == ("760", "Syria",
                                                                         "Middle East")
    assert shelling["fatalities"] == "2" and shelling["year"] == "2024"
    assert shelling["notes"] == TEXT_A and shelling["source"] == "Outlet A"
    assert handover["disorder_type"] == "Strategic developments"
    assert (handover["inter1"], handover["inter2"], handover["interaction"]) == ("8", "1", "18")
    assert handover["tags"] == "sites=3" and handover["timestamp"] == "1700000000"


def test_acled_csv_from_extract_output() -> None:
    docs = [document_to_dict(shelling_doc()), document_to_dict(handover_doc())]
    out = io.StringIO()
    assert write_acled_csv(events_with_doc(docs), out, actor_types={}, timestamp=0) == 2
    header = out.getvalue().splitlines()[0]
    assert header.split(",") == list(ACLED_COLUMNS)


def test_table(store: SQLiteStore) -> None:
    table = format_table(store.events(), errors=[("bad.txt", "bad.txt: binary file")])
    lines = table.splitlines()
    assert lines[0].startswith("doc")
    assert "Shelling/artillery/missile" in lines[2] and "Kafr Nabl" in lines[2]
    assert "Islamic Revolutionary" in lines[3]
    assert "(2 events)" in table and "! bad.txt: binary file\n" in table


def test_malformed_record_is_a_store_error() -> None:
    s = SQLiteStore()
    with pytest.raises(StoreError, match="malformed record"):
        s.ingest({"document": {"id": "x"}, "text": "t", "events": [{"no": "id"}]})
    assert s.counts()["documents"] == 0  # the transaction rolled back
