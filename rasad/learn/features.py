"""Features of a candidate event, the ones a linguist would look at.

Each candidate the rules produce is described by sparse named features: what the rules
decided (sub-type, frame, trigger word and strength, actors found), where the place
stands in the sentence (the words before it: "من" origin, "إلى" destination, "بريف"
context; before or after the trigger; how far), what kind of place it is, how the
clause is framed (cause, fear, earlier time, attribution, plan, denial cues), when it is
dated, where in the report it is told, and whether another candidate at the same place
is told more surely. The learned filter weighs them.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import timedelta
from functools import cache, lru_cache

from ..knowledge._common import DATA_DIR, read_tsv
from ..lang.ar.normalize import normalize_str
from ..match import PhraseMatcher
from ..types import Document, Event, PlaceMention

Features = dict[str, float]
CONTEXT_PATH = DATA_DIR / "event_context.tsv"
_OLD = timedelta(days=30)
_CLITICS = ("وب", "ول", "وال", "بال", "لل", "ال", "و", "ب", "ل", "ف", "ك")


@lru_cache(maxsize=4096)
def _norm(text: str) -> str:
    return normalize_str(text)


@cache
def _context_matcher() -> PhraseMatcher[str]:
    matcher: PhraseMatcher[str] = PhraseMatcher()
    for _, row in read_tsv(CONTEXT_PATH, ("pattern", "kind", "source_note")):
        matcher.add(row["pattern"], row["kind"], allow_suffix=False)
    return matcher


PlaceKey = tuple[str, float | None, float | None]


def place_key(ev: Event) -> PlaceKey | None:
    """The place an event is at: its gazetteer entry, else the words naming it."""
    loc = ev.location
    if loc is None:
        return None
    if loc.place is None:
        return (_norm(loc.text), None, None)
    return (loc.place.name, loc.place.latitude, loc.place.longitude)


@dataclass(slots=True)
class DocContext:
    """What every candidate of one report reads: computed once per report."""

    doc: Document
    token_starts: list[int]
    cues: list[tuple[int, str]]  # (original start offset, kind), sorted
    sentence_starts: list[int]
    per_evidence: dict[int, int]  # evidence start -> candidates told in that stretch
    # place -> (highest rule confidence, strongest trigger) among the candidates there
    best_at_place: dict[PlaceKey, tuple[float, float]]

    @classmethod
    def of(cls, doc: Document) -> DocContext:
        view = doc.view
        cues = sorted((view.to_original(m.start, m.end)[0], m.payloads[0])
                      for m in _context_matcher().find(view))
        counts: dict[int, int] = {}
        best: dict[PlaceKey, tuple[float, float]] = {}
        for e in doc.events:
            if e.evidence:
                counts[e.evidence[0].start] = counts.get(e.evidence[0].start, 0) + 1
            key = place_key(e)
            if key is not None:
                conf, weight = best.get(key, (0.0, 0.0))
                best[key] = (max(conf, e.confidence), max(weight, e.trigger_weight))
        return cls(doc, [t.start for t in doc.tokens], cues,
                   [s.start for s in doc.sentences], counts, best)

    def words_before(self, offset: int, n: int) -> list[str]:
        i = bisect_left(self.token_starts, offset)
        return [self.doc.tokens[j].norm for j in range(max(0, i - n), i)]

    def words_between(self, start: int, end: int) -> int:
        return max(0, bisect_left(self.token_starts, end) - bisect_right(self.token_starts, start))

    def cues_in(self, start: int, end: int) -> set[str]:
        i = bisect_left(self.cues, (start, ""))
        out: set[str] = set()
        while i < len(self.cues) and self.cues[i][0] < end:
            out.add(self.cues[i][1])
            i += 1
        return out


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if n <= edge:
            return f"<={edge}"
    return f">{edges[-1]}"


def _bare(word: str) -> str:
    """The word without a proclitic chain, so "وبريف" and "ريف" share a feature."""
    for clitic in _CLITICS:
        if word.startswith(clitic) and len(word) - len(clitic) >= 3:
            return word[len(clitic):]
    return word


def _place_features(ctx: DocContext, ev: Event, loc: PlaceMention) -> Features:
    f: Features = {f"loc_rel={loc.relation or 'self'}": 1.0,
                   f"loc_prec={loc.geo_precision}": 1.0}
    place = loc.place
    if place is None:
        f["loc_unresolved"] = 1.0
    else:
        f[f"loc_feature={place.feature or '?'}"] = 1.0
        f[f"loc_country={place.country or '?'}"] = 1.0
    before = ctx.words_before(loc.start, 2)
    if before:
        f[f"loc_w1={_bare(before[-1])}"] = 1.0
    if len(before) == 2:
        f[f"loc_w2={_bare(before[0])}"] = 1.0
    head = ctx.doc.text[max(0, loc.start - 1):loc.start]
    if head and not head.isspace():
        f[f"loc_attached={head}"] = 1.0
    outlet = _norm(ctx.doc.outlet or "")
    if outlet and _norm(loc.text) in outlet:
        f["loc_in_outlet"] = 1.0
    trig = ev.trigger
    if trig is not None:
        side = "after" if loc.start >= trig.end else "before"
        gap = ctx.words_between(min(trig.end, loc.end), max(trig.start, loc.start))
        f[f"loc_{side}_trigger"] = 1.0
        f[f"loc_gap={side}{_bucket(gap, (2, 5, 10, 20))}"] = 1.0
    return f


def _trigger_features(ev: Event) -> Features:
    f: Features = {f"sub={ev.sub_event_type}": 1.0, f"type={ev.event_type}": 1.0,
                   "trigger_weight": ev.trigger_weight}
    trig = ev.trigger
    if trig is not None:
        f[f"frame={trig.frame or 'attack'}"] = 1.0
        f[f"trigger={_norm(trig.text)}"] = 1.0
        if trig.sub_event_type != ev.sub_event_type:
            f[f"recoded={trig.sub_event_type}>{ev.sub_event_type}"] = 1.0
    return f


def _actor_features(ev: Event) -> Features:
    f: Features = {f"n_actor1={min(len(ev.actor1), 2)}": 1.0,
                   f"n_actor2={min(len(ev.actor2), 2)}": 1.0}
    for side, actors in (("a1", ev.actor1), ("a2", ev.actor2)):
        if any(a.generic for a in actors):
            f[f"{side}_generic"] = 1.0
        if any(a.actor_id is None for a in actors):
            f[f"{side}_unknown"] = 1.0
    shared = {a.actor_id for a in ev.actor1 if a.actor_id} & \
        {a.actor_id for a in ev.actor2 if a.actor_id}
    if shared:
        f["same_actor_both_sides"] = 1.0
    return f


def _time_features(ctx: DocContext, ev: Event) -> Features:
    d = ev.date
    if d is None or d.start_date is None:
        return {"date=none": 1.0}
    f: Features = {f"date_prec={d.precision}": 1.0,
                   "date=relative" if d.relative else "date=absolute": 1.0}
    published = ctx.doc.published
    if published is not None and d.start_date < published - _OLD:
        f["date_old"] = 1.0
    return f


def _position_features(ctx: DocContext, ev: Event) -> Features:
    if not ev.evidence:
        return {"no_evidence": 1.0}
    ev_start, ev_end = ev.evidence[0].start, ev.evidence[0].end
    sentence = bisect_right(ctx.sentence_starts, ev_start) - 1
    share = ev_start / max(1, len(ctx.doc.text))
    f: Features = {f"sentence={_bucket(max(0, sentence), (0, 1, 3))}": 1.0,
                   f"doc_part={min(4, int(share * 5))}": 1.0,
                   f"per_stretch={_bucket(ctx.per_evidence.get(ev_start, 1), (1, 2, 4))}": 1.0,
                   f"tellings={min(ev.tellings, 3)}": 1.0,
                   "confidence": ev.confidence}
    trig_start = ev.trigger.start if ev.trigger is not None else ev_end
    for kind in ctx.cues_in(ev_start, trig_start):
        f[f"cue_before={kind}"] = 1.0
    for kind in ctx.cues_in(trig_start, ev_end):
        f[f"cue_after={kind}"] = 1.0
    for word in ctx.words_before(trig_start, 2):
        f[f"trigger_w={_bare(word)}"] = 1.0
    return f


def _rival_features(ctx: DocContext, ev: Event) -> Features:
    """Another candidate at the same place told more surely (a stronger word, a fuller
    telling): the place's happening is more likely that one, this one a side mention."""
    key = place_key(ev)
    if key is None:
        return {}
    conf, weight = ctx.best_at_place[key]
    f: Features = {}
    if ev.confidence < conf:
        f["outranked_at_place"] = 1.0
    if ev.trigger_weight < weight:
        f["weaker_at_place"] = 1.0
    return f


def event_features(ctx: DocContext, ev: Event) -> Features:
    """The named features of one candidate event of ``ctx.doc``."""
    f: Features = {"bias": 1.0, f"lang={ctx.doc.lang or '?'}": 1.0}
    f.update(_trigger_features(ev))
    f.update(_actor_features(ev))
    f.update(_time_features(ctx, ev))
    f.update(_position_features(ctx, ev))
    f.update(_rival_features(ctx, ev))
    if ev.location is None:
        f["loc=none"] = 1.0
    else:
        f.update(_place_features(ctx, ev, ev.location))
    return f
