"""geocode.gazetteer.v1: picks one gazetteer place per mention, with precision and reason.

Ranking of a name's candidates, strongest first: the governorate attached to the mention
("بريف إدلب"), governorates named anywhere in the report, nearness to the places of the
report that have a single candidate, then feature type, curated origin, population and
country (Syria unless the report's unambiguous places say otherwise) and, for English
names, how close the spelling is.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from ..gazetteer import distance_km, fold_en
from ..lang.ar.normalize import normalize_str
from ..pipeline import NamedStep, Resources, register
from ..types import Document, Place, PlaceMention

# A country's name means the country before any village that bears it ("قطر").
_FEATURE_WEIGHT = {"country": 6.0, "city": 3.0, "town": 2.5, "airbase": 2.0, "village": 1.5,
                   "base": 1.5, "governorate": 1.0, "region": 0.5}
_GOV_WORDS = ("محافظه", "province", "governorate")
_TOWN_WORDS = ("مدينه", "city", "town")
_REGION_RELATIONS = ("countryside", "desert")
_ADMIN_FEATURES = ("governorate", "district", "subdistrict")
_GOV_READING = ("محافظه", "ريف", "province", "governorate", "countryside")


_STRONG_FEATURES = ("country", "governorate", "city")
_SPELLING_WEIGHT = 5.0
_STRONG_POPULATION = 100_000


@dataclass(slots=True)
class ReportContext:
    admin1: Counter[str]
    anchors: list[Place]
    country: str
    # governorates the report names as such ("محافظة درعا", "ريف درعا") and never as a city
    gov_reading: set[str] = field(default_factory=set)


def _wants_governorate(m: PlaceMention) -> bool:
    said = _names_unit(m.text)
    if said is not None:
        return said
    if m.relation in _REGION_RELATIONS:
        return True
    return m.relation == "near" and m.direction is not None


@lru_cache(maxsize=4096)
def _names_unit(text: str) -> bool | None:
    """False when a mention's text has a town word, True when it has a governorate
    word, else None (remembered: every candidate of every mention asks)."""
    folded = normalize_str(text).lower()
    if any(w in folded for w in _TOWN_WORDS):
        return False
    if any(w in folded for w in _GOV_WORDS):
        return True
    return None


def _score(place: Place, m: PlaceMention, ctx: ReportContext) -> float:
    score = _FEATURE_WEIGHT.get(place.feature or "", 1.0)
    score += math.log10(place.population + 1) * 0.3
    if place.gazetteer_id and not place.gazetteer_id.startswith("geonames:"):
        score += 0.5
    if place.country == ctx.country:
        score += 2.0
    if m.admin_hint and place.admin1 == m.admin_hint:
        score += 6.0
    score += 2.0 * min(ctx.admin1.get(place.admin1 or "", 0), 2)
    if m.text[:1].isascii():
        # transliteration keys find several spellings: the closest one wins
        score += _SPELLING_WEIGHT * SequenceMatcher(None, fold_en(m.text),
                                                    fold_en(place.name)).ratio()
    nearest = min((distance_km(place, a) for a in ctx.anchors if a is not place), default=math.inf)
    if nearest < 60:
        score += 4.0
    elif nearest < 150:
        score += 2.0
    return score


def _choose(m: PlaceMention, ctx: ReportContext) -> tuple[Place, str] | None:
    cands = m.alternatives
    if not cands:
        return None
    govs = [p for p in cands if p.feature == "governorate"]
    if govs and _wants_governorate(m):
        return govs[0], "governorate named with a region cue"
    # Arabic news writes the governorate as its bare name ("درعا"); English wires write
    # "Daraa province" for it and bare "Daraa" for the city.
    if govs and m.relation is None and govs[0].admin1 in ctx.gov_reading and \
            not m.text[:1].isascii() and \
            normalize_str(m.text) == normalize_str(m.text).split()[-1]:
        return govs[0], "the report names this governorate, never its city"
    plain = [p for p in cands if p.feature not in _ADMIN_FEATURES]
    if not plain:
        # only admin units bear the name: the largest one ("ريف دمشق" the governorate)
        units = sorted(cands, key=lambda p: _ADMIN_FEATURES.index(p.feature)  # type: ignore[arg-type]
                       if p.feature in _ADMIN_FEATURES else 9)
        return units[0], "admin unit of that name"
    if len(plain) == 1:
        return plain[0], "only candidate"
    ranked = sorted(plain, key=lambda p: _score(p, m, ctx), reverse=True)
    best = ranked[0]
    why = "admin context" if m.admin_hint and best.admin1 == m.admin_hint else "ranked"
    return best, f"{why} among {len(plain)} candidates"


# An oil or gas field spreads over kilometres around the point it is given.
_AREA_FEATURES = frozenset({"oilfield", "gasfield"})


def _precision(m: PlaceMention, place: Place) -> int:
    if place.feature in ("governorate", "region", "country"):
        return 3
    if m.relation is not None or place.feature in _AREA_FEATURES:
        return 2
    return 1


def _midpoint(a: Place, b: Place) -> Place:
    # Rounded to the gazetteer's own precision: an unrounded sum can need 17 digits, which
    # SQLite's JSON prints to 15 and PostgreSQL in full, so the stores would disagree.
    lat = round((a.latitude + b.latitude) / 2, 6)  # type: ignore[operator]
    lon = round((a.longitude + b.longitude) / 2, 6)  # type: ignore[operator]
    same = a.admin1 == b.admin1
    return Place(name=f"between {a.name} and {b.name}", name_ar=None, latitude=lat,
                 longitude=lon, admin1=a.admin1 if same else None,
                 admin2=a.admin2 if same and a.admin2 == b.admin2 else None,
                 country=a.country, feature="midpoint")


def _report_context(doc: Document) -> ReportContext:
    admin1: Counter[str] = Counter()
    anchors: list[Place] = []
    for m in doc.places:
        govs = {p.admin1 for p in m.alternatives if p.feature == "governorate"}
        admin1.update(g for g in govs if g)
        if m.admin_hint:
            admin1[m.admin_hint] += 1
        plain = [p for p in m.alternatives if p.feature != "governorate"]
        if len(plain) == 1 and plain[0].latitude is not None:
            anchors.append(plain[0])
            if plain[0].admin1:
                admin1[plain[0].admin1] += 1
    # one anchor per place: a long report names its towns hundreds of times
    anchors = list({a.gazetteer_id or str(id(a)): a for a in anchors}.values())
    votes = country_votes(doc.places)
    top = max(votes.values(), default=0)
    leaders = [c for c, v in votes.items() if v == top]
    country = "SY" if not leaders or "SY" in leaders else leaders[0]
    return ReportContext(admin1, anchors, country, _gov_reading(doc.places))


def country_votes(mentions: list[PlaceMention]) -> dict[str, float]:
    """Countries of the mentions whose every candidate lies in one country: a country
    named as such counts 2, a city, governorate or district seat 1, any other place ½."""
    votes: dict[str, float] = {}
    for m in mentions:
        read = [p for p in m.alternatives if p.feature == "governorate"] \
            if _wants_governorate(m) else m.alternatives  # "محافظة الحديدة" is in Yemen
        countries = {p.country for p in read if p.country}
        if len(countries) != 1:
            continue
        named = any(p.feature == "country" for p in read)
        weight = 2.0 if named else 1.0 if any(map(strong_place, read)) else 0.5
        country = countries.pop()
        votes[country] = votes.get(country, 0.0) + weight
    return votes


def strong_place(place: Place) -> bool:
    """A place known well beyond its surroundings: a country, governorate or city."""
    return place.feature in _STRONG_FEATURES or place.population >= _STRONG_POPULATION


def _gov_reading(mentions: list[PlaceMention]) -> set[str]:
    """One sense per report: "درعا" alone means the governorate when the report says
    "محافظة درعا" or "ريف درعا" and never "مدينة درعا"."""
    as_gov: set[str] = set()
    as_city: set[str] = set()
    for mention in mentions:
        # a square or quarter "in X" makes X a town
        nested = mention.relation == "area" and mention.other is not None
        m = mention.other if nested and mention.other is not None else mention
        gov = next((p.admin1 for p in m.alternatives if p.feature == "governorate"), None)
        if gov is None:
            continue
        text = normalize_str(m.text).lower()
        if any(w in text for w in _TOWN_WORDS) or nested:
            as_city.add(gov)
        elif any(w in text for w in _GOV_READING) or m.relation in _REGION_RELATIONS:
            as_gov.add(gov)
    return as_gov - as_city


def _resolve_nested(m: PlaceMention, ctx: ReportContext) -> None:
    """A square or quarter nested in a named town takes the town's point."""
    assert m.other is not None
    resolve(m.other, ctx)
    town = m.other.place
    if town is not None:
        m.place, m.geo_precision = town, 1
        m.reason = f"square or quarter inside {town.name}"


