"""Each fast path of extraction against the plain implementation it replaces.

The fast paths (one ``str.translate`` per run of text, one scan per report) must give
exactly what the plain per-character or per-token code gives, on every report of
../shared/eval and on random strings built from the characters the folds treat apart.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence

import pytest
from conftest import shared_dir
from hypothesis import given, settings
from hypothesis import strategies as st

from rasad.lang.ar import numbers as ar_numbers
from rasad.lang.ar.clitics import particle_variants
from rasad.lang.ar.normalize import normalize, normalize_by_char, normalize_str
from rasad.lang.detect import detect_language, detect_language_by_char
from rasad.lang.scan import VTok, lookup, lookup_ending, view_tokens
from rasad.lang.segment import _MARKS, _OPENERS, _SHORT_ASIDE, _protected, tokenize
from rasad.lang.timelex import time_lexicon
from rasad.lang.units import unit_lexicon

# Diacritics, tatweel, invisible marks, presentation forms, hamza and digit forms, Latin.
_TRICKY = st.text(
    alphabet=st.sampled_from(
        [chr(c) for c in range(0x0600, 0x0700)]
        + [chr(c) for c in range(0xFB50, 0xFB70)] + [chr(c) for c in range(0xFEF0, 0xFF00)]
        + ["\u200b", "\u200f", "\u00ad", "\u2066", "A", "z", "Z", "7", " ", "\n", "-"]
    ),
    max_size=60,
)


def _eval_texts() -> list[str]:
    files = sorted((shared_dir() / "eval").glob("*.jsonl"))
    if not files:
        pytest.skip(f"no eval files under {shared_dir() / 'eval'} (../shared is absent)")
    return [json.loads(line)["text"] for f in files
            for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]


def _same_view(text: str) -> None:
    fast, plain = normalize(text), normalize_by_char(text)
    assert (fast.original, fast.text, tuple(fast.origin)) == \
        (plain.original, plain.text, tuple(plain.origin))
    assert normalize_str(text) == plain.text
    for index in range(len(text) + 1):
        assert fast.from_original(index) == plain.from_original(index)


def test_normalize_equals_per_character_reference_on_eval_reports() -> None:
    for text in _eval_texts():
        _same_view(text)


@settings(max_examples=300, deadline=None)
@given(_TRICKY)
def test_normalize_equals_per_character_reference_on_random_text(text: str) -> None:
    _same_view(text)


def test_language_detector_equals_per_character_reference_on_eval_reports() -> None:
    for text in _eval_texts():
        assert detect_language(text) == detect_language_by_char(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80) | _TRICKY)
def test_language_detector_equals_per_character_reference_on_random_text(text: str) -> None:
    assert detect_language(text) == detect_language_by_char(text)


def test_language_detector_classes_every_character_as_the_reference_does() -> None:
    # Alone, a character is a letter or not ("und"); beside two Latin letters, an Arabic
    # letter makes a third of the letters and tips the report to "ar".
    for code in range(0x10000):
        if 0xD800 <= code < 0xE000:
            continue  # surrogates are not characters
        for text in (chr(code), chr(code) + "ab"):
            assert detect_language(text) == detect_language_by_char(text), hex(code)


def _number_words() -> list[str]:
    words = [*ar_numbers._WORDS, *ar_numbers._VAGUE, "عدد", "من", "قتلى", "و", "ال"]
    return words + [c + w for c in ("و", "ف", "ب", "ل", "وب") for w in words]


def _number_by_reading(text: str) -> list[object]:
    """Each word token's number read the plain way (no first-word filter)."""
    toks = view_tokens(normalize_str(text))
    return [ar_numbers._vague(toks, i) or ar_numbers._words(toks, i)
            for i, tok in enumerate(toks) if tok.is_word]


def _number_parsed(text: str) -> list[object]:
    toks = view_tokens(normalize_str(text))
    return [ar_numbers.parse_number(toks, i) for i, tok in enumerate(toks) if tok.is_word]


def test_arabic_number_filter_rejects_only_words_no_number_starts_with_on_eval_reports() -> None:
    for text in _eval_texts():
        assert _number_parsed(text) == _number_by_reading(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_number_words()), max_size=8))
def test_arabic_number_filter_on_runs_of_number_words(words: list[str]) -> None:
    text = " ".join(words)
    assert _number_parsed(text) == _number_by_reading(text)


