"""Builds the SQLite gazetteer: merges duplicate rows across sources, enriches admin units.

Records are added in source priority order (curated, OCHA, OpenSyria, GeoNames); a record
whose name folds like an earlier place's, of a compatible kind and a few km away (or that
cites the earlier place's id) merges into it, so one entry keeps every source id.
"""

from __future__ import annotations

import json
import math
import sqlite3
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import GazetteerError
from .embedded import COMMON_ZIPF, MINOR_POPULATION, word_frequency
from .names import fold, is_arabic, skeleton_en, surface_variants
from .polygons import AdminLocator
from .records import ADMIN_FEATURES, AdminUnit, Record, admin1_table, same_kind

SCHEMA_VERSION = "1"
_MERGE_KM = {"admin": 100.0, "city": 20.0, "town": 12.0}
_DEFAULT_MERGE_KM = 8.0
_MIN_ARABIC_LETTERS = 3
_RUIN_HEADS = frozenset({"خربا", "خربت", "khirbet", "khirbat", "kherbet", "khirbit", "khurbat"})

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
  pid INTEGER PRIMARY KEY, gid TEXT UNIQUE NOT NULL, name TEXT NOT NULL, name_ar TEXT,
  feature TEXT, country TEXT, admin1 TEXT, admin1_code TEXT, admin2 TEXT, admin2_code TEXT,
  admin3 TEXT, admin3_code TEXT, population INTEGER NOT NULL DEFAULT 0, lat REAL, lon REAL,
  priority INTEGER NOT NULL, sources TEXT NOT NULL);
CREATE TABLE surfaces (surface TEXT NOT NULL, pid INTEGER NOT NULL);
CREATE TABLE keys (key TEXT NOT NULL, pid INTEGER NOT NULL, PRIMARY KEY (key, pid)) WITHOUT ROWID;
CREATE TABLE common_words (key TEXT PRIMARY KEY, zipf REAL NOT NULL) WITHOUT ROWID;
CREATE TABLE admin_units (level INTEGER, code TEXT PRIMARY KEY, name TEXT, name_ar TEXT,
  admin1_code TEXT, minlon REAL, minlat REAL, maxlon REAL, maxlat REAL, rings TEXT);
