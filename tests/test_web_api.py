"""The REST API through FastAPI's in-process client, on a small synthetic database."""

from __future__ import annotations

import warnings
from datetime import date
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from rasad.store import SQLiteStore
from rasad.web import ServeConfig, create_app
from rasad.web.synthetic import (
    HOSTILE_MARKUP,
    bulk_records,
    handover_record,
    hostile_record,
)

TOKEN = "s3cret-token"


def local_client(config: ServeConfig) -> TestClient:
    """A client that calls the app as a browser on this machine would (Host 127.0.0.1)."""
    return TestClient(create_app(config), base_url="http://127.0.0.1")


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web") / "web.db"
    with SQLiteStore(path) as store:
        for rec in [handover_record(), hostile_record(), *bulk_records(60, per_doc=20)]:
            assert store.ingest(rec).status == "inserted"
    return path


@pytest.fixture(scope="module")
def client(db_path: Path) -> TestClient:
    return local_client(ServeConfig(db=db_path))


def ids(body: dict[str, Any]) -> list[str]:
    return [f["id"] for f in body["features"]]


def test_events_are_geojson_in_stable_order(client: TestClient) -> None:
    body = client.get("/api/events", params={"limit": 1000, "count": True}).json()
    assert body["type"] == "FeatureCollection"
    assert body["numberMatched"] == body["numberReturned"] == 62
    keys = [(f["properties"]["date_start"], f["id"]) for f in body["features"]]
    assert keys == sorted(keys)
    feature = next(f for f in body["features"] if f["id"] == "synthetic-handover")
    assert feature["geometry"] == {"type": "Point", "coordinates": [38.284, 34.562]}
    assert feature["properties"]["sites"] == 3
    assert feature["properties"]["actor1"] == "IRGC"


def test_pagination_concatenates_to_the_full_list(client: TestClient) -> None:
    full = ids(client.get("/api/events", params={"limit": 1000}).json())
    pages, url = [], "/api/events?limit=25"
    while url:
        body = client.get(url).json()
        pages += ids(body)
        url = body["next"]
    assert pages == full
    assert len(pages) == 62


def test_bbox_and_time_filters(client: TestClient) -> None:
    body = client.get("/api/events", params={"bbox": "38.0,34.3,38.5,34.8",
                                             "since": "2023-05-17", "until": "2023-05-17"}).json()
    assert ids(body) == ["synthetic-handover"]
    for f in client.get("/api/events", params={"bbox": "36,35,38,37"}).json()["features"]:
        lon, lat = f["geometry"]["coordinates"]
        assert 36 <= lon <= 38 and 35 <= lat <= 37
    window = client.get("/api/events", params={"since": "2016-01-01", "until": "2016-12-31"})
    assert all("2016-01-01" <= f["properties"]["date_start"] <= "2016-12-31"
               for f in window.json()["features"])


@pytest.mark.parametrize(("params", "expected"), [
    ({"event_type": "Battles", "actor": "hezbollah", "since": "2023-01-01"},
     ["synthetic-hostile"]),
    ({"sub_event_type": "Non-violent transfer of territory", "source": "Synthetic Monitor"},
     ["synthetic-handover"]),
    ({"q": "onerror"}, ["synthetic-hostile"]),
    ({"q": "تدمر", "min_confidence": 0.79, "since": "2023-01-01"}, ["synthetic-handover"]),
])
def test_field_filters(client: TestClient, params: dict[str, Any], expected: list[str]) -> None:
    assert ids(client.get("/api/events", params=params).json()) == expected


@pytest.mark.parametrize(("url", "status"), [
    ("/api/events?bbox=1,2,3", 422), ("/api/events?limit=0", 422),
    ("/api/events?since=yesterday", 422), ("/api/events?min_confidence=2", 422),
    ("/api/events/nope", 404), ("/api/documents/nope", 404), ("/api/nowhere", 404),
])
def test_errors_have_one_shape(client: TestClient, url: str, status: int) -> None:
    response = client.get(url)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["status"] == status and error["code"] and error["message"]


def test_event_and_document_with_evidence_segments(client: TestClient) -> None:
    event = client.get("/api/events/synthetic-hostile").json()
    assert event["actor1"][0]["id"] == "hezbollah" and event["fatalities"] == 2
    doc = client.get("/api/documents/synthetic-hostile",
                     params={"event": "synthetic-hostile"}).json()
    assert "".join(s["text"] for s in doc["segments"]) == doc["text"]
    assert [s["text"] for s in doc["segments"] if s["mark"]] == [HOSTILE_MARKUP]
    assert doc["events"][0]["evidence"][0]["start"] == doc["text"].index("<script>")


