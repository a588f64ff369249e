"""Event rules on reports written for these tests (the seed is checked in test_seed.py).

These check what the rules propose (``events.rules.v1`` with its own confidence floor);
the learned filter that decides among the candidates is tested in test_learn.py.
"""

from __future__ import annotations

import pytest

from rasad.pipeline import Pipeline
from rasad.types import Document, Event


@pytest.fixture(scope="module")
def pipeline(rules_pipeline: Pipeline) -> Pipeline:
    return rules_pipeline


def run(pipeline: Pipeline, text: str, published: str | None = "2024-03-13") -> Document:
    from datetime import date

    pub = date.fromisoformat(published) if published else None
    return pipeline(Document(text=text, id="t", published=pub))


def by_place(doc: Document) -> dict[str, Event]:
    return {e.location.text: e for e in doc.events if e.location is not None}


def ids(side: list) -> set[str | None]:  # type: ignore[type-arg]
    return {a.actor_id for a in side}


def test_itemized_handover_gives_one_event_per_place(pipeline: Pipeline) -> None:
    text = (
        "سلمت ميليشيا (لواء القدس) صباح الاثنين حاجزين قرب بلدة السخنة لميليشيا "
        "(حزب الله اللبناني)، ومقرا عسكريا قرب مدينة القريتين لميليشيا (فاطميون)."
    )
    doc = run(pipeline, text)
    events = [e for e in doc.events if e.sub_event_type == "Non-violent transfer of territory"]
    assert len(events) == 2
    places = by_place(doc)
    sukhnah = next(e for t, e in places.items() if "السخنة" in t)
    qaryatayn = next(e for t, e in places.items() if "القريتين" in t)
    assert "hezbollah" in ids(sukhnah.actor1) and "liwa-al-quds" in ids(sukhnah.actor2)
    assert "fatemiyoun" in ids(qaryatayn.actor1) and "liwa-al-quds" in ids(qaryatayn.actor2)
    assert sukhnah.quantities.get("sites") == 2
    assert qaryatayn.quantities.get("sites") == 1
    assert sukhnah.date is not None and sukhnah.date.start_date is not None
    assert sukhnah.date.start_date.isoformat() == "2024-03-11"


def test_shelling_on_listed_villages_one_event_each(pipeline: Pipeline) -> None:
    text = "قصفت قوات النظام بالمدفعية الثقيلة قرى كفرنبل وحاس والبارة بريف إدلب الجنوبي أمس."
    doc = run(pipeline, text)
    shelling = [e for e in doc.events if e.sub_event_type == "Shelling/artillery/missile attack"]
    names = {e.location.text for e in shelling if e.location}
    assert {"كفرنبل", "البارة"} <= names
    assert all("syrian-arab-army" in ids(e.actor1) for e in shelling)
    assert all(e.date and e.date.start_date and e.date.start_date.isoformat() == "2024-03-12"
               for e in shelling)


def test_plans_threats_and_background_are_not_events(pipeline: Pipeline) -> None:
    text = (
        "تستعد قوات النظام لشن هجوم على بلدة كفرنبل خلال الأيام المقبلة.\n"
        "وهددت الفصائل بقصف مواقع النظام في حال استمرار التصعيد.\n"
        "يذكر أن المنطقة شهدت اشتباكات عنيفة خلال الأعوام الماضية."
    )
    assert run(pipeline, text).events == []


def test_civilians_are_targets_not_perpetrators(pipeline: Pipeline) -> None:
    text = "قتل مدنيان وأصيب ثلاثة آخرون بقصف مدفعي لقوات النظام على بلدة البارة بريف إدلب."
    doc = run(pipeline, text)
    shelling = [e for e in doc.events if e.sub_event_type == "Shelling/artillery/missile attack"]
    assert len(shelling) == 1
    assert "civilians" not in ids(shelling[0].actor1)
    assert not [e for e in doc.events if e.sub_event_type == "Attack"]  # deaths are fatalities
    assert shelling[0].fatalities == 2


