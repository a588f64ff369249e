"""Commanders: titles, bracketed names, roles, affiliations and areas."""

from __future__ import annotations

from rasad.pipeline import Pipeline
from rasad.types import Document


def persons(pipeline: Pipeline, text: str) -> dict[str, tuple[str | None, str | None, str | None]]:
    doc = pipeline(Document(text=text, id="p"))
    for p in doc.persons:
        assert doc.text[p.start:p.end] == p.text
    return {p.name: (p.role, p.actor_id, p.area) for p in doc.persons}


def test_role_phrase_gives_affiliation_and_area(pipeline: Pipeline) -> None:
    text = ("وحضر الاجتماع القيادي (أبو علي الساعدي) وهو القائد العسكري لميليشيا حزب الله "
            "اللبناني في مدينة القصير وريفها.")
    found = persons(pipeline, text)
    role, actor, area = found["أبو علي الساعدي"]
    assert role == "commander" and actor == "hezbollah" and area and "القصير" in area


def test_led_by_attaches_to_the_group_before(pipeline: Pipeline) -> None:
    text = "وانتشرت عناصر ميليشيا (فاطميون) بقيادة المدعو (حسين رضائي) في محيط مدينة السخنة."
    role, actor, _ = persons(pipeline, text)["حسين رضائي"]
    assert role == "commander" and actor == "fatemiyoun"


def test_officer_rank_and_group_named_before(pipeline: Pipeline) -> None:
    text = "ومن ضباط الجيش الروسي حضر العميد (سيرغي ماكاروف) المسؤول عن منطقة تدمر."
    role, actor, _ = persons(pipeline, text)["سيرغي ماكاروف"]
    assert actor == "russian-armed-forces" and role


def test_adjectives_after_a_title_are_not_names(pipeline: Pipeline) -> None:
    text = "وأكد القائد العسكري في الفصيل أن الهجوم صُدّ."
    assert persons(pipeline, text) == {}
