"""Reviewed reports as gold annotations, in the format of the evaluation files
(``SCHEMA.md`` beside the shared gold: one JSON object per report).

A report is gold once an analyst has reviewed every event rasad stored for it (accepted,
edited or rejected; added events count as reviewed): then its events are what a person
says the report tells. ``rasad train`` fits on these files beside the shipped gold, and
``rasad evaluate`` scores the current model on them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

JsonDict = dict[str, Any]


def _surface(actors: list[JsonDict]) -> list[str]:
    return [str(a["text"]) for a in actors if a.get("text")]


def _names(actors: list[JsonDict]) -> list[str]:
    return [str(a.get("name") or a.get("text")) for a in actors if a.get("name") or a.get("text")]


def gold_place(loc: JsonDict | None) -> JsonDict | None:
    """A stored location as the gold ``location`` object."""
    if not loc:
        return None
    source = loc.get("gazetteer_id") or ("analyst" if loc.get("source") == "review" else None)
    return {"name": loc.get("name") or loc.get("text") or "",
            "name_ar": loc.get("text") or loc.get("name_ar") or loc.get("name") or "",
            "lat": loc.get("latitude"), "lon": loc.get("longitude"), "admin1": loc.get("admin1"),
            "geo_precision": loc.get("geo_precision"), "coord_source": source}


def gold_event(event: JsonDict) -> JsonDict:
    """A stored (reviewed) event as a gold event."""
    when = event.get("date") or {}
    actor1, actor2 = event.get("actor1") or [], event.get("actor2") or []
    return {
        "event_type": event.get("event_type"), "sub_event_type": event.get("sub_event_type"),
        "actor1": _names(actor1), "actor1_ar": _surface(actor1),
        "actor2": _names(actor2), "actor2_ar": _surface(actor2),
        "location": gold_place(event.get("location")),
        "date": when.get("start") if when.get("start") == when.get("end") else None,
        "date_text": when.get("text"), "fatalities": int(event.get("fatalities") or 0),
        "quantities": dict(event.get("quantities") or {}),
        "evidence": " ".join(str(v.get("text") or "") for v in event.get("evidence") or []),
    }


def gold_record(report: JsonDict, events: Iterable[JsonDict]) -> JsonDict:
    """One reviewed report (``{id, lang, published, url, outlet, text}``) with its events."""
    gold_events = [gold_event(e) for e in events]
    places: dict[str, JsonDict] = {}
    for event in gold_events:
        place = event["location"]
        if place is not None:
            places.setdefault(place["name_ar"] or place["name"], {
                k: place[k] for k in ("name", "name_ar", "lat", "lon", "coord_source")})
    actors = dict.fromkeys(n for e in gold_events for n in (*e["actor1"], *e["actor2"]))
    return {"id": report["id"], "url": report.get("url"), "outlet": report.get("outlet"),
            "lang": report.get("lang"), "published": report.get("published"),
            "text": report.get("text") or "", "events": gold_events,
            "places": list(places.values()), "actors": list(actors), "persons": []}


def gold_records(store: Any) -> Iterator[JsonDict]:
    """The gold record of every fully reviewed report of ``store``, first reviewed first."""
    from ..store import EventFilter

    for report in store.reviewed_reports():
        events = sorted(store.iter_events(EventFilter(doc_id=report["id"])),
                        key=lambda e: (min((v.get("start") or 0 for v in e.get("evidence")
                                            or []), default=0), str(e["id"])))
        yield gold_record(report, events)


def write_gold(store: Any, stream: IO[str]) -> int:
    """Write the reviewed reports of ``store`` as gold JSON Lines; how many."""
    count = 0
    for record in gold_records(store):
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count
