"""rasad's benchmark: prints load time, extraction throughput, ingest rate and peak memory.

Run with `make bench`. Figures are printed, never asserted: timing belongs here, not in
unit tests. The corpus is the Arabic reports of ../shared/eval (or $RASAD_SHARED/eval;
the bundled examples when that is absent) repeated with a line number appended so that
content hashes differ.

Extraction is measured twice: whole process (``rasad extract`` on a JSON Lines file,
pinned to one core, interpreter start and loading included) and in this process (the
pipeline alone). The floor is the least any extractor must do with the same input: read
the file, decode its JSON lines, and run one compiled regex over every text.
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_FLOOR_PATTERN = re.compile(r"[^\W\d_]+|[0-9]+")


def _shared() -> Path:
    env = os.environ.get("RASAD_SHARED")
    return Path(env) if env else ROOT.parent / "shared"


def _base_reports() -> tuple[str, list[dict[str, str]]]:
    files = sorted((_shared() / "eval").glob("dev_ar*.jsonl"))
    if not files:
        files = [ROOT / "examples" / "reports.jsonl"]
    base = [json.loads(line) for f in files
            for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    return ", ".join(f.name for f in files), base


def _corpus(n: int) -> tuple[str, list[dict[str, str]]]:
    source, base = _base_reports()
    out = []
    for i in range(n):
        src = base[i % len(base)]
        out.append({"id": f"bench-{i}", "text": f"{src['text']}\n#{i}",
                    "published": src.get("published")})
    return source, out


def _peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024.0


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _one_core() -> None:
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def _floor(path: Path) -> tuple[float, int]:
    """CPU seconds to read ``path``, decode its lines and scan each text with one regex."""
    t = time.process_time()
    found = 0
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            found += sum(1 for _ in _FLOOR_PATTERN.finditer(json.loads(line)["text"]))
    return time.process_time() - t, found


def _whole_process(path: Path, n: int) -> None:
    """``rasad extract`` on ``path`` in a child process pinned to one core."""
    with tempfile.TemporaryDirectory() as tmp:
        cpu0, t0 = _children_cpu(), time.perf_counter()
        subprocess.run([sys.executable, "-m", "rasad", "extract", "--input", str(path),
                        "--format", "jsonl", "--output", str(Path(tmp) / "out.jsonl")],
                       check=True, preexec_fn=_one_core)
        wall, cpu = time.perf_counter() - t0, _children_cpu() - cpu0
    floor_cpu, _ = _floor(path)
    print(f"whole process (rasad extract, one core): {n} reports in {wall:.2f} s wall,"
          f" {cpu:.2f} s CPU -> {n / cpu:.0f} reports/s per core"
          f" (wall {n / wall:.0f} reports/s), peak RSS {_peak_mb(resource.RUSAGE_CHILDREN):.0f} MB")
    print(f"floor (read, decode, one compiled regex): {n / floor_cpu:.0f} reports/s;"
          f" extraction takes {cpu / floor_cpu:.0f}x the floor")


def main(n: int = 3000) -> None:
    source, corpus = _corpus(n)
    size_mb = sum(len(d["text"].encode("utf-8")) for d in corpus) / 1e6
    print(f"corpus: {n} reports ({size_mb:.2f} MB) made from {source}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in corpus),
                        encoding="utf-8")
        _whole_process(path, n)

    t0 = time.perf_counter()
    import rasad
    from rasad.serialize import document_to_dict
    from rasad.store.sqlite import SQLiteStore
    from rasad.types import Document

    pipe = rasad.default_pipeline()
    pipe(Document(text="تمهيد", id="warmup"))
    load_s = time.perf_counter() - t0

    t1, c1 = time.perf_counter(), time.process_time()
    docs = [pipe(Document(text=d["text"], id=d["id"], published=d["published"]))
            for d in corpus]
    extract_s, extract_cpu = time.perf_counter() - t1, time.process_time() - c1
    n_events = sum(len(d.events) for d in docs)

    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "bench.db")
        t2 = time.perf_counter()
        for d in docs:
            store.ingest(document_to_dict(d))
        ingest_s = time.perf_counter() - t2

    print(f"pipeline load (knowledge, gazetteer, automata): {load_s:.2f} s")
    print(f"extract in process: {n} reports, {n_events} events in {extract_s:.2f} s"
          f" ({extract_cpu:.2f} s CPU) -> {n / extract_cpu:.0f} reports/s per core,"
          f" {size_mb / extract_cpu:.3f} MB/s")
    print(f"ingest into SQLite: {n / ingest_s:.1f} reports/s")
    _learned_filter_share(corpus[:300])
    print(f"peak RSS of this process: {_peak_mb():.0f} MB")


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
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3000)
