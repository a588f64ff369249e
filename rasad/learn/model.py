"""The learned event filter: a multinomial logistic model over candidate features.

For each candidate event it gives a probability per class, where the classes are ACLED
sub-event types plus ``NONE`` (not a reported event at that place: background, a cause,
an origin, an outlet...). A candidate is kept when its event probability 1 - P(NONE)
reaches a threshold that depends on the rules' own verdict: ``threshold`` for a candidate
whose rule confidence reaches ``rules_floor`` (the floor the rules alone would filter at),
the higher ``rescue_threshold`` for one the rules alone would drop. The model thus vetoes
what the rules trust on weaker evidence than it needs to restore what they doubt, which
keeps the rules' judgement where the gold files say little (reports unlike the training
ones). Its sub-type stays the rules' one (re-coding by the model's best class lowered
cross-validated F1, so the per-class outputs only sharpen the NONE estimate). Inference is a sparse dot product in plain Python; fitting
needs scikit-learn (:mod:`rasad.learn.train`).

The weights file is JSON, reviewable and versioned with the step name.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from itertools import repeat
from operator import add, mul
from pathlib import Path
from typing import Any

from ..errors import KnowledgeError
from ..knowledge._common import DATA_DIR
from .features import Features

NONE = "NONE"
STEP_NAME = "events.filter.v1"
RECODE_MARGIN = 2.0  # how much likelier another sub-type must be than the rules' one
DEFAULT_WEIGHTS = DATA_DIR / "models" / f"{STEP_NAME}.json"


@dataclass(slots=True)
class EventModel:
    """Per-class sparse weights; ``threshold`` is the least event probability kept for a
    candidate the rules trust, ``rescue_threshold`` for one they doubt (None: the same)."""

    classes: list[str]
    weights: dict[str, dict[str, float]]  # feature -> class -> weight
    intercepts: dict[str, float]
    threshold: float = 0.5
    meta: dict[str, Any] = field(default_factory=dict)
    rescue_threshold: float | None = None
    rules_floor: float = 0.0  # rule confidence at or above which the rules trust a candidate
    _rows: dict[str, list[float]] = field(default_factory=dict, init=False, repr=False)
    _bias: list[float] = field(default_factory=list, init=False, repr=False)
    _none: int = field(default=-1, init=False, repr=False)

    def __post_init__(self) -> None:
        # Dense rows in class order: one zip per feature instead of a dict walk.
        self._rows = {f: [row.get(c, 0.0) for c in self.classes]
                      for f, row in self.weights.items()}
        self._bias = [self.intercepts.get(c, 0.0) for c in self.classes]
        # the last NONE, as a dict built from the classes would keep
        self._none = max((i for i, c in enumerate(self.classes) if c == NONE), default=-1)

    def _exp_scores(self, features: Features) -> tuple[list[float], float]:
        """Each class's exp(score - top score), and their sum."""
        scores = self._bias
        rows = self._rows
        for name, value in features.items():
            row = rows.get(name)
            if row is None:
                continue
            # map over operator functions does the same float operations in C; w * 1.0
            # is w, so most features cost one addition per class
            if value == 1.0:
                scores = list(map(add, scores, row))
            else:
                scores = list(map(add, scores, map(mul, row, repeat(value))))
        top = max(scores)
        exp = [math.exp(s - top) for s in scores]
        return exp, sum(exp)

    def probabilities(self, features: Features) -> dict[str, float]:
        exp, total = self._exp_scores(features)
        return {c: v / total for c, v in zip(self.classes, exp, strict=True)}

    def decide(self, features: Features) -> float:
        """The probability that the candidate is a reported event (1 - P(NONE))."""
        exp, total = self._exp_scores(features)
        if self._none < 0:
            return 1.0
        return 1.0 - exp[self._none] / total

    def keeps(self, p_event: float, rule_confidence: float) -> bool:
        """Whether a candidate of event probability ``p_event`` is kept, given the
        confidence the rules gave it."""
        if rule_confidence >= self.rules_floor or self.rescue_threshold is None:
            return p_event >= self.threshold
        return p_event >= self.rescue_threshold

    def to_dict(self) -> dict[str, Any]:
        return {"step": STEP_NAME, "classes": self.classes, "threshold": self.threshold,
                "rescue_threshold": self.rescue_threshold, "rules_floor": self.rules_floor,
                "intercepts": {c: round(v, 4) for c, v in self.intercepts.items()},
                "meta": self.meta,
                "weights": {f: {c: round(w, 4) for c, w in sorted(row.items())}
                            for f, row in sorted(self.weights.items())}}

    def save(self, path: Path) -> None:
        """JSON with one feature per line, so a diff of two trainings reads well."""
        data = self.to_dict()
        rows = data.pop("weights")
        head = json.dumps(data, ensure_ascii=False)[:-1]
        lines = [f"{json.dumps(f, ensure_ascii=False)}: {json.dumps(r, ensure_ascii=False)}"
                 for f, r in rows.items()]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(head + ', "weights": {\n' + ",\n".join(lines) + "\n}}\n",
                        encoding="utf-8")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EventModel:
        try:
            rescue = data.get("rescue_threshold")
            return cls(list(data["classes"]), {f: dict(r) for f, r in data["weights"].items()},
                       dict(data["intercepts"]), float(data.get("threshold", 0.5)),
                       dict(data.get("meta") or {}),
                       None if rescue is None else float(rescue),
                       float(data.get("rules_floor", 0.0)))
        except (KeyError, TypeError, ValueError) as exc:
            raise KnowledgeError(f"malformed event model: {exc}") from exc

    @classmethod
    def load(cls, path: Path = DEFAULT_WEIGHTS) -> EventModel:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise KnowledgeError(f"cannot read event model {path}: {exc}") from exc
        if not isinstance(data, dict):
            raise KnowledgeError(f"{path}: an event model is a JSON object")
        return cls.from_dict(data)
