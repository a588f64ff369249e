import pytest

from rasad.lang.ar.normalize import normalize_str
from rasad.lang.detect import detect_language
from rasad.lang.en.numbers import find_quantities, parse_number
from rasad.lang.scan import view_tokens


def _value(text: str) -> tuple[int, bool] | None:
    num = parse_number(view_tokens(normalize_str(text)), 0)
    return None if num is None else (num.value, num.approximate)


@pytest.mark.parametrize(("text", "expected"), [
    ("12", (12, False)),
    ("1,500", (1500, False)),
    ("two", (2, False)),
    ("twenty-five", (25, False)),
    ("one hundred and fifty", (150, False)),
    ("two dozen", (24, False)),
    ("a dozen", (12, False)),
    ("dozens", (24, True)),
    ("hundreds", (200, True)),
    ("several", (3, True)),
    ("a few", (3, True)),
])
def test_parse_number(text: str, expected: tuple[int, bool]) -> None:
    assert _value(text) == expected


def test_detect_english_with_arabic_name() -> None:
    assert detect_language("Fighters of Liwa al-Quds (لواء القدس) entered Tadmur") == "en"


def test_modifiers_and_post_verbs() -> None:
    qs = find_quantities("At least 12 civilians were killed and dozens of vehicles burned.")
    got = {(q.unit, q.value, q.lower_bound, q.approximate) for q in qs}
    assert ("civilians", 12, True, False) in got
    assert ("fatalities", 12, True, False) in got
    assert ("vehicles", 24, False, True) in got


def test_names_and_years_are_not_counts() -> None:
    assert find_quantities("The 47th Brigade and Brigade 313 fighters moved in 2019") == []
    assert find_quantities("In 2019 troops withdrew") == []
