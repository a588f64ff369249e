"""Report metadata as given by a source: publication date and language, checked.

A bad value never loses the report: it is dropped with a warning kept beside the
report (see :func:`set_published`), and the language is then detected from the text.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from .types import Document


def parse_published(value: Any) -> date | None:
    """``2024-05-17``, ``2024-05-17T08:00:00Z`` or a date; None for empty values."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise TypeError(f"published must be a date string, not {type(value).__name__}")
    text = value.strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(f"published: not a YYYY-MM-DD date: {value!r}") from None


SUPPORTED_LANGS = ("ar", "en")


def parse_lang(value: Any) -> str | None:
    """A supported language code from ``ar``, ``AR``, ``ar-SY``, ``en_GB``; None for empty.

    ValueError for any other value: the pipeline would read the report with the wrong
    rules, so the caller drops it (the language is then detected from the text).
    """
    if value is None or value == "":
        return None
    code = str(value).strip().lower().replace("_", "-").split("-")[0]
    if code not in SUPPORTED_LANGS:
        raise ValueError(f"lang: {value!r} is not a supported language "
                         f"({', '.join(SUPPORTED_LANGS)})")
    return code


def set_published(doc: Document, value: Any, source: str) -> None:
    """``doc.published`` from ``value``; a bad value is a warning kept with the report."""
    try:
        doc.published = parse_published(value)
    except (TypeError, ValueError) as exc:
        # Keep the report: a bad date only loses the anchor for relative dates.
        doc.warnings.append(f"{source}: {exc}; relative dates left unresolved")
