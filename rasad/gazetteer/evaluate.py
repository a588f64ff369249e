"""Toponym recognition and resolution scores: the places of a gold file, and IDRISI tweets.

Recognition is scored on spans (a predicted mention counts when it overlaps a gold mention;
precision over predicted mentions, recall over gold ones); resolution on the distance
between the resolved point and the gold point (accuracy at 25 and 161 km, over the gold
mentions that have coordinates). Runs only the steps place mentions need.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import GazetteerError
from ..geo import haversine_km
from ..lang.ar.normalize import normalize_str
from ..pipeline import Pipeline, Resources
from ..types import Document, PlaceMention

PLACE_STEPS = ("text.segment.v1", "mentions.actors.v1", "mentions.places.v1",
               "geocode.gazetteer.v1")
LIMITS_KM = (25.0, 161.0)


@dataclass(slots=True)
class GoldMention:
    text: str
    start: int | None
    end: int | None
    lat: float | None
    lon: float | None


@dataclass(slots=True)
class Miss:
    doc: str
    gold: str
    found: str | None
    km: float | None
    reason: str | None


@dataclass(slots=True)
class PlaceScores:
    gold: int = 0
    predicted: int = 0
    true_pred: int = 0  # predicted mentions that match a gold mention
    found: int = 0  # gold mentions recognized
    with_coords: int = 0
    within: dict[float, int] = field(default_factory=lambda: dict.fromkeys(LIMITS_KM, 0))
    misses: list[Miss] = field(default_factory=list)

    def metrics(self) -> dict[str, float]:
        p = self.true_pred / self.predicted if self.predicted else 0.0
        r = self.found / self.gold if self.gold else 0.0
        out = {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
               "gold": float(self.gold), "predicted": float(self.predicted),
               "with_coords": float(self.with_coords)}
        for km, n in self.within.items():
            out[f"acc_{km:g}km"] = n / self.with_coords if self.with_coords else 0.0
        return out


def _norm(s: str) -> str:
    return re.sub("^لل", "ال", normalize_str(s.strip().lstrip("#")))


def _same(gold: GoldMention, m: PlaceMention) -> bool:
    if gold.start is not None and gold.end is not None:
        return m.start < gold.end and gold.start < m.end
    g, t = _norm(gold.text), _norm(m.text)
    return bool(g) and (g == t or g in t or (len(t) > 2 and t in g))


def _closeness(gold: GoldMention, m: PlaceMention) -> tuple[int, bool, int]:
    """Exactly the gold name first, then a mention containing it, then a part of it."""
    g, t = _norm(gold.text), _norm(m.text)
    rank = 0 if g == t else 1 if g in t else 2
    return rank, m.place is None, len(t) if rank < 2 else -len(t)


def score_doc(scores: PlaceScores, doc_id: str, gold: list[GoldMention],
              mentions: list[PlaceMention]) -> None:
    scores.gold += len(gold)
    scores.predicted += len(mentions)
    scores.true_pred += sum(1 for m in mentions if any(_same(g, m) for g in gold))
    for g in gold:
        hits = [m for m in mentions if _same(g, m)]
        scores.found += bool(hits)
        if g.lat is None or g.lon is None:
            continue
        scores.with_coords += 1
        best = min(hits, key=lambda m: _closeness(g, m), default=None)
        place = best.place if best else None
        km = None
        if place is not None and place.latitude is not None and place.longitude is not None:
            km = haversine_km(g.lat, g.lon, place.latitude, place.longitude)
        for limit in LIMITS_KM:
            scores.within[limit] += km is not None and km <= limit
        if km is None or km > LIMITS_KM[0]:
            scores.misses.append(Miss(doc_id, g.text, best.text if best else None, km,
                                      best.reason if best else None))


def place_pipeline(gazetteer: str | None = None) -> Pipeline:
    return Pipeline.from_names(PLACE_STEPS, Resources(gazetteer_path=gazetteer))


def _jsonl(path: Path) -> Iterator[dict[str, object]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise GazetteerError(f"cannot read {path}: {exc}") from exc
    for line in lines:
        if line.strip():
            yield json.loads(line)


def evaluate_gold_places(path: str | Path, pipeline: Pipeline) -> PlaceScores:
    """The ``places`` lists of a rasad gold file (dev_ar.jsonl): no offsets, names only."""
    scores = PlaceScores()
    for rep in _jsonl(Path(path)):
        doc = pipeline(Document(text=str(rep["text"]), id=str(rep.get("id", ""))))
        gold = []
        for p in rep.get("places") or []:  # type: ignore[attr-defined]
            for form in str(p["name_ar"]).split("/")[:1]:
                gold.append(GoldMention(form, None, None, p.get("lat"), p.get("lon")))
        score_doc(scores, doc.id, gold, doc.places)
    return scores


def idrisi_files(root: str | Path, split: str = "train") -> list[Path]:
    """IDRISI-D Arabic files (LMD/data/AR/<event>/<split>.jsonl) under ``root``."""
    root = Path(root)
    files = sorted(root.rglob(f"{split}.jsonl"))
    return [f for f in files if "LMD" in f.parts and "AR" in f.parts] or files


def _idrisi_gold(tweet: dict[str, object]) -> list[GoldMention]:
    out = []
    for lm in tweet.get("location_mentions") or []:  # type: ignore[attr-defined]
        osm = lm.get("osm_json") or {}
        lat, lon = osm.get("lat"), osm.get("lon")
        out.append(GoldMention(lm["text"], lm.get("start_offset"), lm.get("end_offset"),
                               float(lat) if lat else None, float(lon) if lon else None))
    return out


def evaluate_idrisi(files: Iterable[Path], pipeline: Pipeline,
                    limit: int | None = None) -> PlaceScores:
    """IDRISI-D tweets: gold location mentions (offsets) linked to OpenStreetMap points."""
    scores = PlaceScores()
    n = 0
    for path in files:
        for tweet in _jsonl(path):
            if limit is not None and n >= limit:
                return scores
            n += 1
            doc = pipeline(Document(text=str(tweet["text"]), id=str(tweet["tweet_id"])))
            score_doc(scores, doc.id, _idrisi_gold(tweet), doc.places)
    return scores
