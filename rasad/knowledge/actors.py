"""The actor knowledge base (actors.yaml): typed entries, validation, alias lookup."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import KnowledgeError
from ..lang.ar.normalize import normalize_str
from ._common import DATA_DIR, load_yaml, where

ACTORS_PATH = DATA_DIR / "actors.yaml"

ACLED_ACTOR_TYPES: frozenset[str] = frozenset({
    "State forces", "Rebel group", "Political militia", "Identity militia",
    "Rioters", "Protesters", "Civilians", "External/Other forces",
})

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_REQUIRED = ("id", "name", "short", "names_ar", "aliases_en", "acled_type", "country", "source")
_OPTIONAL = ("parent", "sponsors", "generic", "coded_as", "not", "note", "governs")

# Reports spell the loanword "militia" three ways and often drop the article of the
# plural ("ميليشيات المدعومة من ..."), so these variants are generated, not listed.
_MILITIA_SPELLINGS = ("ميليشي", "مليشي", "ميلشي")


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    short: str
    names_ar: tuple[str, ...]
    aliases_en: tuple[str, ...]
    acled_type: str
    country: str | None
    parent: str | None
    sponsors: tuple[str, ...]
    generic: bool
    not_: tuple[str, ...]
    note: str
    source: str
    coded_as: str | None = None
    # Runs a de facto administration (ACLED: such actors "arrest", they do not abduct).
    governs: bool = False

    def surfaces(self) -> tuple[str, ...]:
        """Every surface form that names this actor (Arabic variants included)."""
        forms: list[str] = []
        for name in self.names_ar:
            forms.extend(arabic_variants(name))
        forms.extend(self.aliases_en)
        if not self.generic:
            # A generic entry's short name is its parent's: not a surface of its own.
            forms.extend((self.name, self.short))
        seen: dict[str, None] = dict.fromkeys(f for f in forms if f)
        return tuple(seen)


def arabic_variants(name: str) -> list[str]:
    """The name, its spellings of the word "militia", and the article-less plural."""
    out = [name]
    for spelling in _MILITIA_SPELLINGS:
        if spelling in name:
            out.extend(name.replace(spelling, other) for other in _MILITIA_SPELLINGS
                       if other != spelling)
    out += [v[2:] for v in out if v.startswith(tuple("ال" + s for s in _MILITIA_SPELLINGS))]
    return list(dict.fromkeys(out))


class ActorKB:
    """Actors by id, with lineage, sponsors and a surface-form index."""

    def __init__(self, actors: Iterable[Actor], origin: str = "actors") -> None:
        self._by_id: dict[str, Actor] = {}
        for actor in actors:
            if actor.id in self._by_id:
                raise KnowledgeError(f"{origin}: duplicate actor id {actor.id!r}")
            self._by_id[actor.id] = actor
        self._check_references(origin)
        self._surface_index: dict[str, tuple[str, ...]] | None = None

    def _check_references(self, origin: str) -> None:
        for actor in self._by_id.values():
            refs = [("parent", actor.parent), ("coded_as", actor.coded_as)]
            refs += [("sponsors", s) for s in actor.sponsors]
            refs += [("not", n) for n in actor.not_]
            for key, ref in refs:
                if ref is not None and ref not in self._by_id:
                    raise KnowledgeError(
                        f"{origin}: actor {actor.id!r}: {key} refers to unknown id {ref!r}")
                if ref == actor.id:
                    raise KnowledgeError(f"{origin}: actor {actor.id!r}: {key} refers to itself")
            self._walk_parents(actor.id, origin)

    def _walk_parents(self, actor_id: str, origin: str) -> list[str]:
        chain = [actor_id]
        parent = self._by_id[actor_id].parent
        while parent is not None:
            if parent in chain:
                raise KnowledgeError(f"{origin}: actor {actor_id!r}: parent cycle {chain + [parent]}")
            chain.append(parent)
            parent = self._by_id[parent].parent
        return chain

    def get(self, actor_id: str) -> Actor | None:
        return self._by_id.get(actor_id)

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self._by_id

    def __iter__(self) -> Iterator[Actor]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def aliases(self) -> Iterator[tuple[str, str]]:
        """Every (surface form, actor id) pair, Arabic and English."""
        for actor in self._by_id.values():
            for surface in actor.surfaces():
                yield surface, actor.id

    def lookup(self, surface: str) -> tuple[str, ...]:
        """Ids whose surface forms equal ``surface`` after normalization (exact, no clitics)."""
        if self._surface_index is None:
            index: dict[str, list[str]] = {}
            for form, actor_id in self.aliases():
                ids = index.setdefault(_key(form), [])
                if actor_id not in ids:
                    ids.append(actor_id)
            self._surface_index = {k: tuple(v) for k, v in index.items()}
        return self._surface_index.get(_key(surface), ())

    def lineage(self, actor_id: str) -> list[str]:
        """The id, its parent, grandparent ... up to the top formation."""
        if actor_id not in self._by_id:
            raise KeyError(actor_id)
        return self._walk_parents(actor_id, "actors")

    def sponsors_of(self, actor_id: str) -> tuple[str, ...]:
        """Backers of the actor and of the formations it belongs to, nearest first."""
        out: dict[str, None] = {}
        for ancestor in self.lineage(actor_id):
            out.update(dict.fromkeys(self._by_id[ancestor].sponsors))
        return tuple(out)

    def coded(self, actor_id: str) -> Actor:
        """The actor a mention of ``actor_id`` is coded as in ACLED-style output.

        ``coded_as`` wins; a generic description with a parent is coded as the parent
        ("قوات النظام" -> Syrian Arab Army); otherwise the actor itself.
        """
        actor = self._by_id[actor_id]
        for _ in range(len(self._by_id)):
            if actor.coded_as is not None:
                actor = self._by_id[actor.coded_as]
            elif actor.generic and actor.parent is not None:
                actor = self._by_id[actor.parent]
            else:
                return actor
        raise KnowledgeError(f"actors: coding of {actor_id!r} does not terminate")


def _key(surface: str) -> str:
    return " ".join(normalize_str(surface).split())


def _str_tuple(value: Any, what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise KnowledgeError(f"{what} must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _check_keys(entry: dict[str, Any]) -> None:
    missing = [k for k in _REQUIRED if k not in entry]
    if missing:
        raise KnowledgeError(f"missing required key(s) {missing}")
    unknown = sorted(set(entry) - set(_REQUIRED) - set(_OPTIONAL))
    if unknown:
        raise KnowledgeError(f"unknown key(s) {unknown}")
    for key in ("id", "name", "short", "acled_type", "source"):
        if not isinstance(entry[key], str) or not entry[key].strip():
            raise KnowledgeError(f"{key} must be a non-empty string")


def _actor_from_entry(entry: dict[str, Any]) -> Actor:
    _check_keys(entry)
    if not _ID.match(entry["id"]):
        raise KnowledgeError("id must be kebab-case (a-z, 0-9, -)")
    if entry["acled_type"] not in ACLED_ACTOR_TYPES:
        raise KnowledgeError(f"acled_type {entry['acled_type']!r} is not an ACLED actor type")
    country = entry["country"]
    if country is not None and not (isinstance(country, str) and _COUNTRY.match(country)):
        raise KnowledgeError(f"country {country!r} must be null or an ISO alpha-2 code")
    names_ar = _str_tuple(entry["names_ar"], "names_ar")
    if not names_ar:
        raise KnowledgeError("names_ar must list at least one Arabic name")
    generic, governs = entry.get("generic", False), entry.get("governs", False)
    if not isinstance(generic, bool) or not isinstance(governs, bool):
        raise KnowledgeError("generic and governs must be true or false")
    return Actor(
        id=entry["id"], name=entry["name"].strip(), short=entry["short"].strip(),
        names_ar=names_ar, aliases_en=_str_tuple(entry["aliases_en"], "aliases_en"),
        acled_type=entry["acled_type"], country=country,
        parent=_optional_id(entry.get("parent"), "parent"),
        sponsors=_str_tuple(entry.get("sponsors"), "sponsors"), generic=generic,
        not_=_str_tuple(entry.get("not"), "not"), note=str(entry.get("note") or "").strip(),
        source=entry["source"].strip(), coded_as=_optional_id(entry.get("coded_as"), "coded_as"),
        governs=governs,
    )


def _optional_id(value: Any, key: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise KnowledgeError(f"{key} must be an actor id or null")


def parse_actors(path: Path) -> ActorKB:
    """Read and validate an actors YAML file."""
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"{where(path)}: cannot read actors: {exc}") from exc
    if not isinstance(data, list):
        raise KnowledgeError(f"{where(path)}: top level must be a list of actors")
    actors: list[Actor] = []
    for number, entry in enumerate(data, start=1):
        label = entry.get("id") if isinstance(entry, dict) else None
        try:
            if not isinstance(entry, dict):
                raise KnowledgeError("entry must be a mapping")
            actors.append(_actor_from_entry(entry))
        except KnowledgeError as exc:
            raise KnowledgeError(f"{where(path)}: actor #{number} ({label!r}): {exc}") from exc
    return ActorKB(actors, origin=where(path))


@cache
def _default_actors() -> ActorKB:
    return parse_actors(ACTORS_PATH)


def load_actors(path: Path | None = None) -> ActorKB:
    """The actor knowledge base; the packaged file is read once per process."""
    return _default_actors() if path is None else parse_actors(path)
