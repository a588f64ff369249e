import pytest

from rasad.lang.ar.clitics import is_proclitic_chain, split_proclitics
from rasad.lang.ar.normalize import normalize_str
from rasad.lang.ar.numbers import parse_number
from rasad.lang.detect import detect_language
from rasad.lang.scan import view_tokens


def _value(text: str) -> tuple[int, bool] | None:
    toks = view_tokens(normalize_str(text))
    num = parse_number(toks, 0)
    return None if num is None else (num.value, num.approximate)


def test_detect_language() -> None:
    assert detect_language("قصفت قوات النظام بلدة كفرنبل بريف إدلب") == "ar"
    assert detect_language("Regime forces shelled Kafranbel in rural Idlib") == "en"
    assert detect_language("قال المرصد السوري SOHR إن القصف استمر على M5") == "ar"
    assert detect_language("2019 - 17 / 5") == "und"


def test_split_proclitics_longest_first() -> None:
    readings = split_proclitics("وبالمواقع")
    assert readings[0] == ("وبال", "مواقع")
    assert readings[-1] == ("", "وبالمواقع")
    assert ("لل", "نظام") in split_proclitics("للنظام")


def test_split_proclitics_keeps_stems_of_two_letters() -> None:
    assert split_proclitics("بل") == [("", "بل")]
    assert all(len(stem) >= 2 for _, stem in split_proclitics("ولل"))
    assert is_proclitic_chain("فبال") and not is_proclitic_chain("بو")


@pytest.mark.parametrize(("text", "expected"), [
    ("9", (9, False)),
    ("1,200", (1200, False)),
    ("10 آلاف", (10000, False)),
    ("ثلاثة", (3, False)),
    ("خمسة وعشرين", (25, False)),
    ("أحد عشر", (11, False)),
    ("اثنا عشر", (12, False)),
    ("ثلاثمئة", (300, False)),
    ("ثلاث مائة وخمسون", (350, False)),
    ("مئتي", (200, False)),
    ("ألف ومئتي", (1200, False)),
    ("عشرات", (20, True)),
    ("مئات", (200, True)),
    ("بضعة", (3, True)),
    ("عدة", (3, True)),
])
def test_parse_number(text: str, expected: tuple[int, bool]) -> None:
    assert _value(text) == expected


def test_not_numbers() -> None:
    assert _value("الرابعة") is None  # an ordinal ("الفرقة الرابعة")
    assert _value("2.5") is None
    assert _value("قوات") is None
