"""Distributed batch: the Dask engine stores exactly what `rasad ingest` stores, and a
run killed midway and resumed ends with the same result, without losses or doubles."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import rasad
from rasad.batch import ingest_reports, run_ingest
from rasad.export import write_acled_csv
from rasad.io import iter_inputs
from rasad.scale.engines import LocalEngine, PipelineConfig, make_engine, process_items
from rasad.scale.synth import generate_corpus
from rasad.store import SQLiteStore

ROOT = Path(__file__).resolve().parents[1]
RASAD = [sys.executable, "-m", "rasad"]


def _write_corpus(path: Path, n: int, *, bad_lines: bool = True) -> Path:
    rows = [json.dumps(r, ensure_ascii=False) for r in generate_corpus(n, seed=11)]
    if bad_lines:
        rows.insert(3, "{not json")
        rows.insert(10, json.dumps({"id": "empty", "text": "   "}))
        rows.insert(20, rows[5])  # an exact duplicate inside the batch
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def export(store: SQLiteStore) -> dict[str, Any]:
    """What must match between two stores: events, documents, failures."""
    out = []
    write_acled_csv(store.iter_events(), _Lines(out), actor_types={}, timestamp=0)
    docs = [{k: d[k] for k in ("id", "content_hash", "error", "events")}
            for d in store.documents()]
    # The dead-letter table logs every failed attempt; each failing input once at least.
    failures = sorted({(f["source"], f["reason"]) for f in store.failures()})
    return {"events": store.events(), "csv": "".join(out), "counts": store.counts(),
            "documents": sorted(docs, key=lambda d: d["id"]), "failures": failures}


class _Lines:
    def __init__(self, sink: list[str]) -> None:
        self.sink = sink

    def write(self, text: str) -> int:
        self.sink.append(text)
        return len(text)


N = 150  # reports; plus a malformed line, an empty report and one exact duplicate


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write_corpus(tmp_path_factory.mktemp("corpus") / "reports.jsonl", N)


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The corpus through `rasad ingest`'s code path, in this process."""
    db = tmp_path_factory.mktemp("ref") / "ref.db"
    with SQLiteStore(db) as store:
        summary = ingest_reports(store, rasad.default_pipeline(), iter_inputs([corpus]))
        assert (summary.inserted, summary.duplicates, summary.failed) == (N, 1, 2)
        return export(store)


@pytest.fixture(scope="module")
def dask_engine() -> Iterator[Any]:
    engine = make_engine("dask", workers=2, config=PipelineConfig())
    yield engine
    engine.close()


def test_dask_batch_equals_ingest_and_rerun_is_a_no_op(
    corpus: Path, reference: dict[str, Any], dask_engine: Any, tmp_path: Path
) -> None:
    with SQLiteStore(tmp_path / "batch.db") as store:
        summary = run_ingest(store, iter_inputs([corpus]), dask_engine, chunk_size=7)
        assert (summary.inserted, summary.duplicates, summary.failed) == (N, 1, 2)
        got = export(store)
        again = run_ingest(store, iter_inputs([corpus]), dask_engine)
        assert (again.inserted, again.duplicates, again.failed) == (0, N + 1, 2)
        assert store.events() == got["events"]
    assert got["events"] == reference["events"]
    assert got == reference
    assert got["counts"]["events"] > N  # the corpus really produces events


def test_crash_midway_then_resume(corpus: Path, reference: dict[str, Any], dask_engine: Any,
                                  tmp_path: Path) -> None:
    """The writer dies after 50 reports (in-flight chunks are lost); the rerun completes."""

    class Crash(Exception):
        pass

    def crash_after_50(summary: Any) -> None:
        if summary.inserted == 50:
            raise Crash

    db = tmp_path / "crash.db"
    with SQLiteStore(db) as store, pytest.raises(Crash):
        run_ingest(store, iter_inputs([corpus]), dask_engine, on_progress=crash_after_50)
    with SQLiteStore(db) as store:
        assert store.counts()["documents"] == 50
        resumed = run_ingest(store, iter_inputs([corpus]), dask_engine)
        assert (resumed.inserted, resumed.duplicates) == (N - 50, 51)
        got = export(store)
    assert got["events"] == reference["events"]
    assert got["documents"] == reference["documents"]


def _documents(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.2)
        try:
            return int(conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def test_sigkill_midway_then_resume(corpus: Path, reference: dict[str, Any],
                                    tmp_path: Path) -> None:
    """`rasad batch` killed with SIGKILL (driver, scheduler, workers) and run again."""
    db = tmp_path / "kill.db"
    cmd = [*RASAD, "batch", "--input", str(corpus), "--db", str(db), "--workers", "2",
           "--chunk-size", "4", "--no-progress"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(cmd, env=env, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while _documents(db) < 40 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)  # the process group this test started
    proc.wait()
    stored = _documents(db)
    assert 0 < stored < N, f"not killed midway ({stored} stored)"
    done = subprocess.run(cmd, check=False, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, "two reports of the corpus fail: " + done.stderr
    assert done.stdout.startswith(f"inserted {N - stored}, duplicates {stored + 1}, failed 2")
    with SQLiteStore(db) as store:
        got = export(store)
    assert got["events"] == reference["events"]
    assert got["documents"] == reference["documents"]
    assert got["failures"] == reference["failures"]
    assert {k: v for k, v in got["counts"].items() if k != "failures"} == \
        {k: v for k, v in reference["counts"].items() if k != "failures"}


def test_cli_batch_with_failures(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for r in generate_corpus(12, seed=3):
        (folder / f"{r['id']}.txt").write_text(r["text"], encoding="utf-8")
    (folder / "blank.txt").write_bytes(b"  \n")
    (folder / "broken.json").write_text("{\"text\": ", encoding="utf-8")
    db = tmp_path / "cli.db"
    out = subprocess.run([*RASAD, "batch", str(folder), "--db", str(db), "--engine", "local"],
                         check=False, capture_output=True, text=True, timeout=300,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.returncode == 1, "two inputs failed, the twelve others are stored"
    assert out.stdout.startswith("inserted 12, duplicates 0, failed 2")
    listed = subprocess.run([*RASAD, "failures", "--db", str(db)], check=False,
                            capture_output=True,
                            text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert "blank.txt: empty report" in listed.stdout
    assert "broken.json: invalid JSON" in listed.stdout


def test_engines_by_name() -> None:
    with pytest.raises(rasad.RasadError, match="ray engine is not supported"):
        make_engine("ray")
    with pytest.raises(rasad.RasadError, match="unknown engine"):
        make_engine("spark")
    assert isinstance(make_engine("local"), LocalEngine)


def test_process_items_keeps_failures_in_place() -> None:
    items = [{"error": "x.txt: empty report", "source": "x.txt"},
             {"text": "قصفت قوات النظام بلدة كفرنبل أمس.", "id": "a", "published": "2024-01-02"}]
    out = process_items(rasad.default_pipeline(), items)
    assert out[0] == {"document": {"id": "x.txt"}, "error": "x.txt: empty report", "text": ""}
    assert out[1]["document"]["id"] == "a" and out[1]["text"].startswith("قصفت")
