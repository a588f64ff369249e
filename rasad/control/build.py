"""The whole derivation: reports -> syndication groups -> merged events -> control.

:func:`build_control` is pure (a :class:`Corpus` in, records out) so that the merging
and derivation guarantees can be tested on hand-built event dicts; the database side
is in :mod:`rasad.control.db`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .commanders import build_commanders
from .corpus import Corpus
from .derive import ActorInfo, derive_control
from .merge import merge_events
from .model import ActorRelation, Commander, ControlClaim, MergedEvent, Site
from .records import claim_dict, commander_dict, merged_dict, relation_dict, site_dict
from .relations import event_relations, knowledge_relations, related_ids
from .sites import lookup_keys
from .syndication import syndication_groups


@dataclass(slots=True)
class ControlResult:
    groups: dict[str, str]  # doc id -> canonical doc id of its syndication group
    merged: list[MergedEvent]
    sites: list[Site]
    claims: list[ControlClaim]
    commanders: list[Commander]
    relations: list[ActorRelation]
    actor_names: dict[str, str] = field(default_factory=dict)

    def to_view(self) -> ControlView:
        return ControlView(
            sites=[site_dict(s) for s in self.sites],
            claims=[claim_dict(c) for c in self.claims],
            commanders=[commander_dict(c) for c in self.commanders],
            relations=[relation_dict(r) for r in self.relations],
            merged=[merged_dict(m) for m in self.merged],
            actor_names=dict(self.actor_names))


@dataclass(slots=True)
class ControlView:
    """The derived records as JSON dicts: what the queries read."""

    sites: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    commanders: list[dict[str, Any]] = field(default_factory=list)
    relations: list[dict[str, Any]] = field(default_factory=list)
    merged: list[dict[str, Any]] = field(default_factory=list)
    actor_names: dict[str, str] = field(default_factory=dict)


def default_kb() -> Any:
    from ..knowledge import load_actors

    return load_actors()


def actor_info(kb: Any) -> ActorInfo:
    def generic(actor_id: str) -> bool:
        actor = kb.get(actor_id) if kb is not None else None
        return bool(actor is not None and actor.generic)

    def name(actor_id: str) -> str | None:
        actor = kb.get(actor_id) if kb is not None else None
        return None if actor is None else str(actor.short)

    return ActorInfo(related=lambda a: related_ids(a, kb), generic=generic, name=name)


def _siblings(merged: list[MergedEvent]) -> Callable[[MergedEvent], list[MergedEvent]]:
    by_doc: dict[str, list[MergedEvent]] = {}
    for event in merged:
        for doc_id in dict.fromkeys(s.doc_id for s in event.sources):
            by_doc.setdefault(doc_id, []).append(event)

    def siblings(event: MergedEvent) -> list[MergedEvent]:
        doc_id = event.sources[0].doc_id
        return [e for e in by_doc.get(doc_id, []) if e is not event]

    return siblings


def _add_between_names(sites: Iterable[Site], corpus: Corpus) -> None:
    # "between X and Y" carries only English names; Arabic queries for X or Y should find it.
    arabic: dict[str, list[str]] = {}
    for event in corpus.events:
        loc = event.get("location") or {}
        if loc.get("name") and loc.get("name_ar"):
            for key in lookup_keys([loc["name"]]):
                arabic.setdefault(key, []).append(str(loc["name_ar"]))
    for site in sites:
        if site.relation != "between":
            continue
        extra = [ar for key in site.names for ar in arabic.get(key, [])]
        site.names = list(dict.fromkeys(site.names + lookup_keys(extra)))


def build_control(corpus: Corpus, kb: Any = None) -> ControlResult:
    """Merge the corpus's events and derive sites, claims, commanders and relations."""
    kb = default_kb() if kb is None else kb
    info = actor_info(kb)
    groups = syndication_groups(corpus.docs.values())
    merged = merge_events(corpus, groups, expand=info.related)
    siblings = _siblings(merged)
    state = derive_control(merged, info, siblings)
    commanders = build_commanders(corpus, groups, merged, info.related)
    actor_ids = {k for m in merged for e in m.events for side in ("actor1", "actor2")
                 for k in (r.get("id") for r in e.get(side) or []) if k}
    actor_ids |= {a for c in commanders for a in c.actors}
    relations = knowledge_relations(actor_ids, kb) + event_relations(merged, kb, siblings)
    _add_between_names(state.sites.values(), corpus)
    names = {a: n for a in actor_ids | {r.object for r in relations}
             if (n := info.name(a)) is not None}
    return ControlResult(groups=groups, merged=merged, sites=list(state.sites.values()),
                         claims=state.claims, commanders=commanders, relations=relations,
                         actor_names=names)
