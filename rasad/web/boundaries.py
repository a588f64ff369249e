"""The offline basemap: boundaries the operator supplies, or the ones rasad ships.

rasad ships OCHA's Syria governorates (admin1) and districts (admin2), simplified by
``scripts/build_boundaries.py`` so that neighbours keep one shared border, each with a
label point inside it (attribution in ``rasad/web/data/NOTICE.md``). With
``--boundaries FILE.geojson`` the operator's polygons are drawn instead. Labels are
separate point features, so the page can place them and hide the ones that collide.
No network access either way.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import RasadError

JsonDict = dict[str, Any]
SHIPPED = ("syr_admin1.geojson", "syr_admin2.geojson")
ATTRIBUTION = "Boundaries: OCHA Syria CODs (CC BY-IGO)"


def _label(props: JsonDict) -> str:
    for key in ("name", "NAME_EN", "ADM1_EN", "ADM2_EN", "NAME_1", "NAME", "admin1"):
        if props.get(key):
            return str(props[key])
    return ""


def _ring_points(geometry: JsonDict) -> list[list[float]]:
    coords = geometry.get("coordinates") or []
    if geometry.get("type") == "Polygon":
        return list(coords[0]) if coords else []
    if geometry.get("type") == "MultiPolygon":
        return [p for poly in coords if poly for p in poly[0]]
    return []


def _label_point(props: JsonDict, geometry: JsonDict) -> list[float] | None:
    """The shipped label point, else the middle of the outer ring's bounding box."""
    if isinstance(props.get("label"), list):
        return list(props["label"])
    points = _ring_points(geometry)
    if not points:
        return None
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return [round((min(xs) + max(xs)) / 2, 4), round((min(ys) + max(ys)) / 2, 4)]


def _features(data: JsonDict, layer: str) -> list[JsonDict]:
    out: list[JsonDict] = []
    for feature in data.get("features") or []:
        props = feature.get("properties") or {}
        geometry = feature.get("geometry") or {}
        layer_name = str(props.get("layer") or layer)
        name = _label(props)
        name_ar = props.get("name_ar") or props.get("NAME_ARA")
        out.append({"type": "Feature", "geometry": geometry, "properties": {
            "name": name, "name_ar": name_ar, "layer": layer_name, "approximate": False}})
        point = _label_point(props, geometry)
        if point is not None and name:
            out.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": point},
                        "properties": {"name": name, "name_ar": name_ar,
                                       "layer": f"{layer_name}-label", "approximate": False}})
    return out


def load_boundary_files(paths: Iterable[Path]) -> JsonDict:
    """The operator's GeoJSON boundaries, each polygon with a label point."""
    features: list[JsonDict] = []
    for path in paths:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8", errors="replace"))
        except (OSError, ValueError) as exc:
            raise RasadError(f"{path}: cannot read boundaries: {exc}",
                             hint="give a GeoJSON FeatureCollection") from exc
        features += _features(data, Path(path).stem)
    return {"type": "FeatureCollection", "features": features, "attribution": None}


def shipped_boundaries() -> JsonDict:
    """OCHA's admin1 and admin2 polygons as shipped in the package."""
    folder = resources.files("rasad") / "web" / "data"
    features: list[JsonDict] = []
    for name in SHIPPED:
        item = folder / name
        if item.is_file():
            features += _features(json.loads(item.read_text(encoding="utf-8")), name[4:-8])
    return {"type": "FeatureCollection", "features": features,
            "attribution": ATTRIBUTION if features else None}


def basemap(paths: Iterable[Path]) -> JsonDict:
    """The operator's boundaries when given, else the shipped ones."""
    paths = list(paths)
    return load_boundary_files(paths) if paths else shipped_boundaries()
