"""The control readers on real reports, through the store, on SQLite and PostgreSQL.

Reads ../shared (or $RASAD_SHARED) and skips with a reason when it is absent. The
PostgreSQL tests use the server on 127.0.0.1 (fixtures of test_postgres_store: each
test gets its own schema).
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_postgres_store import pg_database, pg_url  # noqa: F401  (fixtures)

from rasad.cli import CliContext, cli
from rasad.control import NotFound, commander, control, history, load_view, rebuild_control
from rasad.evaluate_gold import load_gold

ROOT = Path(__file__).resolve().parents[1]


def _shared() -> Path:
    import os

    env = os.environ.get("RASAD_SHARED")
    return Path(env) if env else ROOT.parent / "shared"


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), obj=CliContext(), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _dev_files() -> list[Path]:
    files = sorted((_shared() / "eval").glob("dev_*.jsonl"))
    if len(files) < 4:
        pytest.skip("../shared/eval/dev_*.jsonl not found (set RASAD_SHARED)")
    return files


@pytest.fixture(scope="module")
def dev_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("dev") / "dev.db"
    for path in _dev_files():
        _run("ingest", "--input", str(path), "--db", str(db))
    return db


def _gold_places(files: list[Path]) -> list[str]:
    names: dict[str, None] = {}
    for path in files:
        for doc in load_gold(path):
            for ev in doc.events:
                if ev.location is not None:
                    names.update(dict.fromkeys(n for n in (ev.location.name,
                                                           ev.location.name_ar) if n))
    return list(names)


def test_all_dev_files_rebuild_and_answer_on_every_gold_place(dev_db: Path) -> None:
    assert "claims" in _run("control", "rebuild", "--db", str(dev_db))
    summary = rebuild_control(dev_db)
    assert summary.documents >= 150 and summary.claims > 0
    view = load_view(dev_db)
    answered = 0
    for place in _gold_places(_dev_files()):
        try:
            control(view, place)
            history(view, place)
            answered += 1
        except NotFound:
            continue  # a clear "no records" answer for a place no event took or held
    assert answered > 20
    assert commander(view)["commanders"]
    for place in ("Tadmur", "تدمر", "Deir ez-Zor"):  # the CLI on the same database
        for command in ("control", "history"):
            _run(command, place, "--db", str(dev_db), "--format", "json")
    _run("commander", "--db", str(dev_db), "--format", "json")


def _place_answers(db: str | Path) -> dict[str, Any]:
    view = load_view(db)
    out: dict[str, Any] = {"commanders": commander(view)}
    for place in _gold_places(_dev_files()):
        try:
            out[place] = (control(view, place), history(view, place))
        except NotFound:
            out[place] = None
    return out


def test_all_dev_files_answer_the_same_on_postgres(pg_url: str, tmp_path: Path,  # noqa: F811
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # Undated reports are ordered by ingest time to the second, then id: each file gets
    # one fixed second on both backends, so the order (and every answer) must match.
    from datetime import UTC, datetime

    import rasad.store.postgres as pg_store
    import rasad.store.sqlite as sqlite_store

    lite = tmp_path / "dev.db"
    for second, path in enumerate(_dev_files()):
        stamp = datetime(2025, 1, 1, 0, 0, second, tzinfo=UTC)
        monkeypatch.setattr(sqlite_store, "_now", lambda s=stamp: s.isoformat())
        monkeypatch.setattr(pg_store, "_now", lambda s=stamp: s)
        for db in (str(lite), pg_url):
            _run("ingest", "--input", str(path), "--db", db)
    answers = [_place_answers(db) for db in (lite, pg_url)]
    assert sum(answer is not None for answer in answers[0].values()) > 20
    differ = [d for key in answers[0]
              for d in _differences(answers[0][key], answers[1][key], key)]
    assert not differ, differ[:5]


def _seed_files() -> list[Path]:
    files = sorted((_shared() / "seed").glob("*.txt"))
    if not files:
        pytest.skip("seed report not found (set RASAD_SHARED)")
    return files


def _answers(db: str) -> dict[str, Any]:
    def ask(*args: str) -> Any:
        """The JSON answer, or None for the clear "no control records" answer (what the
        extraction finds in the demo's reports changes as the extractor improves)."""
        result = CliRunner().invoke(cli, [*args, "--db", db, "--format", "json"],
                                    obj=CliContext(), catch_exceptions=False)
        if result.exit_code == 1 and "no control records" in result.output:
            return None
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    return {"tadmur_before": ask("control", "Tadmur", "--at", "2023-05-10"),
            "between": ask("control", "Khirbet al-Tiyas", "--at", "2023-05-18"),
            "between_before": ask("control", "Khirbet al-Tiyas", "--at", "2023-05-12"),
            "history": ask("history", "Tadmur"), "actor": ask("actor", "IRGC"),
            "sukhnah_2023": ask("control", "al-Sukhnah", "--at", "2023-06-01"),
            "dhiban_year_later": ask("control", "Dhiban", "--at", "2025-08-01"),
            "commanders": ask("commander"),
            "exports": {fmt: _without_export_time(_run("export", "--db", db, "--format", fmt))
                        for fmt in ("acled-csv", "geojson", "jsonl", "kml", "graphml")}}


def _without_export_time(text: str) -> str:
    # ACLED's timestamp column is the time of the export (epoch seconds), not data.
    return re.sub(r"\b1[7-9]\d{8}\b", "<export time>", text)


def _ids(claims: list[dict[str, Any]]) -> list[str]:
    return [c["holder_id"] for c in claims]


def _site_between(answer: dict[str, Any] | None) -> dict[str, Any] | None:
    sites = (answer or {}).get("sites") or []
    return next((s for s in sites if s["site"]["relation"] == "between"), None)


def _check_demo_answers(answers: dict[str, Any]) -> None:
    """The wrong answers of the demo's data, as they should be (where the extraction
    finds the events: tests/test_control_timeline.py states each case exactly)."""
    before = answers["tadmur_before"]
    assert before["positions"] == 3
    [site] = before["sites"]
    assert not site["holders"] and not site["previous"]  # nothing is known before
    assert {"irgc", "regiment-74"} <= set(_ids(site["later"]))
    dates = [c["date"]["start"] for c in answers["history"]["changes"]]
    assert dates == sorted(dates)
    # The positions "between al-Bayda and Khirbet al-Tiyas": the 5th Corps until the
    # handover of 2023-05-17, then IRGC (inferred from the report's other handovers).
    between = _site_between(answers["between"])
    if between is not None:
        assert _ids(between["holders"]) == ["irgc"]
        assert _ids(between["previous"]) == ["5th-corps"]
        assert between["holders"][0]["since"]["start"] == "2023-05-17"
        early = _site_between(answers["between_before"])
        assert early is not None and not early["holders"] and _ids(early["later"]) == ["irgc"]
    # "5th Corps, 6 sites" at al-Sukhnah comes from a 2024 report: not held in 2023.
    [sukhnah] = answers["sukhnah_2023"]["sites"]
    assert sukhnah["site"]["count"] == 6 and not sukhnah["holders"]
    assert _ids(sukhnah["unknown"]) == ["5th-corps"]
    # Tribal fighters "took two points ... before withdrawing": not holding a year later.
    for dhiban in (answers["dhiban_year_later"] or {}).get("sites") or []:
        assert not dhiban["holders"] and "tribal-forces" in _ids(dhiban["previous"])


def test_demo_answers_on_sqlite_and_postgres_are_the_same(pg_url: str,  # noqa: F811
                                                          tmp_path: Path) -> None:
    # The data of `make demo`: the bundled examples, then the seed anchored at 2023-05-17.
    seed = [str(f) for f in _seed_files()]
    examples = ROOT / "examples"
    bundled = [*map(str, sorted(examples.glob("*.txt"))), *map(str, sorted(examples.glob("*.html")))]
    lite = str(tmp_path / "demo.db")
    answers = []
    for db in (lite, pg_url):
        _run("ingest", "--input", str(examples / "reports.jsonl"), *bundled, "--db", db)
        _run("ingest", *seed, "--published", "2023-05-17", "--db", db)
        answers.append(_answers(db))
    _check_demo_answers(answers[0])
    assert "<begin>2023-05-17</begin>" in answers[0]["exports"]["kml"]  # control periods
    for key in answers[0]:
        assert answers[0][key] == answers[1][key], key
    again = _run("control", "rebuild", "--db", pg_url)
    assert again == _run("control", "rebuild", "--db", lite)
    served = [_api_answers(db) for db in (lite, pg_url)]
    assert served[0]["sukhnah_2023"] == [] and served[0]["events"]["features"]
    for key in served[0]:
        assert served[0][key] == served[1][key], _differences(served[0][key], served[1][key], key)


def _differences(a: Any, b: Any, path: str) -> list[str]:
    """Where two JSON answers differ (the failure message)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return [d for k in sorted(set(a) | set(b))
                for d in _differences(a.get(k), b.get(k), f"{path}.{k}")]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True))
                for d in _differences(x, y, f"{path}[{i}]")]
    return [] if a == b else [f"{path}: {a!r:.120} != {b!r:.120}"]


def _api_answers(db: str) -> dict[str, Any]:
    """What `rasad serve` answers over the database (a file or a URL)."""
    pytest.importorskip("fastapi")
    pytest.importorskip("httpx")
    from fastapi.testclient import TestClient

    from rasad.web import ServeConfig, create_app

    client = TestClient(create_app(ServeConfig(db=db if "://" in db else Path(db))),
                        base_url="http://127.0.0.1")

    def get(url: str, **params: Any) -> Any:
        response = client.get(url, params=params)
        assert response.status_code == 200, response.text
        return response.json()

    def at(day: str, name: str) -> list[Any]:
        return [f["properties"] for f in get("/api/control", date=day)["features"]
                if f["properties"]["name"] == name]

    events = get("/api/events", count="true", limit=10, q="تدمر")
    first = events["features"][0]["id"]
    # In ingest order: SQLite keeps the time to the second, PostgreSQL to the
    # microsecond, so reports ingested within one second are compared by id.
    documents = sorted(({k: v for k, v in d.items() if k != "ingested_at"}
                        for d in get("/api/documents")["documents"]), key=lambda d: d["id"])
    document = get(f"/api/documents/{documents[0]['id']}")
    commanders = get("/api/commanders")["commanders"]
    for person in commanders:  # the events naming each, in no particular order
        person["events"] = sorted(person["events"])
    summary = get("/api/summary")
    summary["by_type"].sort(key=lambda t: (t["event_type"], t["sub_event_type"]))
    return {"events": {k: v for k, v in events.items() if k != "next"},
            "event": get(f"/api/events/{first}"), "documents": documents,
            "document": {k: v for k, v in document.items() if k != "ingested_at"},
            "tadmur_after": at("2023-05-18", "Tadmur"),
            "sukhnah_2023": at("2023-06-01", "al-Sukhnah"),
            "places": get("/api/places"), "actors": get("/api/actors"),
            "commanders": commanders, "summary": summary,
            "network": get("/api/network")}


def test_map_does_not_draw_a_2024_giver_as_holding_in_2023(tmp_path: Path) -> None:
    pytest.importorskip("fastapi")
    pytest.importorskip("httpx")
    from fastapi.testclient import TestClient

    from rasad.web import ServeConfig, create_app

    reports = ROOT / "examples" / "reports.jsonl"
    lines = [line for line in reports.read_text(encoding="utf-8").splitlines()
             if '"ex01-' in line]
    assert lines, "the al-Sukhnah example report is missing"
    path = tmp_path / "sukhnah.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "sukhnah.db"
    _run("ingest", "--input", str(path), "--db", str(db))
    client = TestClient(create_app(ServeConfig(db=db)), base_url="http://127.0.0.1")

    def sukhnah(day: str) -> list[dict[str, Any]]:
        features = client.get("/api/control", params={"date": day}).json()["features"]
        return [f["properties"] for f in features if f["properties"]["name"] == "al-Sukhnah"]

    assert sukhnah("2023-06-01") == []
    [after] = sukhnah("2024-11-20")
    assert after["status"] == "held" and after["holder"]["id"] != "5th-corps"
    view = load_view(db)
    [site] = control(view, "al-Sukhnah", at=date(2023, 6, 1))["sites"]
    assert not site["holders"] and _ids(site["unknown"]) == ["5th-corps"]
