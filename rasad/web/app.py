"""The FastAPI application: read-only JSON/GeoJSON API, the web map, and token-gated ingest.

No ``from __future__ import annotations`` here: FastAPI reads the route annotations at
run time, and they refer to per-app values (page limits) in the enclosing function.
"""

import sqlite3
import time
from contextlib import asynccontextmanager
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

import anyio.to_thread
from fastapi import Body, Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import RasadError
from ..store.base import parse_bbox
from . import aggregates as ag
from . import budget
from .budget import BudgetMiddleware
from .cache import CachePolicy, ResponseCache
from .config import ServeConfig
from .encoding import encode
from .heavy import StillComputing
from .limits import BodyTooLarge, GuardMiddleware, GuardPolicy, error_body, token_refusal
from .models import install_openapi
from .queries import EventQuery
from .review import install_review_routes
from .search import fold_query
from .state import INTERIM, State
from .text import segments

JsonDict = dict[str, Any]
STATIC = Path(str(resources.files("rasad") / "web" / "static"))


class JsonResponse(JSONResponse):
    """UTF-8 JSON without FastAPI's per-object encoder pass (the event pages are large)."""

    def render(self, content: Any) -> bytes:
        return encode(content)


class IngestRequest(BaseModel):
    text: str = Field(min_length=1, description="The report text (Arabic or English).")
    published: date | None = Field(None, description="Publication date, for relative dates.")
    url: str | None = None
    outlet: str | None = None
    lang: str | None = Field(None, pattern="^(ar|en)$")
    id: str | None = Field(None, max_length=200)


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

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> Any:
        # Few threads for the routes that read the database: each one competes with the
        # event loop for the interpreter lock, and forty (the default) let a burst of
        # uncached requests starve the loop; the others wait their turn in the loop.
        anyio.to_thread.current_default_thread_limiter().total_tokens = config.threads
        state.warm()
        yield
        state.close()

    app = FastAPI(
        lifespan=lifespan,
        title="rasad", version=__version__, docs_url=None, redoc_url=None,
        description="Source-linked, geolocated ACLED-style events from Arabic and English "
                    "reports. Read-only, except POST /api/documents when the operator sets "
                    "a token. Errors: {\"error\": {\"status\", \"code\", \"message\"}}.")
    app.state.rasad = state
    install_openapi(app)
    _errors(app, config.time_limit_s)
    _api(app, state)
    install_review_routes(app, config, state.write_lock, STATIC)
    _pages(app, state)
    # Added innermost first: the guard sees every request, kept answers skip the budget.
    app.add_middleware(BudgetMiddleware, seconds=config.time_limit_s)
    if config.response_cache_bytes > 0:
        app.add_middleware(ResponseCache, policy=CachePolicy(
            version=lambda: (state.version(), date.today()), paths=CACHED_ROUTES,
            max_bytes=config.response_cache_bytes))
    app.add_middleware(GuardMiddleware, policy=GuardPolicy(
        max_body=config.max_body_bytes, per_minute=config.rate_limit_per_minute,
        csp=_csp(config.tile_url), allowed_hosts=frozenset(h.lower() for h in config.allowed_hosts),
        trusted_proxies=frozenset(config.trusted_proxies), max_in_flight=config.max_in_flight,
        write_routes=frozenset({("POST", "/api/documents")}), write_token=config.ingest_token))
    return app


# Read routes whose answer depends only on the URL, the data and the day: the response
# cache keeps them (and the paths one level below, such as /api/events/{id}).
CACHED_ROUTES = frozenset({
    "/api/events", "/api/documents", "/api/places", "/api/control", "/api/actors",
    "/api/commanders", "/api/network", "/api/summary", "/api/config", "/api/basemap"})

# Days the API accepts: wide enough for any report, far from the ends of `date`, where
# arithmetic on a bound (the look-back for long events) would overflow.
FIRST_DAY, LAST_DAY = date(1000, 1, 1), date(9000, 12, 31)
MAX_OFFSET = 10_000_000


def _day(name: str, value: date | None) -> date | None:
    if value is not None and not FIRST_DAY <= value <= LAST_DAY:
        raise HTTPException(422, f"{name} must be between {FIRST_DAY} and {LAST_DAY}")
    return value


