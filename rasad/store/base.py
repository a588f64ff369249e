"""The storage interface shared by every backend (embedded SQLite, PostgreSQL server)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, Protocol, Self

from ..types import Document

JsonDict = dict[str, Any]
IngestStatus = Literal["inserted", "duplicate", "failed"]


@dataclass(slots=True, frozen=True)
class IngestResult:
    status: IngestStatus
    doc_id: str
    reason: str | None = None  # the error of a failed document


@dataclass(slots=True, frozen=True)
class Fingerprint:
    """A report's near-duplicate sketch: MinHash ``signature`` text and its LSH band keys.

    Stored with the document in the same transaction, so a resumed run finds the
    reports of earlier runs (see :mod:`rasad.scale.neardup`).
    """

    signature: str
    bands: tuple[int, ...]


@dataclass(slots=True)
class EventFilter:
    """Which stored events to return; unset fields do not filter."""

    sub_event_type: str | None = None
    event_type: str | None = None
    actor: str | None = None  # knowledge-base id, or a substring of a name or mention
    since: date | None = None  # events overlapping [since, until]
    until: date | None = None
    doc_id: str | None = None
    min_confidence: float | None = None
    bbox: tuple[float, float, float, float] | None = None  # min_lon, min_lat, max_lon, max_lat
    limit: int | None = None
    offset: int = 0
    # Rejected events are left out of every answer unless asked for (the audit view).
    include_rejected: bool = False
    unreviewed: bool = False  # only events no analyst has reviewed yet (the review queue)


class Store(Protocol):
    """What the CLI, exporters and web API need from a database."""

    def ingest(
        self, doc: Document | JsonDict, *, fingerprint: Fingerprint | None = None,
        replace: bool = False,
    ) -> IngestResult:
        """Store one processed report; ``replace`` stores a stored report again (its
        reviews are replayed over the new events)."""
        ...

    def contains(self, text: str) -> bool: ...

    def record_failure(self, source: str, reason: str) -> None: ...

    def similar(self, bands: Sequence[int]) -> list[tuple[str, str]]:
        """(content hash, signature) of stored reports sharing a band key."""
        ...

    def record_near_duplicate(
        self, source: str, digest: str, duplicate_of: str, similarity: float
    ) -> None:
        """Note a report skipped as a near-duplicate (idempotent by ``digest``)."""
        ...

    def near_duplicates(self) -> list[JsonDict]: ...

    def events(self, filters: EventFilter | None = None) -> list[JsonDict]: ...

    def iter_events(self, filters: EventFilter | None = None) -> Iterator[JsonDict]: ...

    def documents(self, limit: int | None = None, offset: int = 0) -> list[JsonDict]: ...

    def document_text(self, doc_id: str) -> str | None: ...

    def actors(self) -> list[JsonDict]: ...

    def mentions(self, label: str | None = None, doc_id: str | None = None
                 ) -> Iterator[JsonDict]: ...

    def places(self) -> list[JsonDict]: ...

    def content_fingerprint(self) -> str:
        """Changes whenever reports or events are added or removed."""
        ...

    def replace_tables(self, statements: Sequence[str],
                       rows: Mapping[str, Sequence[Sequence[Any]]]) -> None:
        """Create derived tables if missing and replace their rows, in one transaction."""
        ...

    def table_rows(self, table: str, columns: Sequence[str],
                   order_by: str | None = None) -> list[JsonDict]: ...

    def failures(self) -> list[JsonDict]: ...

    def warnings(self) -> list[JsonDict]:
        """Stored reports' warnings: ``doc_id``, ``warning``, ``ingested_at`` per row."""
        ...

    def counts(self) -> dict[str, int]: ...

    def close(self) -> None: ...


class ConnectionOwner:
    """Closing and context management for a store that owns one DB-API connection."""

    _conn: Any

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


BBox = tuple[float, float, float, float]


def parse_bbox(text: str | None) -> BBox | None:
    """"min_lon,min_lat,max_lon,max_lat" as four floats; ValueError when malformed."""
    if not text:
        return None
    try:
        parts = tuple(float(v) for v in text.split(","))
    except ValueError:
        parts = ()
    if len(parts) != 4 or not (parts[0] <= parts[2] and parts[1] <= parts[3]):
        raise ValueError("bbox must be min_lon,min_lat,max_lon,max_lat")
    return parts  # type: ignore[return-value]
