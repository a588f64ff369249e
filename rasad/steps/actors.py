"""mentions.actors.v1: armed actors named in a report, resolved to knowledge-base ids.

1. Dictionary pass: every Arabic and English alias of the actor knowledge base, matched
   clitic-aware on the normalized view ("وميليشيا", "لميليشيا", "والفيلق").
2. Unknown-group pass: Arabic reports put group names in parentheses or quotes after a
   group noun ("ميليشيا (X)", "فصيل «X»"); such a name that the dictionary does not
   know is still an actor mention, with a null id, so analysts see it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..events.weapons import weapon_cues_in
from ..knowledge import ActorKB, load_actors
from ..lang.ar.normalize import NormalizedText, normalize, normalize_str
from ..lang.lexicon import read_tsv
from ..match import PhraseMatcher
from ..pipeline import NamedStep, Resources, register
from ..types import ActorMention, Document

NAME = "mentions.actors.v1"

# A group noun followed by a bracketed or quoted name. "لواء" is left out: before a
# bracketed name it is far more often the rank (major general) than "brigade".
_BRACKETED_GROUP = re.compile(
    r"(?:ميليشيا|مليشيا|ميليشيات|مليشيات|فصيل|فصائل|جماعة|حركة|تنظيم|كتيبة|"
    r"militia|group|faction)\s*[(«\"“]([^()«»\"“”\n]{2,40})[)»\"”]"
)


# ACLED actor types of people who do not fight: victims or sources, never attackers.
_UNARMED = frozenset({"Civilians", "Protesters"})


@dataclass(slots=True)
class ActorRecognizer:
    kb: ActorKB
    matcher: PhraseMatcher[str]

    @classmethod
    def build(cls, kb: ActorKB) -> ActorRecognizer:
        matcher: PhraseMatcher[str] = PhraseMatcher()
        for alias, actor_id in kb.aliases():
            matcher.add(alias, actor_id)
        return cls(kb, matcher)

    def __call__(self, text: str, view: NormalizedText | None = None,
                 lang: str = "ar") -> list[ActorMention]:
        view = view or normalize(text)
        found = [self._mention(text, view, m.start, m.end, m.payloads)
                 for m in self.matcher.find(view)]
        found += self._unknown_groups(text, found)
        found += self._weapon_nationalities(text, view, lang, found)
        found.sort(key=lambda a: a.start)
        return _drop_partitive_generics(text, found)

    def _mention(
        self, text: str, view: NormalizedText, start: int, end: int, ids: tuple[str, ...]
    ) -> ActorMention:
        o_start, o_end = view.to_original(start, end)
        actor_id = self._choose(ids)
        actor = self.kb.get(actor_id)
        # A description ("قوات النظام") is reported as the actor it is coded as.
        coded = self.kb.coded(actor_id) if actor is not None else None
        return ActorMention(
            start=o_start,
            end=o_end,
            text=text[o_start:o_end],
            actor_id=coded.id if coded else actor_id,
            name=(coded.short or coded.name) if coded else None,
            generic=bool(actor and actor.generic and coded is actor),
            civilian=bool(coded and coded.acled_type in _UNARMED),
        )

    def _weapon_nationalities(self, text: str, view: NormalizedText, lang: str,
                              known: list[ActorMention]) -> list[ActorMention]:
        """"طائرات حربية روسية": a nationality adjective right after a weapon names its user."""
        out: list[ActorMention] = []
        adjectives = _nationalities(lang)
        for cue in weapon_cues_in(view, lang):
            if lang == "en":
                out += self._preceding_nationality(text, view, cue.start, adjectives,
                                                   known + out)
                continue
            for word in _NEXT_WORDS.finditer(text, cue.end, min(len(text), cue.end + 30)):
                actor_id = adjectives.get(normalize_str(word.group(1)))
                if actor_id is None:
                    continue
                s, e = word.span(1)
                if not any(a.start < e and s < a.end for a in known + out):
                    out.append(self._mention(text, view, view.from_original(s),
                                             view.from_original(e), (actor_id,)))
                break
        return out

    def _preceding_nationality(self, text: str, view: NormalizedText, cue_start: int,
                               adjectives: dict[str, str], known: list[ActorMention]
                               ) -> list[ActorMention]:
        """English puts the adjective first: "a Turkish drone", "Israeli enemy drone
        strike", "suspected Russian warplanes" (at most one word in between)."""
        lo = max(0, cue_start - 40)
        phrase = _PHRASE_BREAK.split(text[lo:cue_start])[-1]
        base = cue_start - len(phrase)
        for word in reversed(list(_WORD.finditer(phrase))[-2:]):
            actor_id = adjectives.get(normalize_str(word.group()))
            if actor_id is None:
                continue
            s, e = base + word.start(), base + word.end()
            if any(a.start < e and s < a.end for a in known):
                return []
            return [self._mention(text, view, view.from_original(s), view.from_original(e),
                                  (actor_id,))]
        return []

    def _choose(self, ids: tuple[str, ...]) -> str:
        # A named group beats a generic description sharing the same words.
        named = [i for i in ids if (a := self.kb.get(i)) is not None and not a.generic]
        return (named or list(ids))[0]

    @staticmethod
    def _unknown_groups(text: str, known: list[ActorMention]) -> list[ActorMention]:
        out: list[ActorMention] = []
        for m in _BRACKETED_GROUP.finditer(text):
            start, end = m.span(1)
            inner = text[start:end].strip()
            start = text.index(inner, start)
            end = start + len(inner)
            if any(a.start < end and start < a.end for a in known):
                continue
            out.append(ActorMention(start, end, inner, None, None))
        return out


# "مسلحون من خلايا تنظيم الدولة": the gunmen are the group named after them.
_PARTITIVE_GAP = re.compile(
    r"^\s*(?:من|في|ضمن|التابعين\s+ل|التابعة\s+ل|from|of)\s*"
    r"(?:(?:خلايا|عناصر|صفوف|مجموعة|مجموعات|cells\s+of|members\s+of)\s*)?"
    r"(?:(?:تنظيم|ميليشيا|مليشيا|حركة|جماعة)\s*)?[(«\"“]?\s*$"
)


def _drop_partitive_generics(text: str, actors: list[ActorMention]) -> list[ActorMention]:
    out: list[ActorMention] = []
    for i, a in enumerate(actors):
        nxt = actors[i + 1] if i + 1 < len(actors) else None
        if a.generic and nxt is not None and not nxt.generic and \
                _PARTITIVE_GAP.match(text[a.end:nxt.start]):
            continue
        out.append(a)
    return out


_NEXT_WORDS = re.compile(r"\s+([^\s،,.]+)")
# A comma, full stop or colon ends the phrase a weapon noun heads.
_PHRASE_BREAK = re.compile(r"[،,;:]|\.\s")
_WORD = re.compile(r"[^\s()\"“”]+")


@cache
def _nationalities(lang: str) -> dict[str, str]:
    return {normalize_str(r["adjective"]): r["actor_id"]
            for r in read_tsv("nationalities.tsv") if r["lang"] == lang}


@register(NAME)
def make_actor_step(resources: Resources) -> NamedStep:
    recognizer = resources.get(
        "actor_recognizer", lambda: ActorRecognizer.build(load_actors())
    )
    assert isinstance(recognizer, ActorRecognizer)

    def run(doc: Document) -> Document:
        doc.actors = recognizer(doc.text, doc.view, doc.lang or "ar")
        return doc

    return NamedStep(NAME, run)
