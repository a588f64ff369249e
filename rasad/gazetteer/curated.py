"""Reads curated place tables (rasad/knowledge/places_curated.tsv and user files alike)."""

from __future__ import annotations

import csv
from pathlib import Path

from ..errors import KnowledgeError
from ..types import Place
from .geonames import KNOWLEDGE_DIR, Entry

COLUMNS = ("id", "name", "name_ar", "aliases", "lat", "lon", "feature", "admin1", "admin2",
           "country", "population", "source")


def _float(value: str) -> float | None:
    return float(value) if value.strip() else None


def parse_curated(text: str, origin: str = "curated") -> list[Entry]:
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise KnowledgeError(f"{origin}: missing columns {', '.join(missing)}")
    entries: list[Entry] = []
    for row in reader:
        if not row["source"].strip():
            raise KnowledgeError(f"{origin}: row {row['id']} names no source")
        place = Place(
            name=row["name"],
            name_ar=row["name_ar"] or None,
            latitude=_float(row["lat"]),
            longitude=_float(row["lon"]),
            admin1=row["admin1"] or None,
            admin2=row["admin2"] or None,
            country=row["country"] or None,
            feature=row["feature"] or None,
            population=int(row["population"] or 0),
            gazetteer_id=row["id"] if ":" in row["id"] else f"curated:{row['id']}",
        )
        aliases = [a.strip() for a in row["aliases"].split(";") if a.strip()]
        names = [n for n in (row["name"], row["name_ar"], *aliases) if n]
        entries.append(Entry(place, names, priority=0, source=row["source"].strip()))
    return entries


def load_curated(path: str | Path | None = None) -> list[Entry]:
    """The packaged curated table, or a user table in the same format."""
    if path is None:
        res = KNOWLEDGE_DIR / "places_curated.tsv"
        return parse_curated(res.read_text(encoding="utf-8"))
    return parse_curated(Path(path).read_text(encoding="utf-8"), str(path))
