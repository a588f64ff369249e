"""Matching primitives of the scorer: names, distances, one-to-one event matching.

Everything here is pure and works on gold records and output-contract dicts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .evaluate_gold import GoldEvent, GoldPlace, coord
from .geo import haversine_km
from .lang.ar.normalize import normalize_str
from .types import EVENT_TYPE_OF

JsonDict = dict[str, Any]
MAX_EVENT_KM = 25.0
TIEBREAK_KM = 2.0
# Proclitic chains (conjunction, preposition, article) written onto a name: "وبالبيضة".
_CLITICS = tuple(sorted({c + p + a for c in ("", "و", "ف") for p in ("", "ب", "ك", "ل")
                         for a in ("", "ال")} | {"لل", "ولل", "فلل"} - {""}, key=len))


# ------------------------------------------------------------ name matching

@lru_cache(maxsize=8192)
def _stems(token: str) -> frozenset[str]:
    """The token and what remains after each proclitic chain it may start with."""
    out = {token}
    for clitic in _CLITICS:
        if token.startswith(clitic) and len(token) - len(clitic) >= 3:
            out.add(token[len(clitic):])
    return frozenset(out)


@lru_cache(maxsize=8192)
def _tokens(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", normalize_str(text)))


def phrase_in(needle: str | None, hay: str | None) -> bool:
    """True when the words of ``needle`` occur contiguously in ``hay``, clitic-aware."""
    if not needle or not hay:
        return False
    n, h = _tokens(needle), _tokens(hay)
    if not n or len(n) > len(h):
        return False
    return any(all(_stems(a) & _stems(b) for a, b in zip(n, h[k:k + len(n)], strict=True))
               for k in range(len(h) - len(n) + 1))


def name_key(name: object) -> str:
    """Case-, spacing- and punctuation-insensitive key of an actor name or id."""
    return "".join(ch for ch in normalize_str(str(name)) if ch.isalnum()) if name else ""


# ---------------------------------------------------------- predicted events

@dataclass(slots=True)
class PredEvent:
    sub_event_type: str
    event_type: str
    lat: float | None
    lon: float | None
    loc_names: tuple[str, ...]
    has_loc: bool
    actor1: list[JsonDict]
    actor2: list[JsonDict]
    date: str | None
    fatalities: object


def place_coords(loc: JsonDict) -> tuple[float | None, float | None]:
    lat = coord(loc.get("latitude", loc.get("lat")))
    lon = coord(loc.get("longitude", loc.get("lon")))
    return (lat, lon) if lat is not None and lon is not None else (None, None)


def refs(value: object) -> list[JsonDict]:
    return [r for r in value if isinstance(r, dict)] if isinstance(value, list) else []


def pred_event(e: JsonDict) -> PredEvent:
    sub = str(e.get("sub_event_type") or "")
    loc = e.get("location") if isinstance(e.get("location"), dict) else None
    lat, lon = place_coords(loc) if loc else (None, None)
    names = tuple(str(loc[k]) for k in ("text", "name_ar") if loc and loc.get(k))
    when = e.get("date")
    return PredEvent(sub, str(e.get("event_type") or EVENT_TYPE_OF.get(sub, "")), lat, lon, names,
                 loc is not None, refs(e.get("actor1")), refs(e.get("actor2")),
                 when.get("start") if isinstance(when, dict) else None, e.get("fatalities"))


def location_cost(gold: GoldPlace | None, pred: PredEvent) -> float | None:
    """Distance in km when the locations agree, None when they do not."""
    if gold is None or (not gold.has_coords and not gold.name_ar.strip()):
        # The gold location is unknown: any prediction agrees, located pairs rank first.
        return MAX_EVENT_KM
    if not pred.has_loc:
        return None
    if gold.has_coords and pred.lat is not None and pred.lon is not None:
        assert gold.lat is not None and gold.lon is not None
        km = haversine_km(gold.lat, gold.lon, pred.lat, pred.lon)
        return km if km <= MAX_EVENT_KM else None
    # Unresolved on either side: the written place names decide.
    agree = any(phrase_in(gold.name_ar, n) or phrase_in(n, gold.name_ar) for n in pred.loc_names)
    return 0.0 if agree else None


# ------------------------------------------------------------- event matching

def _augment(i: int, adj: list[list[int]], owner: dict[int, int], seen: set[int]) -> bool:
    for j in adj[i]:
        if j in seen:
            continue
        seen.add(j)
        if j not in owner or _augment(owner[j], adj, owner, seen):
            owner[j] = i
            return True
    return False


def max_matching(costs: list[dict[int, float]]) -> dict[int, int]:
    """Maximum-cardinality one-to-one matching (Kuhn); left i -> right j.

    ``costs[i]`` maps each compatible right index to a cost; cheaper candidates are
    tried first so that among maximum matchings close pairs are preferred.
    """
    adj = [sorted(row, key=lambda j: (row[j], j)) for row in costs]
    owner: dict[int, int] = {}
    for i in sorted(range(len(costs)), key=lambda i: min(costs[i].values(), default=0.0)):
        _augment(i, adj, owner, set())
    return {i: j for j, i in owner.items()}


def pair_cost(gold: GoldEvent, pred: PredEvent) -> float | None:
    """Location distance, plus a few km when actors or date disagree.

    Two gold events of one type at one place differ by actors or date (ACLED's unit
    of coding), so these terms pick the right partner among equally close ones.
    """
    km = location_cost(gold.location, pred)
    if km is None:
        return None
    tp, n_pred, n_gold, _ = actor_scores(gold, pred)
    actor_miss = 1.0 - tp / max(n_pred, n_gold, 1)
    date_miss = gold.date is not None and str(pred.date)[:10] != gold.date.isoformat()
    return km + TIEBREAK_KM * (actor_miss + date_miss)


KeyFn = Callable[[GoldEvent | PredEvent], str]


def match_events(gold: list[GoldEvent], preds: list[PredEvent], key: KeyFn
                 ) -> tuple[dict[int, int], set[int]]:
    """Required gold matched first; left-over predictions may then fall on optional gold.

    Returns (required gold index -> pred index, pred indices absorbed by optional gold).
    """
    def costs(idx: list[int], free: Iterable[int]) -> list[dict[int, float]]:
        out = []
        for gi in idx:
            row = {}
            for pj in free:
                if key(gold[gi]) == key(preds[pj]):
                    cost = pair_cost(gold[gi], preds[pj])
                    if cost is not None:
                        row[pj] = cost
            out.append(row)
        return out

    req = [i for i, g in enumerate(gold) if not g.optional]
    opt = [i for i, g in enumerate(gold) if g.optional]
    first = max_matching(costs(req, range(len(preds))))
    used = set(first.values())
    second = max_matching(costs(opt, [j for j in range(len(preds)) if j not in used]))
    return {req[i]: j for i, j in first.items()}, set(second.values())


def by_sub(e: GoldEvent | PredEvent) -> str:
    return e.sub_event_type


def by_type(e: GoldEvent | PredEvent) -> str:
    return e.event_type


# ------------------------------------------------------------------- actors

def _canon_for(canon: list[str], surf: list[str], i: int, credited: dict[str, set[int]]
               ) -> str | None:
    """The canonical name a gold surface form stands for (lists are not always parallel)."""
    if not canon:
        return None
    if len(canon) == 1 or len(canon) == len(surf):
        return name_key(canon[min(i, len(canon) - 1)])
    free = [name_key(c) for c in canon if name_key(c) not in credited]
    return free[0] if free else name_key(canon[min(i, len(canon) - 1)])


def _surface_hit(ref: JsonDict, gold: GoldEvent, credited: dict[str, set[int]]) -> str | None:
    text = str(ref.get("text") or "")
    for canon, surf in ((gold.actor1, gold.actor1_ar), (gold.actor2, gold.actor2_ar)):
        for i, form in enumerate(surf):
            # A multi-word mention shorter than the gold form ("لواء القدس" for
            # "لواء القدس الفلسطيني") still names the same group.
            if phrase_in(form, text) or (len(_tokens(text)) > 1 and phrase_in(text, form)):
                return _canon_for(canon, surf, i, credited)
    return None


def _ref_keys(ref: JsonDict) -> set[str]:
    return {name_key(ref.get(k)) for k in ("name", "short_name", "short", "id")} - {""}


def actor_scores(gold: GoldEvent, pred: PredEvent) -> tuple[int, int, int, int]:
    """(tp, predicted actors, gold actors, correctly-sided tp) for one matched pair."""
    sides: dict[str, set[int]] = {}
    for side, names in ((1, gold.actor1), (2, gold.actor2)):
        for n in names:
            sides.setdefault(name_key(n), set()).add(side)
    mentions = [(1, r) for r in pred.actor1] + [(2, r) for r in pred.actor2]
    credited: dict[str, set[int]] = {}
    pending: list[tuple[int, JsonDict]] = []
    for side, ref in mentions:
        hit = next((k for k in _ref_keys(ref) if k in sides), None)
        if hit:
            credited.setdefault(hit, set()).add(side)
        else:
            pending.append((side, ref))
    unmatched: set[str] = set()
    for side, ref in pending:
        hit = _surface_hit(ref, gold, credited)
        if hit in sides:
            credited.setdefault(hit, set()).add(side)
        else:
            unmatched.add(min(_ref_keys(ref), default="") or name_key(ref.get("text")))
    right_side = sum(1 for k, s in credited.items() if s & sides[k])
    return len(credited), len(credited) + len(unmatched), len(sides), right_side


# ------------------------------------------------------------------- places

def pred_places(pred: JsonDict) -> list[JsonDict]:
    """PLACE entities, plus event locations in case the entity list is missing."""
    out = [e for e in refs(pred.get("entities")) if e.get("label") == "PLACE"]
    events = refs(pred.get("events"))
    return out + [e["location"] for e in events if isinstance(e.get("location"), dict)]


def find_place(gold: GoldPlace, cands: list[JsonDict]) -> JsonDict | None:
    hits = [c for c in cands if phrase_in(gold.name_ar, str(c.get("text") or ""))]
    if not hits:
        return None
    # Prefer the mention that is exactly the name, then one that was resolved.
    return min(hits, key=lambda c: (not phrase_in(str(c.get("text") or ""), gold.name_ar),
                                    place_coords(c)[0] is None, _start(c)))


def _start(c: JsonDict) -> int:
    start = c.get("start")
    return start if isinstance(start, int) else 0
