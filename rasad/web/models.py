"""Response models of the REST API: what OpenAPI documents for each route.

The routes send JSON they build themselves (the event pages are spliced from SQLite's
JSON text), so these models describe the responses rather than re-validate them: they
are put into the OpenAPI document by :func:`install_openapi`, route by route, and a test
checks real responses against them. Open-ended records allow extra fields: the API may
add fields, never rename them.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, ConfigDict, Field

from .review import GazetteerMatches, ReviewLog, ReviewQueue, ReviewResult


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class ErrorDetail(BaseModel):
    status: int = Field(description="The HTTP status, repeated.")
    code: str = Field(description="A stable code: not_found, invalid_parameters, "
                                  "payload_too_large, rate_limited, ...")
    message: str
    details: list[dict[str, Any]] | None = Field(
        None, description="For invalid parameters: where (the parameter) and problem.")


class ErrorBody(BaseModel):
    """The API's one error shape."""

    error: ErrorDetail


class Point(BaseModel):
    type: Literal["Point"] = "Point"
    coordinates: list[float] = Field(min_length=2, max_length=2, description="[lon, lat]")


class EventProperties(_Open):
    """ACLED's column names (as `rasad export --format geojson` writes them) plus rasad's."""

    id: str
    event_id_cnty: str
    event_type: str | None = None
    sub_event_type: str | None = None
    event_date: str | None = Field(None, description="YYYY-MM-DD; the report's date if undated")
    year: int | None = None
    time_precision: int | None = Field(None, description="ACLED: 1 day, 2 week, 3 month")
    date_start: str | None = None
    date_end: str | None = None
    location: str | None = None
    location_ar: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = Field(None, description="As ACLED names it, e.g. Syria")
    iso: int | None = Field(None, description="ISO 3166-1 numeric")
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    actor1: str | None = None
    actor2: str | None = None
    fatalities: int = 0
    sites: int | None = None
    confidence: float | None = None
    doc_id: str
    url: str | None = None
    source: str | None = Field(None, description="The outlet, else the document id")
    review: str | None = Field(None, description="accepted, edited or added when an analyst "
                                                 "has reviewed the event; null otherwise")


class EventFeature(BaseModel):
    type: Literal["Feature"] = "Feature"
    id: str
    geometry: Point | None = Field(description="null for an event no place was found for")
    properties: EventProperties


class Link(BaseModel):
    rel: str
    href: str
    type: str = "application/geo+json"


class EventPage(BaseModel):
    """One page of events; follow `next` (also in `links` and the `Link` header)."""

    type: Literal["FeatureCollection"] = "FeatureCollection"
    numberReturned: int
    numberMatched: int | None = Field(None, description="Only with count=true")
    offset: int
    limit: int
    next: str | None = Field(description="URL of the next page; null on the last")
    links: list[Link] = Field(default_factory=list)
    features: list[EventFeature]


class EventRecord(_Open):
    """One event in the output contract's shape, with its document header."""

    id: str
    event_type: str
    sub_event_type: str
    actor1: list[dict[str, Any]]
    actor2: list[dict[str, Any]]
    location: dict[str, Any] | None
    date: dict[str, Any]
    fatalities: int | None
    quantities: dict[str, Any]
    evidence: list[dict[str, Any]]
    confidence: float | None
    document: dict[str, Any]


class DocumentSummary(_Open):
    id: str
    lang: str | None = None
    published: str | None = None
    url: str | None = None
    outlet: str | None = None
    ingested_at: str | None = None
    error: str | None = None
    events: int = 0


class DocumentList(BaseModel):
    documents: list[DocumentSummary]
    offset: int


class Segment(BaseModel):
    text: str
    mark: bool = Field(description="True inside an evidence span")


class DocumentDetail(_Open):
    id: str
    text: str | None
    mentions: list[dict[str, Any]]
    events: list[dict[str, Any]]
    segments: list[Segment] = Field(
        description="The text cut at every evidence span, for highlighting as plain text.")


class IngestResult(BaseModel):
    status: str = Field(description="inserted, duplicate, near-duplicate or failed")
    doc_id: str | None
    reason: str | None
    events: list[str]


class PlacesResponse(BaseModel):
    places: list[dict[str, Any]]
    sites: list[dict[str, Any]]


class PlaceControl(BaseModel):
    place: dict[str, Any] | None
    control: list[dict[str, Any]]


class ControlFeature(_Open):
    type: Literal["Feature"] = "Feature"
    id: str
    geometry: Point
    properties: dict[str, Any]


