"""The learned layer of event extraction: features, model, training, cross-validation.

The rules (``events.rules.v1``) propose candidate events; ``events.filter.v1`` keeps
those a model fitted on gold files takes for reported events. ``train_files`` fits that
model on gold files in the SCHEMA format and ``cross_validate_files`` measures it
honestly (every report scored by a model that never saw it).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .model import DEFAULT_WEIGHTS, STEP_NAME, EventModel

if TYPE_CHECKING:  # the heavy modules load only when a function below is called
    from .crossval import CrossValidation
    from .train import LabelledDoc

__all__ = ["DEFAULT_WEIGHTS", "STEP_NAME", "EventModel", "cross_validate_files",
           "labelled_docs", "train_files"]


def labelled_docs(paths: Sequence[Path], gazetteer: str | None = None) -> list[LabelledDoc]:
    """Candidates with features and labels for every report of the gold ``paths``."""
    from ..evaluate_gold import load_gold
    from .train import candidate_pipeline, label_docs

    golds = [(Path(p).name, g) for p in paths for g in load_gold(Path(p))]
    return label_docs(golds, candidate_pipeline(gazetteer))


def train_files(paths: Sequence[Path], gazetteer: str | None = None,
                c: float | None = None, threshold: float | None = None,
                rescue: float | None = None) -> EventModel:
    """A model fitted on every report of the gold ``paths``."""
    from .train import DEFAULT_C, DEFAULT_RESCUE, DEFAULT_THRESHOLD, fit

    docs = labelled_docs(paths, gazetteer)
    meta = {"gold_files": [Path(p).name for p in paths], "reports": len(docs)}
    return fit(docs, DEFAULT_C if c is None else c,
               DEFAULT_THRESHOLD if threshold is None else threshold, meta,
               DEFAULT_RESCUE if rescue is None else rescue)


def cross_validate_files(paths: Sequence[Path], k: int = 5,
                         gazetteer: str | None = None) -> CrossValidation:
    """K-fold cross-validated scores of the learned filter on the gold ``paths``."""
    from .crossval import cross_validate

    return cross_validate(labelled_docs(paths, gazetteer), k)
