"""events.triggers.v1 and events.rules.v1: ACLED events from triggers and mentions."""

from __future__ import annotations

from ..events.build import EXTRACTOR, build_events, confident, drop_consequences, frames_of
from ..events.clauses import split_clauses
from ..events.merge import (
    ActorRelations,
    assign_ids,
    fill_defaults,
    fold_headline,
    merge_events,
)
from ..events.triggers import TriggerFinder, reference_year
from ..events.weapons import recode_by_weapon, weapon_cues, weapon_owners
from ..knowledge import load_actors
from ..pipeline import NamedStep, Resources, register
from ..types import EVENT_TYPE_OF, Document, Event

TRIGGERS = "events.triggers.v1"


@register(TRIGGERS)
def make_trigger_step(resources: Resources) -> NamedStep:
    def finder(lang: str) -> TriggerFinder:
        found = resources.get(f"triggers:{lang}", lambda: TriggerFinder.build(lang))
        assert isinstance(found, TriggerFinder)
        return found

    def run(doc: Document) -> Document:
        lang = doc.lang if doc.lang in ("ar", "en") else "ar"
        clauses = split_clauses(doc.text, doc.sentences)
        year = reference_year(doc.text, doc.published.year if doc.published else None)
        doc.triggers = finder(lang).find(doc.text, doc.view, clauses, year)
        return doc

    return NamedStep(TRIGGERS, run)


def recode_by_actor(events: list[Event], relations: ActorRelations) -> None:
    """ACLED codes some sub-types by who acts: state forces "regain" territory that
    others "overtake"; only state forces "arrest", a non-state group that detains
    someone abducts them."""
    for ev in events:
        named = [a for a in ev.actor1 if a.actor_id and not a.generic]
        state = any(relations.is_state(a) for a in ev.actor1)
        if ev.sub_event_type == "Non-state actor overtakes territory" and state:
            ev.sub_event_type = "Government regains territory"
        elif ev.sub_event_type == "Arrests" and named and not state:
            ev.sub_event_type = "Abduction/forced disappearance"
        ev.event_type = EVENT_TYPE_OF[ev.sub_event_type]


@register(EXTRACTOR)
def make_rules_step(resources: Resources) -> NamedStep:
    relations = resources.get("actor_relations", lambda: ActorRelations(load_actors()))
    assert isinstance(relations, ActorRelations)

    def run(doc: Document) -> Document:
        clauses = split_clauses(doc.text, doc.sentences)
        cues = weapon_cues(doc)
        triggers = recode_by_weapon(doc.triggers, clauses, cues)
        triggers = drop_consequences(triggers, doc.sentences)
        events = build_events(doc, frames_of(triggers, clauses, doc.text),
                              weapon_owners(doc, cues))
        recode_by_actor(events, relations)
        fill_defaults(doc, events)
        doc.events = confident(fold_headline(doc, merge_events(events, relations)))
        assign_ids(doc, doc.events)
        return doc

    return NamedStep(EXTRACTOR, run)
