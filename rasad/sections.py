"""Long reports in sections: bounded work per section, offsets into the whole text.

Several steps compare each mention with its neighbours across the report (context
for geocoding, frames for events), which is cheap for a news report and quadratic for
a book-length input. A report longer than ``max_chars`` is therefore cut into
sections at paragraph (else sentence, else word) boundaries; the pipeline runs on
each section and the results are joined with every offset shifted back into the
whole report, so ``doc.text[span.start:span.end] == span.text`` still holds. Reports
up to ``max_chars`` are never cut and come out exactly as before.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections import Counter

from .types import Document, Place, Sentence, Token

# Preferred cut points, strongest first: a blank line, a line break, a sentence end,
# any whitespace. A section ends after the cut point.
_CUTS = (
    re.compile(r"\n[ \t\r]*\n"),
    re.compile(r"\n"),
    re.compile(r"[.!?؟。]\s"),
    re.compile(r"\s"),
)


def section_bounds(text: str, max_chars: int) -> list[tuple[int, int]]:
    """``(start, end)`` of consecutive sections covering ``text``, each ``<= max_chars``."""
    if max_chars < 1:
        raise ValueError(f"section size must be positive, got {max_chars}")
    bounds: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > max_chars:
        end = _cut(text, start, start + max_chars)
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    return bounds


def _cut(text: str, start: int, limit: int) -> int:
    # Look for a cut only in the second half, so that no section is tiny.
    floor = start + (limit - start) // 2
    for pattern in _CUTS:
        last = None
        for m in pattern.finditer(text, floor, limit):
            last = m
        if last is not None:
            return last.end()
    return limit


def section_document(doc: Document, start: int, end: int) -> Document:
    """A fresh document for ``doc.text[start:end]`` carrying the report's metadata."""
    return Document(text=doc.text[start:end], id=doc.id, lang=doc.lang,
                    published=doc.published, url=doc.url, outlet=doc.outlet)


def join_sections(doc: Document, parts: list[tuple[int, Document]]) -> Document:
    """Fill ``doc`` from its processed sections (``(offset, section)`` in text order)."""
    for offset, part in parts:
        if offset:
            _shift_spans(part, offset)
            for ev in part.events:
                # Ids hash offsets local to the section: two sections telling the same
                # words would collide without the section's place in the report.
                ev.id = hashlib.sha1(f"{ev.id}|{offset}".encode()).hexdigest()[:16]
    for name in ("sentences", "tokens", "actors", "persons", "places", "dates",
                 "quantities", "triggers", "events"):
        setattr(doc, name, [x for _, part in parts for x in getattr(part, name)])
    warnings = list(doc.warnings)
    for _, part in parts:
        warnings += [w for w in part.warnings if w not in warnings]
    doc.warnings = warnings
    if doc.lang is None:
        sizes = Counter({p.lang: 0 for _, p in parts})
        for _, part in parts:
            sizes[part.lang] += len(part.text)
        doc.lang = sizes.most_common(1)[0][0]
    return doc


def _shift_spans(part: Document, delta: int) -> None:
    # Tokens and sentences are most of the spans and hold nothing else: a tight loop.
    spans: list[Sentence | Token] = [*part.sentences, *part.tokens]
    for span in spans:
        span.start += delta
        span.end += delta
    seen: set[int] = set()
    for name in ("actors", "persons", "places", "dates", "quantities", "triggers", "events"):
        _shift(getattr(part, name), delta, seen)


def _shift(obj: object, delta: int, seen: set[int]) -> None:
    """Add ``delta`` to the ``start``/``end`` offsets of every span reachable from ``obj``.

    Spans are shared between lists (an event's actors are the document's actor
    mentions), so each object is shifted once.
    """
    if isinstance(obj, Place | str | int | float) or obj is None or id(obj) in seen:
        return
    seen.add(id(obj))
    if isinstance(obj, list | tuple):
        for item in obj:
            _shift(item, delta, seen)
        return
    if isinstance(obj, dict):
        for item in obj.values():
            _shift(item, delta, seen)
        return
    if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
        return
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if f.name in ("start", "end") and isinstance(value, int):
            setattr(obj, f.name, value + delta)
        else:
            _shift(value, delta, seen)
