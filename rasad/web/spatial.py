"""An in-memory R*Tree over the stored events' (longitude, latitude, day), for bbox queries.

The store has a date index but nothing spatial, so "this box over this year" otherwise
reads every event of the year. The web side may not change the schema, so it keeps its
own index in memory: built in a background thread at start-up, rebuilt when another
connection commits (``PRAGMA data_version``), and used only as a pre-filter: the full
WHERE clause still runs on the candidates, so a stale or missing index never changes
results, only speed. Undated events get an infinite time extent for the same reason.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

_FOREVER = 1e9  # julian days: an undated event overlaps every window


class SpatialIndex:
    """Thread-safe R*Tree of event rowids; ``candidates`` is None until it is ready."""

    def __init__(self, path: Path) -> None:
        self._uri = f"{path.resolve().as_uri()}?mode=ro"
        self._lock = threading.Lock()
        self._tree: sqlite3.Connection | None = None
        self._probe: sqlite3.Connection | None = None
        self._version: int | None = None
        self._building = False

    def start(self) -> None:
        """Build the index in the background (requests use the date index meanwhile)."""
        with self._lock:
            if self._building:
                return
            self._building = True
        threading.Thread(target=self._build, name="rasad-rtree", daemon=True).start()

    def _rows(self, source: sqlite3.Connection) -> Iterator[tuple[int, float, float, float,
                                                                   float, float, float]]:
        cur = source.execute(
            "SELECT rowid, longitude, latitude, julianday(date_start),"
            " julianday(COALESCE(date_end, date_start)) FROM events"
            " WHERE longitude IS NOT NULL AND latitude IS NOT NULL")
        for rowid, lon, lat, t0, t1 in cur:
            yield (rowid, lon, lon, lat, lat, -_FOREVER if t0 is None else t0,
                   _FOREVER if t1 is None else t1)

    def _build(self) -> None:
        try:
            source = sqlite3.connect(self._uri, uri=True, check_same_thread=False)
            version = int(source.execute("PRAGMA data_version").fetchone()[0])
            tree = sqlite3.connect(":memory:", check_same_thread=False)
            tree.execute("CREATE VIRTUAL TABLE ev USING rtree(id, x0, x1, y0, y1, t0, t1)")
            tree.executemany("INSERT INTO ev VALUES (?, ?, ?, ?, ?, ?, ?)", self._rows(source))
        except sqlite3.Error:
            # No R*Tree module or an unreadable file: stay on the date-index path.
            with self._lock:
                self._building = False
            return
        with self._lock:
            old = (self._tree, self._probe)
            self._tree, self._probe, self._version = tree, source, version
            self._building = False
        for conn in old:
            if conn is not None:
                conn.close()

    def candidates(self, bbox: tuple[float, float, float, float], since: date | None,
                   until: date | None, cap: int) -> list[int] | None:
        """Rowids of located events in ``bbox`` that may overlap [since, until], or None
        when the index is not ready, stale, or the answer has more than ``cap`` rows."""
        stale = False
        rows: list[tuple[int]] = []
        with self._lock:
            if self._tree is None or self._probe is None:
                return None
            version = int(self._probe.execute("PRAGMA data_version").fetchone()[0])
            if version != self._version:
                stale = True
            else:
                min_lon, min_lat, max_lon, max_lat = bbox
                where = "x1 >= ? AND x0 <= ? AND y1 >= ? AND y0 <= ? AND t1 >= ? AND t0 <= ?"
                args = (min_lon, max_lon, min_lat, max_lat, _julian(since, -_FOREVER),
                        _julian(until, _FOREVER))
                # Count inside SQLite first: a big box is answered "no" without
                # materializing thousands of Python rows.
                n = self._tree.execute(f"SELECT COUNT(*) FROM (SELECT 1 FROM ev WHERE {where}"
                                       " LIMIT ?)", (*args, cap + 1)).fetchone()[0]
                if n > cap:
                    return None
                rows = self._tree.execute(f"SELECT id FROM ev WHERE {where}", args).fetchall()
        if stale:
            self.start()
            return None
        return [r[0] for r in rows]


def _julian(day: date | None, default: float) -> float:
    # The Julian day at midnight, as SQLite's julianday('YYYY-MM-DD') gives it.
    return default if day is None else day.toordinal() + 1721424.5
