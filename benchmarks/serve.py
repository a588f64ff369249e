"""Latency of GET /api/events with bbox and time filters on a 100k-event SQLite database.

Builds the database from synthetic reports (rasad.web.synthetic) once in a temp dir,
starts `rasad serve` on a free loopback port (a separate process, as deployed) and times
requests over one keep-alive HTTP connection: routing, validation, SQL, JSON and the
socket are all counted. Requests carry `Cache-Control: no-cache`, so the server computes
each answer rather than serving the one it kept (rasad.web.cache). Prints p50/p95 per query shape and overall; the target is
p95 < 50 ms.

    python benchmarks/serve.py [--events 100000] [--requests 200]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

from rasad.store import SQLiteStore
from rasad.web.synthetic import TOWNS, bulk_records


def build(path: Path, n_events: int) -> float:
    start = time.perf_counter()
    with SQLiteStore(path) as store:
        for rec in bulk_records(n_events, per_doc=500):
            store.ingest(rec)
    return time.perf_counter() - start


def shapes(rng: random.Random) -> dict[str, dict[str, str]]:
    """One random request per query shape an analyst's map produces."""
    town = rng.choice(TOWNS)
    lon, lat = town[2], town[3]
    year = rng.randrange(2015, 2025)
    month = rng.randrange(1, 13)
    city_box = f"{lon - 0.5:.3f},{lat - 0.5:.3f},{lon + 0.5:.3f},{lat + 0.5:.3f}"
    return {
        "city bbox + 1 month": {"bbox": city_box, "since": f"{year}-{month:02d}-01",
                                "until": f"{year}-{month:02d}-28"},
        "country bbox + 1 year": {"bbox": "35.5,32.3,42.4,37.4", "since": f"{year}-01-01",
                                  "until": f"{year}-12-31"},
        "city bbox + 1 year + type": {"bbox": city_box, "since": f"{year}-01-01",
                                      "until": f"{year}-12-31", "event_type": "Battles"},
        "map page (30 days, limit 2000)": {"bbox": "34.0,31.0,44.0,38.5",
                                           "since": f"{year}-{month:02d}-01",
                                           "until": f"{year}-{month:02d}-28", "limit": "2000"},
    }


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200, help="per query shape")
    parser.add_argument("--db", type=Path, help="reuse (or build once into) this database file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bench.db"
        if not db.exists():
            seconds = build(db, args.events)
            print(f"built {args.events} events in {seconds:.1f} s "
                  f"({db.stat().st_size / 1e6:.0f} MB)")
        with serving(db) as port:
            report(port, args.requests)
    return 0


@contextmanager
def serving(db: Path) -> Iterator[int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    rasad = Path(sys.executable).with_name("rasad")
    proc = subprocess.Popen([str(rasad), "serve", "--db", str(db), "--port", str(port),
                             "--rate-limit", "0"], stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.1)
        time.sleep(4)  # let the background R*Tree build finish, as on a running server
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def report(port: int, requests: int) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def get(params: dict[str, str]) -> tuple[float, float, bytes]:
        """(total ms, server-side ms from Server-Timing, body); parsing is not timed."""
        start = time.perf_counter()
        conn.request("GET", "/api/events?" + urlencode(params),
                     headers={"Cache-Control": "no-cache"})
        response = conn.getresponse()
        body = response.read()
        total = (time.perf_counter() - start) * 1000
        assert response.status == 200, body[:200]
        server = float((response.getheader("Server-Timing") or "db;dur=0").split("=")[1])
        return total, server, body

    rng = random.Random(1)
    timings: dict[str, list[float]] = {}
    db_times: dict[str, list[float]] = {}
    sizes: dict[str, list[int]] = {}
    for _ in range(10):  # warm caches and the thread pool
        get(shapes(rng)["city bbox + 1 month"])
    for _ in range(requests):
        for name, params in shapes(rng).items():
            total, server, body = get(params)
            timings.setdefault(name, []).append(total)
            db_times.setdefault(name, []).append(server)
            sizes.setdefault(name, []).append(len(json.loads(body)["features"]))
    print(f"{'query':32} {'p50 ms':>7} {'p95 ms':>7} {'rows':>5} {'srv p50':>8} {'srv p95':>8}")
    for name, values in timings.items():
        print(f"{name:32} {percentile(values, 0.5):7.1f} {percentile(values, 0.95):7.1f} "
              f"{statistics.mean(sizes[name]):5.0f} {percentile(db_times[name], 0.5):8.1f} "
              f"{percentile(db_times[name], 0.95):8.1f}")
    everything = [t for values in timings.values() for t in values]
    p95 = percentile(everything, 0.95)
    print(f"{'all bbox+time requests':32} {percentile(everything, 0.5):7.1f} {p95:7.1f}")
    print(f"target p95 < 50 ms: {'met' if p95 < 50 else 'NOT met'}"
          f" (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")

if __name__ == "__main__":
    sys.exit(main())
