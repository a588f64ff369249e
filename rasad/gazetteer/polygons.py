"""Admin enrichment: which governorate and district a point lies in.

Point-in-polygon (even-odd ray casting) over OCHA admin polygons, with a bounding-box
prefilter; rings are thinned on import (a vertex every ~300 m is plenty to place a village
in its district, and keeps the store small). Without polygons, the nearest unit centroid.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .records import AdminUnit, Ring

_THIN_DEG = 0.003


def thin(ring: Ring, step: float = _THIN_DEG) -> Ring:
    """Drop vertices closer than ``step`` degrees to the last kept one (ring stays closed)."""
    if len(ring) <= 8:
        return ring
    kept = [ring[0]]
    for lon, lat in ring[1:-1]:
        plon, plat = kept[-1]
        if abs(lon - plon) + abs(lat - plat) >= step:
            kept.append((lon, lat))
    kept.append(ring[-1])
    return kept if len(kept) >= 4 else ring


def rings_of(geometry: dict[str, object]) -> list[Ring]:
    """Outer rings of a GeoJSON Polygon or MultiPolygon, thinned."""
    coords: list[Any] = geometry.get("coordinates") or []  # type: ignore[assignment]
    polys = [coords] if geometry.get("type") == "Polygon" else coords
    out: list[Ring] = []
    for poly in polys:
        if poly:
            out.append(thin([(float(x), float(y)) for x, y, *_ in poly[0]]))
    return out


def in_ring(lon: float, lat: float, ring: Ring) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


@dataclass(slots=True)
class _Indexed:
    unit: AdminUnit
    bbox: tuple[float, float, float, float]


class AdminLocator:
    """Finds the admin unit of a point: polygons first, nearest centroid as a fallback."""

    def __init__(self, units: Iterable[AdminUnit],
                 centroids: Iterable[tuple[AdminUnit, float, float]] = ()) -> None:
        self._units = [_Indexed(u, u.bbox()) for u in units if u.rings]
        self._centroids = list(centroids)

    def __bool__(self) -> bool:
        return bool(self._units or self._centroids)

    def locate(self, lat: float, lon: float, level: int) -> tuple[AdminUnit, str] | None:
        """The unit of ``level`` containing the point and how it was found."""
        for ix in self._units:
            x0, y0, x1, y1 = ix.bbox
            if ix.unit.level != level or not (x0 <= lon <= x1 and y0 <= lat <= y1):
                continue
            if any(in_ring(lon, lat, r) for r in ix.unit.rings):
                return ix.unit, "polygon"
        near = [(u, _deg_km(lat, lon, clat, clon)) for u, clat, clon in self._centroids
                if u.level == level]
        if near:
            unit, km = min(near, key=lambda t: t[1])
            if km < 60:
                return unit, "nearest unit"
        return None


def _deg_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dx = (lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 111.2 * math.hypot(dx, lat2 - lat1)
