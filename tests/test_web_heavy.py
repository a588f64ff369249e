"""Whole-database routes: computed once per database version, never blocking for long."""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")

from test_web_api import db_path, local_client  # noqa: F401 - a fixture

from rasad.web import ServeConfig
from rasad.web import aggregates as ag
from rasad.web.control import transition_dict
from rasad.web.graph import actor_index
from rasad.web.heavy import HeavyResults, StillComputing, file_version


def test_concurrent_callers_share_one_computation() -> None:
    calls: list[int] = []

    def slow() -> bytes:
        calls.append(1)
        time.sleep(0.2)
        return b"done"

    heavy = HeavyResults(lambda: (1,), wait_s=5)
    with ThreadPoolExecutor(20) as pool:
        results = list(pool.map(lambda _: heavy.result("k", slow), range(20)))
    assert results == [b"done"] * 20 and len(calls) == 1
    heavy.close()


def test_a_new_version_is_computed_while_the_old_result_is_served() -> None:
    version = [1]
    release = threading.Event()

    def compute() -> int:
        if version[0] == 2:
            release.wait(5)
        return version[0]

    heavy = HeavyResults(lambda: (version[0],), wait_s=5)
    assert heavy.result("k", compute) == 1
    version[0] = 2
    assert heavy.result("k", compute) == 1  # stale, at once, while 2 is computed
    release.set()
    deadline = time.monotonic() + 5
    while heavy.result("k", compute) != 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert heavy.result("k", compute) == 2
    heavy.close()


def test_no_result_within_the_wait_is_still_computing_then_ready() -> None:
    heavy = HeavyResults(lambda: (1,), wait_s=0.05)
    with pytest.raises(StillComputing) as info:
        heavy.result("k", lambda: time.sleep(0.3) or b"x")
    assert info.value.retry_after_s >= 1
    time.sleep(0.4)
    assert heavy.result("k", lambda: b"never computed again") == b"x"
    heavy.close()


def test_a_failed_computation_is_retried() -> None:
    attempts: list[int] = []

    def flaky() -> bytes:
        attempts.append(1)
        if len(attempts) == 1:
            raise ValueError("boom")
        return b"ok"

    heavy = HeavyResults(lambda: (1,), wait_s=2)
    with pytest.raises(ValueError, match="boom"):
        heavy.result("k", flaky)
    assert heavy.result("k", flaky) == b"ok"
    heavy.close()


def test_a_slow_route_answers_503_json_and_keeps_computing(
        db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    def slow_network(db: Any) -> bytes:
        time.sleep(0.5)
        return ag.encode({"nodes": [], "edges": []})

    monkeypatch.setattr(ag, "network_body", slow_network)
    client = local_client(ServeConfig(db=db_path, heavy_wait_s=0.05))
    busy = client.get("/api/network")
    assert busy.status_code == 503 and busy.headers["retry-after"]
    assert busy.json()["error"]["code"] == "unavailable"
    assert client.get("/api/summary").status_code == 200  # other routes are not held up
    time.sleep(0.6)
    assert client.get("/api/network").json() == {"nodes": [], "edges": []}


def test_places_body_is_the_per_place_scan_it_replaces(db_path: Path) -> None:  # noqa: F811
    client = local_client(ServeConfig(db=db_path))
    state = client.app.state.rasad  # type: ignore[attr-defined]
    index = actor_index(state.db)
    expected = [{**p, "control": [transition_dict(t, index)
                                  for t in state.timeline.of_place(p["gazetteer_id"])]}
                for p in state.db.places()]
    body = json.loads(ag.places_body(ag.PlaceIndex.build(state.db, state.timeline),
                                     state.timeline, history=1000))
    assert [{k: v for k, v in p.items() if k != "control_total"} for p in body["places"]] \
        == json.loads(json.dumps(expected))
    assert any(p["control"] for p in body["places"])
    sites = {key: [transition_dict(t, index) for t in steps]
             for key, steps in state.timeline.history().items()}
    assert {s["site"]: s["control"] for s in body["sites"]} == json.loads(json.dumps(sites))


def test_places_list_the_latest_changes_and_a_place_pages_its_history(
        db_path: Path) -> None:  # noqa: F811
    client = local_client(ServeConfig(db=db_path))
    places = client.get("/api/places", params={"history": 1000}).json()["places"]
    busiest = max(places, key=lambda p: p["control_total"])["gazetteer_id"]
    full = client.get(f"/api/places/{busiest}").json()
    total = full["control_total"]
    assert total == len(full["control"]) >= 2
    capped = client.get("/api/places", params={"history": 1}).json()
    place = next(p for p in capped["places"] if p["gazetteer_id"] == busiest)
    assert place["control"] == full["control"][-1:] and place["control_total"] == total
    page = client.get(f"/api/places/{busiest}", params={"limit": 1, "offset": 1}).json()
    assert page["control"] == full["control"][1:2] and page["offset"] == 1


def test_the_version_follows_the_database_and_its_wal(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    assert file_version(db) == (0, 0, 0, 0)
    db.write_bytes(b"1")
    first = file_version(db)
    (tmp_path / "x.db-wal").write_bytes(b"22")
    assert file_version(db) != first


def test_a_server_database_is_recomputed_every_time_slot(monkeypatch: pytest.MonkeyPatch) -> None:
    from rasad.web import heavy

    ttl = heavy.SERVER_DB_TTL_S
    now = [3 * ttl]  # the start of a slot
    monkeypatch.setattr(heavy.time, "monotonic", lambda: now[0])
    version = heavy.database_version("postgresql://postgres@127.0.0.1/rasad")
    first = version()
    now[0] += ttl / 2
    assert version() == first
    now[0] += ttl
    assert version() != first


def test_a_derived_aggregate_waits_for_the_current_index_not_the_stale_one() -> None:
    """An aggregate built from another one (places from the place index) must not be built
    from the previous version's value and then kept as the current version's."""
    version = [1]
    index = HeavyResults(lambda: (version[0],), wait_s=5)
    derived = HeavyResults(lambda: (version[0],), wait_s=5, workers=2)
    assert index.current("index", lambda: "index-1") == "index-1"
    version[0] = 2
    gate = threading.Event()

    def slow_index() -> str:
        gate.wait(5)
        return "index-2"

    assert index.result("index", slow_index) == "index-1"  # a reader may see the old one
    built = derived.start("places", lambda: "places from " + index.current("index", slow_index))[1]
    assert built is not None and not built.done()
    gate.set()
    assert built.result(timeout=5) == "places from index-2"
    assert derived.result("places", lambda: "recomputed") == "places from index-2"
