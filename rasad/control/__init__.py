"""Control timeline: who holds which position, since when, says who.

Derived from the stored output-contract events of any ingested corpus:

    >>> from rasad.control import rebuild_control, load_view, control
    >>> summary = rebuild_control("rasad.db")          # doctest: +SKIP
    >>> control(load_view("rasad.db"), "Tadmur")       # doctest: +SKIP

:func:`build_control` does the same on in-memory records (a :class:`Corpus`, e.g. from
:func:`corpus_from_records`), which is how the merging guarantees are tested.
"""

from __future__ import annotations

from .build import ControlResult, ControlView, build_control
from .corpus import Corpus, corpus_from_records, load_corpus
from .db import RebuildSummary, is_stale, load_view, rebuild_control
from .model import (
    ActorRelation,
    Commander,
    ControlClaim,
    Interval,
    MergedEvent,
    Site,
    SourceRef,
)
from .query import NotFound, actor, commander, control, history

__all__ = [
    "ActorRelation",
    "Commander",
    "ControlClaim",
    "ControlResult",
    "ControlView",
    "Corpus",
    "Interval",
    "MergedEvent",
    "NotFound",
    "RebuildSummary",
    "Site",
    "SourceRef",
    "actor",
    "build_control",
    "commander",
    "control",
    "corpus_from_records",
    "history",
    "is_stale",
    "load_corpus",
    "load_view",
    "rebuild_control",
]
