"""The context of a place name: cue words before and after it and what they say.

Works on the normalized view split into words; a word may carry proclitics
("بريف", "وبالقرب"), so cue lookups try the word with its clitics peeled off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from ..errors import KnowledgeError
from ..knowledge._common import load_yaml
from ..lang.ar.normalize import normalize_str
from ..spans import word_starts

CUES_PATH = Path(__file__).resolve().parent.parent / "knowledge" / "place_cues.yaml"
_WORD = re.compile(r"\w+")
_PROCLITICS = ("و", "ف", "ب", "ل", "ك")


def _norm_set(words: list[str]) -> frozenset[str]:
    return frozenset(normalize_str(w) for w in words)


@dataclass(frozen=True, slots=True)
class CueLexicon:
    """Cue word sets, normalized; Arabic and English share the attribute names."""

    settlement: frozenset[str]
    facility: frozenset[str]
    facility_adjectives: frozenset[str]
    media_words: frozenset[str]
    outlet_names_after: frozenset[str]
    given_names: frozenset[str]
    unknown_place: frozenset[str]
    place_lists: frozenset[str]
    town_word: frozenset[str]
    locative: frozenset[str]
    governorate_word: frozenset[str]
    countryside: frozenset[str]
    countryside_definite: frozenset[str]
    desert: frozenset[str]
    near: frozenset[str]
    near_two: tuple[tuple[str, str], ...]
    axis: frozenset[str]
    between: frozenset[str]
    prepositions: frozenset[str]
    directions: dict[str, str]
    direction_adjectives: dict[str, str]
    org_heads: frozenset[str]
    titles: frozenset[str]
    homographs: frozenset[str]
    not_names: frozenset[str]
    not_places: frozenset[str]
    urban: frozenset[str]
    outlet_words: frozenset[str]
    nesting: frozenset[str]
    fused_heads: frozenset[str] = field(default_factory=frozenset)
    en_settlement: frozenset[str] = field(default_factory=frozenset)
    en_governorate_word: frozenset[str] = field(default_factory=frozenset)
    en_countryside: frozenset[str] = field(default_factory=frozenset)
    en_desert: frozenset[str] = field(default_factory=frozenset)
    en_near: frozenset[str] = field(default_factory=frozenset)
    en_between: frozenset[str] = field(default_factory=frozenset)
    en_axis: frozenset[str] = field(default_factory=frozenset)
    en_directions: dict[str, str] = field(default_factory=dict)
    admin_word_countries: dict[str, tuple[str, ...]] = field(default_factory=dict)
    en_locative: frozenset[str] = field(default_factory=frozenset)
    en_prepositions: frozenset[str] = field(default_factory=frozenset)
    en_titles: frozenset[str] = field(default_factory=frozenset)
    en_given_names: frozenset[str] = field(default_factory=frozenset)
    en_name_heads: frozenset[str] = field(default_factory=frozenset)
    en_descriptors: frozenset[str] = field(default_factory=frozenset)
    en_not_names: frozenset[str] = field(default_factory=frozenset)
    list_openers: frozenset[str] = field(default_factory=frozenset)
    list_heads: frozenset[str] = field(default_factory=frozenset)
    name_heads: frozenset[str] = field(default_factory=frozenset)
    base_words: frozenset[str] = field(default_factory=frozenset)
    # Unions the context rules test for every place candidate, made once.
    settlement_words: frozenset[str] = field(init=False, repr=False, compare=False)
    en_countryside_before: frozenset[str] = field(init=False, repr=False, compare=False)
    en_after_name: frozenset[str] = field(init=False, repr=False, compare=False)
    # What a written word says before a place name (see place_context), remembered per
    # word: every candidate asks it of its neighbour, and news text repeats its words.
    word_relations: dict[str, tuple[str, str | None, str]] = field(
        init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        unions = {
            "settlement_words": self.settlement | self.governorate_word | self.en_settlement,
            # English "countryside" follows its town ("Tal Tamer countryside (Al-Hasakeh)")
            "en_countryside_before": self.en_countryside - {"countryside"},
            "en_after_name": self.en_countryside | self.en_desert | self.en_governorate_word
            | self.en_settlement | self.en_axis,
        }
        for name, words in unions.items():
            object.__setattr__(self, name, words)
        object.__setattr__(self, "word_relations", {})


def load_cues(path: Path = CUES_PATH) -> CueLexicon:
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
        ar, en = data["ar"], data["en"]
        sets = {k: _norm_set(v) for k, v in ar.items() if isinstance(v, list) and k != "near_two"}
        return CueLexicon(
            **sets,
            near_two=tuple((normalize_str(a), normalize_str(b)) for a, b in ar["near_two"]),
            directions={normalize_str(k): v for k, v in ar["directions"].items()},
            direction_adjectives={normalize_str(k): v for k, v in ar["direction_adjectives"].items()},
            **{f"en_{k}": frozenset(v) for k, v in en.items() if isinstance(v, list)},
            en_directions=dict(en["directions"]),
            admin_word_countries={normalize_str(k): tuple(v)
                                  for k, v in ar.get("admin_word_countries", {}).items()},
        )
    except (OSError, KeyError, TypeError, ValueError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"{path}: malformed place cue lexicon ({exc})") from exc


@dataclass(slots=True)
class Word:
    start: int  # normalized offsets
    end: int
    text: str


class Words(list[Word]):
    """A report's words with the set of their distinct texts, made once from the scan
    (the cue lookups of the place step each read it)."""

    distinct: frozenset[str]


def split_words(text: str) -> Words:
    starts, words = word_starts(_WORD, text)
    out = Words([Word(s, s + len(w), w) for s, w in zip(starts, words, strict=True)])
    out.distinct = frozenset(words)
    return out


@lru_cache(maxsize=65536)
def forms(word: str) -> tuple[str, ...]:
    """The word and the word with its proclitic chain peeled (و، ف، ب، ل، ك).

    Cached: the context of every place candidate asks for the forms of its neighbours
    against each cue set, and news text repeats its words."""
    out = [word]
    rest = word
    for _ in range(2):
        if len(rest) > 2 and rest.startswith(_PROCLITICS):
            rest = rest[1:]
            out.append(rest)
    return tuple(out)


def cue_in(word: str, cue_set: frozenset[str] | dict[str, str]) -> str | None:
    """The form of ``word`` found in ``cue_set`` (clitics peeled), if any."""
    for form in forms(word):
        if form in cue_set:
            return form
    return None


# Bound on the written words remembered per cue set (a server sees an open vocabulary).
WORDS_REMEMBERED = 50_000


@dataclass(slots=True)
class _CueMemo:
    # (word -> the cue form it carries, the keys of that dict as a set, words carrying no
    # cue of the set); replaced whole when full, so a reader never sees half a reset
    state: tuple[dict[str, str], set[str], set[str]] = field(
        default_factory=lambda: ({}, set(), set()))


@lru_cache(maxsize=64)
def _cue_memo(cue_set: frozenset[str]) -> _CueMemo:
    return _CueMemo()


def cue_forms(words: list[Word], cue_set: frozenset[str]) -> dict[str, str]:
    """Each distinct written word of ``words`` that carries a cue of ``cue_set``, with
    the cue's form: one :func:`cue_in` per word never seen before with this set, set
    operations for the others (news text repeats its words from report to report)."""
    memo = _cue_memo(cue_set)
    distinct = words.distinct if isinstance(words, Words) else {w.text for w in words}
    forms, carrying, without = memo.state
    if len(carrying) + len(without) + len(distinct) > WORDS_REMEMBERED:
        forms, carrying, without = memo.state = ({}, set(), set())
    for text in distinct - without - carrying:  # (most words carry no cue: fewer kept first)
        form = cue_in(text, cue_set)
        if form is None:
            without.add(text)
        else:
            forms[text] = form  # before ``carrying``: a word there always has its form
            carrying.add(text)
    return {text: forms[text] for text in distinct & carrying}


def cue_offset(word: Word, form: str) -> int:
    """Normalized start of the cue inside a clitic-carrying word ("بريف" -> "ريف")."""
    return word.end - len(form)


_OPEN_QUOTE = re.compile(r"[\"«“”']\s*$")
_CLOSE_QUOTE = re.compile(r"^\s*[\"»”“']")
_QUOTED_MAX_WORDS = 4


def _arabic_word(word: str) -> bool:
    return len(word) >= 2 and all("\u0621" <= c <= "\u064a" for c in word)


def unknown_name_end(text: str, words: list[Word], first: int, cues: CueLexicon) -> int:
    """Index of the last word of a name no gazetteer knows, which starts at ``first``.

    A name in quotes runs to the closing quote ("منطقة “باب غلق”"); an unquoted one
    takes a second word only when a locating word follows it ("قرية دكة ميكائيل
    الواقعة في ..."), because a bare second word is as often the sentence going on."""
    before = text[words[first - 1].end:words[first].start] if first else ""
    if _OPEN_QUOTE.search(before):
        for k in range(first, min(first + _QUOTED_MAX_WORDS, len(words))):
            if k > first and not _arabic_word(words[k].text):
                break
            if _CLOSE_QUOTE.match(text[words[k].end:words[k].end + 2]):
                return k
        return first
    second = first + 1
    if headed_name(words, first, cues):
        return second  # "منطقة تل عبطة", "مخيم عين الحلوة": a head word never stands alone
    if second >= len(words) or not _arabic_word(words[second].text) \
            or text[words[first].end:words[second].start].strip() \
            or cue_in(words[second].text, cues.not_names) is not None:
        return first
    if second + 1 < len(words) and cue_in(words[second + 1].text, cues.locative) is not None:
        return second
    return first


def headed_name(words: list[Word], first: int, cues: CueLexicon) -> bool:
    """"تل عبطة", "أم عامود": a name-opening word ("تل", "عين", "أم") joined to the next
    word, which is the rest of the name."""
    second = first + 1
    return second < len(words) and words[first].text in cues.name_heads \
        and words[first].end + 1 == words[second].start and _arabic_word(words[second].text) \
        and cue_in(words[second].text, cues.not_names) is None