def test_non_state_detention_is_abduction(pipeline: Pipeline) -> None:
    text = "اعتقلت هيئة تحرير الشام ناشطا إعلاميا على حاجز لها قرب مدينة سرمدا شمال إدلب."
    doc = run(pipeline, text)
    subs = {e.sub_event_type for e in doc.events}
    assert "Abduction/forced disappearance" in subs and "Arrests" not in subs


def test_aircraft_turn_a_generic_bombardment_into_an_air_strike(pipeline: Pipeline) -> None:
    text = "قصفت طائرات حربية روسية أطراف بلدة كنصفرة في جبل الزاوية جنوب إدلب."
    doc = run(pipeline, text)
    assert [e.sub_event_type for e in doc.events] == ["Air/drone strike"]
    assert "russian-armed-forces" in ids(doc.events[0].actor1)


def test_region_level_summary_merges_into_the_precise_event(pipeline: Pipeline) -> None:
    text = (
        "انفجار عبوة ناسفة بريف درعا\n"
        "انفجرت عبوة ناسفة صباح اليوم بسيارة عسكرية تابعة لقوات النظام قرب بلدة محجة "
        "شمالي درعا، ما أدى لإصابة ثلاثة عناصر."
    )
    doc = run(pipeline, text)
    ieds = [e for e in doc.events if e.sub_event_type == "Remote explosive/landmine/IED"]
    assert len(ieds) == 1
    assert ieds[0].location is not None and "محجة" in ieds[0].location.text
    assert "syrian-arab-army" in ids(ieds[0].actor2)


def test_protest_coded_with_protesters(pipeline: Pipeline) -> None:
    text = "خرجت مظاهرة حاشدة في مدينة السويداء اليوم الجمعة للمطالبة بالإفراج عن المعتقلين."
    doc = run(pipeline, text)
    protests = [e for e in doc.events if e.sub_event_type == "Peaceful protest"]
    assert len(protests) == 1
    assert [a.name for a in protests[0].actor1] == ["Protesters"]


def test_every_event_has_provenance_and_valid_spans(pipeline: Pipeline) -> None:
    text = "اندلعت اشتباكات عنيفة بين قوات سوريا الديمقراطية ومقاتلين من العشائر في بلدة ذيبان."
    doc = run(pipeline, text)
    assert doc.events
    for e in doc.events:
        assert e.extractor == "events.rules.v1"
        assert 0 < e.confidence <= 1
        assert e.id and len(e.id) == 16
        for span in [*e.evidence, *e.actor1, *e.actor2]:
            assert doc.text[span.start:span.end] == span.text
    assert "events.rules.v1" in doc.provenance


def test_english_report(pipeline: Pipeline) -> None:
    text = (
        "A US-led coalition drone struck a vehicle near al-Bukamal on Tuesday, "
        "killing two members of an Iran-backed militia, local sources said."
    )
    doc = run(pipeline, text, "2024-03-14")
    assert doc.lang == "en"
    strikes = [e for e in doc.events if e.sub_event_type == "Air/drone strike"]
    assert strikes and strikes[0].date is not None
    assert strikes[0].date.start_date is not None
    assert strikes[0].date.start_date.isoformat() == "2024-03-12"


def test_withdrawal_without_taker_is_a_change_of_activity(pipeline: Pipeline) -> None:
    # SCHEMA / ACLED: nobody is named as taking the place over, so the mover's activity
    # changes; the mover is actor1.
    text = "انسحبت ميليشيا (حزب الله اللبناني) من مواقعها في مدينة القصير صباح الاثنين."
    doc = run(pipeline, text)
    [event] = [e for e in doc.events if e.location and "القصير" in e.location.text]
    assert event.sub_event_type == "Change to group/activity"
    assert ids(event.actor1) == {"hezbollah"} and not event.actor2


def test_taker_named_in_the_next_sentence_makes_a_handover(pipeline: Pipeline) -> None:
    text = ("أخلت ميليشيا (حزب الله اللبناني) مقراتها في مدينة القصير وبلدة ربلة صباح الاثنين. "
            "وتسلم المقرات عناصر ميليشيا (فاطميون) بعد ساعات.")
    doc = run(pipeline, text)
    handovers = [e for e in doc.events if e.sub_event_type == "Non-violent transfer of territory"]
    assert {e.location.text for e in handovers if e.location} >= {"مدينة القصير"}
    for e in handovers:
        assert ids(e.actor1) == {"fatemiyoun"} and ids(e.actor2) == {"hezbollah"}


