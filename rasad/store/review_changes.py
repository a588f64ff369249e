"""What an analyst may change in an event, checked, and the reviewed event it makes.

Pure functions over output-contract EVENT dicts: the store (:mod:`rasad.store.reviews`)
keeps the log and the rows. A change names whole top-level fields (``location`` is
replaced whole, as a dragged marker or a gazetteer pick gives it); anything else is
refused with the field's name.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from ..errors import ReviewError
from ..types import EVENT_TYPE_OF

JsonDict = dict[str, Any]
ReviewAction = Literal["accept", "edit", "reject", "add"]
ACTIONS: tuple[str, ...] = ("accept", "edit", "reject", "add")
# Why an event is rejected, as ACLED coders say it; "other" takes a free note.
REJECT_REASONS: tuple[str, ...] = ("not an event", "duplicate", "background", "wrong place",
                                   "wrong date", "other")
STATUS_OF: dict[str, str] = {"accept": "accepted", "edit": "edited", "reject": "rejected",
                             "add": "added"}
EDITABLE: tuple[str, ...] = ("sub_event_type", "actor1", "actor2", "location", "date",
                             "fatalities", "quantities", "evidence")
_LOCATION_KEYS = ("name", "name_ar", "latitude", "longitude", "admin1", "admin2", "country",
                  "geo_precision", "gazetteer_id", "feature")


@dataclass(slots=True, frozen=True)
class Review:
    """One analyst's action on one event (or, for ``add``, on one report)."""

    action: ReviewAction
    reviewer: str
    event_id: str | None = None  # the stored event; None for "add"
    doc_id: str | None = None  # the report an added event belongs to
    changes: Mapping[str, Any] = field(default_factory=dict)
    reason: str | None = None
    note: str | None = None  # free text kept with the reason


def check_review(review: Review) -> None:
    """Raise :class:`ReviewError` naming what is wrong with ``review``."""
    if review.action not in ACTIONS:
        raise ReviewError(f"review action {review.action!r}: expected one of {', '.join(ACTIONS)}")
    if not review.reviewer.strip():
        raise ReviewError("a review needs the reviewer's name")
    if review.action == "add" and not review.doc_id:
        raise ReviewError("adding an event needs the report (doc_id)")
    if review.action != "add" and not review.event_id:
        raise ReviewError(f"{review.action!r} needs the event (event_id)")
    if review.action == "reject" and review.reason not in REJECT_REASONS:
        raise ReviewError(f"reject reason {review.reason!r}: expected one of "
                          f"{', '.join(REJECT_REASONS)}")
    if review.action in ("accept", "reject") and review.changes:
        raise ReviewError(f"{review.action!r} takes no changes; use 'edit'")
    unknown = sorted(set(review.changes) - set(EDITABLE))
    if unknown:
        raise ReviewError(f"cannot change {', '.join(unknown)}: editable fields are "
                          f"{', '.join(EDITABLE)}")


def _check_date(value: Any) -> JsonDict:
    if not isinstance(value, Mapping):
        raise ReviewError("date must be an object with start (YYYY-MM-DD), end, precision")
    out = {"start": value.get("start"), "end": value.get("end") or value.get("start"),
           "precision": value.get("precision", 1), "text": value.get("text")}
    for key in ("start", "end"):
        try:
            if out[key] is not None:
                date.fromisoformat(str(out[key]))
        except ValueError as exc:
            raise ReviewError(f"date.{key} {out[key]!r} is not YYYY-MM-DD") from exc
    if out["start"] and out["end"] and str(out["end"]) < str(out["start"]):
        raise ReviewError("date.end is before date.start")
    return out


def _check_location(value: Any) -> JsonDict | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise ReviewError("location must be an object (name, latitude, longitude, ...)")
    out = {k: value.get(k) for k in _LOCATION_KEYS if value.get(k) is not None}
    for key, bound in (("latitude", 90.0), ("longitude", 180.0)):
        coord = out.get(key)
        if coord is not None and not (isinstance(coord, int | float)
                                      and -bound <= float(coord) <= bound):
            raise ReviewError(f"location.{key} {coord!r} is not a number in ±{bound:g}")
    if ("latitude" in out) != ("longitude" in out):
        raise ReviewError("location needs both latitude and longitude, or neither")
    return {**out, "source": "review"}