class ControlCollection(BaseModel):
    type: Literal["FeatureCollection"] = "FeatureCollection"
    date: str
    features: list[ControlFeature]


class ActorsResponse(BaseModel):
    actors: list[dict[str, Any]]


class CommandersResponse(BaseModel):
    commanders: list[dict[str, Any]]


class NetworkResponse(_Open):
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]


class Summary(_Open):
    documents: int
    failed_documents: int
    events: int
    fatalities: int
    places: int
    actors: int
    date_min: str | None
    date_max: str | None
    by_type: list[dict[str, Any]]
    extent: list[float] | None = Field(
        None, description="[min_lon, min_lat, max_lon, max_lat] of the located events in the "
                          "countries holding at least a tenth of them")


class MapConfig(BaseModel):
    version: str
    tile_url: str | None
    tile_attribution: str | None
    ingest_enabled: bool
    review_enabled: bool = False


class Basemap(_Open):
    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[dict[str, Any]]
    attribution: str | None = Field(None, description="Credit line for shipped boundaries")


# Each route's success body: (model, the errors it can give beyond every route's, status).
RouteModel = tuple[type[BaseModel] | None, tuple[int, ...], int]
ROUTE_MODELS: dict[tuple[str, str], RouteModel] = {
    ("get", "/api/events"): (EventPage, (504,), 200),
    ("get", "/api/events/{event_id}"): (EventRecord, (404, 504), 200),
    ("get", "/api/documents"): (DocumentList, (504,), 200),
    ("get", "/api/documents/{doc_id}"): (DocumentDetail, (404, 504), 200),
    ("post", "/api/documents"): (IngestResult, (401, 403, 503), 201),
    ("get", "/api/places"): (PlacesResponse, (), 200),
    ("get", "/api/places/{place_id}"): (PlaceControl, (404,), 200),
    ("get", "/api/control"): (ControlCollection, (), 200),
    ("get", "/api/actors"): (ActorsResponse, (), 200),
    ("get", "/api/commanders"): (CommandersResponse, (), 200),
    ("get", "/api/network"): (NetworkResponse, (), 200),
    ("get", "/api/summary"): (Summary, (), 200),
    ("get", "/api/config"): (MapConfig, (), 200),
    ("get", "/api/basemap"): (Basemap, (), 200),
    ("get", "/api/review/queue"): (ReviewQueue, (), 200),
    ("get", "/api/gazetteer"): (GazetteerMatches, (), 200),
    ("get", "/api/reviews"): (ReviewLog, (401, 403), 200),
    ("post", "/api/reviews"): (ReviewResult, (401, 403, 404), 201),
    ("patch", "/api/events/{event_id}"): (ReviewResult, (401, 403, 404), 200),
}
# Errors any route can give: invalid parameters, a body too large, the rate limit.
EVERY_ROUTE_ERRORS = (413, 422, 429)
_DESCRIBED = {200: "OK", 201: "Created", 401: "Missing or wrong token",
              403: "Ingest or reviewing is disabled", 404: "Not found", 413: "Request body too large",
              422: "Invalid parameters", 429: "Too many requests (see Retry-After)",
              503: "Temporarily unavailable",
              504: "Over the request's time limit (--time-limit); narrow the query"}
_REF = "#/components/schemas/{model}"


def with_response_models(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` (FastAPI's OpenAPI document) with each route's response model and its
    errors in the API's one shape, in place of FastAPI's ``{"detail": ...}``."""
    components = spec.setdefault("components", {}).setdefault("schemas", {})

    def ref(model: type[BaseModel]) -> dict[str, Any]:
        schema = model.model_json_schema(ref_template=_REF, mode="serialization")
        components.update(schema.pop("$defs", {}))
        components[model.__name__] = schema
        return {"$ref": _REF.format(model=model.__name__)}

    def body(status: int, model: type[BaseModel]) -> dict[str, Any]:
        return {"description": _DESCRIBED[status],
                "content": {"application/json": {"schema": ref(model)}}}

    for path, operations in spec.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            model, errors, status = ROUTE_MODELS.get((method, path), (None, (), 200))
            if model is not None:
                responses[str(status)] = body(status, model)
            for error in (*errors, *EVERY_ROUTE_ERRORS):
                responses[str(error)] = body(error, ErrorBody)
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
    return spec


def install_openapi(app: FastAPI) -> None:
    """Serve ``app``'s OpenAPI document with the response models above (built once)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = with_response_models(get_openapi(
                title=app.title, version=app.version, description=app.description,
                routes=app.routes))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented hook
