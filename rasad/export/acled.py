"""ACLED's CSV: its 31 columns in order, its vocabularies, integers where ACLED has them.

A row follows ACLED's coding where the extracted event leaves a gap: an event always has
an ``actor1`` ("Unidentified Armed Group (Syria)" when the report names no perpetrator),
generic actors carry their country ("Civilians (Syria)"), and ``inter2`` is 0 for a
one-sided event. ``inter1``/``inter2``/``interaction`` come as ACLED's numeric codes or,
as ACLED's current exports write them, as labels.
"""

from __future__ import annotations

import csv
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import IO, Any
from urllib.parse import urlsplit

JsonDict = dict[str, Any]

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
    "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
    "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "tags", "timestamp",
)
# Columns that are whole numbers in ACLED's files (empty only where rasad cannot know them).
ACLED_INTEGER_COLUMNS: tuple[str, ...] = (
    "year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision",
    "fatalities", "timestamp",
)

# ACLED's actor type codes ("inter" codes) and their labels, from its codebook.
INTER_LABELS: dict[int, str] = {
    1: "State forces", 2: "Rebel group", 3: "Political militia", 4: "Identity militia",
    5: "Rioters", 6: "Protesters", 7: "Civilians", 8: "External/Other forces",
}
INTER_CODES: dict[str, int] = {
    "state forces": 1, "rebel groups": 2, "political militias": 3, "identity militias": 4,
    "communal militias": 4, "rioters": 5, "protesters": 6, "civilians": 7,
    "external/other forces": 8, "external/other": 8, "external forces": 8, "other forces": 8,
}

# ACLED's disorder types. Excessive force against protesters and mob violence are both
# political violence and demonstrations in ACLED's coding.
_DISORDER_BY_EVENT_TYPE = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
_DISORDER_BY_SUB_TYPE = {
    "Excessive force against protesters": "Political violence; Demonstrations",
    "Mob violence": "Political violence; Demonstrations",
}
# Who ACLED names when a report gives no actor1: the crowd for demonstrations, otherwise
# an unidentified armed group (coded as a political militia).
_DEFAULT_ACTOR1 = {"Protests": ("Protesters", 6), "Riots": ("Rioters", 5)}
_UNIDENTIFIED = ("Unidentified Armed Group", 3)


def disorder_type(event_type: str | None, sub_event_type: str | None = None) -> str:
    if sub_event_type in _DISORDER_BY_SUB_TYPE:
        return _DISORDER_BY_SUB_TYPE[sub_event_type]
    return _DISORDER_BY_EVENT_TYPE.get(event_type or "", "")


def inter_code(acled_type: object) -> int | None:
    """ACLED inter code from a code (3, "3") or a type label ("Political militia")."""
    if acled_type is None:
        return None
    if isinstance(acled_type, int):
        return acled_type if 1 <= acled_type <= 8 else None
    label = " ".join(str(acled_type).lower().replace("_", " ").split())
    if label.isdigit():
        return inter_code(int(label))
    if label in INTER_CODES:
        return INTER_CODES[label]
    plural = label if label.endswith("s") else label.replace("militia", "militias")
    plural = plural.replace("group", "groups").replace("force", "forces")
    return INTER_CODES.get(plural)


def interaction(inter1: int | None, inter2: int | None) -> str:
    """ACLED interaction code: the two inter codes, lower first; ``n0`` for one actor."""
    codes = sorted(c for c in (inter1, inter2) if c)
    if not codes:
        return ""
    return f"{codes[0]}{codes[1] if len(codes) > 1 else 0}"


def interaction_label(inter1: int | None, inter2: int | None) -> str:
    """The interaction as ACLED's labelled exports write it: "State forces-Civilians"."""
    codes = sorted(c for c in (inter1, inter2) if c)
    if not codes:
        return ""
    if len(codes) == 1:
        return f"{INTER_LABELS[codes[0]]} only"
    return f"{INTER_LABELS[codes[0]]}-{INTER_LABELS[codes[1]]}"


@lru_cache(maxsize=1)
def country_names() -> dict[str, tuple[int, str]]:
    """ISO alpha-2 -> (ISO numeric, ACLED's country name)."""
    return {iso2: (int(numeric), name) for iso2, (numeric, name, _) in _countries().items()}


@lru_cache(maxsize=1)
def _countries() -> dict[str, tuple[str, str, str]]:
    path = resources.files("rasad") / "knowledge" / "countries.tsv"
    out: dict[str, tuple[str, str, str]] = {}
    rows = [r for r in path.read_text(encoding="utf-8").splitlines() if r and r[0] != "#"]
    for row in rows[1:]:
        iso2, numeric, name, region = row.split("\t")
        out[iso2] = (numeric, name, region)
    return out


