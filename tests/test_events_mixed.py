"""Reports from Iraq, Lebanon and Yemen: protests, places and parties as they phrase them."""

from __future__ import annotations

from datetime import date

from rasad.pipeline import Pipeline
from rasad.types import Document, Event


def _events(pipeline: Pipeline, text: str) -> list[Event]:
    return pipeline(Document(text=text, id="t", published=date(2024, 3, 13))).events


def _coded(pipeline: Pipeline, text: str) -> list[tuple[str, str]]:
    return [(e.sub_event_type, e.location.text if e.location else "")
            for e in _events(pipeline, text)]


def test_protesters_who_go_out_make_a_protest(rules_pipeline: Pipeline) -> None:
    coded = _coded(rules_pipeline, "وخرج متظاهرون في شوارع مدينة تعز للتنديد بانهيار العملة.")
    assert coded == [("Peaceful protest", "مدينة تعز")]


def test_protesters_as_subject_of_any_verb_protest(rules_pipeline: Pipeline) -> None:
    coded = _coded(rules_pipeline, "أقفل محتجون غاضبون الطريق الدولي في مدينة صيدا صباح اليوم.")
    assert [sub for sub, _ in coded] == ["Peaceful protest"]


def test_burning_tyres_makes_the_protest_violent_not_a_second_one(
        rules_pipeline: Pipeline) -> None:
    text = "خرج محتجون في مدينة البصرة وأحرقوا الإطارات أمام مبنى المحافظة."
    coded = _coded(rules_pipeline, text)
    assert [sub for sub, _ in coded] == ["Violent demonstration"]
    assert "البصرة" in coded[0][1]


def test_stone_throwing_protesters_are_violent(rules_pipeline: Pipeline) -> None:
    text = "تظاهر المئات في مدينة الكوت وقام بعضهم برمي الحجارة على قوات الأمن."
    subs = [sub for sub, _ in _coded(rules_pipeline, text)]
    assert subs == ["Violent demonstration"]