def test_phrase_tables_remembering_first_words_find_what_plain_tables_find() -> None:
    # A plain dict copy of a table takes lookup's path without the remembered forms.
    grammar = ar_numbers._grammar()
    units, times = unit_lexicon("ar"), time_lexicon("ar")
    tables = [(times.entries, times.max_len, particle_variants),
              (units.nouns, units.max_len, grammar.definite_noun_forms),
              (units.nouns, units.max_len, grammar.bare_noun_forms),
              (units.pre, units.max_len, grammar.head_variants),
              (units.duals, units.max_len, grammar.definite_noun_forms),
              (units.mods, units.max_len, grammar.head_variants)]
    for text in _eval_texts()[:60]:
        toks = view_tokens(normalize_str(text))
        for table, max_len, variants in tables:
            plain = dict(table)
            for i in range(len(toks)):
                assert lookup(toks, i, table, max_len, variants) == \
                    lookup(toks, i, plain, max_len, variants)
                assert lookup_ending(toks, i, table, max_len, variants) == \
                    _lookup_ending_by_lookups(toks, i, plain, max_len, variants)


def _lookup_ending_by_lookups(toks: Sequence[VTok], end: int,
                              table: Mapping[tuple[str, ...], object], max_len: int,
                              variants: Callable[[str], list[str]]) -> object:
    """The longest phrase ending before ``end``, by a full lookup from each start."""
    for n in range(min(max_len, end), 0, -1):
        hit = lookup(toks, end - n, table, n, variants)
        if hit is not None and hit[1] == n:
            return hit
    return None


def _words_normalized_one_by_one(text: str) -> list[str]:
    return [normalize_str(token.text) for token in tokenize(text)]


def test_word_tokens_normalized_from_the_folded_report_on_eval_reports() -> None:
    for text in _eval_texts():
        assert [token.norm for token in tokenize(text)] == _words_normalized_one_by_one(text)


@settings(max_examples=300, deadline=None)
@given(_TRICKY)
def test_word_tokens_normalized_from_the_folded_report_on_random_text(text: str) -> None:
    assert [token.norm for token in tokenize(text)] == _words_normalized_one_by_one(text)


def _asides_char_by_char(text: str) -> list[tuple[int, int]]:
    """Short parenthesis and quote interiors, walking the text one character at a time."""
    spans, i = [], 0
    while i < len(text):
        close = _OPENERS.get(text[i])
        end = -1 if close is None else text.find(close, i + 1, i + 1 + _SHORT_ASIDE)
        if end < 0 or "\n" in text[i:end]:
            i += 1
        else:
            spans.append((i + 1, end))
            i = end + 1
    return spans


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from([*_OPENERS, *_OPENERS.values(), "a", " ", "\n", "."]),
               max_size=300))
def test_asides_found_by_searching_openers_equal_the_character_walk(text: str) -> None:
    assert _protected(text) == _asides_char_by_char(text)


def test_asides_on_eval_reports() -> None:
    for text in _eval_texts():
        assert _protected(text) == _asides_char_by_char(text)


@pytest.mark.parametrize("name", ["actors.yaml", "place_cues.yaml"])
def test_knowledge_yaml_reads_the_same_with_libyaml_as_with_the_python_loader(name: str) -> None:
    import yaml

    from rasad.knowledge._common import DATA_DIR, load_yaml

    text = (DATA_DIR / name).read_text(encoding="utf-8")
    assert load_yaml(text) == yaml.safe_load(text)


def _every_token(tokens: object, *_: object) -> list[int]:
    return list(range(len(tokens)))  # type: ignore[arg-type]


def test_scans_stepping_over_non_candidates_find_what_scans_of_every_token_find(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import date

    from rasad.lang import datescan, quantities
    from rasad.lang.ar.dates import find_dates as ar_dates
    from rasad.lang.en.dates import find_dates as en_dates
    from rasad.lang.en.numbers import find_quantities as en_quantities

    texts = _eval_texts()
    readers = [ar_numbers.find_quantities, en_quantities,
               lambda t: ar_dates(t, date(2024, 3, 13)), lambda t: en_dates(t, date(2024, 3, 13))]
    fast = [[read(text) for read in readers] for text in texts]
    monkeypatch.setattr(datescan, "candidate_indices", _every_token)
    monkeypatch.setattr(quantities, "candidate_indices", _every_token)
    assert fast == [[read(text) for read in readers] for text in texts]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["a", "few", "dozen", "twenty", "-", "five", "hundred",
                                 "and", "thousand", "dozens", "of", "people", "7", "killed"]),
                max_size=8))