def test_subject_of_a_taking_over_verb_is_the_taker(pipeline: Pipeline) -> None:
    text = ("انسحبت ميليشيا (حزب الله اللبناني) من نقاطها في بلدة مهين، "
            "وحلت مكانها ميليشيا (فاطميون) صباح الاثنين.")
    doc = run(pipeline, text)
    [event] = [e for e in doc.events if e.location and "مهين" in e.location.text]
    assert event.sub_event_type == "Non-violent transfer of territory"
    assert ids(event.actor1) == {"fatemiyoun"} and ids(event.actor2) == {"hezbollah"}


def test_english_taker_after_to_the(pipeline: Pipeline) -> None:
    text = ("Hezbollah said its posts in the village of Ham had been handed over to the "
            "Lebanese Army on Monday.")
    doc = run(pipeline, text)
    [event] = [e for e in doc.events if e.sub_event_type == "Non-violent transfer of territory"]
    assert ids(event.actor1) == {"lebanese-armed-forces"} and ids(event.actor2) == {"hezbollah"}


def test_english_words_ending_in_a_preposition_do_not_make_targets(pipeline: Pipeline) -> None:
    # "that" ends in "at", "nearby" in "by": only whole words are prepositions.
    text = ("Observatory sources said that regime forces shelled with heavy artillery the "
            "village of Kansafra in southern Idlib on Monday.")
    doc = run(pipeline, text)
    [event] = [e for e in doc.events if e.location and e.location.text == "Kansafra"]
    assert ids(event.actor1) == {"syrian-arab-army"} and not event.actor2


def test_rescuers_named_as_the_source_are_not_a_party(pipeline: Pipeline) -> None:
    text = ("Regime forces shelled the town of Kafranbel in southern Idlib on Monday, killing "
            "two civilians, the White Helmets said.")
    doc = run(pipeline, text)
    [event] = [e for e in doc.events if e.sub_event_type.startswith("Shelling")]
    assert "syria-civil-defence" not in ids(event.actor1) | ids(event.actor2)
    assert ids(event.actor1) == {"syrian-arab-army"}


def test_groups_joined_by_a_slash_stand_together(pipeline: Pipeline) -> None:
    text = ("Seven villages in Deir ez-Zor, among them Murrat and Mazlum, have been vacated by "
            "regime forces and are now under YPG/YPJ control, local sources said on Monday.")
    doc = run(pipeline, text)
    handovers = [e for e in doc.events if e.sub_event_type == "Non-violent transfer of territory"]
    assert handovers
    for e in handovers:
        assert {"ypg", "ypj"} <= ids(e.actor1)
    # the slashed Turkish usage names one actor, the SDF
    doc = run(pipeline, text.replace("YPG/YPJ", "PKK/YPG"))
    handovers = [e for e in doc.events if e.sub_event_type == "Non-violent transfer of territory"]
    assert handovers and all(ids(e.actor1) == {"sdf"} for e in handovers)


def test_the_group_a_source_belongs_to_is_not_a_party(pipeline: Pipeline) -> None:
    text = ("وقالت مصادر من قوات النظام إن ميليشيا (حزب الله اللبناني) انسحبت من مواقعها في "
            "مدينة القصير صباح الاثنين.")
    doc = run(pipeline, text)
    [event] = [e for e in doc.events if e.location and "القصير" in e.location.text]
    assert ids(event.actor1) == {"hezbollah"} and not event.actor2


def test_a_de_facto_administration_arrests(pipeline: Pipeline) -> None:
    # ACLED: actors that govern a territory arrest; other armed groups abduct.
    text = "اعتقلت جماعة الحوثي ثلاثة مواطنين في مديرية قعطبة بمحافظة الضالع صباح الاثنين."
    doc = run(pipeline, text)
    subs = {e.sub_event_type for e in doc.events}
    assert "Arrests" in subs and "Abduction/forced disappearance" not in subs