def test_control_changes_across_the_handover_date(client: TestClient) -> None:
    def holder(day: str) -> dict[str, Any]:
        features = client.get("/api/control", params={"date": day}).json()["features"]
        place = next(f for f in features if f["properties"]["name"] == "Tadmur")
        return place["properties"]

    before, after = holder("2023-05-10"), holder("2023-05-18")
    assert (before["holder"]["id"], before["status"]) == ("liwa-al-quds", "inferred-before")
    assert (after["holder"]["id"], after["status"], after["since"]) == ("irgc", "held",
                                                                        "2023-05-17")
    assert before["holder"]["bloc_color"] != after["holder"]["bloc_color"]
    history = client.get("/api/places/synthetic:tadmur").json()["control"]
    assert [(t["date"], t["previous"], t["holder"]) for t in history][-1] == (
        "2023-05-17", "liwa-al-quds", "irgc")


def test_reference_endpoints(client: TestClient) -> None:
    places = client.get("/api/places").json()["places"]
    assert any(p["gazetteer_id"] == "synthetic:tadmur" and p["control"] for p in places)
    actors = {a["id"]: a for a in client.get("/api/actors").json()["actors"]}
    assert actors["fatemiyoun"]["bloc"] == "irgc"
    people = client.get("/api/commanders").json()["commanders"]
    assert people[0]["name"] == "الحاج مجدي" and people[0]["actor"] == "irgc"
    net = client.get("/api/network").json()
    kinds = {e["kind"] for e in net["edges"]}
    assert {"opposed", "commands", "sponsor"} <= kinds
    summary = client.get("/api/summary").json()
    assert summary["events"] == 62 and summary["documents"] == 5


def test_ingest_needs_the_operator_token(db_path: Path, tmp_path: Path) -> None:
    assert local_client(ServeConfig(db=db_path)).post(
        "/api/documents", json={"text": "x"}).status_code == 403
    copy = tmp_path / "copy.db"
    copy.write_bytes(db_path.read_bytes())
    client = local_client(ServeConfig(db=copy, ingest_token=TOKEN))
    report = {"text": "Hezbollah fighters clashed with ISIS near Palmyra, killing 3.",
              "published": date(2023, 6, 1).isoformat(), "lang": "en"}
    assert client.post("/api/documents", json=report,
                       headers={"Authorization": "Bearer wrong"}).status_code == 401
    response = client.post("/api/documents", json=report,
                           headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "inserted"
    assert client.get("/api/summary").json()["documents"] == 6


def test_body_size_and_rate_limits(db_path: Path) -> None:
    client = local_client(ServeConfig(db=db_path, ingest_token=TOKEN, max_body_bytes=1000,
                                      rate_limit_per_minute=5))
    big = client.post("/api/documents", json={"text": "x" * 5000},
                      headers={"Authorization": f"Bearer {TOKEN}"})
    assert big.status_code == 413 and big.json()["error"]["code"] == "payload_too_large"
    codes = [client.get("/api/summary").status_code for _ in range(6)]
    assert codes[:4] == [200] * 4 and codes[-1] == 429


def test_pages_are_offline_and_locked_down(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "leaflet.js" in page.text
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "connect-src 'self'" in csp
    for url in ("/docs", "/"):
        html = client.get(url).text
        assert "http://" not in html and "https://" not in html
    schema = client.get("/openapi.json").json()
    assert "/api/events" in schema["paths"] and "/api/documents" in schema["paths"]
    assert client.get("/static/vendor/leaflet/leaflet.js").status_code == 200


def test_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    from rasad.errors import RasadError

    with pytest.raises(RasadError, match="no such database"):
        create_app(ServeConfig(db=tmp_path / "absent.db"))


def test_derived_timeline_without_the_control_library(db_path: Path) -> None:
    from rasad.web.control import derive_transitions
    from rasad.web.queries import ReadOnlyDB

    steps = [t for t in derive_transitions(ReadOnlyDB(db_path)) if t.name == "Tadmur"
             and t.sub_event_type == "Non-violent transfer of territory"]
    assert [(t.date, t.previous, t.holder, t.sites) for t in steps][-1] == (
        "2023-05-17", "liwa-al-quds", "irgc", 3)
