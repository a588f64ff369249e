"""The offline basemap: boundaries the operator supplies, or outlines rasad can draw itself.

With ``--boundaries FILE.geojson`` (e.g. OCHA admin1 polygons) the polygons are served,
thinned to keep the page light. Without one, the gazetteer rasad ships is the only
geography at hand: each province is drawn as the convex hull of its known places (an
approximation, flagged ``approximate`` so the page can say so), with a label per
governorate centroid. No network access either way.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import RasadError

JsonDict = dict[str, Any]
Point = tuple[float, float]


def _thin_ring(ring: list[list[float]], step: int) -> list[list[float]]:
    # Keep every step-th vertex (and the closing one) rounded to ~10 m. Thinning (step > 1)
    # makes neighbouring polygons' shared borders drift apart, so the default keeps all.
    if len(ring) <= 4 * step:
        return [[round(x, 4), round(y, 4)] for x, y, *_ in ring]
    kept = ring[::step]
    if kept[-1] != ring[-1]:
        kept.append(ring[-1])
    return [[round(x, 4), round(y, 4)] for x, y, *_ in kept]


def _thin_geometry(geometry: JsonDict, step: int) -> JsonDict:
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    if kind == "Polygon":
        return {"type": kind, "coordinates": [_thin_ring(r, step) for r in coords or []]}
    if kind == "MultiPolygon":
        return {"type": kind,
                "coordinates": [[_thin_ring(r, step) for r in poly] for poly in coords or []]}
    return geometry


def _label(props: JsonDict) -> str:
    for key in ("name", "NAME_EN", "ADM1_EN", "ADM2_EN", "NAME_1", "NAME", "admin1"):
        if props.get(key):
            return str(props[key])
    return ""


def load_boundary_files(paths: Iterable[Path], step: int = 1) -> JsonDict:
    features: list[JsonDict] = []
    for path in paths:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8", errors="replace"))
        except (OSError, ValueError) as exc:
            raise RasadError(f"{path}: cannot read boundaries: {exc}",
                             hint="give a GeoJSON FeatureCollection") from exc
        for feature in data.get("features") or []:
            props = feature.get("properties") or {}
            features.append({
                "type": "Feature", "geometry": _thin_geometry(feature.get("geometry") or {}, step),
                "properties": {"name": _label(props), "name_ar": props.get("NAME_ARA"),
                               "layer": Path(path).stem, "approximate": False},
            })
    return {"type": "FeatureCollection", "features": features}


def convex_hull(points: Iterable[Point]) -> list[Point]:
    """Andrew's monotone chain; counter-clockwise, not closed."""
    pts = sorted(set(points))
    if len(pts) < 3:
        return pts

    def cross(o: Point, a: Point, b: Point) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[Point] = []
    upper: list[Point] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def gazetteer_outlines() -> JsonDict:
    """Approximate province outlines and governorate labels from the shipped gazetteer."""
    from ..gazetteer.curated import load_curated

    by_admin1: dict[tuple[str, str], list[Point]] = {}
    labels: list[JsonDict] = []
    for entry in load_curated():
        place = entry.place
        if place.longitude is None or place.latitude is None:
            continue
        if place.feature == "governorate":
            labels.append({"type": "Feature", "geometry": {
                "type": "Point", "coordinates": [place.longitude, place.latitude]},
                "properties": {"name": place.name, "name_ar": place.name_ar,
                               "layer": "governorate-label", "approximate": True}})
        if place.admin1 and place.country:
            key = (place.country, place.admin1)
            by_admin1.setdefault(key, []).append((place.longitude, place.latitude))
    hulls = []
    for (country, admin1), points in sorted(by_admin1.items()):
        ring = convex_hull(points)
        if len(ring) < 3:
            continue
        closed = [[round(x, 4), round(y, 4)] for x, y in ring + ring[:1]]
        hulls.append({"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [closed]},
                      "properties": {"name": admin1, "country": country,
                                     "layer": "admin1-hull", "approximate": True}})
    return {"type": "FeatureCollection", "features": hulls + labels}


def basemap(paths: Iterable[Path]) -> JsonDict:
    """Operator boundaries when given, else gazetteer outlines; labels are always added."""
    paths = list(paths)
    outlines = gazetteer_outlines()
    if not paths:
        return outlines
    given = load_boundary_files(paths)
    labels = [f for f in outlines["features"] if f["properties"]["layer"] == "governorate-label"]
    return {"type": "FeatureCollection", "features": given["features"] + labels}
