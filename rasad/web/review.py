"""The review routes: the queue, the audit log, and token-protected reviews.

Reviewing is off unless the operator names reviewers (``ServeConfig.reviewers``: name and
token) or sets the ingest token, which reviews as "operator". A reviewer sends
``Authorization: Bearer <token>``; the review is stored under the reviewer's name. Writes
go through the store (:mod:`rasad.store.reviews`), one at a time, so the map, the
exports and the control layer read the reviewed events at once.

No ``from __future__ import annotations``: FastAPI reads the route annotations at run time.
"""

import hmac
import threading
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from fastapi import FastAPI, Header, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import ReviewError, ReviewTargetMissing
from ..store import EventFilter, open_store
from ..store.review_changes import REJECT_REASONS, Review
from ..types import EVENT_TYPE_OF
from .config import ServeConfig

JsonDict = dict[str, Any]
_QUEUE_MAX = 500


class ReviewRequest(BaseModel):
    """One review. ``changes`` holds the fields to set (edit) or the new event (add):
    sub_event_type, actor1/actor2 ([{id}] from the knowledge base, or [{name}]), location
    ({name, latitude, longitude, gazetteer_id, geo_precision, ...}), date ({start, end}),
    fatalities, quantities, evidence ([{start, end}] code-point offsets in the report)."""

    action: Literal["accept", "edit", "reject", "add"]
    event_id: str | None = Field(None, max_length=200, description="All actions but add")
    doc_id: str | None = Field(None, max_length=200, description="The report, for add")
    changes: dict[str, Any] = Field(default_factory=dict)
    reason: str | None = Field(None, description="For reject: " + ", ".join(REJECT_REASONS))
    note: str | None = Field(None, max_length=2000)


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


_Body = TypeVar("_Body", bound=BaseModel)


class ReviewRecord(_Open):
    """One row of the review log: who, when, the event before and after, why."""

    id: int
    doc_id: str
    event_id: str
    action: str
    reviewer: str
    created_at: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reason: str | None


class ReviewLog(BaseModel):
    reviews: list[ReviewRecord]


class ReviewQueue(BaseModel):
    """Events no one has reviewed yet, lowest confidence first."""

    events: list[dict[str, Any]]
    total: int
    offset: int
    reasons: list[str] = Field(description="The reasons a rejection may give")
    sub_event_types: list[str] = Field(description="ACLED's sub-event types, to pick from")


class GazetteerPlace(_Open):
    name: str
    name_ar: str | None
    latitude: float | None
    longitude: float | None
    admin1: str | None
    country: str | None
    feature: str | None
    gazetteer_id: str | None


class GazetteerMatches(BaseModel):
    places: list[GazetteerPlace]


class ReviewResult(BaseModel):
    review: ReviewRecord
    event: dict[str, Any] | None = Field(description="The event as now stored (null when "
                                                     "rejected)")


def reviewer_of(config: ServeConfig, authorization: str | None) -> str:
    """The name of the reviewer whose token ``authorization`` bears; 401/403 otherwise."""
    tokens = list(config.reviewers)
    if config.ingest_token:
        tokens.append(("operator", config.ingest_token))
    if not tokens:
        raise HTTPException(403, "reviewing is disabled: the operator has named no reviewers")
    if not (authorization or "").startswith("Bearer "):
        raise HTTPException(401, "missing token (Authorization: Bearer <token>)",
                            headers={"WWW-Authenticate": "Bearer"})
    given = (authorization or "").removeprefix("Bearer ").strip().encode()
    # Every token is compared, so the time taken does not tell which one came close.
    names = [name for name, token in tokens if hmac.compare_digest(given, token.encode())]
    if not names:
        raise HTTPException(401, "wrong token", headers={"WWW-Authenticate": "Bearer"})
    return names[0]


def _store_review(config: ServeConfig, lock: threading.Lock, review: Review) -> JsonDict:
    try:
        with lock, open_store(config.db) as store:
            stored = store.review(review)
            event = next((e for e in store.events(EventFilter(
                doc_id=stored["doc_id"])) if e["id"] == stored["event_id"]), None)
    except ReviewTargetMissing as exc:
        raise HTTPException(404, str(exc)) from exc
    except ReviewError as exc:
        raise HTTPException(422, str(exc)) from exc
    return {"review": stored, "event": event}


def _queue(config: ServeConfig, wanted: EventFilter, max_confidence: float | None,
           offset: int, limit: int) -> JsonDict:
    with open_store(config.db) as store:
        events = [e for e in store.iter_events(wanted)
                  if max_confidence is None or (e.get("confidence") or 0) <= max_confidence]
    events.sort(key=lambda e: (e.get("confidence") or 0.0, str(e["id"])))
    return {"events": events[offset:offset + limit], "total": len(events), "offset": offset,
            "reasons": list(REJECT_REASONS), "sub_event_types": list(EVENT_TYPE_OF)}


