import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasad.lang.ar.dates import find_dates as ar_dates
from rasad.lang.en.dates import find_dates as en_dates
from rasad.pipeline import Pipeline
from rasad.types import DateMention, Document

PUB = date(2023, 5, 17)  # a Wednesday
DEV = Path("/work/shared/eval/dev_ar.jsonl")


def _one(mentions: list[DateMention]) -> DateMention:
    assert len(mentions) == 1, mentions
    return mentions[0]


@pytest.mark.parametrize(("text", "expr", "start", "end", "precision"), [
    ("قصفت المدفعية القرية صباح الأربعاء", "صباح الأربعاء", "2023-05-17", "2023-05-17", 1),
    ("وكانت اشتباكات الثلاثاء الماضي قد", "الثلاثاء الماضي", "2023-05-16", "2023-05-16", 1),
    ("قتل عنصران أمس الاثنين في", "أمس الاثنين", "2023-05-15", "2023-05-15", 1),
    ("انفجرت عبوة يوم أمس في", "يوم أمس", "2023-05-16", "2023-05-16", 1),
    ("وقصفت أمس الأول مواقع", "أمس الأول", "2023-05-15", "2023-05-15", 1),
    ("وذلك مساء اليوم قرب", "مساء اليوم", "2023-05-17", "2023-05-17", 1),
    ("وقعت يوم الثلاثاء اشتباكات", "يوم الثلاثاء", "2023-05-16", "2023-05-16", 1),
    ("قصف خلال اليومين الماضيين", "خلال اليومين الماضيين", "2023-05-15", "2023-05-17", 1),
    ("اعتقل منذ يومين شاب", "منذ يومين", "2023-05-15", "2023-05-15", 1),
    ("وصلت الأسبوع الماضي تعزيزات", "الأسبوع الماضي", "2023-05-10", "2023-05-16", 2),
    ("انسحبت الشهر الماضي من", "الشهر الماضي", "2023-04-01", "2023-04-30", 3),
    ("تستمر المعارك منذ صباح الاثنين", "منذ صباح الاثنين", "2023-05-15", "2023-05-17", 1),
    ("تستمر المعارك منذ صباح السبت", "منذ صباح السبت", "2023-05-13", "2023-05-17", 2),
    ("قصف منذ مساء أمس وحتى فجر اليوم", "منذ مساء أمس وحتى فجر اليوم",
     "2023-05-16", "2023-05-17", 1),
    ("وقعت في 1 أيار مواجهات", "1 أيار", "2023-05-01", "2023-05-01", 1),
    ("الليلة الفائتة استهدفت", "الليلة الفائتة", "2023-05-16", "2023-05-16", 1),
])
def test_arabic_relative(text: str, expr: str, start: str, end: str, precision: int) -> None:
    m = _one(ar_dates(text, PUB))
    assert m.text == expr
    assert text[m.start:m.end] == expr
    assert (str(m.start_date), str(m.end_date), m.precision) == (start, end, precision)
    assert m.relative


def test_levantine_and_gregorian_pair() -> None:
    text = "قصفت قوات النظام أمس الاثنين 23 أيلول/ سبتمبر 2019 قرية في ريف إدلب"
    m = _one(ar_dates(text, None))
    assert m.text == "أمس الاثنين 23 أيلول/ سبتمبر 2019"
    assert m.start_date == date(2019, 9, 23) and not m.relative


def test_day_month_without_year_takes_the_nearest_past() -> None:
    m = _one(ar_dates("صباح اليوم السبت 18 تشرين الثاني/نوفمبر", PUB))
    assert m.start_date == date(2022, 11, 18)
    m = _one(ar_dates("في 3 أيار", PUB))
    assert m.start_date == date(2023, 5, 3)


def test_numeric_date_and_two_dates_in_a_run() -> None:
    m = _one(ar_dates("خطف يوم الاثنين 6-5-2019 شابان", None))
    assert (m.text, m.start_date) == ("يوم الاثنين 6-5-2019", date(2019, 5, 6))
    ms = ar_dates("اعتقالات يوم الأحد 29 تشرين الثاني والجمعة 20 تشرين الثاني", PUB)
    assert [m.start_date for m in ms] == [date(2022, 11, 29), date(2022, 11, 20)]


