"""mentions.dates.v1 and mentions.quantities.v1: time expressions and counted quantities.

The language module is chosen by ``doc.lang`` (detected from the text when unset);
anything but Arabic uses the English rules.
"""

from __future__ import annotations

from ..lang.ar import dates as ar_dates
from ..lang.ar import numbers as ar_numbers
from ..lang.detect import detect_language
from ..lang.en import dates as en_dates
from ..lang.en import numbers as en_numbers
from ..pipeline import NamedStep, Resources, register
from ..types import Document

DATES = "mentions.dates.v1"
QUANTITIES = "mentions.quantities.v1"


def _is_arabic(doc: Document) -> bool:
    lang = doc.lang if doc.lang is not None else detect_language(doc.text)
    return lang == "ar"


def find_document_dates(doc: Document) -> Document:
    module = ar_dates if _is_arabic(doc) else en_dates
    doc.dates = module.find_dates(doc.view, doc.published)
    return doc


def find_document_quantities(doc: Document) -> Document:
    module = ar_numbers if _is_arabic(doc) else en_numbers
    doc.quantities = module.find_quantities(doc.view)
    return doc


@register(DATES)
def make_dates_step(resources: Resources) -> NamedStep:
    del resources
    return NamedStep(DATES, find_document_dates)


@register(QUANTITIES)
def make_quantities_step(resources: Resources) -> NamedStep:
    del resources
    return NamedStep(QUANTITIES, find_document_quantities)