"""


@dataclass(slots=True)
class _Merged:
    rec: Record
    gids: list[str]


@dataclass(slots=True)
class BuildStats:
    records: int = 0
    places: int = 0
    merged: int = 0
    names: int = 0
    units: int = 0
    enriched: Counter[str] = field(default_factory=Counter)
    by_source: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0


def _kind(feature: str) -> str:
    if feature in ADMIN_FEATURES:
        return "admin"
    return feature if feature in _MERGE_KM else "point"


def _km(a: Record, b: Record) -> float:
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return math.inf
    dx = (b.longitude - a.longitude) * math.cos(math.radians(a.latitude))  # type: ignore[operator,arg-type]
    return 111.2 * math.hypot(dx, b.latitude - a.latitude)  # type: ignore[operator]


def name_keys(name: str) -> list[str]:
    """Lookup keys of one spelling: folded form, plus "~skeleton" for Latin names."""
    folded = fold(name)
    if not folded:
        return []
    return [folded] if is_arabic(name) else [folded, "~" + skeleton_en(folded)]


def merge_keys(name: str) -> list[str]:
    """Keys under which two sources' rows may be one place: the folded name, and the name
    without a "ruin of" head ("خربة التياس" / OCHA's "التياس", "Khirbet Tiyas" / "Tiyas")."""
    folded = fold(name)
    head, _, rest = folded.partition(" ")
    return [folded, rest] if rest and head in _RUIN_HEADS else [folded]


def _merge_keys_of(rec: Record) -> list[str]:
    """Merge keys in a fixed order: the first match wins, so a set's per-process hash order
    would make two builds of the same sources differ."""
    return list(dict.fromkeys(k for name in rec.all_names() for k in merge_keys(name)))


class GazetteerBuilder:
    def __init__(self) -> None:
        self._places: list[_Merged] = []
        self._by_key: dict[str, list[int]] = {}
        self._by_gid: dict[str, int] = {}
        self._units: dict[str, AdminUnit] = {}
        self.stats = BuildStats()

    def add_all(self, records: Iterable[Record]) -> None:
        """Adds records in priority order (stable within one source)."""
        for rec in sorted(records, key=lambda r: r.priority):
            self.add(rec)

    def add_units(self, units: Iterable[AdminUnit]) -> None:
        for unit in units:
            self._units[unit.code] = unit

    def add(self, rec: Record) -> None:
        self.stats.records += 1
        self.stats.by_source[rec.source] += 1
        idx = self._match(rec)
        if idx is None:
            idx = len(self._places)
            self._places.append(_Merged(rec, [rec.gid]))
        else:
            self._merge(self._places[idx], rec)
            self.stats.merged += 1
        for gid in (rec.gid, *rec.refs):
            self._by_gid.setdefault(gid, idx)
        for key in _merge_keys_of(rec):
            bucket = self._by_key.setdefault(key, [])
            if idx not in bucket:
                bucket.append(idx)

    def _match(self, rec: Record) -> int | None:
        for gid in (rec.gid, *rec.refs):
            # a region that borrows a village's point ("Jabal al-Zawiya" at al-Bara) is not it
            if gid in self._by_gid and \
                    same_kind(self._places[self._by_gid[gid]].rec.feature, rec.feature):
                return self._by_gid[gid]
        limit = max(_MERGE_KM.get(_kind(rec.feature), _DEFAULT_MERGE_KM), _DEFAULT_MERGE_KM)
        for key in _merge_keys_of(rec):
            for idx in self._by_key.get(key, ()):
                other = self._places[idx].rec
                if other.source == rec.source and rec.source != "curated":
                    continue  # one source does not list a place twice
                lim = max(limit, _MERGE_KM.get(_kind(other.feature), _DEFAULT_MERGE_KM))
                if same_kind(other.feature, rec.feature) and _km(other, rec) < lim:
                    return idx
        return None

    @staticmethod
    def _merge(into: _Merged, rec: Record) -> None:
        base = into.rec
        into.gids.append(rec.gid)
        if base.latitude is None and rec.latitude is not None:
            base.latitude, base.longitude = rec.latitude, rec.longitude
        base.name_ar = base.name_ar or rec.name_ar
        for attr in ("admin1", "admin1_code", "admin2", "admin2_code", "admin3", "admin3_code",
                     "country"):
            if getattr(base, attr) is None:
                setattr(base, attr, getattr(rec, attr))
        base.population = max(base.population, rec.population)
        base.names = list(dict.fromkeys([*base.names, *rec.all_names()]))

    def enrich(self) -> None:
        """admin1/admin2 for every Syrian point from the admin polygons (or nearest unit)."""
        units = list(self._units.values())
        centroids = [(_unit_of(m.rec), m.rec.latitude, m.rec.longitude) for m in self._places
                     if m.rec.feature == "district" and m.rec.admin2_code
                     and m.rec.latitude is not None]
        locator = AdminLocator(units, centroids)  # type: ignore[arg-type]
        if not locator:
            return
        table = admin1_table()
        for m in self._places:
            rec = m.rec
            if rec.latitude is None or rec.longitude is None or rec.country != "SY" or \
                    rec.feature in ADMIN_FEATURES or rec.admin2_code:
                continue
            found = locator.locate(rec.latitude, rec.longitude, 2)
            if found is None:
                continue
            unit, how = found
            rec.admin2, rec.admin2_code = unit.name, unit.code
            rec.admin1_code = rec.admin1_code or unit.admin1_code
            rec.admin1 = rec.admin1 or table.canonical(unit.admin1_code)
            self.stats.enriched[how] += 1

    def write(self, path: str | Path, meta: dict[str, str] | None = None) -> BuildStats:
        start = time.perf_counter()
        self.enrich()
        path = Path(path)
        tmp = path.with_name(path.name + ".tmp")
        tmp.unlink(missing_ok=True)
        con = sqlite3.connect(tmp)
        try:
            con.executescript(SCHEMA)
            self._write_rows(con)
            info = {"schema": SCHEMA_VERSION, "built": time.strftime("%Y-%m-%dT%H:%M:%S"),
                    "sources": json.dumps(dict(self.stats.by_source)), **(meta or {})}
            con.executemany("INSERT INTO meta VALUES (?, ?)", info.items())
            con.commit()
            con.execute("VACUUM")  # the packaged copy ships as built: no free pages
        except sqlite3.Error as exc:
            raise GazetteerError(f"cannot write gazetteer {path}: {exc}") from exc
        finally:
            con.close()
        tmp.replace(path)
        self.stats.places = len(self._places)
        self.stats.units = len(self._units)
        self.stats.seconds += time.perf_counter() - start
        return self.stats

    def _write_rows(self, con: sqlite3.Connection) -> None:
        place_rows: list[tuple[object, ...]] = []
        surface_rows: list[tuple[str, int]] = []
        key_rows: set[tuple[str, int]] = set()
        for pid, m in enumerate(self._places):
            r = m.rec
            place_rows.append((pid, m.gids[0], r.name, r.name_ar, r.feature, r.country, r.admin1,
                               r.admin1_code, r.admin2, r.admin2_code, r.admin3, r.admin3_code,
                               r.population, r.latitude, r.longitude, r.priority,
                               ";".join(m.gids)))
            for name in r.all_names():
                for surface, keys in _spellings(name):
                    surface_rows.append((surface, pid))
                    key_rows.update((k, pid) for k in keys)
        con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        place_rows)
        con.executemany("INSERT INTO surfaces VALUES (?, ?)", sorted(set(surface_rows)))
        con.executemany("INSERT INTO keys VALUES (?, ?)", sorted(key_rows))
        con.executemany("INSERT INTO admin_units VALUES (?,?,?,?,?,?,?,?,?,?)", [
            (u.level, u.code, u.name, u.name_ar, u.admin1_code, *u.bbox(), json.dumps(u.rings))
            for u in self._units.values()])
        self.stats.names = len(surface_rows)
        con.executemany("INSERT INTO common_words VALUES (?, ?)", self._common_words())

    def _common_words(self) -> list[tuple[str, float]]:
        """Lookup keys that are frequent Arabic words and name only minor villages
        ("جديدة", "عدوان", "سلسلة"): the recognizer wants a place cue before them."""
        try:
            import wordfreq  # noqa: F401
        except ImportError:  # the `geo` extra is optional: no frequency list, no marking
            return []
        out: dict[str, float] = {}
        for m in self._places:
            if not _minor(m):
                continue
            for name in m.rec.all_names():
                key = fold(name)
                if " " in name.strip() or not is_arabic(name) or key in out or \
                        not all(_minor(self._places[i]) or not _titled(self._places[i], key)
                                for i in self._by_key.get(key, ())):
                    continue
                zipf = word_frequency(name)
                if zipf >= COMMON_ZIPF:
                    out[key] = zipf
        return sorted(out.items())


