"""GeoJSON (RFC 7946, WGS84 lon/lat): ACLED-named properties, null where a value is
missing, so every property has one type across features (GIS tools filter on them)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import IO, Any

from .acled import AcledContext, acled_context, acled_row

JsonDict = dict[str, Any]

# Properties beyond ACLED's columns, shared with the API's /api/events GeoJSON.
RASAD_PROPERTIES: tuple[str, ...] = (
    "id", "date_start", "date_end", "location_ar", "confidence", "doc_id", "url", "sites",
    "rasad_id", "document_id", "review",
)


def feature_properties(event: JsonDict, context: AcledContext) -> JsonDict:
    """ACLED's columns plus rasad's own, with None (JSON null) for every missing value."""
    row = acled_row(event, context)
    when: JsonDict = event.get("date") or {}
    loc: JsonDict = event.get("location") or {}
    doc: JsonDict = event.get("document") or {}
    props: JsonDict = {k: (None if v == "" else v) for k, v in row.items()}
    props.update({
        "id": event.get("id"), "date_start": when.get("start"), "date_end": when.get("end"),
        "location_ar": loc.get("name_ar"), "confidence": event.get("confidence"),
        "doc_id": doc.get("id"), "url": doc.get("url"),
        "sites": (event.get("quantities") or {}).get("sites"),
        # The names earlier exports used, kept for files and scripts that read them.
        "rasad_id": event.get("id"), "document_id": doc.get("id"),
        # accepted, edited or added when an analyst has reviewed the event
        "review": (event.get("review") or {}).get("status"),
    })
    return props


def geojson_feature(event: JsonDict, context: AcledContext) -> JsonDict:
    props = feature_properties(event, context)
    lon, lat = props["longitude"], props["latitude"]
    geometry = None if lon is None or lat is None else {"type": "Point",
                                                        "coordinates": [lon, lat]}
    return {"type": "Feature", "id": event.get("id"), "geometry": geometry, "properties": props}


def write_geojson(events: Iterable[JsonDict], stream: IO[str], *,
                  actor_types: Mapping[str, object] | None = None,
                  timestamp: int | None = None, labels: bool = False,
                  default_country: str | None = None) -> int:
    """A FeatureCollection written feature by feature; returns the feature count."""
    context = acled_context(actor_types, timestamp, labels=labels,
                            default_country=default_country)
    count = 0
    stream.write('{"type": "FeatureCollection", "features": [')
    for event in events:
        feature = geojson_feature(event, context)
        stream.write(("," if count else "") + "\n" + json.dumps(feature, ensure_ascii=False))
        count += 1
    stream.write("\n]}\n")
    return count
