"""Commanders accumulated across reports: one record per person, every role and source.

Names are compared on normalized words without honorifics ("الحاج", "المدعو") and
punctuation. Two mentions are one person when their actors are compatible (the same
group, one unknown, or one a formation or backer of the other) and either the names
are equal, or they share a kunya ("أبو صقر") and one name's words are contained in the
other's ("فياض أبو صقر"). A kunya alone is common, so a different group keeps two
records apart.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..lang.ar.normalize import normalize_str
from .corpus import Corpus
from .model import Commander, CommanderRole, JsonDict, MergedEvent, SourceRef
from .sites import cue_words

_WORD = re.compile(r"\w+")


@dataclass(slots=True)
class _Name:
    words: tuple[str, ...]
    kunya: tuple[str, ...] | None


def parse_name(name: str) -> _Name:
    cues = cue_words()
    words = tuple(w for w in _WORD.findall(normalize_str(name).lower())
                  if cues.get(w) != "honorific")
    kunya = None
    for i, word in enumerate(words[:-1]):
        if cues.get(word) == "kunya":
            kunya = words[i:i + 2]
            break
    return _Name(words, kunya)


def spelled_as(query: str, written: str) -> bool:
    """Whether a Latin ``query`` spells words of the Arabic name ``written``: each query
    word's consonant skeleton is one of the name's ("Majdi" and "الحاج مجدي")."""
    from ..gazetteer.names import is_arabic, skeleton_ar, skeleton_en

    if is_arabic(query) or not is_arabic(written):
        return False
    asked = [w.replace("v", "f").replace("p", "b") for w in skeleton_en(query).split()]
    have = set(skeleton_ar(written).split())
    return bool(asked) and sum(len(w) for w in asked) >= 3 and all(w in have for w in asked)


def same_name(a: _Name, b: _Name) -> bool:
    if not a.words or not b.words:
        return False
    if a.words == b.words:
        return True
    if a.kunya is None or a.kunya != b.kunya:
        return False
    shorter, longer = sorted((a.words, b.words), key=len)
    return set(shorter) <= set(longer)


def kunya_text(written: str) -> str | None:
    """The kunya as written ("أبو صقر" in "فياض أبو صقر"), if the name has one."""
    cues = cue_words()
    words = written.split()
    for i, word in enumerate(words[:-1]):
        if cues.get(normalize_str(word).lower()) == "kunya":
            return f"{word} {words[i + 1]}"
    return None


def clean_name(name: str) -> str:
    return " ".join(re.sub(r"[^\w\s-]", " ", name).split())


def build_commanders(corpus: Corpus, groups: dict[str, str], merged: list[MergedEvent],
                     related: Callable[[str], set[str]]) -> list[Commander]:
    records: list[Commander] = []
    parsed: list[list[_Name]] = []
    for person in sorted(corpus.persons, key=lambda p: _person_order(p, corpus)):
        role = _role(person, corpus, groups)
        name = parse_name(role.name_as_written)
        if not name.words:
            continue  # a title or punctuation alone ("الحاج", "()") names nobody
        index = _find(records, parsed, name, role.actor_id, related)
        if index is None:
            records.append(_new(role))
            parsed.append([name])
        else:
            _add(records[index], role)
            parsed[index].append(name)
    _link_events(records, merged)
    return records


def _person_order(person: JsonDict, corpus: Corpus) -> tuple[bool, str, int, int]:
    doc = corpus.docs.get(str(person.get("doc_id")))
    published = doc.published if doc else None
    return (published is None, published or "", doc.seq if doc else 0, int(person.get("start") or 0))


def _role(person: JsonDict, corpus: Corpus, groups: dict[str, str]) -> CommanderRole:
    doc_id = str(person.get("doc_id"))
    doc = corpus.docs.get(doc_id)
    source = SourceRef(doc_id=doc_id, group=groups.get(doc_id, doc_id),
                       outlet=doc.outlet if doc else None,
                       published=doc.published if doc else None, url=doc.url if doc else None)
    return CommanderRole(
        role=person.get("role"), role_text=person.get("role_text"), actor_id=person.get("actor"),
        area=person.get("area"), name_as_written=clean_name(str(person.get("name") or
                                                                  person.get("text") or "")),
        title=person.get("title"), source=source,
        span=(int(person.get("start") or 0), int(person.get("end") or 0)))


def _find(records: list[Commander], parsed: list[list[_Name]], name: _Name,
          actor: str | None, related: Callable[[str], set[str]]) -> int | None:
    for index, record in enumerate(records):
        if not any(same_name(name, known) for known in parsed[index]):
            continue
        if actor is None or not record.actors or any(
                actor == other or other in related(actor) or actor in related(other)
                for other in record.actors):
            return index
    return None


def _new(role: CommanderRole) -> Commander:
    name = parse_name(role.name_as_written)
    digest = hashlib.sha256(f"{' '.join(name.words)}|{role.actor_id}".encode()).hexdigest()
    commander = Commander(id=f"p-{digest[:12]}", name=role.name_as_written, kunya=None,
                          aliases=[], roles=[], actors=[], areas=[], first_reported=None,
                          last_reported=None)
    _add(commander, role)
    return commander


def _add(commander: Commander, role: CommanderRole) -> None:
    commander.roles.append(role)
    written = role.name_as_written
    if written and written not in commander.aliases:
        commander.aliases.append(written)
    # The fullest form is the display name: "فياض أبو صقر" over "أبو صقر".
    commander.name = max(commander.aliases, key=lambda n: len(parse_name(n).words))
    if commander.kunya is None:
        commander.kunya = kunya_text(written)
    if role.actor_id and role.actor_id not in commander.actors:
        commander.actors.append(role.actor_id)
    if role.area and role.area not in commander.areas:
        commander.areas.append(role.area)
    dates = sorted(r.source.published for r in commander.roles if r.source.published)
    commander.first_reported = dates[0] if dates else None
    commander.last_reported = dates[-1] if dates else None


def _link_events(records: list[Commander], merged: list[MergedEvent]) -> None:
    spans: dict[tuple[str, int], str] = {}
    for event in merged:
        for member, source in zip(event.events, event.sources, strict=True):
            for person in member.get("persons") or []:
                spans[(source.doc_id, int(person.get("start") or 0))] = event.id
    for record in records:
        for role in record.roles:
            event_id = spans.get((role.source.doc_id, role.span[0]))
            if event_id and event_id not in record.events:
                record.events.append(event_id)
