"""What kind of site a report describes, how precisely it is located, and how it is named.

The kind comes from the site word nearest before the place name in the event's
evidence ("مقرين عسكريين قرب مدينة تدمر" -> headquarters); the words are listed in
site_kinds.tsv. Location uncertainty follows how the report located the site.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from ..lang.ar.normalize import normalize_str
from .model import JsonDict

KINDS_PATH = Path(__file__).with_name("site_kinds.tsv")
CUES_PATH = Path(__file__).with_name("cues.tsv")
LOOKBACK_WORDS = 6  # a site word this close before the place name describes it
_WORD = re.compile(r"\w+")
_PROCLITICS = ("و", "ف", "ب", "ل", "ك")

# Radius (km) within which the positions lie, by how the report located them.
UNCERTAINTY_KM = {"between": 15.0, "near": 10.0, "outskirts": 10.0, "desert": 25.0,
                  "countryside": 25.0, "area": 25.0, "axis": 25.0}
UNCERTAINTY_BY_PRECISION = {1: 5.0, 2: 15.0, 3: 50.0}


def _read_tsv(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        form, value = line.split("\t")[:2]
        out[normalize_str(form.strip()).lower()] = value.strip()
    return out


@cache
def site_words() -> dict[str, str]:
    """Normalized site word -> kind, from site_kinds.tsv."""
    return _read_tsv(KINDS_PATH)


@cache
def cue_words() -> dict[str, str]:
    """Normalized cue word -> cue (reinforcement, honorific, kunya), from cues.tsv."""
    return _read_tsv(CUES_PATH)


def token_forms(token: str) -> list[str]:
    """The token and its forms without a proclitic and/or the article."""
    candidates = [token]
    if token[:1] in _PROCLITICS and len(token) > 3:
        candidates.append(token[1:])
    for form in list(candidates):
        for article in ("ال", "ل"):
            if form.startswith(article) and len(form) > len(article) + 2:
                candidates.append(form[len(article):])
    return candidates


def lookup_word(token: str, table: dict[str, str]) -> str | None:
    for form in token_forms(token):
        if form in table:
            return table[form]
    return None


def has_cue(text: str, cue: str) -> bool:
    table = cue_words()
    return any(lookup_word(t, table) == cue for t in _WORD.findall(normalize_str(text).lower()))


def withdrew_afterwards(text: str) -> bool:
    """True when a withdrawal is told after the main verb ("... قبل أن ينسحبوا منهما",
    "... before withdrawing"): a withdrawal word right after (or one word after) a
    phrase that puts it later ("قبل أن", "ثم", "before", "then"); "من قبل" (by) is
    not such a phrase."""
    table = cue_words()
    markers = [m.split() for m, cue in table.items() if cue == "afterwards"]
    tokens = _WORD.findall(normalize_str(text).lower())
    for i, token in enumerate(tokens):
        if lookup_word(token, table) != "withdrawal":
            continue
        for gap in (0, 1):
            before = tokens[:max(0, i - gap)]
            if any(len(before) >= len(m) and before[len(before) - len(m):] == m
                   for m in markers):
                return True
    return False


def _word_kind(token: str) -> str | None:
    return lookup_word(token, site_words())


def site_kind(evidence: list[JsonDict], place_forms: list[str]) -> str:
    """The kind of site named right before the place; "position" when none is."""
    forms = [normalize_str(f).lower() for f in place_forms if f]
    for span in evidence:
        text = normalize_str(str(span.get("text") or "")).lower()
        for form in forms:
            index = text.find(form)
            while index >= 0:
                kind = _kind_before(text[:index])
                if kind:
                    return kind
                index = text.find(form, index + 1)
    return "position"


def _kind_before(prefix: str) -> str | None:
    for token in reversed(_WORD.findall(prefix)[-LOOKBACK_WORDS:]):
        kind = _word_kind(token)
        if kind:
            return kind
    return None


def uncertainty_km(location: JsonDict) -> float:
    relation = location.get("relation")
    if relation in UNCERTAINTY_KM:
        return UNCERTAINTY_KM[relation]
    return UNCERTAINTY_BY_PRECISION.get(int(location.get("geo_precision") or 1), 15.0)


def place_forms(location: JsonDict) -> list[str]:
    """Names a place is written with: mention text, Arabic and English names."""
    names = [location.get("text"), location.get("name_ar"), location.get("name")]
    return [n for n in dict.fromkeys(names) if n]


def lookup_keys(names: Sequence[str | None]) -> list[str]:
    """Normalized keys a place query is matched against ("al-Bayda (eastern Homs)"
    is also found as "al-Bayda"; "between X and Y" as X and as Y)."""
    keys: dict[str, None] = {}
    for name in names:
        if not name:
            continue
        parts = [name, re.sub(r"\s*\(.*?\)", "", name)]
        match = re.match(r"between (.+) and (.+)$", name)
        if match:
            parts += [match.group(1), match.group(2)]
            parts += [re.sub(r"\s*\(.*?\)", "", p) for p in match.groups()]
        for part in parts:
            key = place_key(part)
            if key:
                keys[key] = None
    return list(keys)


def place_key(name: str) -> str:
    """A place name folded for lookup (Arabic and Latin, article-insensitive; "Zākīyah"
    is found as "Zakiyah")."""
    folded = unicodedata.normalize("NFKD", normalize_str(name))
    text = "".join(c for c in folded if not unicodedata.combining(c)).lower().replace("-", " ")
    words = []
    for word in _WORD.findall(text):
        if word in ("al", "el", "the"):  # the article is its own token after the fold
            continue
        words.append(word[2:] if word.startswith("ال") and len(word) > 4 else word)
    return " ".join(words)
