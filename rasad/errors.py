"""Errors raised by rasad.

    RasadError                  base class; the CLI turns it into a one-line message
    ├── InputError              a report cannot be read (empty, binary, bad encoding,
    │                           malformed JSON/HTML, too large); names the input
    ├── KnowledgeError          a data file (actors, triggers, places) is malformed
    ├── GazetteerError          a gazetteer source is missing or cannot be imported
    ├── StoreError              the database cannot be opened or written
    │   └── ReviewError         a review asks for an invalid change
    │       └── ReviewTargetMissing   ... of an event or report that is not stored
    ├── StepError               a pipeline step failed on one document
    └── BudgetError             a report ran past its time budget

Library code raises these and never prints or exits.
"""

from __future__ import annotations


class RasadError(Exception):
    """Base class of every error rasad raises on purpose."""

    hint: str | None = None

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        if hint is not None:
            self.hint = hint


class InputError(RasadError):
    """A report could not be read; the message names the input."""


class KnowledgeError(RasadError):
    """A knowledge data file is malformed."""


class GazetteerError(RasadError):
    """A gazetteer source is missing or malformed."""


class StoreError(RasadError):
    """The database cannot be opened, migrated or written."""


class ReviewError(StoreError):
    """A review names no stored event or report, or asks for an invalid change."""


class ReviewTargetMissing(ReviewError):
    """A review names an event or report the store does not hold."""


class StepError(RasadError):
    """A pipeline step failed on one document."""

    def __init__(self, step: str, doc_id: str, cause: BaseException) -> None:
        super().__init__(f"step {step} failed on document {doc_id!r}: {cause}")
        self.step = step
        self.doc_id = doc_id
        self.cause = cause


class BudgetError(RasadError):
    """A report took longer than the pipeline's per-report time budget."""
