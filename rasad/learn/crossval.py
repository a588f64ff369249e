"""K-fold cross-validation by report: fit on the other folds, score the held-out fold.

Candidates are extracted once (the rules do not learn); each fold's model is fitted on
the other folds' candidates only, then filters the held-out reports, which are scored
against their gold. Every report is scored exactly once, by a model that never saw it.
Reports are dealt to folds in a fixed pseudo-random order within each gold file, so
every fold holds a share of every file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import RasadError
from ..evaluate import EvalReport, score
from ..serialize import document_to_dict
from .apply import filter_events
from .train import DEFAULT_C, DEFAULT_RESCUE, DEFAULT_THRESHOLD, LabelledDoc, fit

JsonDict = dict[str, object]


@dataclass(slots=True)
class CrossValidation:
    """Per-file and pooled reports of one cross-validated run."""

    k: int
    per_file: dict[str, EvalReport]
    pooled: EvalReport

    def to_text(self) -> str:
        keys = ("event_precision", "event_recall", "event_f1", "type_f1", "actor_f1",
                "place_acc_25km")
        head = f"{'gold file (--cv ' + str(self.k) + ')':<28}{'docs':>6}" + \
            "".join(f"{k:>16}" for k in keys)
        rows = [head]
        for name, rep in [*self.per_file.items(), ("pooled", self.pooled)]:
            m = rep.metrics()
            cells = "".join(f"{'n/a' if m[k] is None else format(m[k], '.3f'):>16}"
                            for k in keys)
            rows.append(f"{name:<28}{rep.n_docs:>6}{cells}")
        return "\n".join(rows)

    def to_dict(self) -> dict[str, object]:
        return {"k": self.k, "pooled": self.pooled.to_dict(),
                "per_file": {n: r.to_dict() for n, r in self.per_file.items()}}


def fold_of(doc_id: str, k: int) -> int:
    return int(hashlib.sha1(doc_id.encode("utf-8")).hexdigest(), 16) % k


def assign_folds(docs: Sequence[LabelledDoc], k: int) -> list[int]:
    """Fold of each doc: round-robin over each file's docs in a hashed order."""
    folds = [0] * len(docs)
    by_source: dict[str, list[int]] = {}
    for i, d in enumerate(docs):
        by_source.setdefault(d.source, []).append(i)
    for idx in by_source.values():
        idx.sort(key=lambda i: hashlib.sha1(docs[i].gold.id.encode("utf-8")).hexdigest())
        for n, i in enumerate(idx):
            folds[i] = n % k
    return folds


def cross_validate(docs: Sequence[LabelledDoc], k: int = 5, c: float = DEFAULT_C,
                   threshold: float = DEFAULT_THRESHOLD,
                   rescue: float = DEFAULT_RESCUE) -> CrossValidation:
    """Score ``docs`` with K-fold cross-validation (they are filtered in place)."""
    if k < 2 or k > len(docs):
        raise RasadError(f"--cv needs 2 <= K <= the number of reports ({len(docs)}), got {k}")
    folds = assign_folds(docs, k)
    outputs: list[JsonDict] = [{} for _ in docs]
    for fold in range(k):
        model = fit([d for d, f in zip(docs, folds, strict=True) if f != fold], c, threshold,
                    rescue=rescue)
        for i, d in enumerate(docs):
            if folds[i] == fold and d.doc.error is None:
                filter_events(d.doc, model, d.features)
    for i, d in enumerate(docs):
        outputs[i] = document_to_dict(d.doc)
    per_file: dict[str, EvalReport] = {}
    for source in dict.fromkeys(d.source for d in docs):
        idx = [i for i, d in enumerate(docs) if d.source == source]
        per_file[source] = score([docs[i].gold for i in idx], [outputs[i] for i in idx])
    pooled = score([d.gold for d in docs], outputs)
    return CrossValidation(k, per_file, pooled)
