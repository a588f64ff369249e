"""Kept answers of the read routes, the per-request time limit, and the query plans that
keep the map's requests cheap."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")

from test_web_api import TOKEN, db_path, local_client  # noqa: F401 - a fixture

from rasad.web import ServeConfig
from rasad.web import budget as bg
from rasad.web.cache import CachePolicy, ResponseCache
from rasad.web.heavy import HeavyResults
from rasad.web.queries import _FEATURE_SQL, _ORDER, EventQuery, ReadOnlyDB, where_clause
from rasad.web.synthetic import handover_record

HIT = 'cache;desc="hit"'


def test_a_read_answer_is_kept_and_revalidated_by_etag(db_path: Path) -> None:  # noqa: F811
    client = local_client(ServeConfig(db=db_path))
    first = client.get("/api/events", params={"limit": 5})
    again = client.get("/api/events", params={"limit": 5})
    assert first.status_code == again.status_code == 200
    assert again.content == first.content and again.headers["etag"] == first.headers["etag"]
    assert first.headers.get("server-timing", "").startswith("db;")
    assert again.headers["server-timing"] == HIT
    assert again.headers["content-security-policy"]  # the guard's headers on a kept answer
    unchanged = client.get("/api/events", params={"limit": 5},
                           headers={"If-None-Match": f'W/{first.headers["etag"]}'})
    assert unchanged.status_code == 304 and unchanged.content == b""
    afresh = client.get("/api/events", params={"limit": 5}, headers={"Cache-Control": "no-cache"})
    assert afresh.headers["server-timing"] != HIT and afresh.content == first.content


def test_the_key_holds_the_host_because_next_links_name_it(db_path: Path) -> None:  # noqa: F811
    client = local_client(ServeConfig(db=db_path))
    links = {host: client.get("/api/events?limit=1", headers={"Host": host}).json()["next"]
             for host in ("127.0.0.1:8000", "localhost:8000", "127.0.0.1:8000")}
    assert links["localhost:8000"].startswith("http://localhost:8000/")
    assert links["127.0.0.1:8000"].startswith("http://127.0.0.1:8000/")


def test_a_write_makes_every_kept_answer_stale(db_path: Path, tmp_path: Path) -> None:  # noqa: F811
    copy = tmp_path / "copy.db"
    copy.write_bytes(db_path.read_bytes())
    client = local_client(ServeConfig(db=copy, ingest_token=TOKEN))
    before = client.get("/api/documents").json()["documents"]
    report = {"text": "Hezbollah fighters clashed with ISIS near Palmyra, killing 3.",
              "published": "2023-06-01", "lang": "en", "id": "fresh"}
    assert client.post("/api/documents", json=report,
                       headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 201
    after = client.get("/api/documents")
    assert after.headers.get("server-timing") != HIT
    assert len(after.json()["documents"]) == len(before) + 1


def test_errors_and_unlisted_routes_are_not_kept(db_path: Path) -> None:  # noqa: F811
    client = local_client(ServeConfig(db=db_path))
    for _ in range(2):
        missing = client.get("/api/events/no-such-event")
        assert missing.status_code == 404 and "etag" not in missing.headers
        assert "etag" not in client.get("/api/review/queue").headers
        assert "etag" not in client.get("/health").headers
    off = local_client(ServeConfig(db=db_path, response_cache_bytes=0))
    assert "etag" not in off.get("/api/summary").headers


def _run(app: Any, scope: Any, receive: Any, send: Any, sent: list[dict[str, Any]]
         ) -> list[dict[str, Any]]:
    asyncio.run(app(scope, receive, send))
    return sent


def _counting_app(calls: list[str], body: bytes = b"{}", delay: float = 0.0,
                  headers: list[tuple[bytes, bytes]] | None = None) -> Any:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        calls.append(scope["path"])
        await asyncio.sleep(delay)
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/json"), *(headers or [])]})
        await send({"type": "http.response.body", "body": body})

    return app


def _cache(app: Any, version: list[int], **limits: int) -> ResponseCache:
    return ResponseCache(app, policy=CachePolicy(version=lambda: version[0],
                                                 paths=frozenset({"/api/x"}), **limits))


def test_concurrent_misses_wait_for_one_answer() -> None:
    calls: list[str] = []
    cache = _cache(_counting_app(calls, delay=0.05), [1])

    async def burst() -> list[list[dict[str, Any]]]:
        results: list[list[dict[str, Any]]] = [[] for _ in range(10)]

        async def one(i: int) -> None:
            async def receive() -> dict[str, Any]:
                return {"type": "http.request", "body": b""}

            async def send(message: dict[str, Any]) -> None:
                results[i].append(message)

            await cache({"type": "http", "method": "GET", "path": "/api/x", "headers": [],
                         "query_string": b"", "scheme": "http"}, receive, send)

        await asyncio.gather(*(one(i) for i in range(10)))
        return results

    results = asyncio.run(burst())
    assert calls == ["/api/x"]
    assert {r[0]["status"] for r in results} == {200} and {r[1]["body"] for r in results} == {b"{}"}


def test_interim_answers_new_versions_and_oversize_bodies_are_not_kept() -> None:
    calls: list[str] = []
    version = [1]
    interim = _cache(_counting_app(calls, headers=[(b"cache-control", b"no-store")]), version)
    for _ in range(2):
        _run(interim, _scope(), _receive, _noop, [])
    assert len(calls) == 2
    calls.clear()
    cache = _cache(_counting_app(calls, body=b"x" * 100), version, max_entry=1000)
    for _ in range(2):
        _run(cache, _scope(), _receive, _noop, [])
    version[0] = 2
    _run(cache, _scope(), _receive, _noop, [])
    assert len(calls) == 2  # once per version
    calls.clear()
    tiny = _cache(_counting_app(calls, body=b"x" * 100), version, max_entry=50)
    for _ in range(2):
        _run(tiny, _scope(), _receive, _noop, [])
    assert len(calls) == 2


def _scope() -> dict[str, Any]:
    return {"type": "http", "method": "GET", "path": "/api/x", "headers": [],
            "query_string": b"", "scheme": "http"}


async def _receive() -> dict[str, Any]:
    return {"type": "http.request", "body": b""}


async def _noop(_message: dict[str, Any]) -> None:
    return None


def test_a_stale_aggregate_is_reported_as_such() -> None:
    version = [1]
    heavy = HeavyResults(lambda: (version[0],), wait_s=5)
    assert heavy.lookup("k", lambda: b"one") == (b"one", True)
    version[0] = 2
    assert heavy.lookup("k", lambda: time.sleep(0.2) or b"two") == (b"one", False)
    assert asyncio.run(heavy.lookup_async("k", lambda: b"never")) == (b"one", False)
    deadline = time.monotonic() + 5
    while heavy.lookup("k", lambda: b"never")[1] is False and time.monotonic() < deadline:
        time.sleep(0.02)
    assert asyncio.run(heavy.lookup_async("k", lambda: b"never")) == (b"two", True)
    heavy.close()


# ------------------------------------------------------------------ the time limit

def test_sqlite_work_stops_when_the_budget_is_spent(db_path: Path) -> None:  # noqa: F811
    db = ReadOnlyDB(db_path)
    slow = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) " \
           "SELECT COUNT(*) FROM (SELECT i FROM n LIMIT 50000000)"
    token = bg.CURRENT.set(bg.Budget(time.monotonic() + 0.05))
    try:
        started = time.monotonic()
        with pytest.raises(sqlite3.OperationalError, match="interrupted"):
            db.conn().execute(slow).fetchone()
        assert time.monotonic() - started < 2
    finally:
        bg.CURRENT.reset(token)
    assert db.conn().execute("SELECT 1").fetchone()[0] == 1  # outside a request: no limit


def test_a_request_over_its_time_limit_is_a_json_504(
        db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    from rasad.web import queries

    monkeypatch.setattr(queries, "CHECK_EVERY", 50)  # the test database is small
    client = local_client(ServeConfig(db=db_path, time_limit_s=1e-9))
    response = client.get("/api/events", params={"q": "Tadmur"})
    assert response.status_code == 504, response.text
    error = response.json()["error"]
    assert error["code"] == "timeout" and "longer than" in error["message"]


def test_a_client_hanging_up_spends_the_budget() -> None:
    seen: list[bool] = []

    async def route(scope: Any, receive: Any, send: Any) -> None:
        assert (await receive())["type"] == "http.request"  # the route still gets it
        for _ in range(100):
            if bg.exhausted():
                break
            await asyncio.sleep(0.01)
        seen.append(bg.exhausted())

    messages = iter([{"type": "http.request", "body": b""}, {"type": "http.disconnect"}])

    async def receive() -> dict[str, Any]:
        return next(messages)

    middleware = bg.BudgetMiddleware(route, seconds=60)
    asyncio.run(middleware({"type": "http", "method": "GET", "path": "/"}, receive, _noop))
    assert seen == [True]
    assert bg.CURRENT.get() is None


# ------------------------------------------------------------------ query plans

def test_a_short_window_walks_the_date_index_whatever_the_sub_type(tmp_path: Path) -> None:
    from rasad.store import SQLiteStore

    path = tmp_path / "plan.db"
    with SQLiteStore(path) as store:
        store.ingest(handover_record())
    db = ReadOnlyDB(path)

    def plan(q: EventQuery) -> str:
        where, params = where_clause(q, db.span_days())
        rows = db.conn().execute("EXPLAIN QUERY PLAN " + _FEATURE_SQL + where + _ORDER,
                                 params).fetchall()
        return " ".join(str(r[3]) for r in rows)

    month = EventQuery(sub_event_types=("Armed clash",), since=date(2023, 5, 1),
                       until=date(2023, 5, 31))
    assert "events_date" in plan(month)
    assert "events_type" in plan(EventQuery(sub_event_types=("Armed clash",)))
    kept = EventQuery(sub_event_types=("Non-violent transfer of territory",),
                      since=date(2023, 5, 1), until=date(2023, 5, 31))
    assert db.event_page(kept)[0]  # the filter still filters