def _check_actors(side: str, value: Any) -> list[JsonDict]:
    if not isinstance(value, list) or not all(isinstance(a, Mapping) for a in value):
        raise ReviewError(f"{side} must be a list of actors ({{id}} or {{name}})")
    out = []
    for actor in value:
        if not (actor.get("id") or actor.get("name")):
            raise ReviewError(f"{side}: each actor needs an id (knowledge base) or a name")
        out.append({"id": actor.get("id"), "name": actor.get("name"), "text": actor.get("text"),
                    "start": actor.get("start"), "end": actor.get("end")})
    return out


def _check_fatalities(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ReviewError(f"fatalities {value!r} is not a whole number ≥ 0")
    return value


def checked_changes(changes: Mapping[str, Any]) -> JsonDict:
    """``changes`` with each field checked and put in the event's shape."""
    out: JsonDict = {}
    for key, value in changes.items():
        if key == "sub_event_type":
            if value not in EVENT_TYPE_OF:
                raise ReviewError(f"sub_event_type {value!r} is not an ACLED sub-event type")
            out["sub_event_type"], out["event_type"] = value, EVENT_TYPE_OF[value]
        elif key in ("actor1", "actor2"):
            out[key] = _check_actors(key, value)
        elif key == "location":
            out[key] = _check_location(value)
        elif key == "date":
            out[key] = _check_date(value)
        elif key == "fatalities":
            out[key] = _check_fatalities(value)
        elif key == "quantities":
            if not isinstance(value, Mapping):
                raise ReviewError("quantities must be an object of counts")
            out[key] = dict(value)
        else:  # evidence: checked against the report's text by evidence_spans
            out[key] = value
    return out


def evidence_spans(value: Any, text: str) -> list[JsonDict]:
    """``[{start, end}]`` (code-point offsets into ``text``) with the text they cover."""
    if not isinstance(value, list) or not value:
        raise ReviewError("evidence must be a non-empty list of {start, end} offsets")
    out = []
    for span in value:
        start, end = (span.get("start"), span.get("end")) if isinstance(span, Mapping) else (
            None, None)
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            raise ReviewError(f"evidence span {span!r} is not inside the report "
                              f"(0..{len(text)})")
        out.append({"start": start, "end": end, "text": text[start:end]})
    return out


def edited_event(before: JsonDict, changes: Mapping[str, Any], text: str) -> JsonDict:
    """The reviewed event: ``before`` with ``changes`` applied."""
    after = {k: v for k, v in before.items() if k not in ("document", "review")}
    after.update(checked_changes(changes))
    if "evidence" in changes:
        after["evidence"] = evidence_spans(changes["evidence"], text)
    return after


def added_event(doc_id: str, changes: Mapping[str, Any], text: str) -> JsonDict:
    """A missed event an analyst adds: its evidence, its sub-type, and what else is given."""
    if "sub_event_type" not in changes or "evidence" not in changes:
        raise ReviewError("an added event needs sub_event_type and evidence (its text span)")
    fields = checked_changes(changes)
    fields["evidence"] = evidence_spans(changes["evidence"], text)
    first = fields["evidence"][0]
    key = f"{doc_id}|{first['start']}|{first['end']}|{fields['sub_event_type']}"
    event_id = f"{doc_id}-r{hashlib.sha256(key.encode()).hexdigest()[:10]}"
    base: JsonDict = {"id": event_id, "actor1": [], "actor2": [], "location": None,
                      "date": {"start": None, "end": None, "precision": None, "text": None},
                      "fatalities": 0, "quantities": {}, "persons": [], "confidence": 1.0,
                      "extractor": "review"}
    return {**base, **fields}
