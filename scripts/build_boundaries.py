"""Build the map's shipped boundaries: OCHA's Syria governorates (admin1) and districts
(admin2), simplified together so neighbours keep one shared border, with a label point
inside each polygon. Writes rasad/web/data/syr_admin{1,2}.geojson.

    python scripts/build_boundaries.py [OCHA_DIR]

OCHA_DIR holds syr_admin1.geojson and syr_admin2.geojson (OCHA Syria CODs); default
../shared/gazetteer/ocha_syria_admin_2015 beside the checkout. Needs shapely >= 2.1.
The same input gives the same output: coordinates are rounded and features sorted.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import mapping, shape

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "gazetteer" / "ocha_syria_admin_2015"
OUT = ROOT / "rasad" / "web" / "data"
# Degrees: ~1 km for governorates, ~500 m for districts; a map of the country needs no more.
TOLERANCE = {"admin1": 0.01, "admin2": 0.005}
DIGITS = 4


def _round(geometry: dict[str, Any]) -> dict[str, Any]:
    def ring(coords: Any) -> list[list[float]]:
        return [[round(x, DIGITS), round(y, DIGITS)] for x, y, *_ in coords]

    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": [ring(r) for r in geometry["coordinates"]]}
    return {"type": "MultiPolygon",
            "coordinates": [[ring(r) for r in poly] for poly in geometry["coordinates"]]}


def _without_slivers(geometry: Any, min_area: float) -> Any:
    """Drop the parts simplification squeezed to (almost) nothing; keep the largest."""
    if geometry.geom_type != "MultiPolygon":
        return geometry
    parts = sorted(geometry.geoms, key=lambda g: -g.area)
    kept = [parts[0]] + [g for g in parts[1:] if g.area >= min_area]
    return kept[0] if len(kept) == 1 else shapely.MultiPolygon(kept)


def build(source: Path, level: str) -> dict[str, Any]:
    data = json.loads((source / f"syr_{level}.geojson").read_text(encoding="utf-8",
                                                                  errors="replace"))
    features = sorted(data["features"], key=lambda f: str(f["properties"].get("PCODE")))
    shapes = [shapely.make_valid(shape(f["geometry"])) for f in features]
    simplified = shapely.coverage_simplify(shapes, TOLERANCE[level])
    out = []
    for feature, geometry in zip(features, simplified, strict=True):
        geometry = _without_slivers(geometry, TOLERANCE[level] ** 2)
        props = feature["properties"]
        label = geometry.representative_point()  # always inside, unlike a centroid
        out.append({"type": "Feature", "geometry": _round(mapping(geometry)), "properties": {
            "name": props.get("NAME_EN"), "name_ar": props.get("NAME_ARA"),
            "pcode": props.get("PCODE"), "admin1": props.get("ADMIN1_EN"), "layer": level,
            "label": [round(label.x, DIGITS), round(label.y, DIGITS)],
            "source": "OCHA Syria CODs (see NOTICE)"}})
    return {"type": "FeatureCollection", "features": out}


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    if not (source / "syr_admin1.geojson").is_file():
        print(f"no syr_admin1.geojson under {source}", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    for level in TOLERANCE:
        collection = build(source, level)
        path = OUT / f"syr_{level}.geojson"
        path.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n",
                        encoding="utf-8")
        print(f"{path}: {len(collection['features'])} polygons, {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
