"""Applying the learned model to a report's candidate events."""

from __future__ import annotations

from ..types import Document, Event
from .features import DocContext, Features, event_features
from .model import EventModel


def candidate_features(doc: Document) -> list[Features]:
    """Features of every candidate event of ``doc``, in ``doc.events`` order."""
    ctx = DocContext.of(doc)
    return [event_features(ctx, ev) for ev in doc.events]


def filter_events(doc: Document, model: EventModel,
                  features: list[Features] | None = None) -> Document:
    """Keep the candidates the model takes for reported events (given the rules' own
    confidence in them), with its probability as their confidence."""
    feats = features if features is not None else candidate_features(doc)
    kept: list[Event] = []
    for ev, f in zip(doc.events, feats, strict=True):
        p_event = model.decide(f)
        if model.keeps(p_event, ev.confidence):
            ev.confidence = round(p_event, 3)
            kept.append(ev)
    doc.events = kept
    return doc
