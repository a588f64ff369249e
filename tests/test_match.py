"""The normalizer's offset map and the clitic-aware dictionary matcher."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rasad.lang.ar.normalize import normalize, normalize_str
from rasad.match import PhraseMatcher


def _found(matcher: PhraseMatcher[str], text: str) -> list[tuple[str, str]]:
    view = normalize(text)
    out = []
    for m in matcher.find(view):
        s, e = view.to_original(m.start, m.end)
        out.append((m.payloads[0], text[s:e]))
    return out


def test_folds_letter_variants_digits_and_marks() -> None:
    assert normalize_str("أإآٱ") == "اااا"
    assert normalize_str("مستشفى") == "مستشفي"
    assert normalize_str("قريةٌ") == "قريه"
    assert normalize_str("ميـــليشيا") == "ميليشيا"
    assert normalize_str("٩٠ ۷") == "90 7"
    assert normalize_str("\u200fتدمر\u200e") == "تدمر"
    assert normalize_str("ﻻ") == "لا"  # presentation-form ligature


def test_offsets_map_back_over_deleted_marks() -> None:
    text = "أكثر من ٩٠ عنصرًا"
    view = normalize(text)
    start = view.text.index("عنصرا")
    s, e = view.to_original(start, start + len("عنصرا"))
    assert text[s:e] == "عنصرًا"


def test_proclitics_before_names() -> None:
    m: PhraseMatcher[str] = PhraseMatcher()
    m.add("الفيلق الخامس", "5c")
    m.add("حزب الله", "hzb")
    m.add("الحرس الثوري", "irgc")
    text = "والفيلق الخامس وبحزب الله وللحرس الثوري"
    assert _found(m, text) == [
        ("5c", "الفيلق الخامس"), ("hzb", "حزب الله"), ("irgc", "للحرس الثوري"),
    ]


def test_word_boundaries_and_numbers() -> None:
    m: PhraseMatcher[str] = PhraseMatcher()
    m.add("الفوج 47", "r47")
    m.add("تل", "tal")
    assert _found(m, "الفوج 470 والفوج 47.") == [("r47", "الفوج 47")]
    assert _found(m, "تلال") == []  # no match inside a longer word


def test_bare_and_article_forms_both_match() -> None:
    m: PhraseMatcher[str] = PhraseMatcher()
    m.add("الحسكة", "h")
    m.add("حسكة", "h")
    assert [t for _, t in _found(m, "في الحسكة وبحسكة")] == ["الحسكة", "حسكة"]


def test_suffix_only_when_allowed() -> None:
    m: PhraseMatcher[str] = PhraseMatcher()
    m.add("قصف", "shell", allow_suffix=True)
    m.add("مقر", "hq")
    assert [p for p, _ in _found(m, "وقصفت مقرات")] == ["shell"]


def test_leftmost_longest() -> None:
    m: PhraseMatcher[str] = PhraseMatcher()
    m.add("الحرس الثوري", "irgc")
    m.add("الحرس الثوري الإيراني", "irgc-full")
    assert _found(m, "الحرس الثوري الإيراني") == [("irgc-full", "الحرس الثوري الإيراني")]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_any_text_maps_back_inside_the_original(text: str) -> None:
    view = normalize(text)
    assert len(view.origin) == len(view.text) + 1
    for i in range(len(view.text)):
        s, e = view.to_original(i, i + 1)
        assert 0 <= s < e <= len(text)
