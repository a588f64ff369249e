"""Importer of GeoNames dumps (download.geonames.org/export/dump) in their standard TSV formats.

- ``SY.txt`` (country dump, or ``allCountries.txt``): 19 tab-separated columns per feature;
- ``alternateNamesV2.txt`` (or the per-country ``alternatenames/SY.txt``): 10 columns;
- ``admin1CodesASCII.txt``: ``CC.code<TAB>name<TAB>ascii<TAB>geonameid``.
Only features a conflict report may name are kept (populated places, admin units,
airfields and bases, mountains, regions); the rest of a dump is skipped while streaming.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import GazetteerError
from .geonames import keep_name
from .names import is_arabic
from .records import Record, admin1_table, feature_of_population

# (feature class, feature code prefix) -> rasad feature; "" prefix: any code of the class.
_FEATURES: dict[str, dict[str, str]] = {
    "P": {"PPLC": "city", "PPLA": "city", "PPLA2": "town", "PPLX": "quarter", "PPL": ""},
    "A": {"ADM1": "governorate", "ADM2": "district", "ADM3": "subdistrict", "PCLI": "country"},
    "S": {"AIRB": "airbase", "AIRF": "airbase", "AIRP": "airport", "MILB": "base",
          "INSM": "base", "DAM": "dam", "BDG": "bridge", "CSTM": "crossing", "PRN": "prison"},
    "T": {"MT": "mountain", "HLL": "hill", "MTS": "mountain"},
    "L": {"RGN": "region", "AREA": "region", "OILF": "oilfield", "GASF": "gasfield"},
}
_ALT_SKIP_LANGS = frozenset({"link", "wkdt", "post", "iata", "icao", "faac", "unlc", "abbr"})
_COLUMNS = 19


def geonames_feature(fclass: str, fcode: str, population: int) -> str | None:
    table = _FEATURES.get(fclass)
    if table is None:
        return None
    for prefix, feature in table.items():
        if fcode == prefix or (fcode.startswith(prefix) and prefix in ("PPL", "PPLA")):
            return feature or feature_of_population(population)
    return None


def read_admin1_codes(path: str | Path) -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    for line in _lines(Path(path)):
        cols = line.split("\t")
        if len(cols) >= 2 and "." in cols[0]:
            cc, code = cols[0].split(".", 1)
            out[(cc, code)] = cols[1]
    return out


def read_alternate_names(path: str | Path, wanted: set[str] | None = None,
                         langs: frozenset[str] = frozenset({"ar", "en", ""})
                         ) -> dict[str, list[str]]:
    """geonameid -> names in Arabic/English/unspecified (historic names skipped)."""
    out: dict[str, list[str]] = defaultdict(list)
    for line in _lines(Path(path)):
        cols = line.split("\t")
        if len(cols) < 4 or (wanted is not None and cols[1] not in wanted):
            continue
        lang = cols[2]
        if lang in _ALT_SKIP_LANGS or (lang not in langs and not is_arabic(cols[3])):
            continue
        if len(cols) > 7 and cols[7] == "1":
            continue  # isHistoric
        out[cols[1]].append(cols[3])
    return out


def _lines(path: Path) -> Iterator[str]:
    try:
        with path.open(encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if line.strip() and not line.startswith("#"):
                    yield line.rstrip("\n")
    except OSError as exc:
        raise GazetteerError(f"cannot read GeoNames file {path}: {exc}") from exc


def load_geonames_dump(path: str | Path, alternate: dict[str, list[str]] | None = None,
                       admin1: dict[tuple[str, str], str] | None = None,
                       countries: Iterable[str] | None = None) -> list[Record]:
    """Records of a GeoNames country dump (Arabic name: the first Arabic alternate)."""
    table = admin1_table()
    names_a1 = {**table.by_geonames, **(admin1 or {})}
    keep = set(countries) if countries else None
    out: list[Record] = []
    for n, line in enumerate(_lines(Path(path))):
        cols = line.split("\t")
        if len(cols) < _COLUMNS:
            raise GazetteerError(f"{path}: line {n + 1} has {len(cols)} columns, expected 19")
        cc = cols[8]
        if keep is not None and cc not in keep:
            continue
        population = int(cols[14] or 0)
        feature = geonames_feature(cols[6], cols[7], population)
        if feature is None:
            continue
        alts = [a for a in cols[3].split(",") if a]
        alts += (alternate or {}).get(cols[0], [])
        arabic = [a for a in alts if is_arabic(a)]
        out.append(Record(
            "geonames", cols[0], cols[1], arabic[0] if arabic else None,
            float(cols[4]), float(cols[5]), feature, country=cc,
            admin1=names_a1.get((cc, cols[10])), population=population,
            names=[a for a in dict.fromkeys([cols[2], *alts]) if keep_name(a)]))
    return out
