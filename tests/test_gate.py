"""Quality gate: the default pipeline scored on the shared gold files must stay above floors.

The gold lives beside the checkout (``../shared/eval``) or at ``$RASAD_SHARED/eval``; the
gate skips cleanly when it is absent. Run only the gate with ``pytest -m gate``.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest

from rasad.evaluate import EvalReport, evaluate_file

# The one place where the floors live; metric names are EvalReport.metrics() keys.
# Pinned a few points under the measured values (dev: event F1 0.71, P 0.66, R 0.77,
# type F1 0.73, actor F1 0.73, roles 0.97, dates 0.88, places found 0.94, @25 km 0.92,
# @161 km 0.94; seed: all five required events found, one extra "between" event) so that
# a real drop fails CI and small changes in borderline cases do not.
FLOORS: dict[str, dict[str, float]] = {
    "dev": {
        "event_f1": 0.66,
        "event_precision": 0.60,
        "event_recall": 0.71,
        "type_f1": 0.67,
        "actor_f1": 0.66,
        "role_accuracy": 0.92,
        "place_recall": 0.92,
        "place_acc_25km": 0.89,
        "place_acc_161km": 0.92,
        "date_accuracy": 0.82,
        "doc_success_rate": 1.0,
    },
    "seed": {
        "event_recall": 1.0,
        "event_f1": 0.85,
        "type_f1": 0.85,
        "actor_f1": 0.93,
        "role_accuracy": 0.95,
        "place_recall": 1.0,
        "place_acc_25km": 1.0,
        "place_acc_161km": 1.0,
        "doc_success_rate": 1.0,
    },
}

GOLD_FILES = {"dev": "dev_ar.jsonl", "seed": "seed_gold.json"}

pytestmark = pytest.mark.gate


def shared_dir() -> Path:
    env = os.environ.get("RASAD_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "shared"


class _Reports:
    """Evaluates each gold file at most once per test session."""

    @cache  # noqa: B019 - one instance per module-scoped fixture, freed with it
    def get(self, name: str) -> EvalReport:
        path = shared_dir() / "eval" / GOLD_FILES[name]
        if not path.is_file():
            pytest.skip(f"gold file {path} not found (set RASAD_SHARED to the shared folder)")
        return evaluate_file(path)


@pytest.fixture(scope="module")
def reports() -> _Reports:
    return _Reports()


@pytest.mark.parametrize(
    ("dataset", "metric"),
    [(name, metric) for name, floors in FLOORS.items() for metric in floors],
)
def test_floor(reports: _Reports, dataset: str, metric: str) -> None:
    report = reports.get(dataset)
    value = report.metrics()[metric]
    floor = FLOORS[dataset][metric]
    if value is None:  # nothing to score (e.g. no gold dates): only a zero floor passes
        assert floor <= 0.0, f"{dataset} {metric} is undefined but has floor {floor}"
        return
    assert value >= floor, f"{dataset} {metric} {value:.3f} < floor {floor}\n{report.to_text()}"


def test_floor_names_are_metrics() -> None:
    known = set(EvalReport().metrics())
    for name, floors in FLOORS.items():
        assert set(floors) <= known, f"unknown metrics in FLOORS[{name!r}]"
