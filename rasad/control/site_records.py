"""Site records: one per itemized group of positions at a place, named and counted.

A site is anchored at the place its first event names (gazetteer id, else the name);
its count is the one given by that event, or by the first later change that gives one
when the site was first seen without a count (a base established there).
"""

from __future__ import annotations

import hashlib

from .model import FieldValue, JsonDict, MergedEvent, Site
from .sites import lookup_keys, place_forms, site_kind, uncertainty_km

PLURAL = {"headquarters": "headquarters"}


def anchor_of(site: Site) -> str:
    return site.gazetteer_id or site.anchor_name or ""


def anchor(location: JsonDict) -> str:
    return str(location.get("gazetteer_id") or location.get("name") or location.get("text") or "")


def short_id(*parts: object) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


def site_place(location: JsonDict) -> str:
    return str(location.get("name") or location.get("text") or "")


def _count_values(event: MergedEvent) -> list[FieldValue]:
    count_field = event.fields.get("quantities.sites")
    values = list(count_field.values) if count_field else []
    return [FieldValue(v.value, list(v.sources), v.groups) for v in values]


def site_from_event(event: MergedEvent, location: JsonDict) -> Site:
    """The site group an event describes: kind from its evidence, count from its reports."""
    evidence = [ev for m in event.events for ev in m.get("evidence") or []]
    kind = site_kind(evidence, place_forms(location))
    values = _count_values(event)
    site = new_site(event.id, kind, values[0].value if values else None, location)
    site.count_values = values
    site.sources = list(event.sources)
    return site


def new_site(origin: str, kind: str, count: int | None, location: JsonDict) -> Site:
    relation = location.get("relation")
    return Site(
        id=f"s-{short_id(origin, anchor(location), kind)}", kind=kind, count=count,
        anchor_name=location.get("name"), anchor_name_ar=location.get("name_ar"),
        gazetteer_id=location.get("gazetteer_id"), relation=relation,
        latitude=location.get("latitude"), longitude=location.get("longitude"),
        uncertainty_km=uncertainty_km(location),
        label=site_label(kind, count, relation, site_place(location)),
        names=lookup_keys([location.get("name"), location.get("name_ar"),
                           location.get("text"), location.get("gazetteer_id")]))


def site_label(kind: str, count: int | None, relation: str | None, name: str) -> str:
    number = "an unknown number of" if count is None else str(count)
    noun = kind if count == 1 else PLURAL.get(kind, f"{kind}s")
    where = name if name.startswith(str(relation)) else f"{relation or 'at'} {name}"
    return f"{number} {noun} {where}"


def add_member_names(site: Site, event: MergedEvent) -> None:
    """Let a site be found by the place every report of the change names: one outlet's
    village is another's nearby town, and an analyst may ask by either."""
    extra = [name for member in event.events for loc in [member.get("location") or {}]
             for name in (loc.get("name"), loc.get("name_ar"), loc.get("text"))]
    site.names = list(dict.fromkeys(site.names + lookup_keys(extra)))


def fill_count(site: Site, event: MergedEvent) -> None:
    """Give a site first seen without a count the count of a change that gives one."""
    values = _count_values(event)
    if site.count is not None or not values:
        return
    site.count = values[0].value
    site.count_values = values
    site.label = site_label(site.kind, site.count, site.relation,
                            site.anchor_name or (site.names[0] if site.names else ""))
