"""rasad's benchmark: prints load time, extraction throughput, ingest rate and peak memory.

Run with `make bench`. Figures are printed, never asserted: timing belongs here, not in
unit tests. The corpus is the bundled examples repeated with small variations so that
content hashes differ.
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _corpus(n: int) -> list[dict[str, str]]:
    lines = (ROOT / "examples" / "reports.jsonl").read_text(encoding="utf-8").splitlines()
    base = [json.loads(line) for line in lines if line.strip()]
    out = []
    for i in range(n):
        src = base[i % len(base)]
        out.append({**src, "id": f"bench-{i}", "text": f"{src['text']}\n#{i}"})
    return out


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main(n: int = 500) -> None:
    t0 = time.perf_counter()
    import rasad
    from rasad.serialize import document_to_dict
    from rasad.store.sqlite import SQLiteStore
    from rasad.types import Document

    pipe = rasad.default_pipeline()
    pipe(Document(text="تمهيد", id="warmup"))
    load_s = time.perf_counter() - t0
    corpus = _corpus(n)
    size_mb = sum(len(d["text"].encode("utf-8")) for d in corpus) / 1e6

    t1 = time.perf_counter()
    docs = [pipe(Document(text=d["text"], id=d["id"])) for d in corpus]
    extract_s = time.perf_counter() - t1
    n_events = sum(len(d.events) for d in docs)

    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "bench.db")
        t2 = time.perf_counter()
        for d in docs:
            store.ingest(document_to_dict(d))
        ingest_s = time.perf_counter() - t2

    print(f"pipeline load (knowledge, gazetteer, automata): {load_s:.2f} s")
    print(f"extract: {n} reports, {size_mb:.2f} MB, {n_events} events in {extract_s:.2f} s"
          f" -> {n / extract_s:.1f} reports/s, {size_mb / extract_s:.3f} MB/s")
    print(f"ingest into SQLite: {n / ingest_s:.1f} reports/s")
    _learned_filter_share(corpus)
    print(f"peak RSS: {_peak_mb():.0f} MB")


def _learned_filter_share(corpus: list[dict[str, str]]) -> None:
    """What the learned filter (events.filter.v1) adds to extraction: the same reports
    through the pipeline without it and with it, alternated, in CPU time of this process
    (wall time on a shared machine swings more than the filter costs)."""
    import rasad
    from rasad.learn.train import candidate_pipeline
    from rasad.types import Document

    pipes = {"without": candidate_pipeline(), "with": rasad.default_pipeline()}
    spent = {name: 0.0 for name in pipes}
    for _ in range(3):
        for name, pipe in pipes.items():
            t = time.process_time()
            for d in corpus:
                pipe(Document(text=d["text"], id=d["id"]))
            spent[name] += time.process_time() - t
    extra = spent["with"] / spent["without"] - 1.0
    print(f"learned event filter: {1000 * (spent['with'] - spent['without']) / (3 * len(corpus)):.2f}"
          f" ms per report, {100 * extra:+.1f}% of extraction time")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
