"""The built gazetteer, read lazily from SQLite (same interface as the embedded one).

Places are read on demand by lookup key and cached per instance; only the matcher's
spellings are streamed once at start-up. The connection is opened on first use so that
the object can be created (and pickled to worker processes) cheaply.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from ..errors import GazetteerError
from ..types import Place
from .builder import SCHEMA_VERSION, name_keys
from .names import distinctive_skeleton, fold, is_arabic
from .records import AdminUnit

SQLITE_MAGIC = b"SQLite format 3\x00"
_PLACE_COLS = ("gid, name, name_ar, feature, country, admin1, admin2, population, lat, lon, "
               "priority, sources")


def is_sqlite(path: str | Path) -> bool:
    p = Path(path)
    if not p.is_file():
        return False
    with p.open("rb") as fh:
        return fh.read(16) == SQLITE_MAGIC


class SqliteGazetteer:
    """A gazetteer built by ``rasad gazetteer build``; keys are gazetteer ids."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if not is_sqlite(self.path):
            raise GazetteerError(f"not a gazetteer database: {self.path}",
                                 hint="build one with `rasad gazetteer build`")
        self._con: sqlite3.Connection | None = None
        self._places: dict[str, Place] = {}
        self._priority: dict[str, int] = {}
        self._sources: dict[str, list[str]] = {}
        self._gov: dict[str, Place | None] = {}
        self._common: dict[str, bool] = {}
        self._keys: dict[str, list[str]] = {}  # bounded by the names reports use
        version = self.meta().get("schema")
        if version != SCHEMA_VERSION:
            raise GazetteerError(f"{self.path}: gazetteer schema {version}, expected "
                                 f"{SCHEMA_VERSION}", hint="rebuild it with `rasad gazetteer build`")

    def __getstate__(self) -> dict[str, object]:
        return {"path": self.path}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(state["path"])  # type: ignore[misc,arg-type]

    @property
    def con(self) -> sqlite3.Connection:
        if self._con is None:
            uri = f"file:{self.path.resolve()}?mode=ro"
            try:
                self._con = sqlite3.connect(uri, uri=True, check_same_thread=False)
            except sqlite3.Error as exc:
                raise GazetteerError(f"cannot open gazetteer {self.path}: {exc}") from exc
        return self._con

    def meta(self) -> dict[str, str]:
        try:
            return dict(self.con.execute("SELECT key, value FROM meta"))
        except sqlite3.DatabaseError as exc:
            raise GazetteerError(f"{self.path}: not a rasad gazetteer ({exc})") from exc

    def __len__(self) -> int:
        return int(self.con.execute("SELECT count(*) FROM places").fetchone()[0])

    def names(self) -> Iterator[tuple[str, str]]:
        sql = "SELECT s.surface, p.gid FROM surfaces s JOIN places p ON p.pid = s.pid"
        yield from self.con.execute(sql)

    def _row(self, row: tuple[object, ...]) -> Place:
        gid = str(row[0])
        if gid not in self._places:
            self._places[gid] = Place(
                name=str(row[1]), name_ar=row[2], latitude=row[8], longitude=row[9],  # type: ignore[arg-type]
                admin1=row[5], admin2=row[6], country=row[4], feature=row[3],  # type: ignore[arg-type]
                population=int(row[7] or 0), gazetteer_id=gid)  # type: ignore[call-overload]
            self._priority[gid] = int(row[10])  # type: ignore[call-overload]
            self._sources[gid] = str(row[11]).split(";")
            self._places[gid].sources = list(self._sources[gid])
        return self._places[gid]

    def get(self, key: str) -> Place:
        if key in self._places:
            return self._places[key]
        row = self.con.execute(f"SELECT {_PLACE_COLS} FROM places WHERE gid = ?",
                               (key,)).fetchone()
        if row is None:
            raise GazetteerError(f"unknown gazetteer key {key!r}")
        return self._row(row)

    def sources(self, key: str) -> list[str]:
        """Every source id merged into the place (``ocha:C2662;geonames:...``)."""
        self.get(key)
        return self._sources[key]

    def keys_for(self, name: str) -> list[str]:
        if name not in self._keys:
            self._keys[name] = self._query_keys(name)
        return self._keys[name]

    def _query_keys(self, name: str) -> list[str]:
        keys = name_keys(name)
        if not keys:
            return []
        # The spelling as written first; a transliteration skeleton only when it finds
        # nothing (as in the embedded gazetteer).
        found = self._lookup(keys[:1])
        if found or is_arabic(name) or not distinctive_skeleton(keys[1][1:]):
            return found
        return self._lookup(keys[1:])

    def _lookup(self, keys: list[str]) -> list[str]:
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        rows = self.con.execute(
            f"SELECT DISTINCT {_PLACE_COLS} FROM keys k JOIN places p ON p.pid = k.pid "
            f"WHERE k.key IN ({marks}) ORDER BY p.priority, p.population DESC, p.pid", keys)
        return [self._row(r).gazetteer_id for r in rows]  # type: ignore[misc]

    def candidates(self, name: str) -> list[Place]:
        return [self._places[k] for k in self.keys_for(name)]

    def transliterations(self, name: str) -> list[Place]:
        """Places found by the transliteration key alone (Latin names)."""
        keys = name_keys(name)
        if len(keys) < 2 or not distinctive_skeleton(keys[1][1:]):
            return []
        return [self.get(k) for k in self._lookup(keys[1:])]

    def spelled(self, name: str) -> bool:
        """Some place is written so (folded), without transliteration keys."""
        keys = name_keys(name)
        return bool(keys) and self.con.execute(
            "SELECT 1 FROM keys WHERE key = ? LIMIT 1", keys[:1]).fetchone() is not None

    def governorate(self, name: str) -> Place | None:
        if name not in self._gov:
            self._gov[name] = next((p for p in self.candidates(name)
                                    if p.feature == "governorate"), None)
        return self._gov[name]

    def common_word(self, name: str) -> bool:
        """The name is a frequent word that only minor villages bear (needs a place cue)."""
        key = fold(name)
        if key not in self._common:
            row = self.con.execute("SELECT 1 FROM common_words WHERE key = ?", (key,))
            self._common[key] = row.fetchone() is not None
        return self._common[key]

    def rows_by_source(self) -> dict[str, int]:
        """Places per source (a merged place counts once for each source it holds)."""
        counts: dict[str, int] = {}
        for (sources,) in self.con.execute("SELECT sources FROM places"):
            for source in {gid.split(":", 1)[0] for gid in str(sources).split(";")}:
                counts[source] = counts.get(source, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: -kv[1]))

    def rows_by_country(self) -> dict[str, int]:
        rows = self.con.execute("SELECT coalesce(country, ''), count(*) FROM places "
                                "GROUP BY 1 ORDER BY 2 DESC")
        return {str(c): int(n) for c, n in rows}

    def admin_units(self, level: int) -> list[AdminUnit]:
        rows = self.con.execute("SELECT level, code, name, name_ar, admin1_code, rings "
                                "FROM admin_units WHERE level = ?", (level,))
        return [AdminUnit(r[0], r[1], r[2], r[3], r[4],
                          [[tuple(p) for p in ring] for ring in json.loads(r[5])])
                for r in rows]

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None
