"""Knowledge data (actors, trigger lexicons, negation and person cues) and their loaders.

The data lives in files beside this package, each entry with a source note:

    actors.yaml            armed and other actors with Arabic/English surface forms
    triggers/ar.tsv, en.tsv  event trigger patterns for the 25 ACLED sub-event types
    triggers/negation.tsv  cues that turn a trigger into a plan/threat/denial/history
    persons.tsv            titles and role phrases that introduce commanders

Loaders validate on read and raise :class:`rasad.errors.KnowledgeError` naming the
file and the entry. The packaged files are read lazily, once per process.
"""

from __future__ import annotations

from .actors import ACLED_ACTOR_TYPES, ACTORS_PATH, Actor, ActorKB, load_actors, parse_actors
from .lexicons import (
    FRAMES,
    NEGATION_KINDS,
    PERSON_CUE_KINDS,
    NegationCue,
    PersonCue,
    TriggerEntry,
    load_negation_cues,
    load_person_cues,
    load_triggers,
    parse_negation_cues,
    parse_person_cues,
    parse_triggers,
)

__all__ = [
    "ACLED_ACTOR_TYPES",
    "ACTORS_PATH",
    "FRAMES",
    "NEGATION_KINDS",
    "PERSON_CUE_KINDS",
    "Actor",
    "ActorKB",
    "NegationCue",
    "PersonCue",
    "TriggerEntry",
    "load_actors",
    "load_negation_cues",
    "load_person_cues",
    "load_triggers",
    "parse_actors",
    "parse_negation_cues",
    "parse_person_cues",
    "parse_triggers",
]
