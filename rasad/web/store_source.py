"""What ``rasad export`` and ``rasad serve`` read, from any store (a PostgreSQL URL too).

:class:`~rasad.web.queries.ReadOnlyDB` reads SQLite files with SQL of its own (fast
pages, an R*Tree for boxes); this reads through the store interface (:mod:`rasad.store`)
so a PostgreSQL store is served and exported with the same answers. The API's filters
that the store's query does not have (several types, source, free text, ids) are
applied here, on each event; pages are cut after filtering, which suits thousands of
events rather than millions.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from itertools import islice
from typing import Any

from ..store import EventFilter, open_store
from ..store.rows import names_text as _names
from .queries import EventQuery, ReadOnlyDB

JsonDict = dict[str, Any]


def _text_fields(event: JsonDict) -> list[str]:
    loc = event.get("location") or {}
    names = [str(a.get(k) or "") for side in ("actor1", "actor2") for a in event.get(side) or []
             for k in ("name", "text")]
    evidence = [str(e.get("text") or "") for e in event.get("evidence") or []]
    return [str(loc.get("name") or ""), str(loc.get("name_ar") or ""),
            str(loc.get("admin1") or ""), str(event.get("sub_event_type") or ""),
            *names, *evidence]


def admits(q: EventQuery, event: JsonDict) -> bool:
    """The filters of ``q`` that the store's query leaves to the caller."""
    doc = event.get("document") or {}
    if q.event_types and event.get("event_type") not in q.event_types:
        return False
    if q.sub_event_types and event.get("sub_event_type") not in q.sub_event_types:
        return False
    if q.ids and event.get("id") not in q.ids:
        return False
    if q.source and not (doc.get("id") == q.source or any(
            q.source.lower() in str(doc.get(k) or "").lower() for k in ("outlet", "url"))):
        return False
    return not q.q or any(q.q.lower() in text.lower() for text in _text_fields(event))


def _feature(e: JsonDict) -> str:
    """The map's GeoJSON Feature for an event, as ReadOnlyDB's SQL builds it."""
    from ..export.acled import country_names

    loc, doc = e.get("location") or {}, e.get("document") or {}
    lon, lat = loc.get("longitude"), loc.get("latitude")
    # SQLite's JSON writes 15 significant digits: the same numbers from every store.
    geometry = None if lon is None or lat is None else {
        "type": "Point", "coordinates": [float(f"{lon:.15g}"), float(f"{lat:.15g}")]}
    start, published = e["date"]["start"], doc.get("published")
    day = start or published
    code = loc.get("country") or doc.get("country")
    iso, country = country_names().get(code, (None, code)) if code else (None, None)
    props = {"id": e["id"], "event_id_cnty": e["id"], "event_type": e["event_type"],
             "sub_event_type": e["sub_event_type"], "event_date": day,
             "year": int(day[:4]) if day else None,
             "time_precision": e["date"]["precision"] if start else (3 if published else None),
             "date_start": start, "date_end": e["date"]["end"], "location": loc.get("name"),
             "location_ar": loc.get("name_ar"), "admin1": loc.get("admin1"),
             "admin2": loc.get("admin2"), "country": country, "iso": iso,
             "latitude": lat, "longitude": lon, "geo_precision": loc.get("geo_precision"),
             "actor1": _names(e.get("actor1") or []), "actor2": _names(e.get("actor2") or []),
             "fatalities": e.get("fatalities") or 0,
             "sites": (e.get("quantities") or {}).get("sites"),
             "confidence": e.get("confidence"), "doc_id": doc.get("id"), "url": doc.get("url"),
             "source": doc.get("outlet") or doc.get("id"),
             "review": (e.get("review") or {}).get("status")}
    return json.dumps({"type": "Feature", "id": e["id"], "geometry": geometry,
                       "properties": props}, ensure_ascii=False, separators=(",", ":"))


def _extent(events: list[JsonDict]) -> list[float] | None:
    """ReadOnlyDB's extent: the box of the located events in the countries holding at
    least a tenth of them."""
    located = [loc for loc in (e.get("location") or {} for e in events)
               if loc.get("latitude") is not None and loc.get("longitude") is not None]
    counts = Counter(loc.get("country") for loc in located)
    main = {c for c, n in counts.items() if c and n * 10 >= len(located)}
    kept = [loc for loc in located if not main or loc.get("country") in main]
    if not kept:
        return None
    lons, lats = [float(v["longitude"]) for v in kept], [float(v["latitude"]) for v in kept]
    return [min(lons), min(lats), max(lons), max(lats)]


def _with_country(event: JsonDict, countries: dict[str, str]) -> JsonDict:
    doc = event.get("document") or {}
    event["document"] = {**doc, "country": countries.get(str(doc.get("id")))}
    return event


def _api_order(event: JsonDict) -> tuple[bool, str, str]:
    # ReadOnlyDB's order (date_start, id; SQLite puts undated events first).
    start = event["date"]["start"]
    return (start is not None, start or "", str(event["id"]))