def test_without_publication_relative_keeps_text() -> None:
    m = _one(ar_dates("وقعت الاشتباكات صباح الأربعاء", None))
    assert (m.text, m.start_date, m.end_date, m.relative) == (
        "صباح الأربعاء", None, None, True)


def test_full_date_anchors_other_relative_days() -> None:
    text = "قصفت قوات النظام أمس الاثنين 23 أيلول 2019 البلدة. وكانت يوم أمس قد قصفت"
    ms = ar_dates(text, None)
    assert [m.start_date for m in ms] == [date(2019, 9, 23), date(2019, 9, 23)]


@pytest.mark.parametrize("text", [
    "تمركز الفوج 47 في المدينة",
    "منذ عام 2019 تسيطر الميليشيا",
    "مارس الضغط على الأهالي",
    "قتل 3 عناصر",
])
def test_not_dates(text: str) -> None:
    assert ar_dates(text, PUB) == []


@pytest.mark.parametrize(("text", "expr", "start", "end", "precision"), [
    ("Shelling hit the town yesterday.", "yesterday", "2023-05-16", "2023-05-16", 1),
    ("Clashes erupted on Monday.", "Monday", "2023-05-15", "2023-05-15", 1),
    ("It happened last Tuesday.", "last Tuesday", "2023-05-16", "2023-05-16", 1),
    ("A drone struck Tuesday morning.", "Tuesday morning", "2023-05-16", "2023-05-16", 1),
    ("Troops arrived last week.", "last week", "2023-05-10", "2023-05-16", 2),
    ("Raids over the past two days.", "over the past two days", "2023-05-15",
     "2023-05-17", 1),
    ("It fell two days ago.", "two days ago", "2023-05-15", "2023-05-15", 1),
    ("Strikes resumed today.", "today", "2023-05-17", "2023-05-17", 1),
])
def test_english_relative(text: str, expr: str, start: str, end: str, precision: int) -> None:
    m = _one(en_dates(text, PUB))
    assert m.text == expr
    assert (str(m.start_date), str(m.end_date), m.precision) == (start, end, precision)


@pytest.mark.parametrize(("text", "expected"), [
    ("on 23 September 2019 forces", date(2019, 9, 23)),
    ("On September 23, 2019, forces", date(2019, 9, 23)),
    ("since Sept. 23 the town", date(2022, 9, 23)),
])
def test_english_absolute(text: str, expected: date) -> None:
    assert _one(en_dates(text, PUB)).start_date == expected


def test_english_not_dates() -> None:
    assert en_dates("The 47th Brigade may move in 2019", PUB) == []


def test_dates_step_uses_language() -> None:
    steps = Pipeline.from_names(["text.segment.v1", "mentions.dates.v1"])
    doc = steps(Document(text="قصفت المدفعية القرية أمس.", published=PUB))
    assert [(d.text, d.start_date) for d in doc.dates] == [("أمس", date(2023, 5, 16))]


@settings(max_examples=200, deadline=None)
@given(st.text(), st.one_of(st.none(), st.dates()))
def test_any_text_offsets(text: str, published: date | None) -> None:
    for m in ar_dates(text, published) + en_dates(text, published):
        assert text[m.start:m.end] == m.text
        assert m.precision in (1, 2, 3)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["أمس", "الاثنين", "23", "أيلول", "/", "سبتمبر", "2019",
                                 "منذ", "حتى", "يومين", "الماضي", "صباح", "3", "أيام",
                                 "yesterday", "last", "week", "31", "شباط", "29"]),
                max_size=10),
       st.one_of(st.none(), st.dates(min_value=date(1950, 1, 1))))
def test_date_fragments_never_raise(parts: list[str], published: date | None) -> None:
    text = " ".join(parts)
    for m in ar_dates(text, published) + en_dates(text, published):
        assert text[m.start:m.end] == m.text


def test_dev_reports_offsets() -> None:
    if not DEV.exists():
        pytest.skip("shared dev data absent")
    for line in DEV.read_text(encoding="utf-8").splitlines():
        report = json.loads(line)
        pub = date.fromisoformat(report["published"]) if report["published"] else None
        for m in ar_dates(report["text"], pub):
            assert report["text"][m.start:m.end] == m.text
