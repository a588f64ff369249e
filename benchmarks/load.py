"""Concurrent load on every read route of `rasad serve` over a 100k-event database.

Targets (issue: hold up under load): 50 concurrent clients over all read routes, p95 <
100 ms and no 5xx; while 20 clients hammer the heaviest route, the other requests keep
p95 < 250 ms. Bounded: 127.0.0.1 only, a fixed number of requests and a time limit.

Builds the database once (rasad.web.synthetic, as benchmarks/serve.py), starts the
server as deployed (a separate process), waits until the whole-database aggregates are
ready, then runs two phases with keep-alive connections, one per client thread. The
clients share the machine's cores with the server, so figures include their own cost.

The server keeps whole read answers per data version (rasad.web.cache): the share of
answers served that way is printed per phase. --no-cache sends `Cache-Control: no-cache`
with every request, so that each answer is computed (the aggregates stay precomputed).

    python benchmarks/load.py [--events 100000] [--requests 2000] [--db PATH] [--no-cache]
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing as mp
import os
import random
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from serve import build, percentile, serving

HAMMERED = "/api/network"


def read_routes(rng: random.Random) -> list[str]:
    """One request per read route (and the map's query shapes)."""
    year = rng.randrange(2015, 2025)
    return [
        f"/api/events?since={year}-01-01&until={year}-01-31&limit=200",
        "/api/events?bbox=36.0,34.0,39.0,36.0&limit=100",
        f"/api/events?sub_event_type=Armed%20clash&since={year}-06-01&until={year}-06-30",
        f"/api/events/bulk-{rng.randrange(100_000):07d}",
        "/api/documents?limit=50",
        f"/api/documents/bulk-doc-{rng.randrange(200):06d}",
        "/api/places", "/api/places/synthetic:tadmur",
        f"/api/control?date={year}-05-01",
        "/api/actors", "/api/actors?all=true", "/api/commanders", "/api/network",
        "/api/summary", "/api/config", "/api/basemap", "/health",
    ]


# (path, milliseconds, status, answered from the server's response cache)
Timing = tuple[str, float, int, bool]
HIT = 'cache;desc="hit"'


class Client(threading.Thread):
    """A closed-loop client: sends its next request when the previous one is answered."""

    def __init__(self, port: int, paths: list[str], stop: threading.Event,
                 headers: dict[str, str]) -> None:
        super().__init__(daemon=True)
        self.port, self.paths, self.stop, self.headers = port, paths, stop, headers
        self.timings: list[Timing] = []

    def run(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        for path in self.paths:
            if self.stop.is_set():
                break
            started = time.perf_counter()
            hit = False
            try:
                conn.request("GET", path, headers=self.headers)
                response = conn.getresponse()
                response.read()
                status = response.status
                hit = response.getheader("Server-Timing") == HIT
            except OSError:
                status = 599  # connection reset or timeout
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            self.timings.append((path, (time.perf_counter() - started) * 1000, status, hit))
        conn.close()


def route_of(path: str) -> str:
    base = path.split("?")[0]
    for prefix in ("/api/events/", "/api/documents/", "/api/places/"):
        if base.startswith(prefix):
            return prefix + "{id}"
    return base + (" (query)" if "?" in path and base == "/api/events" else "")


def run_clients(port: int, plans: list[list[str]], limit_s: float, processes: int = 5,
                headers: dict[str, str] | None = None) -> list[list[Timing]]:
    """Each plan run by one client; clients spread over processes (one GIL each), so
    that the load generator does not measure its own lock contention."""
    groups = [plans[i::processes] for i in range(processes)]
    with ProcessPoolExecutor(processes, mp_context=mp.get_context("fork")) as pool:
        results = list(pool.map(_run_group, [port] * processes, groups, [limit_s] * processes,
                                [headers or {}] * processes))
    out: list[list[Timing]] = [[] for _ in plans]
    for i, group in enumerate(results):
        for j, timings in enumerate(group):
            out[i + j * processes] = timings  # back in plan order
    return out


def _run_group(port: int, plans: list[list[str]], limit_s: float, headers: dict[str, str]
               ) -> list[list[Timing]]:
    stop = threading.Event()
    clients = [Client(port, plan, stop, headers) for plan in plans]
    for c in clients:
        c.start()
    deadline = time.monotonic() + limit_s
    for c in clients:
        c.join(max(0.0, deadline - time.monotonic()))
    stop.set()
    for c in clients:
        c.join(30)
    return [c.timings for c in clients]


def summarize(title: str, timings: list[Timing], target_ms: float) -> None:
    by_route: dict[str, list[float]] = {}
    for path, ms, _status, _hit in timings:
        by_route.setdefault(route_of(path), []).append(ms)
    statuses = Counter(status for _, _, status, _ in timings)
    hits = sum(hit for *_, hit in timings)
    print(f"\n{title}: {len(timings)} requests, statuses {dict(sorted(statuses.items()))}, "
          f"{100 * hits / max(1, len(timings)):.0f}% answered from the response cache")
    print(f"{'route':34} {'n':>5} {'p50 ms':>8} {'p95 ms':>8}")
    for route, values in sorted(by_route.items()):
        print(f"{route:34} {len(values):5} {percentile(values, 0.5):8.1f} "
              f"{percentile(values, 0.95):8.1f}")
    everything = [ms for _, ms, _, _ in timings]
    p95 = percentile(everything, 0.95) if everything else float("nan")
    errors = sum(n for status, n in statuses.items() if status >= 500)
    print(f"{'all':34} {len(everything):5} {percentile(everything, 0.5):8.1f} {p95:8.1f}")
    verdict = "met" if p95 < target_ms and errors == 0 else "NOT met"
    print(f"target p95 < {target_ms:.0f} ms, no 5xx: {verdict} ({errors} 5xx)")


def wait_ready(port: int, limit_s: float = 600) -> float:
    """Seconds until the whole-database aggregates answer 200 (they warm at start-up)."""
    started = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    while time.monotonic() - started < limit_s:
        statuses = []
        for path in ("/api/places", "/api/network", "/api/control?date=2020-05-01"):
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            statuses.append(response.status)
        if statuses == [200, 200, 200]:
            return time.monotonic() - started
        time.sleep(1)
    raise SystemExit(f"aggregates not ready after {limit_s:.0f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=2000, help="phase 1, in total")
    parser.add_argument("--seconds", type=float, default=20.0, help="phase 2 duration")
    parser.add_argument("--db", type=Path, help="reuse (or build once into) this database file")
    parser.add_argument("--no-cache", action="store_true",
                        help="send Cache-Control: no-cache, so every answer is computed")
    args = parser.parse_args()
    headers = {"Cache-Control": "no-cache"} if args.no_cache else {}
    rng = random.Random(3)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "load.db"
        if not db.exists():
            print(f"built {args.events} events in {build(db, args.events):.1f} s")
        with serving(db) as port:
            print(f"aggregates ready {wait_ready(port):.1f} s after start-up")
            per_client = max(1, args.requests // 50)
            plans = [[rng.choice(read_routes(rng)) for _ in range(per_client)]
                     for _ in range(50)]
            clients = run_clients(port, plans, limit_s=300, headers=headers)
            summarize("50 clients over all read routes", [t for c in clients for t in c], 100)
            endless = 100_000  # phase 2 is bounded by time
            hammer = [[HAMMERED] * endless for _ in range(20)]
            others = [[rng.choice(read_routes(rng)) for _ in range(endless)] for _ in range(10)]
            clients = run_clients(port, hammer + others, limit_s=args.seconds, headers=headers)
            hammering = [t for c in clients[:20] for t in c]
            print(f"\n20 clients hammering {HAMMERED}: {len(hammering)} requests in "
                  f"{args.seconds:.0f} s, statuses {dict(Counter(s for _, _, s, _ in hammering))}")
            summarize("10 other clients meanwhile",
                      [t for c in clients[20:] for t in c], 250)
    print(f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
