"""Which named place is an event's location: not a person's home town, not a locator."""

from __future__ import annotations

from datetime import date

from rasad.pipeline import Pipeline
from rasad.types import Document


def _places(pipeline: Pipeline, text: str) -> list[str]:
    doc = pipeline(Document(text=text, id="t", published=date(2024, 3, 13)))
    return [e.location.text for e in doc.events if e.location is not None]


def test_a_persons_home_town_is_not_the_event_location(rules_pipeline: Pipeline) -> None:
    text = ("اعتقلت دورية تابعة للأمن العسكري في مدينة الصنمين شابين ينحدران من بلدة "
            "محجة بريف درعا الشمالي.")
    places = _places(rules_pipeline, text)
    assert "مدينة الصنمين" in places or "الصنمين" in places
    assert not any("محجة" in p for p in places)


def test_home_town_alone_still_places_the_event(rules_pipeline: Pipeline) -> None:
    places = _places(rules_pipeline, "اعتقلت قوات النظام شابا ينحدر من بلدة محجة.")
    assert any("محجة" in p for p in places)


def test_villages_a_site_lies_between_only_locate_it(rules_pipeline: Pipeline) -> None:
    text = "سقطت قذائف مدفعية إسرائيلية على أطراف بلدة القوزح بين بلدتي عيتا الشعب ورامية."
    places = _places(rules_pipeline, text)
    assert any("القوزح" in p for p in places)
    assert not any("عيتا الشعب" in p or "رامية" in p for p in places)


def test_each_listed_village_keeps_its_event_after_its_admin_context(
        rules_pipeline: Pipeline) -> None:
    text = "قصفت قوات النظام بلدة كفرنبل بريف إدلب وكفرزيتا بريف حماة بالمدفعية الثقيلة."
    places = _places(rules_pipeline, text)
    assert any("كفرنبل" in p for p in places) and any("كفرزيتا" in p for p in places)
