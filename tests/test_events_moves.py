"""Force-posture language: sending and relocating forces, where a move starts and ends,
and who takes over when a deployment follows a pull-out. Sentences written for these tests;
the rules alone are checked (``events.rules.v1`` with its own confidence floor)."""

from __future__ import annotations

from datetime import date

import pytest

from rasad.pipeline import Pipeline
from rasad.types import Document, Event

CHANGE = "Change to group/activity"
TRANSFER = "Non-violent transfer of territory"


@pytest.fixture(scope="module")
def pipeline(rules_pipeline: Pipeline) -> Pipeline:
    return rules_pipeline


def run(pipeline: Pipeline, text: str) -> Document:
    return pipeline(Document(text=text, id="t", published=date(2024, 3, 13)))


def by_place(doc: Document) -> dict[str, Event]:
    return {e.location.text: e for e in doc.events if e.location is not None}


def test_sending_fighters_is_a_move_to_the_destination(pipeline: Pipeline) -> None:
    doc = run(pipeline, "أرسل الحرس الثوري مجموعات من عناصره إلى مدينة الميادين يوم الأحد.")
    event = by_place(doc)["مدينة الميادين"]
    assert event.sub_event_type == CHANGE
    assert [a.actor_id for a in event.actor1] == ["irgc"]


def test_inflected_verb_reaches_its_object_past_a_long_subject(pipeline: Pipeline) -> None:
    # the verb's ending ("عززت") is no word between verb and object
    doc = run(pipeline, "عززت ميليشيا فاطميون الأفغانية نقاطها في بلدة السخنة يوم الأحد.")
    assert [e.sub_event_type for e in doc.events] == [CHANGE]
    assert [a.actor_id for a in doc.events[0].actor1] == ["fatemiyoun"]


def test_relocating_own_sites_is_a_pull_out_from_the_origin(pipeline: Pipeline) -> None:
    doc = run(pipeline, "نقلت قوات النظام بعض مقراتها من بلدة محكان إلى مدينة البوكمال يوم الأحد.")
    places = by_place(doc)
    assert set(places) == {"محكان"}
    assert places["محكان"].sub_event_type == CHANGE
    assert [a.actor_id for a in places["محكان"].actor1] == ["syrian-arab-army"]


def test_reinforcements_written_with_the_article(pipeline: Pipeline) -> None:
    doc = run(pipeline, "ووصلت التعزيزات العسكرية إلى مدينة تدمر صباح اليوم.")
    assert by_place(doc)["مدينة تدمر"].sub_event_type == CHANGE


def test_pull_out_heading_elsewhere_is_located_where_it_leaves(pipeline: Pipeline) -> None:
    doc = run(pipeline, "انسحبت قوات النظام يوم الأحد من بلدة محكان باتجاه مدينة الميادين.")
    assert set(by_place(doc)) == {"محكان"}


def test_air_defences_in_a_convoy_are_equipment(pipeline: Pipeline) -> None:
    doc = run(pipeline, "ووصلت تعزيزات عسكرية تضم الدبابات والمضادات الأرضية إلى مدينة درعا.")
    assert [e.sub_event_type for e in doc.events] == [CHANGE]


def test_fused_village_name_with_the_article_is_found(pipeline: Pipeline) -> None:
    doc = run(pipeline, "انسحبت الفرقة الرابعة يوم الأحد من حاجز في الديرخبية بريف دمشق.")
    found = [m for m in doc.places if m.text == "الديرخبية"]
    assert found and found[0].place is not None
    assert "الديرخبية" in by_place(doc)


def test_deployment_after_a_pull_out_is_a_handover(pipeline: Pipeline) -> None:
    doc = run(pipeline, "انتشرت قوات سوريا الديمقراطية في مدينة الميادين، بعد انسحاب قوات النظام منها.")
    event = by_place(doc)["مدينة الميادين"]
    assert event.sub_event_type == TRANSFER
    assert [a.actor_id for a in event.actor1] == ["sdf"]
    assert [a.actor_id for a in event.actor2] == ["syrian-arab-army"]


def test_a_deployment_alone_stays_a_move(pipeline: Pipeline) -> None:
    doc = run(pipeline, "انتشرت قوات سوريا الديمقراطية في مدينة الميادين يوم الأحد.")
    assert [e.sub_event_type for e in doc.events] == [CHANGE]


def test_stationing_forces_is_a_change_of_posture(pipeline: Pipeline) -> None:
    doc = run(pipeline, "تمركزت مجموعات من الحرس الثوري يوم الأحد في مدينة تدمر.")
    assert [e.sub_event_type for e in doc.events] == [CHANGE]


def test_pull_out_reaching_as_far_as_a_place_leaves_it_too(pipeline: Pipeline) -> None:
    # "وصولاً إلى" closes the stretch left; it is no heading
    doc = run(pipeline, "انسحبت قوات الحشد الشعبي يوم الأحد من قضاء البعاج وصولاً إلى منطقة تل زعرور.")
    assert {"قضاء البعاج", "تل زعرور"} <= set(by_place(doc))


def test_handover_told_from_the_taking_end_keeps_its_givers(pipeline: Pipeline) -> None:
    doc = run(pipeline, "سلم حزب الله يوم الجمعة مواقعه في بلدة القاع إلى الجيش اللبناني. "
                        "وتسلم الجيش اللبناني يوم السبت مواقع أخرى في بلدة رأس بعلبك.")
    event = by_place(doc)["رأس بعلبك"]
    assert event.sub_event_type == TRANSFER
    assert [a.actor_id for a in event.actor1] == ["lebanese-armed-forces"]
    assert [a.actor_id for a in event.actor2] == ["hezbollah"]


def test_region_listed_beside_a_town_in_a_handover_is_its_own_event(pipeline: Pipeline) -> None:
    doc = pipeline(Document(
        text="On Sunday the Russian forces handed over their posts in Jabal al-Akrad and the "
             "town of Kasab to Hezbollah.", id="t", lang="en", published=date(2024, 3, 13)))
    places = {e.location.text for e in doc.events
              if e.location is not None and e.sub_event_type == TRANSFER}
    assert places == {"Jabal al-Akrad", "Kasab"}


def test_pull_out_from_a_village_no_gazetteer_knows_is_kept(pipeline: Pipeline) -> None:
    doc = run(pipeline, "انسحبت قوات النظام من قرية زعرورة الصغرى بريف حماة.")
    event = by_place(doc)["زعرورة"]
    assert event.location is not None and event.location.place is None
    assert event.sub_event_type == CHANGE


def test_where_reinforcements_come_from_is_not_an_event_place(pipeline: Pipeline) -> None:
    doc = run(pipeline, "وصلت يوم الأحد تعزيزات عسكرية لقوات النظام قادمة من مدينة حمص "
                        "وبلدة القريتين إلى مدينة تدمر.")
    assert set(by_place(doc)) == {"مدينة تدمر"}


def test_pull_out_told_of_a_whole_country_is_no_event(pipeline: Pipeline) -> None:
    doc = run(pipeline, "وأعلن الحزب يوم الأحد أن قوات الحشد الشعبي انسحبت من سوريا.")
    assert doc.events == []


def test_town_placed_by_its_country_keeps_its_event(pipeline: Pipeline) -> None:
    doc = run(pipeline, "انسحبت قوات الحشد الشعبي يوم الأحد من بلدة زعرورة جنوبي العراق.")
    assert [e.sub_event_type for e in doc.events] == [CHANGE]
