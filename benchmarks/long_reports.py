"""Time per MB for one long report: 0.1, 1 and 5 MB (target: roughly linear, 5 MB < 30 s).

Each report is the bundled example reports repeated (each copy numbered, so no two
paragraphs are identical) up to the size, run through the default pipeline under its
default limits (sections of 20,000 characters, 30 s budget lifted so that the time is
measured whatever it is). Figures are printed, never asserted.

    python benchmarks/long_reports.py [MB ...]
"""

from __future__ import annotations

import json
import resource
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def long_report(n_bytes: int) -> str:
    """The examples repeated and numbered until the UTF-8 text reaches ``n_bytes``."""
    lines = (ROOT / "examples" / "reports.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in lines if line.strip()]
    parts: list[str] = []
    size = 0
    while size < n_bytes:
        part = f"{texts[len(parts) % len(texts)]}\n#{len(parts)}\n\n"
        parts.append(part)
        size += len(part.encode("utf-8"))
    return "".join(parts)


def main(sizes_mb: list[float]) -> None:
    from rasad import default_pipeline
    from rasad.pipeline import Limits
    from rasad.types import Document

    base = default_pipeline()
    pipeline = base.with_limits(Limits(time_budget_s=None))
    pipeline(Document(text=long_report(20_000), id="warmup"))  # loads every resource
    print(f"{'size':>8} {'chars':>10} {'seconds':>8} {'s/MB':>6} {'events':>7} {'peak RSS':>9}")
    for mb in sizes_mb:
        text = long_report(int(mb * 1_000_000))
        started = time.perf_counter()
        doc = pipeline(Document(text=text, id=f"long-{mb}", published=date(2024, 3, 13)))
        spent = time.perf_counter() - started
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{mb:>6g}MB {len(text):>10,} {spent:>8.2f} {spent / mb:>6.2f} "
              f"{len(doc.events):>7,} {rss:>7.0f}MB")


if __name__ == "__main__":
    main([float(a) for a in sys.argv[1:]] or [0.1, 1.0, 5.0])