def _place_dict(place: Any) -> JsonDict:
    keys = ("name", "name_ar", "latitude", "longitude", "admin1", "country", "feature",
            "gazetteer_id")
    return {k: getattr(place, k) for k in keys}


class _GazetteerSearch:
    """Place lookup for the review page; the gazetteer opens on the first search."""

    def __init__(self, path: str | None) -> None:
        self._path = path
        self._gazetteer: Any = None
        self._lock = threading.Lock()

    def find(self, name: str, limit: int = 20) -> list[JsonDict]:
        from ..gazetteer.loader import open_gazetteer

        with self._lock:
            if self._gazetteer is None:
                self._gazetteer = open_gazetteer(self._path)
            found = self._gazetteer.candidates(name) or self._gazetteer.transliterations(name)
        return [_place_dict(p) for p in found[:limit] if p.latitude is not None]


def install_review_routes(app: FastAPI, config: ServeConfig, lock: threading.Lock,
                          static: Path) -> None:
    """Add the review routes and page to ``app``; ``lock`` serializes database writes."""
    places = _GazetteerSearch(None)

    @app.get("/review", include_in_schema=False)
    def page() -> Response:
        return FileResponse(static / "review.html", media_type="text/html")

    @app.get("/api/gazetteer", tags=["review"], summary="Places of a name, to locate an event")
    def gazetteer(q: Annotated[str, Query(min_length=1, max_length=200)]) -> Response:
        return JSONResponse({"places": places.find(q)})

    @app.get("/api/review/queue", tags=["review"], summary="Events to review, least sure first")
    def queue(
        sub_event_type: Annotated[str | None, Query(max_length=100)] = None,
        doc_id: Annotated[str | None, Query(max_length=200)] = None,
        max_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
        limit: Annotated[int, Query(ge=1, le=_QUEUE_MAX)] = 50,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> Response:
        wanted = EventFilter(unreviewed=True, sub_event_type=sub_event_type, doc_id=doc_id)
        return JSONResponse(_queue(config, wanted, max_confidence, offset, limit))

    @app.get("/api/reviews", tags=["review"], summary="The review log (reviewers only)")
    def reviews(doc_id: Annotated[str | None, Query(max_length=200)] = None,
                event_id: Annotated[str | None, Query(max_length=200)] = None,
                authorization: Annotated[str | None, Header()] = None) -> Response:
        reviewer_of(config, authorization)
        with open_store(config.db) as store:
            return JSONResponse({"reviews": store.reviews(doc_id=doc_id, event_id=event_id)})

    # The token is checked before the body is read: a client without one costs no parsing.
    @app.post("/api/reviews", tags=["review"], status_code=201,
              summary="Accept, edit, reject or add an event (reviewers only)",
              openapi_extra=_json_body(ReviewRequest.model_json_schema()))
    async def review(request: Request,
                     authorization: Annotated[str | None, Header()] = None) -> Response:
        name = reviewer_of(config, authorization)
        payload = _parsed(ReviewRequest, await request.body())
        found = await run_in_threadpool(_store_review, config, lock, Review(
            payload.action, name, event_id=payload.event_id, doc_id=payload.doc_id,
            changes=payload.changes, reason=payload.reason, note=payload.note))
        return JSONResponse(found, 201)

    @app.patch("/api/events/{event_id}", tags=["review"],
               summary="Edit an event: the body holds the fields to set (reviewers only)",
               openapi_extra=_json_body({"type": "object", "additionalProperties": True,
                                         "description": ReviewRequest.__doc__}))
    async def edit(event_id: str, request: Request,
                   authorization: Annotated[str | None, Header()] = None) -> Response:
        name = reviewer_of(config, authorization)
        changes = _parsed(_Changes, await request.body()).model_dump()
        return JSONResponse(await run_in_threadpool(_store_review, config, lock, Review(
            "edit", name, event_id=event_id, changes=changes)))


class _Changes(_Open):
    """Any JSON object: the fields are checked by the store."""


def _json_body(schema: JsonDict) -> JsonDict:
    return {"requestBody": {"required": True,
                            "content": {"application/json": {"schema": schema}}}}


def _parsed(model: type[_Body], body: bytes) -> _Body:
    """``body`` as ``model``; invalid JSON or fields are the API's 422."""
    try:
        return model.model_validate_json(body or b"null")
    except ValidationError as exc:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e.get("loc", ()))} for e in exc.errors()]) from exc
