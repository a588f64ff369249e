"""The API's OpenAPI document: valid, a schema for every response, and the server's real
responses (successes and errors) match what it documents."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
validator = pytest.importorskip("openapi_spec_validator")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from rasad.web import ServeConfig, create_app
from rasad.web import models as m


@pytest.fixture(scope="module")
def client(synthetic_db: Path) -> TestClient:
    return TestClient(create_app(ServeConfig(db=synthetic_db)), base_url="http://127.0.0.1")


@pytest.fixture(scope="module")
def spec(client: TestClient) -> dict[str, Any]:
    return client.get("/openapi.json").json()


def test_openapi_document_is_valid(spec: dict[str, Any]) -> None:
    validator.validate(spec)


def test_every_route_documents_a_non_empty_success_schema(spec: dict[str, Any]) -> None:
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            success = next(v for k, v in operation["responses"].items() if k.startswith("2"))
            schema = success["content"]["application/json"]["schema"]
            assert schema and schema != {}, f"{method} {path}"


def test_errors_are_documented_in_the_shape_the_server_sends(spec: dict[str, Any],
                                                             client: TestClient) -> None:
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    events = spec["paths"]["/api/events"]["get"]["responses"]
    for status in ("413", "422", "429"):
        ref = events[status]["content"]["application/json"]["schema"]["$ref"]
        assert ref.endswith("/ErrorBody"), status
    single = spec["paths"]["/api/events/{event_id}"]["get"]["responses"]
    assert single["404"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")
    invalid = client.get("/api/events", params={"limit": 0})
    missing = client.get("/api/events/none-such")
    assert (invalid.status_code, missing.status_code) == (422, 404)
    for response in (invalid, missing):
        m.ErrorBody.model_validate(response.json())


@pytest.mark.parametrize(("url", "model"), [
    ("/api/events?limit=5", m.EventPage), ("/api/events/synthetic-handover", m.EventRecord),
    ("/api/documents", m.DocumentList), ("/api/documents/synthetic-hostile", m.DocumentDetail),
    ("/api/places", m.PlacesResponse), ("/api/control?date=2023-06-01", m.ControlCollection),
    ("/api/actors", m.ActorsResponse), ("/api/commanders", m.CommandersResponse),
    ("/api/network", m.NetworkResponse), ("/api/summary", m.Summary),
    ("/api/config", m.MapConfig), ("/api/basemap", m.Basemap),
])
def test_real_responses_match_their_models(client: TestClient, url: str,
                                           model: type[m.BaseModel]) -> None:
    response = client.get(url)
    assert response.status_code == 200, response.text
    model.model_validate(response.json())


def test_next_page_in_body_links_and_link_header(client: TestClient) -> None:
    first = client.get("/api/events", params={"limit": 10})
    body = first.json()
    assert body["links"] == [{"rel": "next", "href": body["next"],
                              "type": "application/geo+json"}]
    assert first.headers["link"] == f'<{body["next"]}>; rel="next"'
    last = client.get("/api/events", params={"limit": 1000}).json()
    assert last["next"] is None and last["links"] == []
