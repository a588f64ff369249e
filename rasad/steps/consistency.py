"""consistency.v1: warnings an analyst should see before trusting a report's details.

1. One entity written two ways: numbered units whose numbers differ by a transposition
   or one digit ("الفوج 47" / "الفوج 74"), places or persons whose names differ by a
   letter or two ("البيضة" / "البيضا").
2. Itemized counts that do not add up to the total the report states
   ("9 sites" stated, 3 + 1 + 3 + 2 itemized).
"""

from __future__ import annotations

import re
from collections import defaultdict
from difflib import SequenceMatcher
from itertools import combinations

from ..lang.ar.normalize import normalize_str
from ..pipeline import NamedStep, Resources, register
from ..types import Document, Event, Quantity

NAME = "consistency.v1"
_DIGITS = re.compile(r"\d+")
_SIMILAR = 0.8


def _near_number(a: str, b: str) -> bool:
    if a == b or len(a) != len(b):
        return False
    return sorted(a) == sorted(b) or sum(x != y for x, y in zip(a, b, strict=True)) == 1


def numbered_variants(texts: list[str]) -> list[tuple[str, str]]:
    """Pairs like ('الفوج 47', 'الفوج 74'): same words, near-identical numbers."""
    by_words: dict[str, set[str]] = defaultdict(set)
    for t in texts:
        digits = _DIGITS.findall(t)
        if len(digits) == 1:
            by_words[_DIGITS.sub("#", normalize_str(t))].add(t)
    pairs: list[tuple[str, str]] = []
    for group in by_words.values():
        for a, b in combinations(sorted(group), 2):
            if _near_number(_DIGITS.findall(a)[0], _DIGITS.findall(b)[0]):
                pairs.append((a, b))
    return pairs


def spelling_variants(texts: list[str]) -> list[tuple[str, str]]:
    """Distinct spellings that differ by a letter or two and contain no digits."""
    forms: dict[str, str] = {}
    for t in texts:
        key = normalize_str(t).strip()
        if len(key) >= 4 and not _DIGITS.search(key):
            forms.setdefault(key, t)
    pairs: list[tuple[str, str]] = []
    for a, b in combinations(sorted(forms), 2):
        if a in b or b in a:
            continue
        if SequenceMatcher(None, a, b).ratio() >= _SIMILAR:
            pairs.append((forms[a], forms[b]))
    return pairs


def _place_groups(doc: Document) -> list[list[str]]:
    by_place: dict[str, list[str]] = defaultdict(list)
    for p in doc.places:
        key = p.place.gazetteer_id if p.place and p.place.gazetteer_id else normalize_str(p.text)
        by_place[key or p.text].append(p.text)
    return list(by_place.values())


def variant_warnings(doc: Document) -> list[str]:
    out: list[str] = []
    actor_texts = [a.text for a in doc.actors]
    for a, b in numbered_variants(actor_texts):
        out.append(f"inconsistent unit number: '{a}' vs '{b}' may be one unit written two ways")
    seen: set[tuple[str, str]] = set()
    for texts in _place_groups(doc):
        for a, b in spelling_variants(texts):
            if (a, b) not in seen:
                seen.add((a, b))
                out.append(f"place written two ways: '{a}' vs '{b}'")
    for a, b in spelling_variants([p.name for p in doc.persons]):
        out.append(f"person written two ways: '{a}' vs '{b}'")
    return out


def _sentence_span(doc: Document, pos: int) -> tuple[int, int]:
    s = next((s for s in doc.sentences if s.start <= pos < s.end), None)
    return (s.start, s.end) if s else (0, len(doc.text))


def count_warnings(doc: Document) -> list[str]:
    counted = {(q.start, q.end) for e in doc.events for q in e.counted}
    out: list[str] = []
    # Sorted: a set of strings iterates in an order that changes from process to process,
    # and the warnings must come out the same for the same report.
    for sub in sorted({e.sub_event_type for e in doc.events}):
        events = [e for e in doc.events if e.sub_event_type == sub]
        for unit in sorted({u for e in events for u in e.quantities}):
            itemized = [e for e in events if unit in e.quantities]
            if len(itemized) < 2:
                continue
            total = sum(e.quantities[unit] for e in itemized)
            for q in _stated_totals(doc, events, unit, counted):
                if q.value != total and not (q.lower_bound and total >= q.value):
                    out.append(
                        f"counts do not add up: '{q.text}' states {q.value} {unit} for "
                        f"{sub}, the itemized places sum to {total}"
                    )
    return out


def _stated_totals(doc: Document, events: list[Event], unit: str,
                   counted: set[tuple[int, int]]) -> list[Quantity]:
    spans = {_sentence_span(doc, ev.start) for e in events for ev in e.evidence}
    return [q for q in doc.quantities
            if q.unit == unit and (q.start, q.end) not in counted and not q.approximate
            and any(s <= q.start < e for s, e in spans)]


@register(NAME)
def make_consistency_step(resources: Resources) -> NamedStep:
    def run(doc: Document) -> Document:
        doc.warnings.extend(variant_warnings(doc) + count_warnings(doc))
        return doc

    return NamedStep(NAME, run)
