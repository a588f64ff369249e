"""Typed records passed between pipeline steps.

Every span carries ``start``/``end`` offsets into the ORIGINAL report text, so
``doc.text[span.start:span.end] == span.text`` always holds. Normalized text is
only ever a view used for matching (see :mod:`rasad.lang.ar.normalize`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .lang.ar.normalize import NormalizedText, normalize


def _iso_date(value: str, name: str) -> date:
    """``YYYY-MM-DD`` (a longer ISO timestamp is cut to its date) or a ValueError naming it."""
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise ValueError(f"{name}: not a YYYY-MM-DD date: {value!r}") from None


# ACLED's six event types and their 25 sub-event types, in codebook order.
ACLED_TAXONOMY: dict[str, tuple[str, ...]] = {
    "Battles": (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": (
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
    ),
    "Protests": (
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}

EVENT_TYPE_OF: dict[str, str] = {
    sub: etype for etype, subs in ACLED_TAXONOMY.items() for sub in subs
}


@dataclass(slots=True)
class Sentence:
    start: int
    end: int


@dataclass(slots=True)
class Token:
    """A word of the original text; ``norm`` is its normalized form."""

    start: int
    end: int
    text: str
    norm: str


@dataclass(slots=True)
class ActorMention:
    start: int
    end: int
    text: str
    actor_id: str | None = None  # knowledge-base id, None when unknown
    name: str | None = None  # canonical English name
    generic: bool = False  # "the Iranian militias": a description, not a named group
    civilian: bool = False  # coded as Civilians or Protesters by ACLED (never an attacker)


@dataclass(slots=True)
class PersonMention:
    start: int
    end: int
    text: str
    name: str  # the name as written, without titles
    title: str | None = None  # القيادي، اللواء، ...
    role: str | None = None  # commander, official, officer, ...
    role_text: str | None = None  # the phrase that states the role
    actor_id: str | None = None  # affiliation
    area: str | None = None  # area of responsibility as written


@dataclass(slots=True)
class Place:
    """A gazetteer entry a mention resolved to."""

    name: str
    name_ar: str | None
    latitude: float | None
    longitude: float | None
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = None
    feature: str | None = None  # city, village, airbase, region, governorate ...
    population: int = 0
    gazetteer_id: str | None = None
    admin1_code: str | None = None  # OCHA p-code where known ("SY04")
    admin2_code: str | None = None
    sources: list[str] = field(default_factory=list)  # every source id merged into this entry


@dataclass(slots=True)
class PlaceMention:
    start: int
    end: int
    text: str
    # Relational cue around the name: None (the place itself), "near", "between",
    # "countryside", "desert", "area", "outskirts", "axis"
    relation: str | None = None
    direction: str | None = None  # "east", "west", ... for "ريف حمص الشرقي"
    place: Place | None = None
    geo_precision: int = 1
    reason: str | None = None  # why this candidate was chosen
    alternatives: list[Place] = field(default_factory=list)
    # A second named place for "بين X و Y" (midpoint resolution).
    other: PlaceMention | None = None
    admin_hint: str | None = None  # governorate named next to it ("بريف إدلب")
    uncertainty_km: float | None = None  # radius around the point ("between X and Y")


@dataclass(slots=True)
class DateMention:
    start: int
    end: int
    text: str
    start_date: date | None
    end_date: date | None
    precision: int  # ACLED time precision: 1 day, 2 week, 3 month
    relative: bool = False


@dataclass(slots=True)
class Quantity:
    start: int
    end: int
    text: str
    value: int
    unit: str  # sites, personnel, vehicles, fatalities, injured, ...
    lower_bound: bool = False  # "more than 90"
    approximate: bool = False  # "dozens"


@dataclass(slots=True)
class Trigger:
    start: int
    end: int
    text: str
    sub_event_type: str
    weight: float = 1.0
    # Pattern families that change argument roles, e.g. "handover" (actor1 = receiver).
    frame: str | None = None


@dataclass(slots=True)
class Evidence:
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Event:
    id: str
    event_type: str
    sub_event_type: str
    actor1: list[ActorMention]
    actor2: list[ActorMention]
    location: PlaceMention | None
    date: DateMention | None
    fatalities: int
    quantities: dict[str, int]
    persons: list[PersonMention]
    evidence: list[Evidence]
    confidence: float
    extractor: str
    # The quantity mentions this event's counts came from (for total/itemization checks).
    counted: list[Quantity] = field(default_factory=list)
    trigger_weight: float = 1.0  # the strongest trigger among the tellings merged here
    tellings: int = 1  # how many stretches of the report told this event
    # The strongest trigger behind the event: read by the learned filter, not serialized.
    trigger: Trigger | None = field(default=None, repr=False, compare=False)


@dataclass(slots=True)
class Document:
    text: str
    id: str = ""
    lang: str | None = None
    published: date | None = None
    url: str | None = None
    outlet: str | None = None
    sentences: list[Sentence] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    persons: list[PersonMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    triggers: list[Trigger] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    provenance: list[str] = field(default_factory=list)  # names of the steps that ran
    error: str | None = None
    _view: NormalizedText | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Library callers write Document(published="2024-05-22"); the steps need a date.
        if isinstance(self.published, str):
            self.published = _iso_date(self.published, "published")

    @property
    def view(self) -> NormalizedText:
        """The normalized view of ``text`` (computed once, shared by all steps)."""
        if self._view is None or self._view.original is not self.text:
            self._view = normalize(self.text)
        return self._view