class StoreSource:
    """What the exporters and the web API read, from one store of any backend.

    One connection, used under a lock: the API's routes run in a thread pool.
    """

    def __init__(self, db: str) -> None:
        self.path = db  # rasad.control reads the same database by its path or URL
        self.store = open_store(db)
        self._lock = threading.Lock()

    def _events(self, wanted: EventFilter | None = None) -> list[JsonDict]:
        with self._lock:
            return sorted(self.store.iter_events(wanted), key=_api_order)

    def _doc_countries(self) -> dict[str, str]:
        """Each report's country as ReadOnlyDB gives it: the one most of its placed events
        are in (ties: the smaller code), for the events the gazetteer could not place."""
        counts: dict[str, Counter[str]] = {}
        for e in self._events():
            country = (e.get("location") or {}).get("country")
            if country:
                counts.setdefault(str((e.get("document") or {}).get("id")), Counter())[
                    str(country)] += 1
        return {doc: min(c, key=lambda k: (-c[k], k)) for doc, c in counts.items()}

    def iter_events(self, q: EventQuery) -> Iterator[JsonDict]:
        wanted = EventFilter(since=q.since, until=q.until, actor=q.actor, doc_id=q.doc_id,
                             min_confidence=q.min_confidence, bbox=q.bbox)
        countries = self._doc_countries()
        found = (_with_country(e, countries) for e in self._events(wanted) if admits(q, e))
        stop = None if q.limit is None else q.offset + q.limit
        return islice(found, q.offset, stop)

    def event_page(self, q: EventQuery) -> tuple[list[str], bool]:
        limit = q.limit if q.limit is not None else 1000
        page = list(self.iter_events(replace(q, limit=limit + 1)))
        return [_feature(e) for e in page[:limit]], len(page) > limit

    def count_events(self, q: EventQuery) -> int:
        return sum(1 for _ in self.iter_events(replace(q, limit=None, offset=0)))

    def event(self, event_id: str) -> JsonDict | None:
        return next(self.iter_events(EventQuery(ids=(event_id,))), None)

    def documents(self, limit: int, offset: int) -> list[JsonDict]:
        keys = ("id", "lang", "published", "url", "outlet", "ingested_at", "error", "events")
        with self._lock:
            return [{k: d.get(k) for k in keys} for d in self.store.documents(limit, offset)]

    def document(self, doc_id: str) -> JsonDict | None:
        with self._lock:
            head = next((d for d in self.store.documents() if d["id"] == doc_id), None)
            if head is None:
                return None
            text = self.store.document_text(doc_id)
            mentions = [{k: m[k] for k in ("label", "start", "end", "text", "kb_id")}
                        for m in self.store.mentions(doc_id=doc_id)]
        keys = ("id", "lang", "published", "url", "outlet", "ingested_at", "error")
        events = [{"id": e["id"], "sub_event_type": e["sub_event_type"],
                   "evidence": [{"start": v.get("start"), "end": v.get("end")}
                                for v in e.get("evidence") or []]}
                  for e in self._events(EventFilter(doc_id=doc_id))]
        return {**{k: head.get(k) for k in keys}, "text": text,
                "mentions": sorted(mentions, key=lambda m: m["start"] or 0), "events": events}

    def places(self) -> list[JsonDict]:
        with self._lock:
            return self.store.places()

    def actors(self) -> list[JsonDict]:
        """Known actors with their event counts (0 for actors no stored event names)."""
        counts: Counter[str] = Counter()
        for e in self._events():
            counts.update({a["id"] for side in ("actor1", "actor2")
                           for a in e.get(side) or [] if a.get("id")})
        with self._lock:
            return [{**a, "events": counts.get(a["id"], 0)} for a in self.store.actors()]

    def persons(self) -> Iterator[tuple[str, JsonDict]]:
        """(event id, person) for every person attached to an event."""
        for e in self._events():
            for person in e.get("persons") or []:
                yield e["id"], person

    def summary(self) -> JsonDict:
        events = self._events()
        with self._lock:
            counts = self.store.counts()
        by_type = Counter((e["event_type"], e["sub_event_type"]) for e in events)
        starts = [e["date"]["start"] for e in events if e["date"]["start"]]
        ends = [e["date"]["end"] or e["date"]["start"] for e in events if e["date"]["start"]]
        return {
            "documents": counts["documents"], "failed_documents": counts["failed_documents"],
            "events": len(events), "places": counts["places"],
            "fatalities": sum(int(e.get("fatalities") or 0) for e in events),
            "actors": len({a["id"] for e in events for side in ("actor1", "actor2")
                           for a in e.get(side) or [] if a.get("id")}),
            "date_min": min(starts, default=None), "date_max": max(ends, default=None),
            "by_type": [{"event_type": t, "sub_event_type": s, "n": n}
                        for (t, s), n in by_type.most_common()],
            "extent": _extent(events),
        }

    def content_fingerprint(self) -> str:
        with self._lock:
            return self.store.content_fingerprint()

    def close(self) -> None:
        self.store.close()


# What the API, the exporters and the control layer read from: a SQLite file's own
# reader, or any store.
DataSource = ReadOnlyDB | StoreSource
