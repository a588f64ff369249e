"""events.triggers.v1, events.rules.v1 and the filters: ACLED events from triggers and mentions.

The rules propose candidate events (high recall, each with a rule confidence); a filter
step then decides which are reported events: ``events.filter.v1`` with the learned model
(the default), or ``events.filter.confidence.v1`` with the rules' own confidence floor.
"""

from __future__ import annotations

from pathlib import Path

from ..events.build import (
    EXTRACTOR,
    MIN_CONFIDENCE,
    build_events,
    confident,
    drop_consequences,
    frames_of,
)
from ..events.clauses import split_clauses
from ..events.handover import complete_givers, link_takers, recode_withdrawals
from ..events.merge import (
    ActorRelations,
    assign_ids,
    fill_defaults,
    fold_headline,
    merge_events,
)
from ..events.triggers import TriggerFinder, outside_dates, reference_year
from ..events.weapons import recode_by_weapon, weapon_cues, weapon_owners
from ..knowledge import load_actors
from ..learn.apply import filter_events
from ..learn.model import STEP_NAME as LEARNED_FILTER
from ..learn.model import EventModel
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
        found = finder(lang).find(doc.text, doc.view, clauses, year)
        doc.triggers = outside_dates(found, doc.dates)
        return doc

    return NamedStep(TRIGGERS, run)


def recode_by_actor(events: list[Event], relations: ActorRelations) -> None:
    """ACLED codes some sub-types by who acts: state forces "regain" territory that
    others "overtake"; only state forces and de facto administrations "arrest", another
    armed group that detains someone abducts them."""
    for ev in events:
        named = [a for a in ev.actor1 if a.actor_id and not a.generic]
        state = any(relations.is_state(a) for a in ev.actor1)
        if ev.sub_event_type == "Non-state actor overtakes territory" and state:
            ev.sub_event_type = "Government regains territory"
        elif ev.sub_event_type == "Arrests" and named and \
                not any(relations.governs(a) for a in ev.actor1):
            ev.sub_event_type = "Abduction/forced disappearance"
        # "هاجموا قرية ... وقتلوا مدنيا": an assault word names a clash only when armed
        # men are hit; on civilians alone it is an attack.
        elif ev.sub_event_type == "Armed clash" and ev.trigger is not None \
                and ev.trigger.frame == "attack" and ev.actor2 \
                and all(a.civilian for a in ev.actor2):
            ev.sub_event_type = "Attack"
        # "اغتال مسلحون عنصراً في قسد": violence against civilians needs civilian
        # victims; killing a member of an armed group is a clash with that group.
        elif ev.sub_event_type == "Attack" and ev.trigger is not None \
                and ev.trigger.frame == "attack" and ev.actor2 \
                and not any(a.civilian for a in ev.actor2):
            ev.sub_event_type = "Armed clash"
        ev.event_type = EVENT_TYPE_OF[ev.sub_event_type]


@register(EXTRACTOR)
def make_rules_step(resources: Resources) -> NamedStep:
    relations = _relations(resources)

    def run(doc: Document) -> Document:
        clauses = split_clauses(doc.text, doc.sentences)
        cues = weapon_cues(doc)
        triggers = recode_by_weapon(doc.triggers, clauses, cues)
        triggers = drop_consequences(triggers, doc.sentences, doc.text)
        events = link_takers(doc, build_events(doc, frames_of(triggers, clauses, doc.text),
                                               weapon_owners(doc, cues)))
        recode_by_actor(events, relations)
        fill_defaults(doc, events)
        events = fold_headline(doc, merge_events(events, relations))
        recode_withdrawals(events)
        complete_givers(events)
        doc.events = confident(merge_events(events, relations), floor=0.0)
        assign_ids(doc, doc.events)
        return doc

    return NamedStep(EXTRACTOR, run)


def _relations(resources: Resources) -> ActorRelations:
    relations = resources.get("actor_relations", lambda: ActorRelations(load_actors()))
    assert isinstance(relations, ActorRelations)
    return relations


@register(LEARNED_FILTER)
def make_learned_filter(resources: Resources) -> NamedStep:
    path = resources.event_model_path
    model = resources.get("event_model",
                          lambda: EventModel.load(Path(path)) if path else EventModel.load())
    assert isinstance(model, EventModel)
    return NamedStep(LEARNED_FILTER, lambda doc: filter_events(doc, model))


CONFIDENCE_FILTER = "events.filter.confidence.v1"


@register(CONFIDENCE_FILTER)
def make_confidence_filter(resources: Resources) -> NamedStep:
    def run(doc: Document) -> Document:
        doc.events = [e for e in doc.events if e.confidence >= MIN_CONFIDENCE]
        return doc

    return NamedStep(CONFIDENCE_FILTER, run)
