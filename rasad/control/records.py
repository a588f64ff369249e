"""JSON shapes of the control records (stored in the database and returned by queries)."""

from __future__ import annotations

from dataclasses import asdict

from .model import (
    ActorRelation,
    Commander,
    ControlClaim,
    FieldValues,
    Interval,
    JsonDict,
    MergedEvent,
    Site,
    SourceRef,
)


def _interval(value: Interval | None) -> JsonDict | None:
    return None if value is None else value.to_dict()


def _sources(sources: list[SourceRef]) -> list[JsonDict]:
    return [s.to_dict() for s in sources]


def site_dict(site: Site) -> JsonDict:
    out = asdict(site)
    out["sources"] = _sources(site.sources)
    out["count_disputed"] = site.count_disputed
    return out


def claim_dict(claim: ControlClaim) -> JsonDict:
    out = asdict(claim)
    out["valid_from"] = _interval(claim.valid_from)
    out["valid_to"] = _interval(claim.valid_to)
    out["first_evidence"] = _interval(claim.first_evidence)
    out["sources"] = _sources(claim.sources)
    out["corroboration"] = len({s.group for s in claim.sources})
    return out


def commander_dict(commander: Commander) -> JsonDict:
    roles = [{"role": r.role, "role_text": r.role_text, "actor": r.actor_id, "area": r.area,
              "name": r.name_as_written, "title": r.title, "source": r.source.to_dict(),
              "start": r.span[0], "end": r.span[1]} for r in commander.roles]
    return {"id": commander.id, "name": commander.name, "kunya": commander.kunya,
            "aliases": commander.aliases, "roles": roles, "actors": commander.actors,
            "areas": commander.areas, "first_reported": commander.first_reported,
            "last_reported": commander.last_reported, "sources": _sources(commander.sources),
            "corroboration": len({s.group for s in commander.sources}),
            "events": commander.events}


def relation_dict(relation: ActorRelation) -> JsonDict:
    return {"subject": relation.subject, "relation": relation.relation,
            "object": relation.object, "valid_from": _interval(relation.valid_from),
            "sources": _sources(relation.sources), "basis": relation.basis}


def _field(values: FieldValues) -> JsonDict:
    return {"disputed": values.disputed,
            "values": [{"value": v.value, "sources": v.sources, "reports": v.groups}
                       for v in values.values]}


def merged_dict(event: MergedEvent) -> JsonDict:
    first = event.events[0]
    return {
        "id": event.id, "event_type": event.event_type, "sub_event_type": event.sub_event_type,
        "corroboration": event.corroboration, "sources": _sources(event.sources),
        "location": first.get("location"), "date": first.get("date"),
        "fields": {name: _field(f) for name, f in event.fields.items()},
        "disputed": event.disputed, "flags": event.flags,
        "events": [{"id": e.get("id"), "doc_id": s.doc_id, "evidence": e.get("evidence")}
                   for e, s in zip(event.events, event.sources, strict=True)],
    }