def _spellings(name: str) -> list[tuple[str, list[str]]]:
    """Matcher spellings of a name with their lookup keys (as the embedded gazetteer does)."""
    if not is_arabic(name):
        return [(name, name_keys(name))] if _keep_latin(name) else []
    if sum(1 for c in name if "\u0621" <= c <= "\u064a") < _MIN_ARABIC_LETTERS:
        return []
    return [(s, name_keys(s)) for s in sorted(surface_variants(name))]


def _keep_latin(name: str) -> bool:
    if len(name) < 3 or (name.isupper() and name.isascii() and len(name) <= 4):
        return False
    return all(ord(c) < 0x250 or c in "‘’ʿʾ" for c in name)


# Outside Syria the bulk rows are GeoNames towns: "بيان" (statement) and "وقف" (halt) are
# Kuwaiti and Egyptian towns of some ten thousand people, and far more often words.
_MINOR_ABROAD_POPULATION = 100_000


def _minor(m: _Merged) -> bool:
    """A village (or, abroad, a town) only bulk sources know: no curated row."""
    if any(g.startswith(("curated:", "custom:", "gov:", "ourairports:")) for g in m.gids):
        return False
    if m.rec.country not in (None, "SY"):
        return m.rec.feature in ("village", "town", "site") and \
            m.rec.population < _MINOR_ABROAD_POPULATION
    return m.rec.feature in ("village", "site") and m.rec.population < MINOR_POPULATION


def _titled(m: _Merged, key: str) -> bool:
    """The place's own Arabic name folds to ``key`` (not only a merged source's alias:
    OCHA writes "جديدة" for Jdeidet Yabous, which stays a place only with its second word)."""
    return fold(m.rec.name_ar or m.rec.name) == key


def _unit_of(rec: Record) -> AdminUnit:
    return AdminUnit(2, rec.admin2_code or rec.gid, rec.name, rec.name_ar, rec.admin1_code, [])
