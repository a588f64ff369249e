"""The report's region, admin systems and names that only look like places (Arabic), on the
packaged default gazetteer."""

from __future__ import annotations

import pytest

from rasad.pipeline import Resources
from rasad.steps.geocode import geocode
from rasad.steps.places import places_step
from rasad.types import Document, PlaceMention


@pytest.fixture(scope="module")
def places() -> object:
    return places_step(Resources())


def resolve(step: object, text: str) -> dict[str, PlaceMention]:
    doc = geocode(step(Document(text=text)))  # type: ignore[operator]
    return {m.text: m for m in doc.places}


def test_a_governorate_named_as_such_sets_the_region(places: object) -> None:
    found = resolve(places, "سيطرت القوات على مطار الحديدة في محافظة الحديدة غرب اليمن")
    assert found["مطار الحديدة"].place is not None
    assert found["مطار الحديدة"].place.country == "YE"
    assert found["محافظة الحديدة"].place is not None
    assert found["محافظة الحديدة"].place.feature == "governorate"


def test_a_district_word_puts_its_seat_in_that_system(places: object) -> None:
    m = resolve(places, "انتشرت قوات الجيش في قضاء سنجار")["قضاء سنجار"]
    assert m.place is not None and m.place.country == "IQ"
    m = resolve(places, "قصفت الطائرات مديرية كتاف")["مديرية كتاف"]
    assert m.place is not None and m.place.country == "YE"


def test_syria_stays_in_the_region(places: object) -> None:
    found = resolve(places, "سيول في تدمر وعمان")
    assert found["تدمر"].place is not None and found["تدمر"].place.country == "SY"


def test_a_common_word_that_names_a_town_abroad_is_a_word(places: object) -> None:
    assert "بيان" not in resolve(places, "وقال الجيش في بيان إن قواته قصفت مواقع في درعا")


def test_outlets_and_family_names_are_not_places(places: object) -> None:
    found = resolve(places, "وأفاد مراسل القاهرة الإخبارية من بيروت باغتيال حسن نصر الله")
    assert "القاهرة" not in found and "نصر الله" not in found
    assert found["بيروت"].place is not None


def test_a_list_after_a_given_name_is_still_a_list(places: object) -> None:
    found = resolve(places, "قصفت القوات قرى الشيخ مصطفى ومعرزيتا بريف إدلب الجنوبي")
    assert any("معرزيتا" in t for t in found)


def test_hashtag_words_are_split(places: object) -> None:
    found = resolve(places, "#انفجار_بيروت هز المدينة")
    assert found["بيروت"].place is not None and found["بيروت"].place.country == "LB"


def test_a_figure_after_a_country_is_not_an_outlet(places: object) -> None:
    found = resolve(places, "الإصابات: 🇰🇼 الكويت 27,762 / وفيات 220")
    assert "الكويت" in found


def test_facility_adjectives_close_the_name(places: object) -> None:
    found = resolve(places, "وصلت تعزيزات إلى مطار التيفور العسكري بريف حمص الشرقي")
    assert found["مطار التيفور العسكري"].place is not None
    assert found["مطار التيفور العسكري"].place.feature == "airbase"


def test_two_names_side_by_side_are_not_a_list(places: object) -> None:
    found = resolve(places, "خطف المواطن على أوتوستراد دمشق السويداء بعد خروجه من مدينة السويداء")
    towns = [m for t, m in found.items() if t in ("دمشق", "السويداء")]
    assert towns and all(m.place is not None and m.place.feature != "governorate" for m in towns)
