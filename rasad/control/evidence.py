"""Dates and evidence of a claim, taken from the events behind it."""

from __future__ import annotations

from ..lang.ar.normalize import normalize_str
from .model import Interval, JsonDict

MAX_SPANS = 3  # evidence sentences kept per claim and report


def date_interval(event: JsonDict) -> Interval:
    """The event's date; a relative date without an anchor keeps only its text."""
    d = event.get("date") or {}
    start, text = d.get("start"), d.get("text")
    if start and text:
        basis = "event date"
    elif start:
        basis = "publication date"  # the pipeline dates undated events by publication
    else:
        basis = "unknown"
    return Interval(start=start, end=d.get("end") or start, precision=d.get("precision"),
                    text=text, basis=basis)


def pick_evidence(evidence: list[JsonDict], place_forms: list[str],
                  mentions: list[str]) -> list[JsonDict]:
    """The spans that name both the place and the actor, else the place, else all."""
    places = [normalize_str(f) for f in place_forms if f]
    actors = [normalize_str(m) for m in mentions if m]
    spans = [ev for ev in evidence if ev.get("text") is not None]

    def names_place(ev: JsonDict) -> bool:
        text = normalize_str(str(ev["text"]))
        return any(p in text for p in places)

    def names_actor(ev: JsonDict) -> bool:
        text = normalize_str(str(ev["text"]))
        return any(a in text for a in actors)

    for test in (lambda ev: names_place(ev) and names_actor(ev), names_place):
        chosen = [ev for ev in spans if test(ev)]
        if chosen:
            return _unique(chosen)[:MAX_SPANS]
    return _unique(spans)[:MAX_SPANS]


def _unique(spans: list[JsonDict]) -> list[JsonDict]:
    seen: dict[tuple[int, int], JsonDict] = {}
    for ev in spans:
        seen.setdefault((int(ev["start"]), int(ev["end"])), ev)
    return list(seen.values())