def _shown(value: str, limit: int = 80) -> str:
    """A client-sent value as echoed in an error: quoted, and cut when long."""
    return repr(value if len(value) <= limit else value[:limit] + "…")


def _errors(app: FastAPI, time_limit_s: float) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(_r: Request, exc: StarletteHTTPException) -> Response:
        return JsonResponse(error_body(exc.status_code, str(exc.detail)), exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(_r: Request, exc: RequestValidationError) -> Response:
        details = [{"where": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg")}
                   for e in exc.errors()]
        return JsonResponse(error_body(422, "invalid parameters", details), 422)

    @app.exception_handler(StillComputing)
    async def computing(_r: Request, exc: StillComputing) -> Response:
        return JsonResponse(error_body(503, str(exc)), 503,
                            headers={"Retry-After": str(exc.retry_after_s)})

    @app.exception_handler(sqlite3.OperationalError)
    async def interrupted(_r: Request, exc: sqlite3.OperationalError) -> Response:
        if not budget.exhausted():
            return JsonResponse(error_body(500, "internal error"), 500)
        return JsonResponse(error_body(504, f"the request took longer than {time_limit_s:g} s;"
                                       " narrow it (a smaller box, fewer days, no free text)"),
                            504)

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
        offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
        count: bool = False,
        located: Annotated[bool | None, Query(
            description="true: only events with coordinates; false: only those without")] = None,
    ) -> Response:
        """Filtered events, ordered by start date then id (stable across pages).

        Events overlapping [since, until] are returned. `next` is the URL of the next
        page, null on the last one."""
        query = EventQuery(bbox=_bbox(bbox), since=_day("since", since),
                           until=_day("until", until),
                           event_types=tuple(event_type), sub_event_types=tuple(sub_event_type),
                           actor=actor, source=source, min_confidence=min_confidence,
                           q=_search(q), located=located, limit=limit, offset=offset)
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
        body = encode(head)[:-1] + b',"features":[' + ",".join(features).encode() + b"]}"
        elapsed = (time.perf_counter() - started) * 1000
        headers = {"Server-Timing": f"db;dur={elapsed:.1f}"}
        if next_url:
            headers["Link"] = f'<{next_url}>; rel="next"'
        return Response(body, media_type="application/geo+json",
                        headers=headers)

    @app.get("/api/events/{event_id}", tags=["events"], summary="One event, full record")
    async def event(event_id: str) -> Response:
        found = await state.lookup(db.event, event_id)
        if found is None:
            raise HTTPException(404, f"no event {_shown(event_id)}")
        return JsonResponse(found)


def _document_routes(app: FastAPI, state: State) -> None:
    db, cfg = state.db, state.config

    @app.get("/api/documents", tags=["documents"], summary="Stored reports")
    def documents(limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                  offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0) -> Response:
        return JsonResponse({"documents": db.documents(limit, offset), "offset": offset})

    @app.get("/api/documents/{doc_id}", tags=["documents"],
             summary="A report: text, entity and evidence offsets, and marked-up segments")
    async def document(doc_id: str, event: str | None = None) -> Response:
        """Offsets index the text in Unicode code points. `segments` cut the text at every
        evidence span (of `event` when given) so clients can highlight it as plain text."""
        found = await state.lookup(db.document, doc_id)
        if found is None:
            raise HTTPException(404, f"no document {_shown(doc_id)}")
        spans = [(v["start"], v["end"]) for e in found["events"] if event in (None, e["id"])
                 for v in e["evidence"] if v["start"] is not None]
        found["segments"] = segments(found.get("text") or "", spans)
        return JsonResponse(found)

    def authorized(authorization: Annotated[str | None, Header()] = None) -> None:
        # A dependency runs before the body is read: unauthenticated callers learn
        # nothing about what a valid body looks like.
        _check_token(cfg.ingest_token, authorization)

    @app.post("/api/documents", tags=["documents"], status_code=201,
              summary="Ingest a report (only with the operator's token)",
              dependencies=[Depends(authorized)])
    def ingest(payload: Annotated[IngestRequest, Body()]) -> Response:
        return JsonResponse(_ingest(state, payload), 201)


def _place_routes(app: FastAPI, state: State) -> None:
    @app.get("/api/places", tags=["places"], summary="Places with events and control history")
    async def places(history: Annotated[int, Query(
            ge=0, le=1000, description="latest control changes listed per place and site; "
            "`control_total` counts them all, /api/places/{id} lists them")] = ag.DEFAULT_HISTORY,
               ) -> Response:
        return await state.cached(("places", history), lambda: state.places_body(history))

    @app.get("/api/places/{place_id}", tags=["places"],
             summary="Control history of a place (gazetteer id) or site (site id)")
    async def place(place_id: str,
              limit: Annotated[int, Query(ge=1, le=state.config.max_page)] = 1000,
              offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0) -> Response:
        """Control changes oldest first, `limit` at a time; `control_total` counts them."""
        index, current = await state.place_index_async()
        found = ag.place_body(index, place_id, limit, offset)
        if found is None:
            raise HTTPException(404, f"no place {_shown(place_id)}")
        return Response(found, media_type="application/json",
                        headers=None if current else INTERIM)

    @app.get("/api/control", tags=["places"], summary="Who holds each place on a date (GeoJSON)")
    async def control(date_: Annotated[date | None, Query(alias="date")] = None) -> Response:
        day = _day("date", date_) or date.today()
        return await state.cached(("control", day), lambda: ag.control_body(
            state.place_index(), day))


def _actor_routes(app: FastAPI, state: State) -> None:
    db = state.db

    @app.get("/api/actors", tags=["actors"], summary="Actors, sponsors and event counts")
    async def actors(all_: Annotated[bool, Query(alias="all")] = False) -> Response:
        return await state.cached(("actors", all_), lambda: ag.actors_body(db, all_))

    @app.get("/api/commanders", tags=["actors"], summary="Commanders named in reports")
    async def commanders_() -> Response:
        return await state.cached("commanders", lambda: ag.commanders_body(db))

    @app.get("/api/network", tags=["actors"], summary="Actors, commanders and relations")
    async def network_() -> Response:
        return await state.cached("network", lambda: ag.network_body(db))


def _meta_routes(app: FastAPI, state: State) -> None:
    db, cfg = state.db, state.config

    @app.get("/api/summary", tags=["meta"], summary="Counts")
    async def summary() -> Response:
        return await state.cached("summary", lambda: ag.summary_body(db))

    @app.get("/api/config", tags=["meta"], summary="What the web map needs to start")
    async def config_() -> Response:
        return JsonResponse({"version": __version__, "tile_url": cfg.tile_url,
                             "tile_attribution": cfg.tile_attribution,
                             "ingest_enabled": bool(cfg.ingest_token),
                             "review_enabled": bool(cfg.ingest_token or cfg.reviewers)})

    @app.get("/api/basemap", tags=["meta"], summary="Offline boundaries (GeoJSON)")
    async def basemap_() -> Response:
        # Read and encoded once (tens of milliseconds), then bytes: no thread needed.
        return Response(state.basemap(), media_type="application/json")


def _search(q: str | None) -> str | None:
    if q is None:
        return None
    folded = fold_query(q)
    if not folded:
        raise HTTPException(422, "q has no searchable characters")
    return folded


def _check_token(expected: str | None, authorization: str | None) -> None:
    refusal = token_refusal(expected, authorization)
    if refusal is not None:
        status, message, headers = refusal
        raise HTTPException(status, message, headers={k.decode(): v.decode() for k, v in headers})


def _ingest(state: State, payload: IngestRequest) -> JsonDict:
    from .. import extract
    from ..store import open_store

    published = payload.published or state.config.published_default
    try:
        doc = extract(payload.text, published=published, doc_id=payload.id or "",
                      url=payload.url, outlet=payload.outlet, lang=payload.lang)
    except RasadError as exc:  # over its time budget, or a step failed: one failure row
        with state.write_lock, open_store(state.config.db) as store:
            store.record_failure(payload.id or "<api>", str(exc))
        raise HTTPException(422, f"the report could not be processed: {exc}") from exc
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
    async def health() -> Response:
        return HTMLResponse("ok")
