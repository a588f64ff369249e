"""Singular site nouns count as one: "أخلت مقرًا عسكريًا قرب تدمر ومقرًا قرب البيضة".

Number words and digits are found by the quantity step; a lone indefinite site noun is
a count only in an event about positions (handover, base set up, territory taken), so
the rule lives here, with the event, not in the word-level quantity finder.
"""

from __future__ import annotations

from functools import cache

from ..lang.units import unit_lexicon
from ..match import PhraseMatcher
from ..types import Document, Quantity

SITE_EVENTS = frozenset({
    "Non-violent transfer of territory",
    "Headquarters or base established",
    "Government regains territory",
    "Non-state actor overtakes territory",
})


@cache
def _site_nouns(lang: str) -> PhraseMatcher[str]:
    matcher: PhraseMatcher[str] = PhraseMatcher()
    for words, (unit, form) in unit_lexicon(lang).nouns.items():
        if unit == "sites" and form == "sg":
            noun = " ".join(words)
            matcher.add(noun, unit)
            if lang == "ar" and len(words) == 1:
                matcher.add(noun + "ا", unit)  # accusative tanwin: مقرًا -> مقرا
    return matcher


def singular_sites(doc: Document, start: int, end: int, taken: list[Quantity]) -> list[Quantity]:
    """One-site quantities for lone site nouns in ``doc.text[start:end]``."""
    lang = doc.lang if doc.lang in ("ar", "en") else "ar"
    view = doc.view
    lo, hi = view.from_original(start), view.from_original(end)
    out: list[Quantity] = []
    for m in _site_nouns(lang).find(view.text[lo:hi]):
        s, e = view.to_original(lo + m.start, lo + m.end)
        before = doc.text[max(0, s - 8):s]
        if any(q.start < e and s < q.end for q in taken) or "أحد" in before or "one of" in before:
            continue
        out.append(Quantity(s, e, doc.text[s:e], 1, "sites"))
    return out
