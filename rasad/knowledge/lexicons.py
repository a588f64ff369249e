"""Trigger, negation-cue and person-cue lexicons (TSV files beside this module)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..errors import KnowledgeError
from ..lang.ar.normalize import normalize_str
from ..types import ACLED_TAXONOMY, EVENT_TYPE_OF
from ._common import DATA_DIR, has_arabic, read_tsv, where

TRIGGER_DIR = DATA_DIR / "triggers"
NEGATION_PATH = TRIGGER_DIR / "negation.tsv"
PERSONS_PATH = DATA_DIR / "persons.tsv"
LANGS: tuple[str, ...] = ("ar", "en")
MIN_PATTERNS_PER_SUBTYPE = 3

# Role hints the argument rules understand (see the header of triggers/ar.tsv).
FRAMES: frozenset[str] = frozenset({
    "attack", "handover", "receive", "withdraw", "takeover", "meeting", "movement", "establish",
    "arrest", "abduct", "protest", "strike", "shelling", "explosion", "clash", "other",
})
NEGATION_KINDS: frozenset[str] = frozenset({"plan", "threat", "negation", "hypothetical", "background",
                                            "without",
                                            "history", "breach", "support"})
PERSON_CUE_KINDS: frozenset[str] = frozenset({"title", "role_phrase", "name_intro"})

_TRIGGER_COLUMNS = ("pattern", "sub_event_type", "frame", "weight", "suffix", "source_note")


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    pattern: str
    sub_event_type: str
    event_type: str
    frame: str
    weight: float
    suffix: bool
    lang: str
    source: str


@dataclass(frozen=True, slots=True)
class NegationCue:
    pattern: str
    kind: str
    lang: str
    source: str


@dataclass(frozen=True, slots=True)
class PersonCue:
    pattern: str
    kind: str
    role: str | None
    source: str
    lang: str = "ar"


def _trigger_row(row: dict[str, str], lang: str) -> TriggerEntry:
    sub = row["sub_event_type"]
    if sub not in EVENT_TYPE_OF:
        raise KnowledgeError(f"sub_event_type {sub!r} is not an ACLED sub-event type")
    if row["frame"] not in FRAMES:
        raise KnowledgeError(f"frame {row['frame']!r} is not one of {sorted(FRAMES)}")
    try:
        weight = float(row["weight"])
    except ValueError as exc:
        raise KnowledgeError(f"weight {row['weight']!r} is not a number") from exc
    if not 0.0 < weight <= 1.0:
        raise KnowledgeError(f"weight {weight} outside (0, 1]")
    if row["suffix"] not in ("0", "1"):
        raise KnowledgeError(f"suffix must be 0 or 1, got {row['suffix']!r}")
    if not row["pattern"] or not row["source_note"]:
        raise KnowledgeError("pattern and source_note must not be empty")
    if (lang == "ar") != has_arabic(row["pattern"]):
        raise KnowledgeError(f"pattern {row['pattern']!r} is not in language {lang!r}")
    return TriggerEntry(row["pattern"], sub, EVENT_TYPE_OF[sub], row["frame"], weight,
                        row["suffix"] == "1", lang, row["source_note"])


def parse_triggers(path: Path, lang: str) -> tuple[TriggerEntry, ...]:
    """Read and validate one trigger lexicon; every sub-event type must be covered."""
    entries: list[TriggerEntry] = []
    seen: dict[tuple[str, str], int] = {}
    for number, row in read_tsv(path, _TRIGGER_COLUMNS):
        try:
            entry = _trigger_row(row, lang)
        except KnowledgeError as exc:
            raise KnowledgeError(f"{where(path, number)}: {row['pattern']!r}: {exc}") from exc
        key = (" ".join(normalize_str(entry.pattern).split()), entry.sub_event_type)
        if key in seen:
            raise KnowledgeError(f"{where(path, number)}: {entry.pattern!r} duplicates line "
                                 f"{seen[key]} for {entry.sub_event_type!r}")
        seen[key] = number
        entries.append(entry)
    counts = Counter(e.sub_event_type for e in entries)
    thin = [s for subs in ACLED_TAXONOMY.values() for s in subs
            if counts[s] < MIN_PATTERNS_PER_SUBTYPE]
    if thin:
        raise KnowledgeError(f"{where(path)}: fewer than {MIN_PATTERNS_PER_SUBTYPE} patterns "
                             f"for sub-event type(s) {thin}")
    return tuple(entries)


@cache
def _default_triggers(lang: str) -> tuple[TriggerEntry, ...]:
    return parse_triggers(TRIGGER_DIR / f"{lang}.tsv", lang)


def load_triggers(lang: str, path: Path | None = None) -> tuple[TriggerEntry, ...]:
    """Trigger entries for ``lang`` ("ar" or "en"); the packaged files are read once."""
    if lang not in LANGS:
        raise KnowledgeError(f"no trigger lexicon for language {lang!r} (have {LANGS})")
    return _default_triggers(lang) if path is None else parse_triggers(path, lang)


def parse_negation_cues(path: Path) -> tuple[NegationCue, ...]:
    cues: list[NegationCue] = []
    for number, row in read_tsv(path, ("pattern", "kind", "source_note")):
        if row["kind"] not in NEGATION_KINDS:
            raise KnowledgeError(f"{where(path, number)}: {row['pattern']!r}: kind "
                                 f"{row['kind']!r} not in {sorted(NEGATION_KINDS)}")
        if not row["pattern"] or not row["source_note"]:
            raise KnowledgeError(f"{where(path, number)}: empty pattern or source_note")
        lang = "ar" if has_arabic(row["pattern"]) else "en"
        cues.append(NegationCue(row["pattern"], row["kind"], lang, row["source_note"]))
    return tuple(cues)


@cache
def _default_negation_cues() -> tuple[NegationCue, ...]:
    return parse_negation_cues(NEGATION_PATH)


def load_negation_cues(path: Path | None = None) -> tuple[NegationCue, ...]:
    """Cues that make a nearby trigger a plan, threat, denial or history, not an event."""
    return _default_negation_cues() if path is None else parse_negation_cues(path)


def parse_person_cues(path: Path) -> tuple[PersonCue, ...]:
    cues: list[PersonCue] = []
    for number, row in read_tsv(path, ("pattern", "kind", "role", "source_note")):
        if row["kind"] not in PERSON_CUE_KINDS:
            raise KnowledgeError(f"{where(path, number)}: {row['pattern']!r}: kind "
                                 f"{row['kind']!r} not in {sorted(PERSON_CUE_KINDS)}")
        if not row["pattern"] or not row["source_note"]:
            raise KnowledgeError(f"{where(path, number)}: empty pattern or source_note")
        lang = "ar" if has_arabic(row["pattern"]) else "en"
        role = row["role"] if row["role"] not in ("", "-") else None
        cues.append(PersonCue(row["pattern"], row["kind"], role, row["source_note"], lang))
    return tuple(cues)


@cache
def _default_person_cues() -> tuple[PersonCue, ...]:
    return parse_person_cues(PERSONS_PATH)


def load_person_cues(path: Path | None = None) -> tuple[PersonCue, ...]:
    """Titles, role phrases and name introducers that mark commanders and officials."""
    return _default_person_cues() if path is None else parse_person_cues(path)
