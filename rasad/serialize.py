"""Documents to the public output contract (v1) and back to plain dicts.

This is the I/O edge: inside rasad everything is a typed dataclass; here they become
the dicts that ``rasad extract`` writes (``../design/output-contract.md``).
"""

from __future__ import annotations

from typing import Any

from .types import (
    ActorMention,
    DateMention,
    Document,
    Event,
    PersonMention,
    PlaceMention,
    Quantity,
)

JsonDict = dict[str, Any]


def actor_ref(a: ActorMention) -> JsonDict:
    return {"id": a.actor_id, "name": a.name, "text": a.text, "start": a.start, "end": a.end}


def place_ref(p: PlaceMention | None) -> JsonDict | None:
    if p is None:
        return None
    gp = p.place
    return {
        "name": gp.name if gp else p.text,
        "name_ar": gp.name_ar if gp else None,
        "latitude": gp.latitude if gp else None,
        "longitude": gp.longitude if gp else None,
        "admin1": gp.admin1 if gp else None,
        "admin2": gp.admin2 if gp else None,
        "country": gp.country if gp else None,
        "geo_precision": p.geo_precision,
        "gazetteer_id": gp.gazetteer_id if gp else None,
        "feature": gp.feature if gp else None,
        "admin1_code": gp.admin1_code if gp else None,
        "admin2_code": gp.admin2_code if gp else None,
        "sources": list(gp.sources) if gp else [],
        "uncertainty_km": p.uncertainty_km,
        "relation": p.relation,
        "reason": p.reason,
        "alternatives": [a.gazetteer_id for a in p.alternatives if a.gazetteer_id],
        "text": p.text,
        "start": p.start,
        "end": p.end,
    }


def person_ref(p: PersonMention) -> JsonDict:
    return {
        "name": p.name,
        "text": p.text,
        "title": p.title,
        "role": p.role,
        "role_text": p.role_text,
        "actor": p.actor_id,
        "area": p.area,
        "start": p.start,
        "end": p.end,
    }


def date_ref(d: DateMention | None) -> JsonDict:
    if d is None:
        return {"start": None, "end": None, "precision": 3, "text": None}
    return {
        "start": d.start_date.isoformat() if d.start_date else None,
        "end": d.end_date.isoformat() if d.end_date else None,
        "precision": d.precision,
        "text": d.text or None,
        "start_offset": d.start if d.text else None,
        "end_offset": d.end if d.text else None,
    }


def event_to_dict(e: Event) -> JsonDict:
    return {
        "id": e.id,
        "event_type": e.event_type,
        "sub_event_type": e.sub_event_type,
        "actor1": [actor_ref(a) for a in e.actor1],
        "actor2": [actor_ref(a) for a in e.actor2],
        "location": place_ref(e.location),
        "date": date_ref(e.date),
        "fatalities": e.fatalities,
        "quantities": dict(e.quantities),
        "persons": [person_ref(p) for p in e.persons],
        "evidence": [{"start": v.start, "end": v.end, "text": v.text} for v in e.evidence],
        "confidence": round(e.confidence, 3),
        "extractor": e.extractor,
    }


def _quantity_entity(q: Quantity) -> JsonDict:
    return {
        "label": "QUANTITY", "text": q.text, "start": q.start, "end": q.end,
        "value": q.value, "unit": q.unit, "lower_bound": q.lower_bound,
        "approximate": q.approximate,
    }


def entities(doc: Document) -> list[JsonDict]:
    """Every mention found, ordered by position, with its resolved fields."""
    out: list[JsonDict] = []
    out += [{"label": "ACTOR", **actor_ref(a)} for a in doc.actors]
    out += [{"label": "PERSON", **person_ref(p)} for p in doc.persons]
    out += [{"label": "PLACE", **(place_ref(p) or {})} for p in doc.places]
    out += [
        {"label": "DATE", "text": d.text, "start": d.start, "end": d.end,
         "date": date_ref(d)} for d in doc.dates
    ]
    out += [_quantity_entity(q) for q in doc.quantities]
    out.sort(key=lambda e: (e["start"], e["end"]))
    return out


def document_header(doc: Document) -> JsonDict:
    return {
        "id": doc.id,
        "lang": doc.lang,
        "published": doc.published.isoformat() if doc.published else None,
        "url": doc.url,
        "outlet": doc.outlet,
        "pipeline": list(doc.provenance),
    }


def document_to_dict(doc: Document) -> JsonDict:
    """The output-contract object for one report."""
    out: JsonDict = {
        "document": document_header(doc),
        "events": [event_to_dict(e) for e in doc.events],
        "entities": entities(doc),
        "warnings": list(doc.warnings),
    }
    if doc.error is not None:
        out["error"] = doc.error
        out["events"] = []
    return out