def resolve(m: PlaceMention, ctx: ReportContext) -> None:
    if m.relation == "area" and m.other is not None and not m.alternatives:
        _resolve_nested(m, ctx)
        return
    chosen = _choose(m, ctx)
    if chosen is None:
        m.place, m.reason = None, m.reason or "no gazetteer candidate"
        return
    place, reason = chosen
    m.place, m.reason = place, reason
    m.geo_precision = _precision(m, place)
    m.alternatives = [p for p in m.alternatives if p is not place]
    if m.relation == "between" and m.other is not None:
        resolve(m.other, ctx)
        other = m.other.place
        if other is not None and None not in (place.latitude, other.latitude):
            m.place, m.geo_precision = _midpoint(place, other), 2
            radius = distance_km(place, other) / 2
            m.uncertainty_km = round(radius, 1)
            m.reason = f"midpoint of {place.name} and {other.name} (within {radius:.0f} km)"


def geocode(doc: Document) -> Document:
    ctx = _report_context(doc)
    for m in doc.places:
        resolve(m, ctx)
    return doc


@register("geocode.gazetteer.v1")
def geocode_step(resources: Resources) -> NamedStep:
    # Resolution ranks the candidates mentions.places.v1 attached (``alternatives``), so
    # the gazetteer is loaded once, by that step, through ``resources``.
    del resources
    return NamedStep("geocode.gazetteer.v1", geocode)
