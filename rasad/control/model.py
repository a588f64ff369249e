"""Typed records of the control timeline: sites, claims, commanders, relations, merges.

Every record keeps its sources (which report said it) and, where a report gave one,
the evidence text. Dates are :class:`Interval` values that say honestly whether the
date is known: a relative date ("منذ صباح الأربعاء") in a report without a
publication date cannot be placed on the calendar, so its text is kept instead.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

JsonDict = dict[str, Any]


@dataclass(slots=True, frozen=True)
class Interval:
    """When something happened, at ACLED precision (1 day, 2 week, 3 month)."""

    start: str | None = None  # ISO date
    end: str | None = None
    precision: int | None = None
    text: str | None = None  # the time expression as written
    basis: str = "unknown"  # "event date", "publication date" or "unknown"

    @property
    def known(self) -> bool:
        return self.start is not None

    def to_dict(self) -> JsonDict:
        return {**asdict(self), "known": self.known}


@dataclass(slots=True, frozen=True)
class SourceRef:
    """One report behind a record; copies of a syndicated report share ``group``."""

    doc_id: str
    group: str  # syndication group: the id of the canonical report
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    event_id: str | None = None

    @property
    def is_copy(self) -> bool:
        return self.group != self.doc_id

    def to_dict(self) -> JsonDict:
        out = asdict(self)
        out["copy_of"] = self.group if self.is_copy else None
        del out["group"]
        return out


@dataclass(slots=True)
class EvidenceSpan:
    doc_id: str
    start: int
    end: int
    text: str


@dataclass(slots=True)
class FieldValue:
    """One value of a field and the reports that gave it."""

    value: Any
    sources: list[str]  # doc ids
    groups: int  # independent reports (syndicated copies count once)


@dataclass(slots=True)
class FieldValues:
    """Field-level provenance of a merged record: every value, never overwritten."""

    name: str
    values: list[FieldValue]
    disputed: bool = False

    @property
    def primary(self) -> Any:
        return self.values[0].value if self.values else None


@dataclass(slots=True)
class MergedEvent:
    """Events from different reports that describe one happening."""

    id: str
    event_type: str
    sub_event_type: str
    sources: list[SourceRef]
    events: list[JsonDict]  # the member output-contract events, in source order
    fields: dict[str, FieldValues]
    flags: list[str] = field(default_factory=list)

    @property
    def corroboration(self) -> int:
        """Independent reports: syndicated copies of one report count once."""
        return len({s.group for s in self.sources})

    @property
    def disputed(self) -> list[str]:
        return [name for name, f in self.fields.items() if f.disputed]


@dataclass(slots=True)
class Site:
    """A position (or an itemized group of unnamed positions) at a place."""

    id: str
    kind: str  # position, headquarters, checkpoint, base, airbase, area
    count: int | None  # positions this record stands for; None when not reported
    anchor_name: str | None
    anchor_name_ar: str | None
    gazetteer_id: str | None
    relation: str | None  # near, between, desert, ... as the report located it
    latitude: float | None
    longitude: float | None
    uncertainty_km: float
    label: str  # "3 headquarters near Tadmur"
    names: list[str] = field(default_factory=list)  # lookup keys (normalized)
    count_values: list[FieldValue] = field(default_factory=list)
    sources: list[SourceRef] = field(default_factory=list)

    @property
    def count_disputed(self) -> bool:
        return len(self.count_values) > 1


@dataclass(slots=True)
class ControlClaim:
    """``holder`` controls (or is present at) a site or place over an interval."""

    id: str
    site_id: str | None  # None for place-level presence
    place: str | None  # display name of the place
    holder_id: str | None
    holder_name: str
    kind: str  # control, presence, established
    valid_from: Interval | None  # None: held before the first report, start unknown
    valid_to: Interval | None  # None: still open
    opened_by: str | None  # merged event id
    closed_by: str | None
    confidence: float
    sources: list[SourceRef] = field(default_factory=list)
    evidence: list[EvidenceSpan] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    disputed: bool = False
    # The date of the earliest report of this claim: a holder known only from a later
    # handover is not shown as holding before it.
    first_evidence: Interval | None = None
    holder_as_written: list[str] = field(default_factory=list)  # the reports' mentions


@dataclass(slots=True)
class CommanderRole:
    role: str | None
    role_text: str | None
    actor_id: str | None
    area: str | None
    name_as_written: str
    title: str | None
    source: SourceRef
    span: tuple[int, int]


@dataclass(slots=True)
class Commander:
    id: str
    name: str  # the fullest form reported
    kunya: str | None  # "أبو صقر"
    aliases: list[str]
    roles: list[CommanderRole]
    actors: list[str]
    areas: list[str]
    first_reported: str | None
    last_reported: str | None
    events: list[str] = field(default_factory=list)  # merged event ids

    @property
    def sources(self) -> list[SourceRef]:
        seen: dict[str, SourceRef] = {}
        for role in self.roles:
            seen.setdefault(role.source.doc_id, role.source)
        return list(seen.values())


@dataclass(slots=True)
class ActorRelation:
    """subject --relation--> object, e.g. regiment-74 backed_by irgc."""

    subject: str
    relation: str  # part_of, backed_by, allied_with, handed_over_to
    object: str
    valid_from: Interval | None = None
    sources: list[SourceRef] = field(default_factory=list)
    basis: str = ""  # "knowledge base" or the merged event id