def test_english_number_filter_on_runs_of_number_words(words: list[str]) -> None:
    from rasad.lang.en import numbers as en_numbers

    toks = view_tokens(" ".join(words))
    for i, tok in enumerate(toks):
        if tok.is_word:
            plain = en_numbers._vague(toks, i) or en_numbers._words(toks, i)
            assert en_numbers.parse_number(toks, i) == plain


def test_candidates_gathered_from_the_token_index_equal_the_walk_over_every_token() -> None:
    from rasad.lang.scan import candidate_indices, token_index

    grammar = ar_numbers._grammar()
    units, times = unit_lexicon("ar"), time_lexicon("ar")
    tables = [(times.entries, particle_variants), (units.nouns, grammar.definite_noun_forms)]
    for text in _eval_texts():
        norm = normalize_str(text)
        toks = view_tokens(norm)
        for starters in (ar_numbers.NUMBER_STARTERS, frozenset()):
            assert candidate_indices(toks, starters, tables, token_index(norm)) == \
                candidate_indices(toks, starters, tables)


_WORDY = st.text(
    alphabet=st.sampled_from(
        [chr(c) for c in range(0x0600, 0x0700, 3)]
        + ["\u200c", "\u200d", "\u200f", "\u0301", "_", "٣", "०", "²", "A", "m", "5", "0",
           ".", ",", "-", "/", "(", "#", " ", "\n", "é"]
    ),
    max_size=80,
)


def _word_patterns() -> list[re.Pattern[str]]:
    from rasad.lang import scan, segment
    from rasad.steps import place_cues

    return [scan._TOKEN, segment._WORD, place_cues._WORD]


def _same_words(text: str) -> None:
    from rasad.spans import word_starts

    for pattern in _word_patterns():
        starts, words = word_starts(pattern, text)
        assert [(m.start(), m.group()) for m in pattern.finditer(text)] == \
            list(zip(starts, words, strict=True))


def test_words_found_by_findall_and_find_equal_finditer_on_eval_reports() -> None:
    for text in _eval_texts():
        _same_words(text)
        _same_words(normalize_str(text))


@settings(max_examples=300, deadline=None)
@given(_WORDY)
def test_words_found_by_findall_and_find_equal_finditer_on_random_text(text: str) -> None:
    _same_words(text)


# The tokenizer's word pattern as first written: one letter, then letters or marks
# one character at a time.
_WORD_BY_CHARACTER = re.compile(
    rf"[A-Za-z]+[0-9][A-Za-z0-9]*|\d+(?:[.,\u066b\u066c]\d+)*"
    rf"|[^\W\d_](?:[^\W\d_]|[{_MARKS}])*")


@settings(max_examples=300, deadline=None)
@given(_WORDY)
def test_word_pattern_by_runs_equals_the_pattern_by_character(text: str) -> None:
    from rasad.lang.segment import _WORD

    assert [m.span() for m in _WORD.finditer(text)] == \
        [m.span() for m in _WORD_BY_CHARACTER.finditer(text)]


def test_place_matcher_fed_normalized_names_holds_what_add_would_fold_them_to() -> None:
    # The place matcher folds each gazetteer name once and hands the folded form to
    # add_normalized: folding it again (what add does) must change nothing.
    from rasad.match import PhraseMatcher
    from rasad.pipeline import Resources
    from rasad.steps.place_cues import load_cues
    from rasad.steps.places import PlaceMatcher, load_gazetteer

    gaz = load_gazetteer(Resources())
    built = PlaceMatcher(gaz, load_cues().fused_heads)
    for fast in (built.with_article, built.bare):
        plain: PhraseMatcher[str] = PhraseMatcher()
        for core, entry in fast._entries.items():
            for payload in entry.payloads:
                if entry.bare:
                    plain.add(core, payload)
                if entry.with_article:
                    plain.add("ال" + core, payload)
        assert {k: (e.bare, e.with_article, sorted(e.payloads))
                for k, e in plain._entries.items()} == \
            {k: (e.bare, e.with_article, sorted(e.payloads)) for k, e in fast._entries.items()}


@settings(max_examples=300, deadline=None)
@given(_TRICKY)
def test_normalizing_twice_changes_nothing(text: str) -> None:
    once = normalize_str(text)
    assert normalize_str(once) == once