@lru_cache(maxsize=1)
def _new_media_hosts() -> frozenset[str]:
    path = resources.files("rasad") / "knowledge" / "new_media_hosts.tsv"
    rows = [r for r in path.read_text(encoding="utf-8").splitlines() if r and r[0] != "#"]
    return frozenset(row.split("\t")[0] for row in rows[1:])


def source_scale(doc: JsonDict) -> str:
    """ACLED's source scale where rasad can tell it: "New media" for a report posted on
    a social platform; "" otherwise (rasad keeps no catalogue of outlets' reach)."""
    if doc.get("source_scale"):
        return str(doc["source_scale"])
    host = (urlsplit(str(doc.get("url") or "")).hostname or "").lower().removeprefix("www.")
    host = host.removeprefix("m.").removeprefix("mobile.")
    return "New media" if host in _new_media_hosts() else ""


@dataclass(frozen=True, slots=True)
class ActorCoding:
    """What ACLED needs of each known actor: its type, ACLED-style name and home country.

    ``generic`` actors (civilians, protesters, unidentified groups) take the event's
    country in their name, as ACLED writes "Civilians (Syria)"."""

    types: Mapping[str, object] = field(default_factory=dict)
    names: Mapping[str, str] = field(default_factory=dict)
    countries: Mapping[str, str] = field(default_factory=dict)
    generic: frozenset[str] = frozenset()

    @classmethod
    def from_knowledge(cls) -> ActorCoding:
        """The packaged actor knowledge base, or an empty coding when it cannot load."""
        try:
            from ..knowledge import load_actors
            kb = load_actors()
            coded = {a.id: kb.coded(a.id) for a in kb}  # "قوات النظام" -> the army
        except (ImportError, OSError, ValueError):
            return cls()
        return cls(types={k: a.acled_type for k, a in coded.items()},
                   names={k: a.name.removesuffix(" (description)") for k, a in coded.items()},
                   countries={k: a.country for k, a in coded.items() if a.country},
                   generic=frozenset(k for k, a in coded.items() if a.generic and not a.country))

    def name(self, ref: JsonDict, country: str) -> str:
        actor_id = str(ref.get("id"))
        name = self.names.get(actor_id) or str(ref.get("name") or ref.get("text") or "")
        if actor_id in self.generic and country and not name.endswith(")"):
            return f"{name} ({country})"
        return name

    def inter(self, ref: JsonDict) -> int | None:
        return inter_code(self.types.get(str(ref.get("id"))))

    def local_country(self, refs: Iterable[JsonDict]) -> str | None:
        """The home country of the first actor that is not a foreign force."""
        for ref in refs:
            actor_id = str(ref.get("id"))
            if inter_code(self.types.get(actor_id)) != 8 and actor_id in self.countries:
                return self.countries[actor_id]
        return None


def events_country(doc: JsonDict) -> str | None:
    """The country most of a document's located places are in (None when none is)."""
    places = [m for m in doc.get("entities") or [] if m.get("label") == "PLACE"]
    places += [e.get("location") or {} for e in doc.get("events") or []]
    counts = Counter(str(p["country"]) for p in places if p.get("country"))
    return counts.most_common(1)[0][0] if counts else None


def _clean(text: str) -> str:
    return " ".join(text.split())


@dataclass(slots=True)
class _Side:
    name: str
    associates: str
    inter: int | None


def _side(refs: list[JsonDict], coding: ActorCoding, country: str) -> _Side:
    names = list(dict.fromkeys(n for n in (coding.name(r, country) for r in refs) if n))
    inter = coding.inter(refs[0]) if refs else None
    return _Side(names[0] if names else "", "; ".join(names[1:]), inter)


def _actors(event: JsonDict, coding: ActorCoding, country: str) -> tuple[_Side, _Side]:
    """Both sides; an event without a named actor1 gets ACLED's default perpetrator."""
    side1 = _side(event.get("actor1") or [], coding, country)
    side2 = _side(event.get("actor2") or [], coding, country)
    if not side1.name:
        name, inter = _DEFAULT_ACTOR1.get(str(event.get("event_type")), _UNIDENTIFIED)
        side1 = _Side(f"{name} ({country})" if country else name, side1.associates, inter)
    return side1, side2


@dataclass(slots=True)
class AcledContext:
    """What the rows of one export share: actor coding, the run's timestamp, the label
    style, and countries seen per document (for events the gazetteer could not place)."""

    coding: ActorCoding
    timestamp: int
    labels: bool = False
    default_country: str | None = None
    doc_countries: dict[str, str] = field(default_factory=dict)

    def country_of(self, event: JsonDict) -> str | None:
        """ISO alpha-2: the place's, else the document's, else a local actor's."""
        doc: JsonDict = event.get("document") or {}
        doc_id = str(doc.get("id") or "")
        located = (event.get("location") or {}).get("country")
        if located:
            self.doc_countries.setdefault(doc_id, str(located))
            return str(located)
        return (doc.get("country") or self.doc_countries.get(doc_id)
                or self.coding.local_country([*(event.get("actor1") or []),
                                              *(event.get("actor2") or [])])
                or self.default_country)


