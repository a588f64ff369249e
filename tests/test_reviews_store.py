"""Analysts' reviews in the store, on SQLite and on the PostgreSQL server: the log, the
reviewed events every reader sees, and reviews that survive storing a report again and
rebuilding the control layer."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_postgres_store import pg_database, pg_url  # noqa: F401  (fixtures)

import rasad
from rasad.control import NotFound, history, load_view, rebuild_control
from rasad.errors import ReviewError
from rasad.store import EventFilter, open_store
from rasad.store.review_changes import Review

ROOT = Path(__file__).resolve().parents[1]
HANDOVER = "ex01-badia-handover"
SHELLING = "ex02-idlib-shelling"


@pytest.fixture(scope="module")
def processed() -> list[Any]:
    lines = [json.loads(line) for line in
             (ROOT / "examples" / "reports.jsonl").read_text(encoding="utf-8").splitlines()
             if HANDOVER in line or SHELLING in line]
    return list(rasad.default_pipeline().pipe(lines))


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "reviews.db")
    else:
        yield request.getfixturevalue("pg_url")


def _stored(db: str, processed: list[Any], replace: bool = False) -> None:
    with open_store(db) as store:
        for doc in processed:
            store.ingest(doc, replace=replace)


def _events(db: str, **filters: Any) -> dict[str, dict[str, Any]]:
    with open_store(db) as store:
        return {e["id"]: e for e in store.events(EventFilter(**filters))}


def _of(events: dict[str, dict[str, Any]], doc: str, sub: str) -> list[dict[str, Any]]:
    return sorted((e for e in events.values() if e["document"]["id"] == doc
                   and e["sub_event_type"] == sub), key=lambda e: e["id"])


def _three_reviews(db: str) -> tuple[str, str, str]:
    """Reject a shelling, move another, add a missed event; their ids."""
    events = _events(db)
    shellings = _of(events, SHELLING, "Shelling/artillery/missile attack")
    rejected, moved = shellings[0]["id"], shellings[1]["id"]
    with open_store(db) as store:
        text = store.document_text(SHELLING)
        assert text
        store.review(Review("reject", "amina", event_id=rejected, reason="duplicate"))
        store.review(Review("edit", "amina", event_id=moved, changes={"location": {
            "name": "Maarrat al-Nu'man", "latitude": 35.6478, "longitude": 36.6739,
            "geo_precision": 2}}))
        first_line = text.index("\n") if "\n" in text else len(text)
        added = store.review(Review("add", "omar", doc_id=SHELLING, changes={
            "sub_event_type": "Air/drone strike", "evidence": [{"start": 0, "end": first_line}],
            "actor1": [{"id": "russia"}]}))
    return rejected, moved, added["event_id"]


def _check_reviewed(db: str, rejected: str, moved: str, added: str) -> None:
    events = _events(db)
    assert rejected not in events
    assert _events(db, include_rejected=True)[rejected]["review"]["status"] == "rejected"
    location = events[moved]["location"]
    assert (location["latitude"], location["longitude"]) == (35.6478, 36.6739)
    assert events[moved]["review"]["status"] == "edited"
    assert events[moved]["review"]["at"] and "by" not in events[moved]["review"]
    new = events[added]
    assert new["sub_event_type"] == "Air/drone strike"
    assert new["event_type"] == "Explosions/Remote violence"
    assert new["review"]["status"] == "added" and new["extractor"] == "review"
    with open_store(db) as store:
        text = store.document_text(SHELLING) or ""
    assert new["evidence"][0]["text"] == text[: new["evidence"][0]["end"]]


def test_reviews_change_what_every_query_returns(db: str, processed: list[Any]) -> None:
    _stored(db, processed)
    machine = _events(db)
    rejected, moved, added = _three_reviews(db)
    _check_reviewed(db, rejected, moved, added)
    assert set(_events(db)) == set(machine) - {rejected} | {added}
    with open_store(db) as store:
        log = store.reviews(doc_id=SHELLING)
    assert [r["action"] for r in log] == ["reject", "edit", "add"]
    assert log[0]["reason"] == "duplicate" and log[0]["after"] is None
    assert log[0]["before"]["id"] == rejected
    assert log[1]["before"]["location"] == machine[moved]["location"]
    assert log[1]["after"]["location"]["latitude"] == 35.6478
    assert all(r["created_at"] and r["reviewer"] for r in log)


def test_reviews_survive_storing_the_reports_again(db: str, processed: list[Any]) -> None:
    _stored(db, processed)
    rejected, moved, added = _three_reviews(db)
    _stored(db, processed)  # the same reports again: a no-op
    _check_reviewed(db, rejected, moved, added)
    _stored(db, processed, replace=True)  # machine events rewritten, reviews replayed
    _check_reviewed(db, rejected, moved, added)
    with open_store(db) as store:
        assert len(store.reviews()) == 3


def test_the_control_rebuild_reads_reviewed_events(db: str, processed: list[Any]) -> None:
    _stored(db, processed)
    [handover] = _of(_events(db), HANDOVER, "Non-violent transfer of territory")
    with open_store(db) as store:
        store.review(Review("edit", "amina", event_id=handover["id"],
                            changes={"actor1": [{"id": "hezbollah"}],
                                     "date": {"start": "2024-11-10"}}))
    rebuild_control(db)
    [change] = _handover_changes(db)
    assert change["fields"]["actor1"]["values"][0]["value"] == ["hezbollah"]
    assert change["date"]["start"] == "2024-11-10"
    with open_store(db) as store:
        store.review(Review("reject", "omar", event_id=handover["id"], reason="background"))
    rebuild_control(db)
    assert _handover_changes(db) == []
    _stored(db, processed, replace=True)
    rebuild_control(db)
    assert _handover_changes(db) == []


def _handover_changes(db: str) -> list[dict[str, Any]]:
    """The handover's changes at al-Sukhnah (the report may also tell a deployment there)."""
    try:
        changes = history(load_view(db), "al-Sukhnah")["changes"]
    except NotFound:
        return []
    return [c for c in changes if c["sub_event_type"] == "Non-violent transfer of territory"]


