"""What the web map starts from: the data's extent, the shipped boundaries, and the
events that have no coordinates."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from rasad.store import SQLiteStore
from rasad.web.boundaries import basemap, shipped_boundaries
from rasad.web.queries import EventQuery, ReadOnlyDB
from rasad.web.synthetic import TOWNS, bulk_records, event, record

MADRID = {"name": "Madrid", "latitude": 40.4168, "longitude": -3.7038, "country": "ES",
          "geo_precision": 1}


def _db(tmp_path: Path) -> Path:
    path = tmp_path / "map.db"
    unplaced = event("unplaced-1", "Battles", "Armed clash", date(2020, 1, 2),
                     location={"name": "somewhere", "latitude": None, "longitude": None},
                     actor1=[])
    stray = event("stray-1", "Battles", "Armed clash", date(2020, 1, 3), location=MADRID,
                  actor1=[])
    with SQLiteStore(path) as store:
        for rec in bulk_records(40, per_doc=10):
            store.ingest(rec)
        store.ingest(record("odd", "a report", [unplaced, stray]))
    return path


def test_extent_leaves_out_a_stray_event_abroad(tmp_path: Path) -> None:
    extent = ReadOnlyDB(_db(tmp_path)).extent()
    assert extent is not None
    min_lon, min_lat, max_lon, max_lat = extent
    towns_lon = [t[2] for t in TOWNS]
    assert min_lon > 35 and max_lon < 42 and min_lat > 32 and max_lat < 37.5
    assert min_lon <= min(towns_lon) + 0.3 and max_lon >= max(towns_lon) - 0.3


def test_located_filter_finds_the_events_without_coordinates(tmp_path: Path) -> None:
    db = ReadOnlyDB(_db(tmp_path))
    page, _ = db.event_page(EventQuery(located=False, limit=100))
    assert [json.loads(f)["id"] for f in page] == ["unplaced-1"]
    assert db.count_events(EventQuery(located=True)) == 41


def test_shipped_boundaries_are_real_polygons_with_labels_and_credit() -> None:
    data = shipped_boundaries()
    layers = [f["properties"]["layer"] for f in data["features"]]
    assert layers.count("admin1") == 14 and layers.count("admin2") == 61
    assert layers.count("admin1-label") == 14
    assert "OCHA" in data["attribution"]
    homs = next(f for f in data["features"] if f["properties"]["layer"] == "admin1"
                and f["properties"]["name"] == "Homs")
    polygons = homs["geometry"]["coordinates"]
    if homs["geometry"]["type"] == "Polygon":
        polygons = [polygons]
    assert max(len(p[0]) for p in polygons) > 20, "an outline, not a hull of a few places"
    label = next(f for f in data["features"] if f["properties"]["layer"] == "admin1-label"
                 and f["properties"]["name"] == "Homs")
    lon, lat = label["geometry"]["coordinates"]
    assert 36.5 < lon < 41 and 33 < lat < 35.5


def test_operator_boundaries_replace_the_shipped_ones(tmp_path: Path) -> None:
    square = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {
        "NAME_EN": "Test Province"}, "geometry": {"type": "Polygon", "coordinates": [
            [[36, 33], [37, 33], [37, 34], [36, 34], [36, 33]]]}}]}
    path = tmp_path / "mine.geojson"
    path.write_text(json.dumps(square), encoding="utf-8")
    features = basemap([path])["features"]
    assert [f["properties"]["name"] for f in features] == ["Test Province", "Test Province"]
    assert features[1]["geometry"]["coordinates"] == [36.5, 33.5]
