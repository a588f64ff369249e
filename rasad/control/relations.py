"""Actor relations with time and source: part_of, backed_by, allied_with, handed_over_to.

part_of and backed_by come from the knowledge base (with its source note);
handed_over_to from handovers (giver -> taker, dated, with the reports);
allied_with from named groups acting together on one side of an event, unless the
knowledge base already relates them (a backer acting with the group it backs).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .merge import actor_keys
from .model import ActorRelation, MergedEvent, SourceRef
from .sides import CONTROL_CHANGE, event_interval, side_of


def knowledge_relations(actor_ids: Iterable[str], kb: Any) -> list[ActorRelation]:
    out: list[ActorRelation] = []
    seen: set[str] = set()
    pending = sorted(set(actor_ids))
    while pending:
        actor_id = pending.pop()
        actor = kb.get(actor_id) if kb is not None else None
        if actor_id in seen or actor is None:
            continue
        seen.add(actor_id)
        basis = f"knowledge base (actors.yaml): {actor.source}"
        if actor.parent:
            out.append(ActorRelation(actor_id, "part_of", actor.parent, basis=basis))
            pending.append(actor.parent)
        for sponsor in actor.sponsors:
            out.append(ActorRelation(actor_id, "backed_by", sponsor, basis=basis))
            pending.append(sponsor)
    return sorted(out, key=lambda r: (r.subject, r.relation, r.object))


def event_relations(merged: list[MergedEvent], kb: Any,
                    siblings: Any) -> list[ActorRelation]:
    out: dict[tuple[str, str, str], ActorRelation] = {}
    for event in merged:
        if event.sub_event_type in CONTROL_CHANGE:
            when = event_interval(event, siblings(event))
            takers, givers = side_of(event, "actor1"), side_of(event, "actor2")
            for giver in givers.names:
                for taker in takers.names:
                    _add(out, (giver, "handed_over_to", taker), event,
                         givers.sources[giver] + takers.sources[taker], when)
        for member, source in zip(event.events, event.sources, strict=True):
            named = sorted(k for k in actor_keys(member.get("actor1"))
                           if _named(k, kb))
            for i, a in enumerate(named):
                for b in named[i + 1:]:
                    if not _kb_related(a, b, kb):
                        _add(out, (a, "allied_with", b), event, [source], None)
    return list(out.values())


def _add(out: dict[tuple[str, str, str], ActorRelation], key: tuple[str, str, str],
         event: MergedEvent, sources: list[SourceRef], when: Any) -> None:
    relation = out.get(key)
    if relation is None:
        relation = out[key] = ActorRelation(*key, valid_from=when, basis=event.id)
    elif event.id not in relation.basis.split(","):
        relation.basis += f",{event.id}"
    known = {s.doc_id for s in relation.sources}
    for source in sources:
        if source.doc_id not in known:
            known.add(source.doc_id)
            relation.sources.append(source)


def _named(actor_id: str, kb: Any) -> bool:
    actor = kb.get(actor_id) if kb is not None else None
    return actor is not None and not actor.generic


def _kb_related(a: str, b: str, kb: Any) -> bool:
    return b in related_ids(a, kb) or a in related_ids(b, kb)


def related_ids(actor_id: str, kb: Any) -> set[str]:
    """The actor, the formations it belongs to and their backers."""
    if kb is None or kb.get(actor_id) is None:
        return {actor_id}
    return set(kb.lineage(actor_id)) | set(kb.sponsors_of(actor_id))
