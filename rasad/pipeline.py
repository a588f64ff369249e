"""The pipeline: an ordered list of named steps, each ``Document -> Document``.

Steps are registered under versioned names (``geocode.gazetteer.v1``) by factories
that load their resources once; the pipeline records each step's name on the
document as provenance.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import import_module
from typing import Any, Protocol

from .errors import BudgetError, InputError, RasadError, StepError
from .sections import join_sections, section_bounds, section_document
from .types import Document


class Step(Protocol):
    name: str

    def __call__(self, doc: Document) -> Document: ...


StepFactory = Callable[["Resources"], Step]
_REGISTRY: dict[str, StepFactory] = {}


def register(name: str) -> Callable[[StepFactory], StepFactory]:
    """Register a step factory under a versioned name."""

    def deco(factory: StepFactory) -> StepFactory:
        if name in _REGISTRY:
            raise ValueError(f"step {name} registered twice")
        _REGISTRY[name] = factory
        return factory

    return deco


def registered_steps() -> list[str]:
    _load_builtin_steps()
    return sorted(_REGISTRY)


@dataclass(slots=True)
class NamedStep:
    """Wraps a plain function as a step with a name."""

    name: str
    func: Callable[[Document], Document]

    def __call__(self, doc: Document) -> Document:
        return self.func(doc)


class Resources:
    """Shared, lazily loaded resources (knowledge base, gazetteer) for step factories."""

    def __init__(self, gazetteer_path: str | None = None,
                 event_model_path: str | None = None) -> None:
        self.gazetteer_path = gazetteer_path
        self.event_model_path = event_model_path  # None: the weights shipped with rasad
        self._cache: dict[str, object] = {}

    def get(self, key: str, loader: Callable[[], object]) -> object:
        if key not in self._cache:
            self._cache[key] = loader()
        return self._cache[key]


DEFAULT_STEPS: tuple[str, ...] = (
    "text.segment.v1",
    "mentions.dates.v1",
    "mentions.quantities.v1",
    "mentions.actors.v1",
    "mentions.places.v1",
    "mentions.persons.v1",
    "geocode.gazetteer.v1",
    "events.triggers.v1",
    "events.rules.v1",
    "events.filter.v1",
    "consistency.v1",
)


_BUILTIN_STEP_MODULES = (
    "segment", "temporal", "actors", "places", "persons", "geocode", "events", "consistency",
)


def _load_builtin_steps() -> None:
    # Importing the step modules registers their factories; done lazily so that
    # importing rasad has no side effects and stays fast.
    for module in _BUILTIN_STEP_MODULES:
        import_module(f"{__package__}.steps.{module}")


ErrorHandler = Callable[[Document, Exception], None]

# A section of 20,000 characters is ten long news reports: no real report is cut, and
# the steps that compare mentions pairwise stay well under a second per section.
DEFAULT_SECTION_CHARS = 20_000
DEFAULT_TIME_BUDGET_S = 30.0


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on the work spent on one report.

    ``section_chars``: longer reports are processed in sections of at most this many
    characters (see :mod:`rasad.sections`). ``time_budget_s``: a report still running
    after this many seconds fails with :class:`BudgetError`; None means no limit. The
    budget is checked after each step of each section, so it is overrun by at most one
    step on one section.
    """

    section_chars: int = DEFAULT_SECTION_CHARS
    time_budget_s: float | None = DEFAULT_TIME_BUDGET_S

    def __post_init__(self) -> None:
        if self.section_chars < 1:
            raise ValueError(f"section_chars must be positive, got {self.section_chars}")
        if self.time_budget_s is not None and self.time_budget_s <= 0:
            raise ValueError(f"time_budget_s must be positive, got {self.time_budget_s}")


class _Budget:
    """The time left for one report."""

    def __init__(self, seconds: float | None, doc: Document) -> None:
        self.seconds = seconds
        self.doc = doc
        self.started = time.monotonic()
        self.section = ""

    def check(self, step: str) -> None:
        if self.seconds is None:
            return
        spent = time.monotonic() - self.started
        if spent > self.seconds:
            raise BudgetError(
                f"report {self.doc.id!r} ({len(self.doc.text):,} characters) exceeded its "
                f"time budget of {self.seconds:g} s: {spent:.1f} s spent when step {step} "
                f"finished{self.section}",
                hint="raise --time-budget, or split the input into smaller reports",
            )


class Pipeline:
    """Runs steps in order; ``pipe`` skips a failing document and records the error."""

    def __init__(self, steps: list[Step], limits: Limits | None = None) -> None:
        self.steps = steps
        self.limits = limits or Limits()

    @classmethod
    def from_names(
        cls, names: Iterable[str] = DEFAULT_STEPS, resources: Resources | None = None,
        limits: Limits | None = None,
    ) -> Pipeline:
        _load_builtin_steps()
        res = resources or Resources()
        steps: list[Step] = []
        for name in names:
            if name not in _REGISTRY:
                raise RasadError(f"unknown step {name!r}; known: {', '.join(sorted(_REGISTRY))}")
            steps.append(_REGISTRY[name](res))
        return cls(steps, limits)

    def with_limits(self, limits: Limits) -> Pipeline:
        """The same steps (and loaded resources) under other limits."""
        return Pipeline(self.steps, limits)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.steps]

    def __call__(self, doc: Document) -> Document:
        budget = _Budget(self.limits.time_budget_s, doc)
        bounds = section_bounds(doc.text, self.limits.section_chars)
        if len(bounds) == 1:
            doc = self._run_steps(doc, budget)
        else:
            parts = []
            for number, (start, end) in enumerate(bounds, 1):
                budget.section = f" in section {number} of {len(bounds)}"
                parts.append((start, self._run_steps(section_document(doc, start, end), budget)))
            doc = join_sections(doc, parts)
            doc.provenance.extend(self.names)
        return doc

    def _run_steps(self, doc: Document, budget: _Budget) -> Document:
        for step in self.steps:
            try:
                doc = step(doc)
            except RasadError:
                raise
            except Exception as exc:  # a bug in one step must name the step and document
                raise StepError(step.name, doc.id, exc) from exc
            doc.provenance.append(step.name)
            budget.check(step.name)
        return doc

    def pipe(
        self, docs: Iterable[Document | Mapping[str, Any]], on_error: ErrorHandler | None = None
    ) -> Iterator[Document]:
        """Process documents lazily; a failure marks that document and the batch goes on.

        Items may be Documents or report dicts (``{"text": ..., "published": ...}``, the
        JSON Lines input shape); a dict that is not a report becomes a failed document."""
        for number, item in enumerate(docs, 1):
            doc = _as_document(item, number)
            if doc.error is not None:
                if on_error is not None:
                    on_error(doc, InputError(doc.error))
                yield doc
                continue
            try:
                yield self(doc)
            except Exception as exc:  # noqa: BLE001 - one bad report must not stop a batch
                doc.error = str(exc)
                doc.events = []
                if on_error is not None:
                    on_error(doc, exc)
                yield doc


def _as_document(item: Document | Mapping[str, Any], number: int) -> Document:
    """``item`` as a Document; a report dict that cannot be read gives a failed one."""
    if isinstance(item, Document):
        return item
    from .io import document_from_record

    source = f"item {number}"
    try:
        return document_from_record(dict(item) if isinstance(item, Mapping) else item, source)
    except InputError as exc:
        text = item.get("text") if isinstance(item, Mapping) else None
        doc = Document(text=text if isinstance(text, str) else "", id=source)
        doc.error = str(exc)
        return doc