def test_owner_named_after_the_giving_unit_is_not_a_receiver(pipeline: Pipeline) -> None:
    # "التابعة لقوات النظام" says whose unit withdrew; the "ل" is not "handed to".
    text = ("انسحبت الفرقة الرابعة التابعة لقوات النظام من حاجز في بلدة القصير صباح الاثنين، "
            "وقامت بتسليمه لميليشيا (فاطميون).")
    doc = run(pipeline, text)
    [event] = [e for e in doc.events if e.sub_event_type == "Non-violent transfer of territory"]
    assert ids(event.actor1) == {"fatemiyoun"}
    assert {"4th-division", "syrian-arab-army"} <= ids(event.actor2)


def test_taking_over_the_places_left_names_the_taker_of_the_pullouts(pipeline: Pipeline
                                                                    ) -> None:
    # The taking-over clause points back at the places left; the city after it is where
    # a decision was made, not a place handed over.
    text = ("انسحبت ميليشيا (حزب الله اللبناني) من مواقعها في مدينة القصير وبلدة ربلة صباح "
            "الاثنين. وأضاف المصدر أن عناصر الفرقة الرابعة تسلمت الملف الأمني في المناطق التي "
            "انسحبت منها الميليشيا، مشيرا إلى أن القرار صدر في دمشق.")
    doc = run(pipeline, text)
    handovers = [e for e in doc.events if e.sub_event_type == "Non-violent transfer of territory"]
    assert {e.location.text for e in handovers if e.location} == {"مدينة القصير", "ربلة"}
    for e in handovers:
        assert ids(e.actor1) == {"4th-division"} and ids(e.actor2) == {"hezbollah"}


def _telling(place: str, lat: float, takers: list[str], givers: list[str], span: tuple[int, int],
             precision: int = 1) -> Event:
    from rasad.types import ActorMention, Evidence, Place, PlaceMention

    def side(names: list[str]) -> list[ActorMention]:
        return [ActorMention(0, 1, n, actor_id=n) for n in names]

    where = PlaceMention(span[0], span[0] + 1, place, geo_precision=precision,
                         place=Place(place, None, lat, 36.0))
    return Event("e", "Strategic developments", "Non-violent transfer of territory",
                 side(takers), side(givers), where, None, 0, {}, [],
                 [Evidence(span[0], span[1], "")], 0.5, "test")


def test_pullout_itemized_with_a_handover_in_one_sentence_is_part_of_it() -> None:
    from rasad.events.handover import recode_withdrawals

    # One sentence (characters 0-200) lists A with its taker and C, 60 km away, without;
    # another sentence tells a pull-out from D, as far, of the same givers; the same
    # sentence also names a region (R) far from A: the setting, not an item.
    a = _telling("A", 33.0, ["taker"], ["giver"], (0, 200))
    c = _telling("C", 33.55, [], ["giver"], (0, 200))
    d = _telling("D", 32.45, [], ["giver"], (300, 400))
    region = _telling("R", 34.1, [], ["giver"], (0, 200), precision=3)
    recode_withdrawals([a, c, d, region])
    assert c.sub_event_type == "Non-violent transfer of territory" and ids(c.actor1) == {"taker"}
    assert d.sub_event_type == "Change to group/activity" and ids(d.actor1) == {"giver"}
    assert region.sub_event_type == "Change to group/activity"


def test_who_moved_in_after_a_pullout_took_the_place_over(pipeline: Pipeline) -> None:
    text = ("قالت مصادر محلية إن ميليشيا (فاطميون) تقدمت صباح الاثنين إلى بلدة مهين بعد "
            "انسحاب ميليشيا (حزب الله اللبناني) منها.")
    doc = run(pipeline, text)
    [event] = [e for e in doc.events if e.location and "مهين" in e.location.text]
    assert event.sub_event_type == "Non-violent transfer of territory"
    assert ids(event.actor1) == {"fatemiyoun"} and ids(event.actor2) == {"hezbollah"}
