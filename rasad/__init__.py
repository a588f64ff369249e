"""rasad: Arabic and English conflict reports to ACLED-coded, source-linked events.

    >>> import rasad
    >>> doc = rasad.extract("قصفت قوات النظام بلدة كفرنبل بريف إدلب الجنوبي أمس")
    >>> [e.sub_event_type for e in doc.events]
    ['Shelling/artillery/missile attack']
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from typing import Any

from . import serialize
from .errors import (
    GazetteerError,
    InputError,
    KnowledgeError,
    RasadError,
    StepError,
    StoreError,
)
from .pipeline import DEFAULT_STEPS, Pipeline, Resources, register, registered_steps
from .types import Document, Event

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_STEPS",
    "Document",
    "Event",
    "GazetteerError",
    "InputError",
    "KnowledgeError",
    "Pipeline",
    "RasadError",
    "Resources",
    "StepError",
    "StoreError",
    "default_pipeline",
    "extract",
    "register",
    "registered_steps",
    "serialize",
    "to_dataframe",
]


@lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    """The default pipeline, built once per process (resources load lazily)."""
    return Pipeline.from_names(DEFAULT_STEPS)


def extract(
    text: str,
    *,
    published: date | str | None = None,
    doc_id: str = "",
    url: str | None = None,
    outlet: str | None = None,
    lang: str | None = None,
) -> Document:
    """Run the default pipeline on one report and return the annotated Document."""
    if isinstance(published, str):
        published = date.fromisoformat(published)
    doc = Document(text=text, id=doc_id, published=published, url=url, outlet=outlet, lang=lang)
    return default_pipeline()(doc)


def to_dataframe(items: Iterable[Any], *, labels: bool = False) -> Any:
    """ACLED's columns as a pandas DataFrame, from Documents (``extract``/``pipe``
    results), output-contract dicts or stored events; needs pandas."""
    from .export.frame import acled_dataframe

    return acled_dataframe(items, labels=labels)
