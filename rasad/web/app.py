"""The FastAPI application: read-only JSON/GeoJSON API, the web map, and token-gated ingest.

No ``from __future__ import annotations`` here: FastAPI reads the route annotations at
run time, and they refer to per-app values (page limits) in the enclosing function.
"""

import hmac
import json
import threading
import time
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import Body, FastAPI, Header, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..store import is_postgres_url
from ..store.base import parse_bbox
from .boundaries import basemap
from .config import ServeConfig
from .control import ControlTimeline, control_on, transition_dict
from .graph import actor_index, commanders, network
from .limits import BodyTooLarge, GuardMiddleware, error_body
from .models import install_openapi
from .queries import EventQuery, ReadOnlyDB
from .review import install_review_routes
from .store_source import StoreSource
from .text import segments

JsonDict = dict[str, Any]
STATIC = Path(str(resources.files("rasad") / "web" / "static"))


class JsonResponse(JSONResponse):
    """UTF-8 JSON without FastAPI's per-object encoder pass (the event pages are large)."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class IngestRequest(BaseModel):
    text: str = Field(min_length=1, description="The report text (Arabic or English).")
    published: date | None = Field(None, description="Publication date, for relative dates.")
    url: str | None = None
    outlet: str | None = None
    lang: str | None = Field(None, pattern="^(ar|en)$")
    id: str | None = Field(None, max_length=200)


class State:
    """Everything the routes share; one per app, no module globals."""

    def __init__(self, config: ServeConfig) -> None:
        self.config = config
        self.db = (StoreSource(str(config.db)) if is_postgres_url(config.db)
                   else ReadOnlyDB(config.db, spatial_index=config.spatial_index))
        self.write_lock = threading.Lock()
        self.timeline = ControlTimeline(self.db)
        self._basemap: JsonDict | None = None

    def basemap(self) -> JsonDict:
        if self._basemap is None:
            self._basemap = basemap(self.config.boundaries)
        return self._basemap


def _csp(tile_url: str | None) -> str:
    tiles = ""
    if tile_url:
        parts = urlsplit(tile_url.replace("{s}", "a"))
        tiles = " " + f"{parts.scheme}://{parts.netloc}".replace("://a.", "://*.")
    return ("default-src 'self'; script-src 'self'; style-src 'self'; "
            f"img-src 'self' data:{tiles}; connect-src 'self'; object-src 'none'; "
            "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    try:
        return parse_bbox(value)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from exc


def build_app(config: ServeConfig) -> FastAPI:
    state = State(config)
    app = FastAPI(
        title="rasad", version=__version__, docs_url=None, redoc_url=None,
        description="Source-linked, geolocated ACLED-style events from Arabic and English "
                    "reports. Read-only, except POST /api/documents when the operator sets "
                    "a token. Errors: {\"error\": {\"status\", \"code\", \"message\"}}.")
    app.state.rasad = state
    install_openapi(app)
    _errors(app)
    _api(app, state)
    install_review_routes(app, config, state.write_lock, STATIC)
    _pages(app, state)
    app.add_middleware(GuardMiddleware, max_body=config.max_body_bytes,
                       per_minute=config.rate_limit_per_minute, csp=_csp(config.tile_url))
    return app


def _errors(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(_r: Request, exc: StarletteHTTPException) -> Response:
        return JsonResponse(error_body(exc.status_code, str(exc.detail)), exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(_r: Request, exc: RequestValidationError) -> Response:
        details = [{"where": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg")}
                   for e in exc.errors()]
        return JsonResponse(error_body(422, "invalid parameters", details), 422)

    @app.exception_handler(BodyTooLarge)
    async def too_large(_r: Request, _exc: BodyTooLarge) -> Response:
        return JsonResponse(error_body(413, "request body too large"), 413)

    @app.exception_handler(Exception)
    async def crash(_r: Request, _exc: Exception) -> Response:
        return JsonResponse(error_body(500, "internal error"), 500)


def _api(app: FastAPI, state: State) -> None:
    for routes in (_event_routes, _document_routes, _place_routes, _actor_routes,
                   _meta_routes):
        routes(app, state)


def _event_routes(app: FastAPI, state: State) -> None:
    db, cfg = state.db, state.config

    @app.get("/api/events", tags=["events"], summary="Events as GeoJSON")
    def events(
        request: Request,
        bbox: Annotated[str | None, Query(description="min_lon,min_lat,max_lon,max_lat")] = None,
        since: date | None = None, until: date | None = None,
        event_type: Annotated[list[str], Query(max_length=50)] = [],  # noqa: B006 - FastAPI copies it
        sub_event_type: Annotated[list[str], Query(max_length=50)] = [],  # noqa: B006
        actor: Annotated[str | None, Query(max_length=200)] = None,
        source: Annotated[str | None, Query(max_length=500)] = None,
        min_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
        q: Annotated[str | None, Query(max_length=200, description="free text")] = None,
        limit: Annotated[int, Query(ge=1, le=cfg.max_page)] = cfg.default_page,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
        count: bool = False,
        located: Annotated[bool | None, Query(
            description="true: only events with coordinates; false: only those without")] = None,
    ) -> Response:
        """Filtered events, ordered by start date then id (stable across pages).

        Events overlapping [since, until] are returned. `next` is the URL of the next
        page, null on the last one."""
        query = EventQuery(bbox=_bbox(bbox), since=since, until=until,
                           event_types=tuple(event_type), sub_event_types=tuple(sub_event_type),
                           actor=actor, source=source, min_confidence=min_confidence, q=q,
                           located=located, limit=limit, offset=offset)
        started = time.perf_counter()
        features, more = db.event_page(query)
        next_url = str(request.url.include_query_params(offset=offset + limit)) if more else None
        head: JsonDict = {"type": "FeatureCollection", "numberReturned": len(features),
                          "offset": offset, "limit": limit, "next": next_url,
                          "links": [{"rel": "next", "href": next_url,
                                     "type": "application/geo+json"}] if next_url else []}
        if count:
            head["numberMatched"] = db.count_events(query)
        # The features are JSON text from SQLite already: splice, do not re-encode.
        body = json.dumps(head, ensure_ascii=False)[:-1] + ', "features": [' + ",".join(
            features) + "]}"
        elapsed = (time.perf_counter() - started) * 1000
        headers = {"Server-Timing": f"db;dur={elapsed:.1f}"}
        if next_url:
            headers["Link"] = f'<{next_url}>; rel="next"'
        return Response(body.encode("utf-8"), media_type="application/geo+json",
                        headers=headers)

    @app.get("/api/events/{event_id}", tags=["events"], summary="One event, full record")
    def event(event_id: str) -> Response:
        found = db.event(event_id)
        if found is None:
            raise HTTPException(404, f"no event {event_id!r}")
        return JsonResponse(found)


def _document_routes(app: FastAPI, state: State) -> None:
    db, cfg = state.db, state.config

    @app.get("/api/documents", tags=["documents"], summary="Stored reports")
    def documents(limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                  offset: Annotated[int, Query(ge=0)] = 0) -> Response:
        return JsonResponse({"documents": db.documents(limit, offset), "offset": offset})

    @app.get("/api/documents/{doc_id}", tags=["documents"],
             summary="A report: text, entity and evidence offsets, and marked-up segments")
    def document(doc_id: str, event: str | None = None) -> Response:
        """Offsets index the text in Unicode code points. `segments` cut the text at every
        evidence span (of `event` when given) so clients can highlight it as plain text."""
        found = db.document(doc_id)
        if found is None:
            raise HTTPException(404, f"no document {doc_id!r}")
        spans = [(v["start"], v["end"]) for e in found["events"] if event in (None, e["id"])
                 for v in e["evidence"] if v["start"] is not None]
        found["segments"] = segments(found.get("text") or "", spans)
        return JsonResponse(found)

    @app.post("/api/documents", tags=["documents"], status_code=201,
              summary="Ingest a report (only with the operator's token)")
    def ingest(payload: Annotated[IngestRequest, Body()],
               authorization: Annotated[str | None, Header()] = None) -> Response:
        _check_token(cfg.ingest_token, authorization)
        return JsonResponse(_ingest(state, payload), 201)


def _place_routes(app: FastAPI, state: State) -> None:
    db = state.db

    @app.get("/api/places", tags=["places"], summary="Places with events and control history")
    def places() -> Response:
        index = actor_index(db)
        history = state.timeline.history()
        out = [{**place, "control": [transition_dict(t, index)
                                     for t in state.timeline.of_place(place["gazetteer_id"])]}
               for place in db.places()]
        sites = [{"site": key, "name": steps[0].name, "gazetteer_id": steps[0].gazetteer_id,
                  "longitude": steps[0].longitude, "latitude": steps[0].latitude,
                  "control": [transition_dict(t, index) for t in steps]}
                 for key, steps in history.items()]
        return JsonResponse({"places": out, "sites": sites})

    @app.get("/api/places/{place_id}", tags=["places"],
             summary="Control history of a place (gazetteer id) or site (site id)")
    def place(place_id: str) -> Response:
        index = actor_index(db)
        steps = state.timeline.of_place(place_id)
        info = next((p for p in db.places() if p["gazetteer_id"] == place_id), None)
        if info is None and not steps:
            raise HTTPException(404, f"no place {place_id!r}")
        return JsonResponse({"place": info, "control": [transition_dict(t, index)
                                                        for t in steps]})

    @app.get("/api/control", tags=["places"], summary="Who holds each place on a date (GeoJSON)")
    def control(date_: Annotated[date | None, Query(alias="date")] = None) -> Response:
        return JsonResponse(control_on(state.timeline, date_ or date.today()))


def _actor_routes(app: FastAPI, state: State) -> None:
    db = state.db

    @app.get("/api/actors", tags=["actors"], summary="Actors, sponsors and event counts")
    def actors(all_: Annotated[bool, Query(alias="all")] = False) -> Response:
        index = actor_index(db)
        rows = [{**a, **index.describe(a["id"], a["name"])} for a in db.actors()
                if all_ or a["events"]]
        return JsonResponse({"actors": rows})

    @app.get("/api/commanders", tags=["actors"], summary="Commanders named in reports")
    def commanders_() -> Response:
        return JsonResponse({"commanders": commanders(db.persons())})

    @app.get("/api/network", tags=["actors"], summary="Actors, commanders and relations")
    def network_() -> Response:
        return JsonResponse(network(db))


def _meta_routes(app: FastAPI, state: State) -> None:
    db, cfg = state.db, state.config

    @app.get("/api/summary", tags=["meta"], summary="Counts")
    def summary() -> Response:
        return JsonResponse(db.summary())

    @app.get("/api/config", tags=["meta"], summary="What the web map needs to start")
    def config_() -> Response:
        return JsonResponse({"version": __version__, "tile_url": cfg.tile_url,
                             "tile_attribution": cfg.tile_attribution,
                             "ingest_enabled": bool(cfg.ingest_token),
                             "review_enabled": bool(cfg.ingest_token or cfg.reviewers)})

    @app.get("/api/basemap", tags=["meta"], summary="Offline boundaries (GeoJSON)")
    def basemap_() -> Response:
        return JsonResponse(state.basemap())


def _check_token(expected: str | None, authorization: str | None) -> None:
    if not expected:
        raise HTTPException(403, "ingest is disabled: the operator has set no token")
    given = (authorization or "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(401, "missing or wrong token", headers={"WWW-Authenticate": "Bearer"})


def _ingest(state: State, payload: IngestRequest) -> JsonDict:
    from .. import extract
    from ..store import open_store

    published = payload.published or state.config.published_default
    doc = extract(payload.text, published=published, doc_id=payload.id or "",
                  url=payload.url, outlet=payload.outlet, lang=payload.lang)
    with state.write_lock, open_store(state.config.db) as store:
        result = store.ingest(doc)
    return {"status": result.status, "doc_id": result.doc_id, "reason": result.reason,
            "events": [e.id for e in doc.events] if result.status == "inserted" else []}


def _pages(app: FastAPI, state: State) -> None:
    del state
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> Response:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    @app.get("/docs", include_in_schema=False)
    def docs() -> Response:
        return FileResponse(STATIC / "docs.html", media_type="text/html")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/health", include_in_schema=False)
    def health() -> Response:
        return HTMLResponse("ok")
