"""text.segment.v1: language, sentences and tokens of a report."""

from __future__ import annotations

from ..lang.detect import detect_language
from ..lang.segment import split_sentences, tokenize
from ..pipeline import NamedStep, Resources, register
from ..types import Document

NAME = "text.segment.v1"


def segment_document(doc: Document) -> Document:
    if doc.lang is None:
        doc.lang = detect_language(doc.text)
    doc.sentences = split_sentences(doc.text)
    doc.tokens = tokenize(doc.text, doc.view)
    return doc


@register(NAME)
def make_segment_step(resources: Resources) -> NamedStep:
    del resources  # needs no shared resources
    return NamedStep(NAME, segment_document)
