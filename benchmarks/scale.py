"""Scale benchmark: reports/s, MB/s and peak memory for extract, ingest into SQLite and
PostgreSQL, and Dask batch with 1 and 2 workers, on a generated corpus; plus the scaling
efficiency from 1 to 2 workers.

    python benchmarks/scale.py             # 10,000 reports (RASAD_BENCH_N to change)

Each phase runs in its own process so that its peak memory is its own; batch phases
report the driver's peak and the largest worker's. Figures are printed, never asserted.
PostgreSQL (RASAD_BENCH_PG, default the local server) is skipped when unreachable.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PG_SERVER = os.environ.get("RASAD_BENCH_PG", "postgresql://postgres@127.0.0.1:5432")


def _peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024.0


def _items(corpus: Path) -> Any:
    from rasad.io import iter_inputs

    return iter_inputs([corpus])


def phase_extract(corpus: Path, _db: str) -> dict[str, Any]:
    import rasad
    from rasad.batch import run_pipeline
    from rasad.serialize import document_to_dict

    pipeline = rasad.default_pipeline()
    pipeline(rasad.Document(text="تحميل"))  # resources load outside the timing
    started = time.perf_counter()
    events = sum(len(document_to_dict(d)["events"]) for d in run_pipeline(pipeline, _items(corpus)))
    return {"seconds": time.perf_counter() - started, "events": events}


def phase_ingest(corpus: Path, db: str) -> dict[str, Any]:
    import rasad
    from rasad.batch import ingest_reports
    from rasad.store import open_store

    pipeline = rasad.default_pipeline()
    pipeline(rasad.Document(text="تحميل"))
    with open_store(db) as store:
        started = time.perf_counter()
        summary = ingest_reports(store, pipeline, _items(corpus))
        seconds = time.perf_counter() - started
        events = store.counts()["events"]
    return {"seconds": seconds, "events": events, "inserted": summary.inserted}


def phase_batch(corpus: Path, db: str, workers: int) -> dict[str, Any]:
    from rasad.batch import run_ingest
    from rasad.scale.engines import PipelineConfig, make_engine
    from rasad.store import open_store

    started_cluster = time.perf_counter()
    engine = make_engine("dask", workers=workers, config=PipelineConfig())
    engine.map_chunks([[]])  # touches nothing; the cluster and plugins are up
    startup = time.perf_counter() - started_cluster
    with open_store(db) as store:
        started = time.perf_counter()
        summary = run_ingest(store, _items(corpus), engine, chunk_size=32)
        seconds = time.perf_counter() - started
        events = store.counts()["events"]
    engine.close()
    return {"seconds": seconds, "startup": startup, "events": events,
            "inserted": summary.inserted, "worker_peak_mb": _peak_mb(resource.RUSAGE_CHILDREN)}


def _child(args: list[str]) -> None:
    """Run one phase in this process and print its result as JSON."""
    phase, corpus, db = args[0], Path(args[1]), args[2]
    if phase == "extract":
        result = phase_extract(corpus, db)
    elif phase == "ingest":
        result = phase_ingest(corpus, db)
    else:
        result = phase_batch(corpus, db, int(phase.split("-")[1]))
    result["peak_mb"] = _peak_mb()
    print(json.dumps(result))


def _run(phase: str, corpus: Path, db: str) -> dict[str, Any]:
    out = subprocess.run([sys.executable, __file__, "--phase", phase, str(corpus), db],
                         capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"{phase} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _pg_database(name: str) -> str | None:
    try:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=5) as c:
            c.execute(f"DROP DATABASE IF EXISTS {name}")
            c.execute(f"CREATE DATABASE {name}")
    except Exception as exc:  # noqa: BLE001 - any failure means: skip PostgreSQL
        print(f"PostgreSQL unreachable ({exc}); skipping its phase")
        return None
    return f"{PG_SERVER}/{name}"


def _line(name: str, r: dict[str, Any], n: int, mb: float) -> str:
    extra = f", startup {r['startup']:.1f} s, worker peak {r['worker_peak_mb']:.0f} MB" \
        if "startup" in r else ""
    return (f"{name:<22} {n / r['seconds']:8.1f} reports/s {mb / r['seconds']:6.2f} MB/s"
            f"  peak {r['peak_mb']:6.0f} MB  ({r['seconds']:.1f} s, {r['events']} events{extra})")


def main() -> None:
    from rasad.scale.synth import generate_corpus

    n = int(os.environ.get("RASAD_BENCH_N", "10000"))
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n"
                                  for r in generate_corpus(n)), encoding="utf-8")
        mb = corpus.stat().st_size / 1e6
        print(f"corpus: {n} generated reports, {mb:.1f} MB, {os.cpu_count()} CPUs")
        plan = [("extract", "extract", "-"), ("ingest SQLite", "ingest", f"{tmp}/i.db")]
        pg = _pg_database("rasad_bench")
        if pg:
            plan.append(("ingest PostgreSQL", "ingest", pg))
        plan += [("batch dask x1", "batch-1", f"{tmp}/b1.db"),
                 ("batch dask x2", "batch-2", f"{tmp}/b2.db")]
        results = {}
        for name, phase, db in plan:
            results[name] = _run(phase, corpus, db)
            print(_line(name, results[name], n, mb), flush=True)
        one, two = results["batch dask x1"]["seconds"], results["batch dask x2"]["seconds"]
        print(f"scaling 1 -> 2 workers: speed-up {one / two:.2f}x,"
              f" efficiency {one / two / 2:.0%} (cluster start-up excluded)")
        _compare(tmp, pg)


def _compare(tmp: str, pg: str | None) -> None:
    """The done-when checks at full size: every backend and engine stored the same events."""
    from rasad.store import open_store

    with open_store(f"{tmp}/i.db") as ref:
        expected = ref.events()
    others = [("batch dask x1", f"{tmp}/b1.db"), ("batch dask x2", f"{tmp}/b2.db")]
    others += [("PostgreSQL", pg)] if pg else []
    for name, db in others:
        with open_store(db) as store:
            same = store.events() == expected
        print(f"{name} events identical to `ingest` into SQLite: {same} ({len(expected)})")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--phase":
        _child(sys.argv[2:])
    else:
        main()
