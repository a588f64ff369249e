import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasad.lang.ar.numbers import find_quantities as ar_quantities
from rasad.lang.en.numbers import find_quantities as en_quantities
from rasad.lang.units import unit_lexicon
from rasad.pipeline import Pipeline
from rasad.types import Document

DEV = Path("/work/shared/eval/dev_ar.jsonl")


def _got(text: str) -> set[tuple[str, int, bool, bool]]:
    return {(q.unit, q.value, q.lower_bound, q.approximate) for q in ar_quantities(text)}


def test_sites_with_trailing_adjective() -> None:
    text = "واستهدفت الطائرات المسيرة بمعدل 9 مواقع عسكرية للميليشيات في البادية"
    qs = ar_quantities(text)
    assert [(q.unit, q.value, q.text) for q in qs] == [("sites", 9, "9 مواقع")]


def test_dual_is_the_number() -> None:
    qs = ar_quantities("وانسحبت الميليشيا من نقطتين عسكريتين قرب المطار")
    assert [(q.unit, q.value, q.text) for q in qs] == [("sites", 2, "نقطتين")]
    assert ("sites", 2, False, False) in _got("وأخلت مقرين في المدينة")
    assert ("personnel", 2, False, False) in _got("وأصيب عنصرين من الفرقة")


def test_sound_plural_is_not_a_dual() -> None:
    assert _got("هاجم مقاتلين من الفصائل") == set()


def test_more_than_is_a_lower_bound() -> None:
    qs = ar_quantities("ووصل أكثر من 90 عنصرًا من الحرس إلى المدينة")
    assert [(q.unit, q.value, q.lower_bound, q.text) for q in qs] == [
        ("personnel", 90, True, "أكثر من 90 عنصرًا")]


def test_dozens_is_approximate() -> None:
    got = _got("ودخلت عشرات السيارات والآليات العسكرية إلى البلدة")
    assert got == {("vehicles", 20, False, True)}


def test_heads_fix_the_unit() -> None:
    got = _got("ما أدى لمقتل خمسة عناصر وإصابة ثلاثة آخرين بجروح")
    assert ("fatalities", 5, False, False) in got
    assert ("personnel", 5, False, False) in got
    assert ("injured", 3, False, False) in got
    assert ("arrested", 30, False, False) in _got("واعتقلت منها 30 شابًا")
    assert ("injured", 1, False, False) in _got("أدى إلى إصابة شخص بجروح")


def test_approximate_modifiers() -> None:
    assert ("personnel", 300, False, True) in _got("انتشر نحو ثلاثمئة مقاتل")
    assert ("vehicles", 1, False, False) in _got("احترقت سيارة واحدة")


@pytest.mark.parametrize("text", [
    "تمركزت عناصر الفوج 47 في المنطقة",
    "وصلت تعزيزات من اللواء 313 إلى المدينة",
    "انتشرت الفرقة الرابعة قرب الحدود",
    "في 23 أيلول 2019 بدأت العملية",
    "منذ عام 2019 والمواقع تحت سيطرتها",
    "سقطت 2.5 طن من المتفجرات",
])
def test_names_dates_and_years_are_not_quantities(text: str) -> None:
    assert ar_quantities(text) == []


def test_unit_lexicon_is_data() -> None:
    lex = unit_lexicon("ar")
    assert lex.nouns[("مواقع",)] == ("sites", "pl")
    assert ("نقطتين",) in lex.duals
    assert ("مقاتلين",) not in lex.duals


def test_quantities_step() -> None:
    doc = Pipeline.from_names(["text.segment.v1", "mentions.quantities.v1"])(
        Document(text="Shelling destroyed 3 tanks near the town."))
    assert [(q.unit, q.value) for q in doc.quantities] == [("vehicles", 3)]


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_any_text_offsets(text: str) -> None:
    for q in ar_quantities(text) + en_quantities(text):
        assert text[q.start:q.end] == q.text
        assert q.value >= 0


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["مقتل", "9", "عشرات", "مواقع", "نقطتين", "أكثر", "من",
                                 "ً", "ـ", "،", " ", "واحدة", "سيارة", "ألف", "و"]),
                max_size=12))
def test_arabic_fragments_offsets(parts: list[str]) -> None:
    text = " ".join(parts)
    for q in ar_quantities(text):
        assert text[q.start:q.end] == q.text


def test_dev_reports_offsets() -> None:
    if not DEV.exists():
        pytest.skip("shared dev data absent")
    for line in DEV.read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["text"]
        for q in ar_quantities(text):
            assert text[q.start:q.end] == q.text


def test_clitics_stay_outside_the_quantity() -> None:
    qs = ar_quantities("وصلت عشرات الآليات إضافة لأكثر من 90 عنصرًا ونقطتين")
    assert [(q.text, q.lower_bound) for q in qs] == [
        ("عشرات الآليات", False), ("أكثر من 90 عنصرًا", True), ("نقطتين", False)]
