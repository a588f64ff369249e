"""Whether the control timeline records the gold handovers of an evaluation file.

For every gold "Non-violent transfer of territory" event, the check asks what
``rasad history PLACE`` answers after the file is ingested: is there one change at the
gold place in which a gold taker gains and a gold giver loses it? The timeline is
derived from the pipeline's output for the file (the records ``rasad ingest`` stores),
so the figure measures extraction and derivation together.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..evaluate_match import name_key, phrase_in
from .build import ControlView, build_control
from .corpus import corpus_from_records
from .query import NotFound, history

HANDOVER = "Non-violent transfer of territory"
JsonDict = dict[str, Any]


@dataclass(slots=True)
class HandoverCheck:
    """Gold handovers found in the timeline: with their taker, and with taker and giver."""

    total: int = 0
    with_taker: int = 0
    with_taker_and_giver: int = 0
    missed: list[JsonDict] = field(default_factory=list)

    @property
    def rate(self) -> float | None:
        return self.with_taker_and_giver / self.total if self.total else None

    def to_dict(self) -> JsonDict:
        return {"total": self.total, "with_taker": self.with_taker,
                "with_taker_and_giver": self.with_taker_and_giver, "value": self.rate,
                "missed": self.missed}


@dataclass(slots=True, frozen=True)
class GoldSide:
    """One side of a gold handover: knowledge-base ids, name keys and surface forms."""

    ids: frozenset[str]
    names: frozenset[str]
    forms: tuple[str, ...]

    def named(self) -> bool:
        return bool(self.ids or self.names or self.forms)

    def in_change(self, items: list[JsonDict]) -> bool:
        """Some holder of ``items`` is this side: by id or name, or named as the gold
        text names it (the evaluation's actor matching: "لواء القدس" for "لواء القدس
        الفلسطيني")."""
        for item in items:
            if str(item.get("holder_id")) in self.ids:
                return True
            if {name_key(item.get("holder")), name_key(item.get("holder_id"))} & self.names:
                return True
            if any(_same_mention(form, text) for form in self.forms
                   for text in item.get("as_written") or []):
                return True
        return False


def _same_mention(gold_form: str, text: str) -> bool:
    return phrase_in(gold_form, text) or (len(text.split()) > 1 and phrase_in(text, gold_form))


def gold_side(names: Iterable[str], forms: Iterable[str], kb: Any) -> GoldSide:
    """"Syrian Arab Army (17th Division)" also stands for the army and the unit."""
    ids: set[str] = set()
    keys: set[str] = set()
    for name in names:
        bracket = re.match(r"(.+?)\s*\((.+)\)\s*$", name)
        for form in [name, *(bracket.groups() if bracket else ())]:
            ids |= set(kb.lookup(form)) if kb is not None else set()
            keys.add(name_key(form))
    return GoldSide(frozenset(ids), frozenset(keys - {""}), _surface_forms(forms))


def _surface_forms(forms: Iterable[str]) -> tuple[str, ...]:
    """The gold's surface forms, and each name of a slashed pair ("PKK/YPG" names the
    PKK and the YPG, as the extractor records them)."""
    out: list[str] = []
    for form in forms:
        if not form:
            continue
        parts = [p.strip() for p in form.split("/")]
        out += [form, *(parts if len(parts) > 1 and all(parts) else [])]
    return tuple(dict.fromkeys(out))


def _changes(view: ControlView, names: Sequence[str]) -> list[JsonDict]:
    for name in names:
        try:
            return list(history(view, name)["changes"])
        except NotFound:
            continue
    return []


def check_handovers(gold: Iterable[Any], predicted: list[JsonDict],
                    kb: Any = None) -> HandoverCheck:
    """Score ``gold`` (GoldDoc records) against the timeline built from ``predicted``."""
    if kb is None:
        from ..knowledge import load_actors

        kb = load_actors()
    gold = list(gold)
    texts = {g.id: g.text for g in gold}
    records = [{**p, "text": p.get("text") or texts.get(str((p.get("document") or {}).get("id")))}
               for p in predicted if not p.get("error")]
    view = build_control(corpus_from_records(records), kb).to_view()
    check = HandoverCheck()
    for doc in gold:
        for ev in doc.events:
            if ev.sub_event_type != HANDOVER or ev.optional or ev.location is None:
                continue
            check.total += 1
            takers = gold_side(ev.actor1, ev.actor1_ar, kb)
            givers = gold_side(ev.actor2, ev.actor2_ar, kb)
            changes = _changes(view, [ev.location.name, ev.location.name_ar])
            taken = [c for c in changes if takers.in_change(c["gained"])]
            both = [c for c in taken if not givers.named() or givers.in_change(c["lost"])]
            check.with_taker += bool(taken)
            check.with_taker_and_giver += bool(both)
            if not both:
                check.missed.append({"doc": doc.id, "place": ev.location.name,
                                     "taker": ev.actor1, "giver": ev.actor2,
                                     "taker_found": bool(taken)})
    return check
