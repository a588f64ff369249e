"""Scoring rasad output against gold annotations (``../shared/eval/SCHEMA.md``).

Gold documents are paired with output-contract dicts by document id. Events match
one-to-one when their sub-event type is equal and their locations lie within
``MAX_EVENT_KM`` (or, when coordinates are missing, their Arabic names agree); a
prediction matched to an optional gold event is neither rewarded nor penalized.
Actors, roles, dates and fatalities are scored on matched pairs; places per document
against the gold place list. :func:`score` is pure; :func:`evaluate_file` runs a
pipeline first.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from . import default_pipeline
from .evaluate_gold import GoldDoc, GoldEvent, GoldPlace, load_gold
from .evaluate_match import (
    MAX_EVENT_KM,
    PredEvent,
    actor_scores,
    by_sub,
    by_type,
    find_place,
    haversine_km,
    match_events,
    place_coords,
    pred_event,
    pred_places,
    refs,
)
from .pipeline import Pipeline
from .serialize import document_to_dict
from .types import Document

__all__ = [
    "MAX_EVENT_KM",
    "PLACE_KM",
    "PRF",
    "Accuracy",
    "DocScore",
    "EvalReport",
    "GoldDoc",
    "GoldEvent",
    "GoldPlace",
    "evaluate_file",
    "load_gold",
    "run_pipeline",
    "score",
]

JsonDict = dict[str, Any]
PLACE_KM = (25.0, 161.0)


# ------------------------------------------------------------- small metrics

@dataclass(slots=True)
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn

    def to_dict(self) -> JsonDict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": self.precision,
                "recall": self.recall, "f1": self.f1}


@dataclass(slots=True)
class Accuracy:
    correct: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        """None when nothing was scored: an undefined rate is not a zero rate."""
        return self.correct / self.total if self.total else None

    def add(self, ok: bool) -> None:
        self.correct, self.total = self.correct + int(ok), self.total + 1

    def to_dict(self) -> JsonDict:
        return {"correct": self.correct, "total": self.total, "value": self.value}


def _per_km() -> dict[float, Accuracy]:
    return {km: Accuracy() for km in PLACE_KM}


# ------------------------------------------------------------------- report

@dataclass(slots=True)
class DocScore:
    id: str
    gold: int
    gold_optional: int
    predicted: int
    tp: int
    fp: int
    fn: int
    error: str | None = None


@dataclass(slots=True)
class EvalReport:
    n_docs: int = 0
    docs_with_errors: int = 0
    gold_events: int = 0
    gold_optional: int = 0
    predicted_events: int = 0
    events: PRF = field(default_factory=PRF)
    event_types: PRF = field(default_factory=PRF)
    actors: PRF = field(default_factory=PRF)
    roles: Accuracy = field(default_factory=Accuracy)
    dates: Accuracy = field(default_factory=Accuracy)
    fatalities: Accuracy = field(default_factory=Accuracy)
    places_found: Accuracy = field(default_factory=Accuracy)
    places_at: dict[float, Accuracy] = field(default_factory=_per_km)
    places_found_at: dict[float, Accuracy] = field(default_factory=_per_km)
    by_sub_type: dict[str, PRF] = field(default_factory=dict)
    docs: list[DocScore] = field(default_factory=list)
    # Gold handovers that `rasad history PLACE` records with taker and giver
    # (rasad.control.handovers); None when not checked.
    handovers: JsonDict | None = None

    def metrics(self) -> dict[str, float | None]:
        """Flat headline numbers (the names the quality gate's floors use)."""
        m: dict[str, float | None] = {
            "event_precision": self.events.precision, "event_recall": self.events.recall,
            "event_f1": self.events.f1, "type_f1": self.event_types.f1,
            "actor_precision": self.actors.precision, "actor_recall": self.actors.recall,
            "actor_f1": self.actors.f1, "role_accuracy": self.roles.value,
            "date_accuracy": self.dates.value, "fatalities_accuracy": self.fatalities.value,
            "place_recall": self.places_found.value,
            "doc_success_rate": 1 - self.docs_with_errors / self.n_docs if self.n_docs else None,
        }
        for km, acc in self.places_at.items():
            m[f"place_acc_{km:g}km"] = acc.value
        for km, acc in self.places_found_at.items():
            m[f"place_found_acc_{km:g}km"] = acc.value
        return m

    def to_dict(self) -> JsonDict:
        return {
            "counts": {"docs": self.n_docs, "docs_with_errors": self.docs_with_errors,
                       "gold_events": self.gold_events, "gold_optional": self.gold_optional,
                       "predicted_events": self.predicted_events},
            "metrics": self.metrics(),
            "events": self.events.to_dict(), "event_types": self.event_types.to_dict(),
            "actors": self.actors.to_dict(), "roles": self.roles.to_dict(),
            "dates": self.dates.to_dict(), "fatalities": self.fatalities.to_dict(),
            "places_found": self.places_found.to_dict(),
            "places_at": {f"{k:g}": v.to_dict() for k, v in self.places_at.items()},
            "places_found_at": {f"{k:g}": v.to_dict() for k, v in self.places_found_at.items()},
            "by_sub_type": {k: v.to_dict() for k, v in sorted(self.by_sub_type.items())},
            "docs": [asdict(d) for d in self.docs],
            "handovers": self.handovers,
        }

    def _handover_lines(self) -> list[str]:
        h = self.handovers
        if not h or not h["total"]:
            return []
        return [(f"handovers in the control history: {h['with_taker_and_giver']}/{h['total']} "
                 f"with taker and giver ({h['value']:.2f}), {h['with_taker']} with taker")]

    def to_text(self) -> str:
        """A readable table: headline metrics, per sub-event type, per document."""
        head = (f"docs {self.n_docs} (errors {self.docs_with_errors})  gold events "
                f"{self.gold_events} (+{self.gold_optional} optional)  predicted "
                f"{self.predicted_events}")
        lines = [head, *self._handover_lines(), "", f"{'metric':<28}{'value':>8}"]
        lines += [f"{k:<28}{'n/a' if v is None else f'{v:.3f}':>8}"
                  for k, v in self.metrics().items()]
        lines += ["", f"{'sub-event type':<40}{'tp':>4}{'fp':>4}{'fn':>4}{'f1':>7}"]
        lines += [f"{k:<40}{v.tp:>4}{v.fp:>4}{v.fn:>4}{v.f1:>7.3f}"
                  for k, v in sorted(self.by_sub_type.items())]
        cols = ("gold", "opt", "pred", "tp", "fp", "fn")
        lines += ["", f"{'document':<24}" + "".join(f"{c:>5}" for c in cols) + "  error"]
        for d in self.docs:
            nums = (d.gold, d.gold_optional, d.predicted, d.tp, d.fp, d.fn)
            lines.append(f"{d.id:<24}" + "".join(f"{n:>5}" for n in nums) + f"  {d.error or ''}")
        return "\n".join(lines)


# -------------------------------------------------------------------- score

def _doc_id(pred: JsonDict) -> str:
    head = pred.get("document")
    return str(head.get("id") or "") if isinstance(head, dict) else ""


def _align(gold: list[GoldDoc], predicted: list[JsonDict]) -> list[JsonDict]:
    """One prediction per gold doc: by id, else by position when the id is absent."""
    preds = [p if isinstance(p, dict) else {"error": "prediction is not an object"}
             for p in predicted]
    by_id: dict[str, JsonDict] = {}
    for p in preds:
        by_id.setdefault(_doc_id(p), p)
    out: list[JsonDict] = []
    for i, g in enumerate(gold):
        found = by_id.get(g.id) if g.id else None
        if found is None and len(preds) == len(gold) and not _doc_id(preds[i]):
            found = preds[i]
        out.append(found if found is not None else {"error": "no prediction for this document"})
    return out


def _score_pairs(report: EvalReport, gold: list[GoldEvent], preds: list[PredEvent],
                 pairs: dict[int, int]) -> None:
    for gi, pj in pairs.items():
        g, p = gold[gi], preds[pj]
        tp, n_pred, n_gold, right = actor_scores(g, p)
        report.actors.add(tp, n_pred - tp, n_gold - tp)
        report.roles.correct += right
        report.roles.total += tp
        if g.date is not None:
            report.dates.add(p.date is not None and str(p.date)[:10] == g.date.isoformat())
        if g.fatalities is not None:
            report.fatalities.add(p.fatalities == g.fatalities)


def _score_events(report: EvalReport, gold: list[GoldEvent], preds: list[PredEvent]
                  ) -> tuple[int, int, int]:
    pairs, absorbed = match_events(gold, preds, by_sub)
    n_req = sum(not g.optional for g in gold)
    tp, fn = len(pairs), n_req - len(pairs)
    fp = len(preds) - tp - len(absorbed)
    report.events.add(tp, fp, fn)
    coarse, coarse_absorbed = match_events(gold, preds, by_type)
    report.event_types.add(len(coarse), len(preds) - len(coarse) - len(coarse_absorbed),
                           n_req - len(coarse))
    matched = set(pairs.values()) | absorbed
    for gi, g in enumerate(gold):
        if not g.optional:
            report.by_sub_type.setdefault(g.sub_event_type, PRF()).add(
                int(gi in pairs), 0, int(gi not in pairs))
    for pj, p in enumerate(preds):
        if pj not in matched:
            report.by_sub_type.setdefault(p.sub_event_type or "(missing)", PRF()).add(0, 1, 0)
    _score_pairs(report, gold, preds, pairs)
    return tp, fp, fn


def _score_places(report: EvalReport, gold: GoldDoc, pred: JsonDict) -> None:
    cands = pred_places(pred)
    for place in gold.places:
        if not place.has_coords:
            continue
        assert place.lat is not None and place.lon is not None
        found = find_place(place, cands)
        report.places_found.add(found is not None)
        lat, lon = place_coords(found) if found else (None, None)
        km = haversine_km(place.lat, place.lon, lat, lon) if lat is not None and \
            lon is not None else math.inf
        for limit in PLACE_KM:
            report.places_at[limit].add(km <= limit)
            if found is not None:
                report.places_found_at[limit].add(km <= limit)


def score(gold: list[GoldDoc], predicted: list[JsonDict]) -> EvalReport:
    """Score output-contract dicts against gold documents (pure; no pipeline involved)."""
    report = EvalReport(n_docs=len(gold))
    for g, pred in zip(gold, _align(gold, predicted), strict=True):
        error = pred.get("error")
        report.docs_with_errors += error is not None
        preds = [pred_event(e) for e in refs(pred.get("events"))]
        tp, fp, fn = _score_events(report, g.events, preds)
        _score_places(report, g, pred)
        n_opt = sum(e.optional for e in g.events)
        report.gold_events += len(g.events) - n_opt
        report.gold_optional += n_opt
        report.predicted_events += len(preds)
        report.docs.append(DocScore(g.id, len(g.events) - n_opt, n_opt, len(preds), tp, fp,
                                    fn, None if error is None else str(error)))
    return report


# ------------------------------------------------------------- run + score

def _serialize(doc: Document) -> JsonDict:
    try:
        return document_to_dict(doc)
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        # A step left malformed data behind: report it on this document, keep scoring.
        return {"document": {"id": doc.id}, "events": [], "entities": [], "warnings": [],
                "error": f"cannot serialize: {type(exc).__name__}: {exc}"}


def run_pipeline(gold: list[GoldDoc], pipeline: Pipeline) -> list[JsonDict]:
    """Output-contract dicts for the gold texts; a failing report gets an error entry."""
    docs = (Document(text=g.text, id=g.id, published=g.published, url=g.url, outlet=g.outlet)
            for g in gold)
    # Pipeline.pipe records a failing step on its document and goes on with the batch.
    return [_serialize(doc) for doc in pipeline.pipe(docs)]


def evaluate_file(path: Path, pipeline: Pipeline | None = None) -> EvalReport:
    """Run ``pipeline`` (default: :func:`rasad.default_pipeline`) on a gold file and score it."""
    from .control.handovers import check_handovers

    gold = load_gold(path)
    if pipeline is None:
        pipeline = default_pipeline()
    predicted = run_pipeline(gold, pipeline)
    report = score(gold, predicted)
    report.handovers = check_handovers(gold, predicted).to_dict()
    return report
