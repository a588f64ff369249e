"""What ``rasad export`` reads, from any store: a PostgreSQL URL as well as a SQLite file.

:class:`~rasad.web.queries.ReadOnlyDB` reads SQLite files with SQL of its own; this
reads through the store interface (:mod:`rasad.store`), so every backend exports the
same events, actors and control periods. The API's filters that the store's query does
not have (several types, source, free text, ids) are applied here, on each event.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from typing import Any

from ..store import EventFilter, open_store
from .queries import EventQuery

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


class StoreSource:
    """Events (with the API's filters), actors and the path of one store, for exports."""

    def __init__(self, db: str) -> None:
        self.path = db  # rasad.control reads the same database by its path or URL
        self.store = open_store(db)

    def iter_events(self, q: EventQuery) -> Iterator[JsonDict]:
        wanted = EventFilter(since=q.since, until=q.until, actor=q.actor, doc_id=q.doc_id,
                             min_confidence=q.min_confidence, bbox=q.bbox)
        found = (e for e in self.store.iter_events(wanted) if admits(q, e))
        stop = None if q.limit is None else q.offset + q.limit
        return islice(found, q.offset, stop)

    def actors(self) -> list[JsonDict]:
        return self.store.actors()

    def close(self) -> None:
        self.store.close()