@pytest.mark.parametrize(("review", "message"), [
    (Review("reject", "a", event_id="x", reason="boring"), "reject reason"),
    (Review("edit", "a", event_id="none-such", changes={"fatalities": 2}), "no event"),
    (Review("add", "a", doc_id=SHELLING, changes={"sub_event_type": "Armed clash",
                                                   "evidence": [{"start": 5, "end": 10**6}]}),
     "not inside the report"),
    (Review("edit", "a", event_id="x", changes={"confidence": 1}), "cannot change confidence"),
    (Review("accept", " ", event_id="x"), "reviewer"),
])
def test_a_bad_review_is_refused_with_what_is_wrong(tmp_path: Path, processed: list[Any],
                                                    review: Review, message: str) -> None:
    db = str(tmp_path / "bad.db")
    _stored(db, processed)
    with open_store(db) as store, pytest.raises(ReviewError, match=message):
        store.review(review)
    with open_store(db) as store:
        assert store.reviews() == []


def test_ingest_replace_from_the_command_line_keeps_the_reviews(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from rasad.cli import CliContext, cli

    reports = tmp_path / "reports.jsonl"
    reports.write_text("".join(line + "\n" for line in (ROOT / "examples" / "reports.jsonl")
                               .read_text(encoding="utf-8").splitlines() if SHELLING in line),
                       encoding="utf-8")
    db = str(tmp_path / "cli.db")

    def ingest(*extra: str) -> str:
        result = CliRunner().invoke(cli, ["ingest", "--input", str(reports), "--db", db,
                                          *extra], obj=CliContext(), catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    ingest()
    rejected, moved, added = _three_reviews(db)
    assert "inserted 0, duplicates 1" in ingest()
    assert "inserted 1, duplicates 0" in ingest("--replace")
    _check_reviewed(db, rejected, moved, added)
