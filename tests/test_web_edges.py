"""The API at its edges: bounds, hostile headers and bodies, auth order, search folding."""

from __future__ import annotations

import asyncio
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")

from test_web_api import TOKEN, local_client

from rasad.store import SQLiteStore
from rasad.web import ServeConfig
from rasad.web.limits import GuardMiddleware, GuardPolicy, host_name
from rasad.web.search import fold_query
from rasad.web.synthetic import TOWNS, _actor, _location, event, handover_record, record

ZWNJ = "\u200c"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    text = f"قصفت قوات حزب{ZWNJ}الله مواقع قرب تدمر."
    ev = event("zwnj-strike", "Explosions/Remote violence", "Shelling/artillery/missile attack",
               date(2023, 5, 1), location=_location(TOWNS[0]),
               actor1=[_actor("hezbollah", "Hezbollah")], evidence=(0, len(text), text))
    path = tmp_path_factory.mktemp("edges") / "edges.db"
    with SQLiteStore(path) as store:
        store.ingest(handover_record())
        store.ingest(record("zwnj", text, [ev], lang="ar", published="2023-05-01"))
    return path


@pytest.fixture(scope="module")
def client(db: Path) -> Any:
    return local_client(ServeConfig(db=db, ingest_token=TOKEN))


def _error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    error: dict[str, Any] = response.json()["error"]
    assert error["status"] == status and error["code"] and error["message"]
    return error


@pytest.mark.parametrize("url", [
    "/api/events?since=0001-01-01", "/api/events?until=9999-12-31",
    "/api/control?date=0001-01-02", "/api/documents?offset=99999999999999999999999",
    "/api/events?offset=99999999999999999999999",
])
def test_out_of_range_dates_and_offsets_are_422(client: Any, url: str) -> None:
    _error(client.get(url), 422)


def test_dates_in_range_still_work(client: Any) -> None:
    assert client.get("/api/events?since=1900-01-01&until=2100-01-01").status_code == 200


def test_a_chunked_oversize_body_is_413(db: Path) -> None:
    small = local_client(ServeConfig(db=db, ingest_token=TOKEN, max_body_bytes=1000))
    chunks = iter([b'{"text": "' + b"x" * 700, b"y" * 700 + b'"}'])  # no Content-Length
    _error(small.post("/api/documents", content=chunks, headers=AUTH), 413)


def test_a_long_url_is_414_and_a_long_id_is_not_echoed(client: Any) -> None:
    _error(client.get("/api/events?q=" + "a" * 20_000), 414)
    error = _error(client.get("/api/events/" + "z" * 6000), 404)
    assert len(error["message"]) < 120 and error["message"].endswith("…'")


def test_unknown_host_names_are_refused(client: Any) -> None:
    error = _error(client.get("/api/summary", headers={"Host": "evil.example"}), 400)
    assert "evil.example" not in error["message"]
    assert client.get("/api/summary", headers={"Host": "localhost:8000"}).status_code == 200
    page = client.get("/api/events?limit=1", headers={"Host": "127.0.0.1:8000"}).json()
    assert page["next"].startswith("http://127.0.0.1:8000/api/events?")
    assert [host_name(h) for h in (b"[::1]:80", b"LOCALHOST", b"a:b:c")] == [
        "::1", "localhost", "a:b:c"]


def test_an_operator_may_allow_other_names(db: Path) -> None:
    open_host = local_client(ServeConfig(db=db, allowed_hosts=("maps.example",)))
    assert open_host.get("/api/summary", headers={"Host": "maps.example"}).status_code == 200


def test_rate_limit_keys_on_the_forwarded_client_behind_a_trusted_proxy(db: Path) -> None:
    # The in-process client's peer address is "testclient": here, the proxy.
    proxied = local_client(ServeConfig(db=db, rate_limit_per_minute=2,
                                       trusted_proxies=("testclient",)))

    def get(client_ip: str) -> int:
        return int(proxied.get("/api/summary",
                               headers={"X-Forwarded-For": f"6.6.6.6, {client_ip}"}).status_code)

    assert [get("10.0.0.1") for _ in range(3)] == [200, 200, 429]
    assert get("10.0.0.2") == 200  # another client behind the same proxy
    direct = local_client(ServeConfig(db=db, rate_limit_per_minute=2))
    codes = [direct.get("/api/summary", headers={"X-Forwarded-For": f"10.0.0.{i}"}).status_code
             for i in range(3)]
    assert codes == [200, 200, 429]  # an untrusted peer cannot pick its own bucket


