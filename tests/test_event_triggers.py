"""Trigger rules: a verb and its object with words between, and purpose clauses."""

from __future__ import annotations

from datetime import date

import pytest

from rasad.events.compose import ComposedTriggers
from rasad.events.weapons import recode_by_weapon, weapon_cues_in
from rasad.lang.ar.normalize import normalize
from rasad.pipeline import Pipeline
from rasad.types import Document, Trigger

HQ = "Headquarters or base established"


def _subtypes(pipeline: Pipeline, text: str) -> list[str]:
    doc = pipeline(Document(text=text, id="t", published=date(2024, 3, 13)))
    return [e.sub_event_type for e in doc.events]


@pytest.mark.parametrize("text,lang", [
    ("أقامت قوات النظام ثلاثة حواجز جديدة قرب بلدة نوى.", "ar"),
    ("ثبتت الميليشيا عدة مقرات عسكرية في قرية المسرب.", "ar"),
    ("The militia set up two new checkpoints near Manbij.", "en"),
    ("استولت الميليشيا على فندق في المدينة وحولته لنقطة عسكرية.", "ar"),
])
def test_establishing_verb_with_its_object_some_words_apart(text: str, lang: str) -> None:
    found = ComposedTriggers.build(lang).find(text, normalize(text), [(0, len(text))])
    assert [t.sub_event_type for t in found] == [HQ]
    assert found[0].text.split()[0] in text


def test_object_beyond_the_clause_or_too_far_is_not_composed() -> None:
    text = "أقامت القوات احتفالا كبيرا بمناسبة العيد الوطني في المدينة، ثم زارت نقطة طبية."
    clauses = [(0, text.index("،")), (text.index("،"), len(text))]
    assert ComposedTriggers.build("ar").find(text, normalize(text), clauses) == []


def test_composed_trigger_makes_an_event(rules_pipeline: Pipeline) -> None:
    subs = _subtypes(rules_pipeline, "أقامت قوات النظام ثلاثة حواجز جديدة في مدينة نوى بريف درعا.")
    assert HQ in subs


@pytest.mark.parametrize("text", [
    "وصلت تعزيزات عسكرية إلى مدينة نوى بهدف إقامة نقاط عسكرية جديدة في المنطقة.",
    "Reinforcements reached Manbij in order to set up new checkpoints in the area.",
])
def test_a_purpose_clause_is_not_an_event(rules_pipeline: Pipeline, text: str) -> None:
    subs = _subtypes(rules_pipeline, text)
    assert "Change to group/activity" in subs and HQ not in subs


def _recoded(text: str, word: str, sub: str) -> str:
    start = text.index(word)
    trigger = Trigger(start, start + len(word), word, sub, 0.3, "attack")
    cues = weapon_cues_in(normalize(text), "ar")
    return recode_by_weapon([trigger], [(0, len(text))], cues)[0].sub_event_type


def test_an_attack_by_aircraft_is_an_air_strike() -> None:
    text = "قتل ثلاثة عناصر في هجوم شنته طائرات حربية على موقع في بلدة الميادين."
    assert _recoded(text, "هجوم", "Armed clash") == "Air/drone strike"


def test_an_attack_on_a_march_stays_an_attack() -> None:
    text = "أطلق مسلحون النار على مسيرة احتجاجية في مدينة السويداء."
    assert _recoded(text, "أطلق", "Attack") == "Attack"


def test_a_peaceful_march_is_a_protest_not_a_drone(rules_pipeline: Pipeline) -> None:
    subs = _subtypes(rules_pipeline, "خرجت مسيرة سلمية في مدينة السويداء للمطالبة بالإفراج عن المعتقلين.")
    assert subs == ["Peaceful protest"]


@pytest.mark.parametrize("text", [
    "دخل عناصر الحشد الشعبي قضاء سنجار بدون أي قتال.",
    "Kurdish fighters entered the town of Tal Tamr without a fight.",
])
def test_a_fight_that_did_not_happen_is_not_a_clash(rules_pipeline: Pipeline, text: str) -> None:
    assert "Armed clash" not in _subtypes(rules_pipeline, text)


def test_a_pilotless_aircraft_still_strikes(rules_pipeline: Pipeline) -> None:
    subs = _subtypes(rules_pipeline, "استهدفت طائرة بدون طيار سيارة في مدينة القامشلي.")
    assert subs == ["Air/drone strike"]


def test_a_body_found_is_an_attack_a_body_moved_is_none(rules_pipeline: Pipeline) -> None:
    assert _subtypes(rules_pipeline, "عثر مزارعون صباح اليوم على جثة رجل مقتولاً بالرصاص "
                                     "قرب بلدة نوى بريف درعا") == ["Attack"]
    assert _subtypes(rules_pipeline, "وشيّع الأهالي جثث الضحايا في مقبرة بلدة نوى") == []
