"""geocode.gazetteer.v1: picks one gazetteer place per mention, with precision and reason.

Ranking of a name's candidates, strongest first: the governorate attached to the mention
("بريف إدلب"), governorates named anywhere in the report, nearness to the places of the
report that have a single candidate, then feature type, curated origin, population and
country (Syria unless the report says otherwise).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from ..gazetteer import distance_km
from ..lang.ar.normalize import normalize_str
from ..pipeline import NamedStep, Resources, register
from ..types import Document, Place, PlaceMention

_FEATURE_WEIGHT = {"city": 3.0, "town": 2.5, "airbase": 2.0, "village": 1.5, "base": 1.5,
                   "governorate": 1.0, "region": 0.5}
_GOV_WORDS = ("محافظه", "province", "governorate")
_TOWN_WORDS = ("مدينه", "city", "town")
_REGION_RELATIONS = ("countryside", "desert")


@dataclass(slots=True)
class ReportContext:
    admin1: Counter[str]
    anchors: list[Place]
    country: str


def _wants_governorate(m: PlaceMention) -> bool:
    text = normalize_str(m.text).lower()
    if any(w in text for w in _TOWN_WORDS):
        return False
    if any(w in text for w in _GOV_WORDS) or m.relation in _REGION_RELATIONS:
        return True
    return m.relation == "near" and m.direction is not None


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
    if _wants_governorate(m):
        govs = [p for p in cands if p.feature == "governorate"]
        if govs:
            return govs[0], "governorate named with a region cue"
    plain = [p for p in cands if p.feature != "governorate"] or cands
    if len(plain) == 1:
        return plain[0], "only candidate"
    ranked = sorted(plain, key=lambda p: _score(p, m, ctx), reverse=True)
    best = ranked[0]
    why = "admin context" if m.admin_hint and best.admin1 == m.admin_hint else "ranked"
    return best, f"{why} among {len(plain)} candidates"


def _precision(m: PlaceMention, place: Place) -> int:
    if place.feature in ("governorate", "region", "country"):
        return 3
    if m.relation is not None:
        return 2
    return 1


def _midpoint(a: Place, b: Place) -> Place:
    lat = (a.latitude + b.latitude) / 2  # type: ignore[operator]
    lon = (a.longitude + b.longitude) / 2  # type: ignore[operator]
    return Place(name=f"between {a.name} and {b.name}", name_ar=None, latitude=lat,
                 longitude=lon, admin1=a.admin1, country=a.country, feature="midpoint")


def _report_context(doc: Document) -> ReportContext:
    admin1: Counter[str] = Counter()
    anchors: list[Place] = []
    countries: Counter[str] = Counter()
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
        countries.update(p.country for p in plain[:1] if p.country)
    country = "SY" if countries["SY"] or not countries else countries.most_common(1)[0][0]
    return ReportContext(admin1, anchors, country)


def resolve(m: PlaceMention, ctx: ReportContext) -> None:
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
            m.reason = f"midpoint of {place.name} and {other.name}"


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
