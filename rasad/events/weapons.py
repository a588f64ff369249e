"""Weapon cues: the means of attack decides between sub-types that share a verb.

"قصف" (bombardment) by aircraft is an Air/drone strike; by guns or rockets a Shelling
attack. A shelling trigger in a sentence that names aircraft is re-coded, and the actor
named right after the weapon ("طائرة مسيرة تركية", "الطيران الروسي") is its agent.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

from ..lang.ar.normalize import NormalizedText, normalize_str
from ..lang.lexicon import read_tsv
from ..match import PhraseMatcher
from ..types import Document, Trigger

_RECODABLE = frozenset({"Shelling/artillery/missile attack"})
# An attack or assault carried out by aircraft ("هجوم شنته طائرات حربية", "طيران ...
# استهدف") is an air strike too, but "مسيرة" alone is also a march: not enough here.
_RECODABLE_BY_AIR = frozenset({"Attack", "Armed clash"})
_AMBIGUOUS_AIR_CUES = frozenset(normalize_str(w) for w in ("مسيرة", "مسيرات"))
_AIR = "Air/drone strike"
_GENERIC = 0.8  # trigger weights at or below this name no particular weapon
_CUE_DISTANCE = 40  # characters between a generic trigger and the weapon that specifies it
_OWNER_GAP = 25  # "طائرة مسيرة تركية": the actor follows its weapon this closely


@dataclass(slots=True, frozen=True)
class WeaponCue:
    start: int
    end: int
    sub_event_type: str
    text: str = ""  # normalized


@cache
def _matcher(lang: str) -> PhraseMatcher[str]:
    matcher: PhraseMatcher[str] = PhraseMatcher()
    for row in read_tsv("triggers/weapons.tsv"):
        if row["lang"] == lang:
            matcher.add(row["pattern"], row["sub_event_type"])
    return matcher


def weapon_cues(doc: Document) -> list[WeaponCue]:
    return weapon_cues_in(doc.view, doc.lang if doc.lang in ("ar", "en") else "ar")


def weapon_cues_in(view: NormalizedText, lang: str) -> list[WeaponCue]:
    out: list[WeaponCue] = []
    for m in _matcher(lang).find(view):
        s, e = view.to_original(m.start, m.end)
        out.append(WeaponCue(s, e, m.payloads[0], view.text[m.start:m.end]))
    return out


def recode_by_weapon(triggers: list[Trigger], clauses: list[tuple[int, int]],
                     cues: list[WeaponCue]) -> list[Trigger]:
    """Generic shelling words ("قصف", "صاروخ") become air strikes when aircraft are named
    next to them in the same clause; explicit artillery words ("قصف مدفعي") stay."""
    out: list[Trigger] = []
    for t in triggers:
        c = next((c for c in clauses if c[0] <= t.start < c[1]), None)
        if c is not None and t.weight <= _GENERIC:
            near = [w for w in cues if c[0] <= w.start < c[1]
                    and -_CUE_DISTANCE <= w.start - t.start <= _CUE_DISTANCE]
            implied = {w.sub_event_type for w in near}
            if t.sub_event_type in _RECODABLE and len(implied) == 1:
                t = replace(t, sub_event_type=implied.pop(), frame="strike")
            elif t.sub_event_type in _RECODABLE_BY_AIR and implied == {_AIR} and any(
                    w.text not in _AMBIGUOUS_AIR_CUES for w in near):
                t = replace(t, sub_event_type=_AIR, frame="strike")
        out.append(t)
    return out


def weapon_owners(doc: Document, cues: list[WeaponCue]) -> frozenset[int]:
    """Start offsets of actors named right after a weapon: they wield it."""
    owned: set[int] = set()
    for a in doc.actors:
        for c in cues:
            gap = doc.text[c.end:a.start]
            if 0 <= a.start - c.end <= _OWNER_GAP and not any(
                c.end <= b.start < a.start for b in doc.actors
            ) and "،" not in gap and "," not in gap:
                owned.add(a.start)
    return frozenset(owned)