def test_health_is_never_rate_limited(db: Path) -> None:
    limited = local_client(ServeConfig(db=db, rate_limit_per_minute=2))
    assert {limited.get("/health").status_code for _ in range(10)} == {200}
    assert limited.get("/api/summary").status_code == 200


def test_ingest_wants_a_bearer_token_before_reading_the_body(client: Any) -> None:
    _error(client.post("/api/documents", json={"text": "x"}, headers={"Authorization": TOKEN}),
           401)
    error = _error(client.post("/api/documents", json={"wrong": 1}), 401)
    assert "details" not in error
    _error(client.post("/api/documents", content=b"{not json",
                       headers={"Content-Type": "application/json"}), 401)
    assert "details" in _error(client.post("/api/documents", json={"wrong": 1},
                                           headers=AUTH), 422)


def test_search_folds_nul_and_invisible_characters(client: Any) -> None:
    _error(client.get("/api/events", params={"q": "\x00"}), 422)
    _error(client.get("/api/events", params={"q": ZWNJ + " "}), 422)

    def found(q: str) -> list[str]:
        return [f["id"] for f in client.get("/api/events", params={"q": q}).json()["features"]]

    assert found("حزبالله") == ["zwnj-strike"]  # stored with a ZWNJ, typed without
    assert found(f"موا{ZWNJ}قع") == ["zwnj-strike"]  # typed with one, stored without
    assert fold_query(f" a\x00b{ZWNJ}c\u200f ") == "abc"


def test_too_many_requests_in_flight_get_a_json_503() -> None:
    release = asyncio.Event()

    async def slow_app(scope: Any, receive: Any, send: Any) -> None:
        await release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    guard = GuardMiddleware(slow_app, policy=GuardPolicy(max_body=10, per_minute=0, csp="",
                                                         allowed_hosts=frozenset(),
                                                         max_in_flight=1))

    async def call() -> list[dict[str, Any]]:
        sent: list[dict[str, Any]] = []

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b""}

        async def send(message: Any) -> None:
            sent.append(message)

        await guard({"type": "http", "method": "GET", "path": "/", "headers": []}, receive, send)
        return sent

    async def scenario() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        first = asyncio.create_task(call())
        await asyncio.sleep(0)
        second = await call()
        release.set()
        return await first, second

    first, second = asyncio.run(scenario())
    assert first[0]["status"] == 200 and second[0]["status"] == 503
    assert json.loads(second[1]["body"])["error"]["code"] == "unavailable"
    assert (b"retry-after", b"1") in second[0]["headers"]


def test_served_host_names() -> None:
    from rasad.commands.serve import served_hosts

    assert {"127.0.0.1", "localhost", "::1"} <= set(served_hosts("127.0.0.1", ()))
    assert served_hosts("0.0.0.0", ("Maps.Example",))[-1] == "maps.example"
    assert served_hosts("10.1.2.3", ())[-1] == "10.1.2.3"
    assert served_hosts("10.1.2.3", ("*",)) == ()  # the operator's proxy checks names


def test_a_report_the_pipeline_cannot_finish_is_a_422_and_a_failure_row(
        db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import rasad
    from rasad.errors import BudgetError

    def over_budget(doc: Any) -> Any:
        raise BudgetError(f"report {doc.id!r} exceeded its time budget of 30 s")

    copy = tmp_path / "copy.db"
    copy.write_bytes(db.read_bytes())
    monkeypatch.setattr(rasad, "default_pipeline", lambda: over_budget)
    client = local_client(ServeConfig(db=copy, ingest_token=TOKEN))
    error = _error(client.post("/api/documents", json={"text": "x", "id": "slow"},
                               headers=AUTH), 422)
    assert "exceeded its time budget" in error["message"]
    with SQLiteStore(copy) as store:
        assert [f["source"] for f in store.failures()] == ["slow"]
