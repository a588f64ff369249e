"""Compositional triggers: a verb and its object, with words allowed between them.

A phrase lexicon lists "أقامت نقطة" but misses "أقامت قوات النظام ثلاث نقاط" and "set
up two new checkpoints": the words between the establishing verb and the installation
vary without end. Here a verb from ``triggers/compose.tsv`` followed, in the same clause
and within a few words, by one of its objects yields one trigger spanning both.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from ..knowledge._common import DATA_DIR, read_tsv
from ..lang.ar.normalize import NormalizedText
from ..match import PhraseMatcher
from ..types import Trigger

COMPOSE_PATH = DATA_DIR / "triggers" / "compose.tsv"
_COLUMNS = ("pattern", "lang", "part", "sub_event_type", "frame", "suffix", "source_note")
# Words allowed between verb and object: a subject and a numeral or adjective
# ("ثبتت قوات النظام أربعة حواجز"); further apart, the noun is seldom the verb's object.
MAX_GAP_WORDS = 4
# A quantifier opens the object's own phrase ("نقلت الميليشيا عدداً من مقارها"): its words
# are not words between verb and object.
_QUANTIFIER = re.compile(r"(?:^|\s)(?:عدد|عددا|عدداً|بعض|عشرات|مئات|آلاف)(?:\s+من)?\s*$")
WEIGHT = 0.85


@dataclass(slots=True)
class ComposedTriggers:
    """Verb and object matchers of one language."""

    verbs: PhraseMatcher[tuple[str, str]]  # (sub-event type, frame)
    objects: PhraseMatcher[tuple[str, str]]

    @classmethod
    def build(cls, lang: str) -> ComposedTriggers:
        verbs: PhraseMatcher[tuple[str, str]] = PhraseMatcher()
        objects: PhraseMatcher[tuple[str, str]] = PhraseMatcher()
        for _, row in read_tsv(COMPOSE_PATH, _COLUMNS):
            if row["lang"] != lang:
                continue
            target = verbs if row["part"] == "verb" else objects
            target.add(row["pattern"], (row["sub_event_type"], row["frame"]),
                       allow_suffix=row["suffix"] == "1")
        return cls(verbs, objects)

    def find(self, text: str, view: NormalizedText, bounds: list[tuple[int, int]]
             ) -> list[Trigger]:
        if not len(self.verbs):
            return []
        objects = sorted((*view.to_original(m.start, m.end), m.payloads)
                         for m in self.objects.find(view))
        if not objects:
            return []
        starts = [o[0] for o in objects]
        clause_starts = [s for s, _ in bounds]
        out: list[Trigger] = []
        for m in self.verbs.find(view):
            start, end = view.to_original(m.start, m.end)
            gap_from = _word_end(text, end)  # an inflection ("عززت") is no word between
            c = bisect_left(clause_starts, start + 1) - 1
            clause_end = bounds[c][1] if c >= 0 and start < bounds[c][1] else len(text)
            for obj in objects[bisect_left(starts, end):]:
                if obj[0] >= clause_end or _gap_words(text[gap_from:obj[0]]) > MAX_GAP_WORDS:
                    break
                # the subject may stand between ("ثبتت قوات النظام حواجز"): first object
                # of the verb's own kind
                kind = next((k for k in m.payloads if k in obj[2]), None)
                if kind is not None:
                    out.append(Trigger(start, obj[1], text[start:obj[1]], kind[0], WEIGHT,
                                       kind[1]))
                    break
        return out


def _word_end(text: str, end: int) -> int:
    """Where the written word holding offset ``end`` stops."""
    while end < len(text) and text[end].isalnum():
        end += 1
    return end


def _gap_words(gap: str) -> int:
    quantifier = _QUANTIFIER.search(gap)
    return len((gap[:quantifier.start()] if quantifier else gap).split())
