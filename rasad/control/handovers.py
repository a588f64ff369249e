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


def _actor_ids(names: Iterable[str], kb: Any) -> set[str]:
    """Knowledge-base ids and folded names of gold actors; "Syrian Arab Army (17th
    Division)" also stands for the army and for the unit in brackets."""
    ids: set[str] = set()
    for name in names:
        bracket = re.match(r"(.+?)\s*\((.+)\)\s*$", name)
        for form in [name, *(bracket.groups() if bracket else ())]:
            ids |= set(kb.lookup(form)) if kb is not None else set()
            ids.add(form.strip().lower())
    return ids


def _holders(items: list[JsonDict]) -> set[str]:
    return ({str(i["holder_id"]) for i in items if i.get("holder_id")}
            | {str(i["holder"]).strip().lower() for i in items if i.get("holder")})


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
            takers, givers = _actor_ids(ev.actor1, kb), _actor_ids(ev.actor2, kb)
            changes = _changes(view, [ev.location.name, ev.location.name_ar])
            taken = [c for c in changes if takers & _holders(c["gained"])]
            both = [c for c in taken if not givers or givers & _holders(c["lost"])]
            check.with_taker += bool(taken)
            check.with_taker_and_giver += bool(both)
            if not both:
                check.missed.append({"doc": doc.id, "place": ev.location.name,
                                     "taker": ev.actor1, "giver": ev.actor2,
                                     "taker_found": bool(taken)})
    return check
