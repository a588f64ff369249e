"""Great-circle distance: the one formula every module measures with."""

from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance in km between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + \
        math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    # min(): rounding can lift h a hair above 1 for antipodal points
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
