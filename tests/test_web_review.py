"""Reviewing through the REST API: only reviewers change anything, and the map, `rasad
events` and the ACLED export then show the reviewed events (SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import io
import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_postgres_store import pg_database, pg_url  # noqa: F401  (fixtures)

pytest.importorskip("fastapi")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from rasad.cli import CliContext, cli
from rasad.store import open_store
from rasad.web import ServeConfig, create_app

ROOT = Path(__file__).resolve().parents[1]
REPORT = "ex02-idlib-shelling"
TOKEN = "amina-token-0123456789"
HEADERS = {"Authorization": f"Bearer {TOKEN}"}


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), obj=CliContext(), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    path = tmp_path / "reports.jsonl"
    path.write_text("".join(line + "\n" for line in (ROOT / "examples" / "reports.jsonl")
                            .read_text(encoding="utf-8").splitlines() if REPORT in line),
                    encoding="utf-8")
    url = (str(tmp_path / "review.db") if request.param == "sqlite"
           else request.getfixturevalue("pg_url"))
    _run("ingest", "--input", str(path), "--db", url)
    yield url


def _client(db: str, **config: Any) -> TestClient:
    return TestClient(create_app(ServeConfig(db=db if "://" in db else Path(db), **config)))


def _review_log(db: str) -> list[dict[str, Any]]:
    with open_store(db) as store:
        return store.reviews()


def test_no_one_without_a_reviewer_token_changes_anything(db: str) -> None:
    closed = _client(db)
    assert closed.get("/api/config").json()["review_enabled"] is False
    body = {"action": "reject", "event_id": "x", "reason": "duplicate"}
    assert closed.post("/api/reviews", json=body).status_code == 403
    client = _client(db, reviewers=(("amina", TOKEN),))
    event = client.get("/api/review/queue").json()["events"][0]["id"]
    body["event_id"] = event
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}):
        assert client.post("/api/reviews", json=body, headers=headers).status_code == 401
        answer = client.patch(f"/api/events/{event}", json={"fatalities": 9}, headers=headers)
        assert answer.status_code == 401
        assert answer.json()["error"]["status"] == 401
    assert client.get("/api/reviews").status_code == 401
    # The token is checked first: a body is not even parsed without it.
    assert client.post("/api/reviews", content=b"{not json").status_code == 401
    garbled = client.post("/api/reviews", content=b"{not json", headers=HEADERS)
    assert garbled.status_code == 422 and garbled.json()["error"]["status"] == 422
    assert _review_log(db) == []


def _located(client: TestClient) -> dict[str, dict[str, Any]]:
    features = client.get("/api/events", params={"limit": 1000}).json()["features"]
    return {f["id"]: f for f in features}


def test_reviewed_events_are_what_the_map_the_cli_and_the_export_show(db: str) -> None:
    client = _client(db, reviewers=(("amina", TOKEN),))
    queue = client.get("/api/review/queue").json()
    confidences = [e["confidence"] for e in queue["events"]]
    assert confidences == sorted(confidences) and queue["total"] == len(confidences) > 3
    rejected, moved = queue["events"][0]["id"], queue["events"][1]["id"]
    answer = client.post("/api/reviews", headers=HEADERS, json={
        "action": "reject", "event_id": rejected, "reason": "background"})
    assert answer.status_code == 201 and answer.json()["event"] is None
    answer = client.patch(f"/api/events/{moved}", headers=HEADERS, json={
        "location": {"name": "Ariha", "latitude": 35.8126, "longitude": 36.6097}})
    assert answer.status_code == 200, answer.text
    text = client.get(f"/api/documents/{REPORT}").json()["text"]
    start = text.index("قصفت")
    added = client.post("/api/reviews", headers=HEADERS, json={
        "action": "add", "doc_id": REPORT, "changes": {
            "sub_event_type": "Air/drone strike", "evidence": [{"start": start,
                                                                "end": start + 40}],
            "location": {"name": "Ariha", "latitude": 35.8126, "longitude": 36.6097}}})
    assert added.status_code == 201, added.text
    added_id = added.json()["event"]["id"]

    features = _located(client)
    assert rejected not in features and added_id in features
    assert features[moved]["geometry"]["coordinates"] == [36.6097, 35.8126]
    assert features[moved]["properties"]["review"] == "edited"
    marker = client.get(f"/api/events/{moved}").json()["review"]
    assert marker["status"] == "edited" and "amina" not in json.dumps(marker)
    assert rejected not in {e["id"] for e in client.get("/api/review/queue").json()["events"]}

    listed = [json.loads(line) for line in
              _run("events", "--db", db, "--format", "jsonl").splitlines()]
    by_id = {e["id"]: e for e in listed}
    assert rejected not in by_id and by_id[added_id]["sub_event_type"] == "Air/drone strike"
    assert by_id[moved]["location"]["name"] == "Ariha"
    rows = {r["event_id_cnty"]: r for r in csv.DictReader(io.StringIO(
        _run("export", "--db", db, "--format", "acled-csv").lstrip("\ufeff")))}
    assert rejected not in rows and added_id in rows
    assert (rows[moved]["location"], float(rows[moved]["latitude"])) == ("Ariha", 35.8126)
    layer = {f["id"]: f for f in json.loads(_run("export", "--db", db, "--format",
                                                 "geojson"))["features"]}
    assert layer[moved]["properties"]["review"] == "edited" and rejected not in layer
    assert layer[added_id]["properties"]["review"] == "added"

    log = client.get("/api/reviews", headers=HEADERS, params={"doc_id": REPORT}).json()
    assert [(r["action"], r["reviewer"]) for r in log["reviews"]] == [
        ("reject", "amina"), ("edit", "amina"), ("add", "amina")]


def test_a_bad_review_gets_the_api_error_shape(db: str) -> None:
    client = _client(db, ingest_token=TOKEN)  # the operator's token reviews too
    missing = client.post("/api/reviews", headers=HEADERS,
                          json={"action": "accept", "event_id": "none-such"})
    assert missing.status_code == 404 and "none-such" in missing.json()["error"]["message"]
    event = client.get("/api/review/queue").json()["events"][0]["id"]
    bad = client.patch(f"/api/events/{event}", headers=HEADERS,
                       json={"sub_event_type": "Skirmish"})
    assert bad.status_code == 422 and "Skirmish" in bad.json()["error"]["message"]
    accepted = client.post("/api/reviews", headers=HEADERS,
                           json={"action": "accept", "event_id": event})
    assert accepted.json()["review"]["reviewer"] == "operator"
    assert _review_log(db)[0]["action"] == "accept"


def test_the_gazetteer_search_gives_places_with_coordinates(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    open_store(db).close()
    client = _client(str(db))
    places = client.get("/api/gazetteer", params={"q": "أريحا"}).json()["places"]
    assert places and all(p["latitude"] is not None for p in places)
    assert any(p["name"] == "Ariha" for p in places)
    assert client.get("/api/gazetteer").status_code == 422
