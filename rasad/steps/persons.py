"""mentions.persons.v1: commanders and officials named in a report.

1. A title or introducer (القيادي، اللواء، المدعو، الحاج، General ...) starts a name:
   the bracketed text after it ("القيادي (رحيم طحان)"), or up to three plain words.
2. The role comes from a role phrase after the name ("وهو القائد العسكري بميليشيا X
   بمنطقة Y"), from "بقيادة"/"بإشراف" before it, or from the title itself.
3. The affiliation is the actor named in that role phrase, else the nearest actor
   before the name in the same sentence ("ميليشيا (الفوج 74) بقيادة المدعو (...)").
   The area is the place in the role phrase, else the nearest place before the name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..knowledge import PersonCue, load_person_cues
from ..lang.ar.normalize import normalize_str
from ..match import PhraseMatcher
from ..pipeline import NamedStep, Resources, register
from ..types import ActorMention, Document, PersonMention, PlaceMention, Sentence

NAME = "mentions.persons.v1"

_BRACKETED = re.compile(r"\s*[(«\"“]([^()«»\"“”\n]{2,40})[)»\"”]")
_PLAIN_WORD = re.compile(r"\s*([^\W\d_][\w\-'’.]*)")
# Words that end a plain (unbracketed) name: prepositions, pronouns, conjunctions.
_NAME_STOP = {normalize_str(w) for w in (
    "في", "من", "على", "إلى", "الى", "عن", "مع", "وهو", "وهي", "الذي", "التي", "أحد", "احد",
    "بعد", "قبل", "خلال", "قائد", "مسؤول", "بقيادة", "لدى", "ضمن", "و", "أن", "إن", "قد",
    "of", "the", "in", "and", "who", "from", "with", "at", "said", "was",
)}
_LED_BY = re.compile(r"(?:بقيادة|بإشراف|باشراف|تحت إشراف|تحت اشراف|led by|commanded by)\s*$")
_WINDOW = 140  # characters after a name searched for its role phrase
_APPOSITION = 15  # a role phrase starts this close after the name ("، وهو القائد ...")
_CLAUSE_END = re.compile(r"\s(?:فيما|في حين|بينما|كما|while|whereas)\s|[.؛;\n]")
_ROLE_INTRO = re.compile(r"(?:وهو|وهي|هو|هي|،|,)\s*$")


@dataclass(slots=True)
class PersonRecognizer:
    titles: PhraseMatcher[PersonCue]
    roles: PhraseMatcher[PersonCue]

    @classmethod
    def build(cls, cues: tuple[PersonCue, ...]) -> PersonRecognizer:
        titles: PhraseMatcher[PersonCue] = PhraseMatcher()
        roles: PhraseMatcher[PersonCue] = PhraseMatcher()
        for cue in cues:
            (roles if cue.kind == "role_phrase" else titles).add(cue.pattern, cue)
        return cls(titles, roles)

    def __call__(self, doc: Document) -> list[PersonMention]:
        view = doc.view
        titles = [(*view.to_original(m.start, m.end), m.payloads[0])
                  for m in self.titles.find(view)]
        starts = [t_start for t_start, _, _ in titles]
        out: list[PersonMention] = []
        last_end = -1
        for t_start, t_end, cue in titles:
            # A title right after "وهو" opens a role phrase, not a new name.
            if t_start < last_end or _ROLE_INTRO.search(doc.text[max(0, t_start - 6):t_start]):
                continue
            person = self._person_after(doc, t_start, t_end, cue, starts)
            if person is not None:
                out.append(person)
                last_end = person.end
        return out

    def _person_after(
        self, doc: Document, t_start: int, t_end: int, cue: PersonCue, title_starts: list[int]
    ) -> PersonMention | None:
        span = _name_span(doc, t_end)
        if span is None:
            return None
        start, end = span
        if _overlaps(start, end, doc.actors) or _overlaps(start, end, doc.places):
            return None
        person = PersonMention(
            start=start, end=end, text=doc.text[start:end], name=doc.text[start:end],
            title=doc.text[t_start:t_end], role=cue.role or None,
        )
        self._attach_role(doc, person, t_start, title_starts)
        return person

    def _attach_role(self, doc: Document, person: PersonMention, t_start: int,
                     title_starts: list[int]) -> None:
        sentence = _sentence_of(doc.sentences, person.start)
        s_end = sentence.end if sentence else len(doc.text)
        s_start = sentence.start if sentence else 0
        w_end = min(s_end, person.end + _WINDOW)
        stop = _CLAUSE_END.search(doc.text, person.end, w_end)
        next_title = next((t for t in title_starts if person.end + _APPOSITION < t < w_end),
                          None)
        w_end = min(stop.start() if stop else w_end, next_title or w_end)
        window = doc.text[person.end:w_end]
        role_hit = [h for h in self.roles.find(normalize_str(window)) if h.prefix_start <= _APPOSITION]
        if role_hit:
            cue = role_hit[0].payloads[0]
            person.role = cue.role or person.role
            r_start = person.end + len(window) - len(window.lstrip())
            person.role_text = doc.text[r_start:w_end].split("\n")[0].strip()
            actor = _first_within(doc.actors, person.end, w_end)
            if actor is not None:
                person.actor_id = actor.actor_id
            place = _first_within(doc.places, person.end, w_end)
            if place is not None:
                person.area = place.text
        if _LED_BY.search(doc.text[max(s_start, t_start - 20):t_start]):
            person.role = "commander"
        if person.actor_id is None:
            actor = _last_within(doc.actors, max(s_start, t_start - 120), t_start)
            person.actor_id = actor.actor_id if actor else None
        if person.area is None:
            place = _last_within(doc.places, max(s_start, t_start - 120), t_start)
            person.area = place.text if place else None



def _name_span(doc: Document, pos: int) -> tuple[int, int] | None:
    text = doc.text
    bracket = _BRACKETED.match(text, pos)
    if bracket:
        inner = bracket.group(1).strip()
        start = text.index(inner, bracket.start(1))
        return start, start + len(inner)
    start = end = -1
    cursor = pos
    for _ in range(3):
        word = _PLAIN_WORD.match(text, cursor)
        if word is None or normalize_str(word.group(1)) in _NAME_STOP:
            break
        if start < 0 and normalize_str(word.group(1)).startswith("ال"):
            break  # names do not open with the article; "العسكري" is an adjective
        if _overlaps(word.start(1), word.end(1), doc.actors):
            break
        start = word.start(1) if start < 0 else start
        end = cursor = word.end(1)
    while end > start and text[end - 1] in ".’'-":
        end -= 1  # a full stop or quote that closes the sentence is not part of the name
    if start < 0 or end - start < 3:
        return None
    return start, end


def _overlaps(start: int, end: int, spans: list[ActorMention] | list[PlaceMention]) -> bool:
    return any(s.start < end and start < s.end for s in spans)


def _sentence_of(sentences: list[Sentence], pos: int) -> Sentence | None:
    return next((s for s in sentences if s.start <= pos < s.end), None)


def _first_within(spans, start: int, end: int):  # type: ignore[no-untyped-def]
    return next((s for s in spans if start <= s.start < end), None)


def _last_within(spans, start: int, end: int):  # type: ignore[no-untyped-def]
    inside = [s for s in spans if start <= s.start and s.end <= end]
    return inside[-1] if inside else None


@register(NAME)
def make_person_step(resources: Resources) -> NamedStep:
    recognizer = resources.get(
        "person_recognizer", lambda: PersonRecognizer.build(load_person_cues())
    )
    assert isinstance(recognizer, PersonRecognizer)

    def run(doc: Document) -> Document:
        doc.persons = recognizer(doc)
        return doc

    return NamedStep(NAME, run)