def _when(event: JsonDict) -> tuple[str, int | str]:
    """ACLED's event_date and time_precision: the event's date, else the report's
    publication date at precision 3 (ACLED's "within a month" of the stated time)."""
    when: JsonDict = event.get("date") or {}
    if when.get("start"):
        return str(when["start"]), int(when.get("precision") or 1)
    published = (event.get("document") or {}).get("published")
    return (str(published), 3) if published else ("", "")


def _inter_cells(inter1: int | None, inter2: int | None, labels: bool) -> dict[str, object]:
    if labels:
        return {"inter1": INTER_LABELS.get(inter1 or 0, ""),
                "inter2": INTER_LABELS.get(inter2 or 0, ""),
                "interaction": interaction_label(inter1, inter2)}
    pair = interaction(inter1, inter2)
    return {"inter1": inter1 or 0, "inter2": inter2 or 0,
            "interaction": int(pair) if pair else ""}


def acled_row(event: JsonDict, context: AcledContext) -> dict[str, object]:
    """One output-contract event (with its ``document``) as an ACLED CSV row."""
    loc: JsonDict = event.get("location") or {}
    doc: JsonDict = event.get("document") or {}
    iso2 = context.country_of(event) or ""
    numeric, country, region = _countries().get(iso2, ("", iso2, ""))
    side1, side2 = _actors(event, context.coding, country)
    event_date, precision = _when(event)
    civilian = event.get("event_type") == "Violence against civilians" or side2.inter == 7
    quantities = event.get("quantities") or {}
    return {
        "event_id_cnty": event.get("id"), "event_date": event_date,
        "year": date.fromisoformat(event_date).year if event_date else "",
        "time_precision": precision,
        "disorder_type": disorder_type(event.get("event_type"), event.get("sub_event_type")),
        "event_type": event.get("event_type"), "sub_event_type": event.get("sub_event_type"),
        "actor1": side1.name, "assoc_actor_1": side1.associates,
        "actor2": side2.name, "assoc_actor_2": side2.associates,
        **_inter_cells(side1.inter, side2.inter if side2.name else None, context.labels),
        "civilian_targeting": "Civilian targeting" if civilian else "",
        "iso": int(numeric) if numeric else "", "region": region, "country": country,
        "admin1": loc.get("admin1") or "", "admin2": loc.get("admin2") or "",
        "admin3": loc.get("admin3") or "",
        "location": loc.get("name") or "", "latitude": _blank(loc.get("latitude")),
        "longitude": _blank(loc.get("longitude")),
        "geo_precision": _blank(loc.get("geo_precision") if loc.get("latitude") else None),
        "source": doc.get("outlet") or "", "source_scale": source_scale(doc),
        "notes": " ... ".join(_clean(str(v.get("text", ""))) for v in event.get("evidence") or []),
        "fatalities": int(event.get("fatalities") or 0),
        "tags": "; ".join(f"{k}={v}" for k, v in sorted(quantities.items())),
        "timestamp": context.timestamp,
    }


def _blank(value: object) -> object:
    return "" if value is None else value


def acled_context(actor_types: Mapping[str, object] | None = None,
                  timestamp: int | None = None, *, labels: bool = False,
                  default_country: str | None = None) -> AcledContext:
    """The knowledge base's actor coding unless ``actor_types`` (id -> type) is given."""
    coding = ActorCoding.from_knowledge() if actor_types is None else ActorCoding(actor_types)
    stamp = int(time.time()) if timestamp is None else timestamp
    return AcledContext(coding, stamp, labels, default_country)


def write_acled_csv(
    events: Iterable[JsonDict], stream: IO[str], *,
    actor_types: Mapping[str, object] | None = None, timestamp: int | None = None,
    labels: bool = False, default_country: str | None = None,
) -> int:
    """Write events (each with its ``document`` header) as ACLED CSV; returns the row count.

    ``labels`` writes inter1/inter2/interaction as ACLED's labels instead of codes;
    ``default_country`` (ISO alpha-2) codes events neither place nor actor locates."""
    context = acled_context(actor_types, timestamp, labels=labels,
                            default_country=default_country)
    writer = csv.DictWriter(stream, fieldnames=list(ACLED_COLUMNS), lineterminator="\n")
    writer.writeheader()
    count = 0
    for event in events:
        writer.writerow(acled_row(event, context))
        count += 1
    return count
