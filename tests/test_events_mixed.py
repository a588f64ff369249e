"""Reports from Iraq, Lebanon and Yemen: protests, places and parties as they phrase them."""

from __future__ import annotations

from datetime import date

from rasad.learn.train import candidate_pipeline
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


def test_an_assault_on_civilians_is_an_attack_at_the_village(rules_pipeline: Pipeline) -> None:
    text = "هاجم مسلحون قرية كنعان العليا الواقعة في قضاء خانقين وقتلوا مدنيين اثنين."
    events = _events(rules_pipeline, text)
    assert [e.sub_event_type for e in events] == ["Attack"]
    located = events[0].location
    assert located is not None and located.text == "كنعان العليا"
    # the district the village lies in lends it a point
    assert located.place is not None and located.geo_precision == 2


def test_an_assault_on_an_army_post_is_a_clash(rules_pipeline: Pipeline) -> None:
    coded = _coded(rules_pipeline, "هاجم مسلحون مقر سرية للجيش العراقي في ناحية العظيم.")
    assert coded == [("Armed clash", "ناحية العظيم")]


def test_a_provinces_police_is_the_teller_not_the_place(rules_pipeline: Pipeline) -> None:
    text = ("أفاد مصدر في شرطة ديالى أن مسلحين هاجموا قرية كنعان العليا الواقعة بأطراف "
            "قضاء خانقين.")
    doc = rules_pipeline(Document(text=text, id="t", published=date(2024, 3, 13)))
    assert "ديالى" not in [m.text for m in doc.places]
    assert [e.location.text for e in doc.events if e.location] == ["كنعان العليا"]


def test_a_quoted_place_name_is_taken_whole(rules_pipeline: Pipeline) -> None:
    text = "شن مسلحون هجوما على موقع للجيش العراقي في منطقة \"وادي الشاي\" شمال ديالى."
    doc = rules_pipeline(Document(text=text, id="t", published=date(2024, 3, 13)))
    assert "وادي الشاي" in [m.text for m in doc.places]


def test_one_unknown_word_after_a_village_cue_stays_one_word(
        rules_pipeline: Pipeline) -> None:
    text = "قتل جنديان بانفجار عبوة ناسفة في قرية كنعان العليا أمس."
    doc = rules_pipeline(Document(text=text, id="t", published=date(2024, 3, 13)))
    assert [m.text for m in doc.places] == ["كنعان"]


def test_the_capital_after_a_district_only_locates_it(rules_pipeline: Pipeline) -> None:
    text = ("شهدت منطقة الشويفات، جنوب العاصمة اللبنانية بيروت، أمس اشتباكات مسلحة عنيفة "
            "بين مسلحين من عشائر المنطقة وعناصر من حزب الله.")
    coded = _coded(rules_pipeline, text)
    assert coded == [("Armed clash", "الشويفات")]


def test_an_air_attack_is_a_strike_not_a_clash(rules_pipeline: Pipeline) -> None:
    text = "شن الجيش الإسرائيلي بعد منتصف الليل هجوماً جوياً على مدينة دير الزور."
    assert _coded(rules_pipeline, text) == [("Air/drone strike", "مدينة دير الزور")]


def test_a_district_in_apposition_only_locates_the_town(rules_pipeline: Pipeline) -> None:
    text = "قتل شخص بغارة مسيرة إسرائيلية على دراجة نارية في بلدة المنصوري، قضاء صور."
    events = _events(rules_pipeline, text)
    assert [(e.sub_event_type, e.location.text if e.location else "") for e in events] == [
        ("Air/drone strike", "المنصوري")]


def test_a_namesake_far_from_its_district_takes_the_districts_point(
        rules_pipeline: Pipeline) -> None:
    # the gazetteer reads "الجبلية" as a Syrian village; the report puts it in a Yemeni district
    text = "قتل طفل بانفجار لغم في منطقة الجبلية مديرية التحيتا جنوب الحديدة."
    events = _events(rules_pipeline, text)
    assert len(events) == 1 and events[0].location is not None
    place = events[0].location.place
    assert place is not None and place.country == "YE"
    assert events[0].location.geo_precision == 2


def test_a_trend_over_past_months_is_no_event(rules_pipeline: Pipeline) -> None:
    text = "وزادت وتيرة هجمات المسلحين خلال الأشهر الماضية في محافظة كركوك."
    assert _events(rules_pipeline, text) == []


def test_a_season_of_an_earlier_year_is_history(rules_pipeline: Pipeline) -> None:
    text = ("اجتاح التنظيم مدينة الموصل صيف 2014. وقتل جندي اليوم باشتباك مع مسلحين في "
            "قضاء الحويجة.")
    assert _coded(rules_pipeline, text) == [("Armed clash", "قضاء الحويجة")]


def test_an_agency_byline_city_and_a_reprinted_headline_make_no_event(
        rules_pipeline: Pipeline) -> None:
    text = ("قتيلان من الحشد الشعبي في هجوم لداعش شمالي العراق\n\n"
            "12.03.2024 - محدث : 12.03.2024\n"
            "قتيلان من الحشد الشعبي في هجوم لداعش شمالي العراق\n\n"
            "بغداد / مراسل / الأناضول\n\n"
            "قتل عنصران من الحشد الشعبي، الثلاثاء، في اشتباكات مع مسلحين من تنظيم داعش "
            "ببلدة طوزخرماتو في محافظة صلاح الدين.")
    assert _coded(rules_pipeline, text) == [("Armed clash", "طوزخرماتو")]
    # every candidate, before any confidence floor: the headline's weak telling folds
    # into the body's, wherever the page prints it, and the byline city places nothing
    candidates = _coded(candidate_pipeline(), text)
    assert [place for _, place in candidates] == ["طوزخرماتو"]


def test_peacekeepers_and_iraqs_security_service_are_known_actors(
        rules_pipeline: Pipeline) -> None:
    text = ("اعتقل جهاز الأمن الوطني العراقي ثلاثة مطلوبين في محافظة الأنبار، فيما أفادت "
            "قوات اليونيفيل بسقوط قذائف قرب مقرها في بلدة الناقورة.")
    doc = rules_pipeline(Document(text=text, id="t", published=date(2024, 3, 13)))
    ids = {a.actor_id for a in doc.actors}
    assert {"iraqi-nss", "unifil"} <= ids
    assert "اليونيفيل" not in [m.text for m in doc.places]


def test_a_desert_no_gazetteer_knows_is_the_event_place(rules_pipeline: Pipeline) -> None:
    text = "قتل جنديان إثر انفجار عبوة ناسفة في صحراء الثرثار شمال محافظة الأنبار."
    events = _events(rules_pipeline, text)
    assert [(e.sub_event_type, e.location.text if e.location else "") for e in events] == [
        ("Remote explosive/landmine/IED", "الثرثار")]
    assert events[0].location is not None and events[0].location.place is not None


def test_a_town_far_from_its_provinces_point_keeps_its_own(rules_pipeline: Pipeline) -> None:
    # al-Qaim lies some 300 km from al-Anbar's point; the province is no namesake test
    text = "قتل ثلاثة جنود بانفجار عبوة ناسفة في قضاء القائم غربي محافظة الأنبار."
    [event] = _events(rules_pipeline, text)
    assert event.location is not None and event.location.text == "قضاء القائم"
    assert event.location.geo_precision == 1


def test_verbs_chained_in_one_sentence_share_its_place(rules_pipeline: Pipeline) -> None:
    text = ("هاجم مسلحون من داعش قرية الحصوة الواقعة في قضاء المقدادية وقتلوا مدنيا، "
            "واختطفوا اثنين آخرين.")
    coded = _coded(rules_pipeline, text)
    assert coded == [("Attack", "الحصوة"), ("Abduction/forced disappearance", "الحصوة")]


def test_a_namesake_far_from_the_town_that_locates_it_takes_the_towns_point(
        rules_pipeline: Pipeline) -> None:
    # both villages the gazetteer calls "الشيحا" lie in Hama and Homs, far from Maadan
    text = ("اندلعت اشتباكات بين قوات النظام وخلايا التنظيم في منطقة الشيحا قرب بلدة "
            "معدان شرقي الرقة.")
    [event] = _events(rules_pipeline, text)
    located = event.location
    assert located is not None and located.text == "الشيحا"
    assert located.place is not None and located.place.admin1 == "Raqqa"
    assert located.geo_precision == 2


def test_firing_at_a_person_is_an_attack_there(rules_pipeline: Pipeline) -> None:
    text = ("أطلق مسلحون مجهولون النار على صاحب محل تجاري في بلدة الحراك بريف درعا الشرقي، "
            "ما أدى إلى مقتله.")
    assert _coded(rules_pipeline, text) == [("Attack", "الحراك")]


def test_shooting_told_with_a_pronoun_target_is_an_attack(rules_pipeline: Pipeline) -> None:
    text = "قتل مدني إثر إطلاق الرصاص عليه من قبل مجهولين في بلدة الجيزة بريف درعا."
    assert _coded(rules_pipeline, text) == [("Attack", "الجيزة")]


def test_firing_to_disperse_protesters_is_no_separate_attack(rules_pipeline: Pipeline) -> None:
    text = "أطلق عناصر الأمن النار في الهواء لتفريق المحتجين في ساحة التحرير ببغداد."
    assert [sub for sub, _ in _coded(rules_pipeline, text)] == ["Protest with intervention"]


def test_killing_a_member_of_an_armed_group_is_a_clash(rules_pipeline: Pipeline) -> None:
    text = "اغتال مسلحون مجهولون عنصراً في قوات سوريا الديمقراطية في بلدة الشحيل بريف دير الزور."
    events = _events(rules_pipeline, text)
    assert [(e.sub_event_type, [a.actor_id for a in e.actor2]) for e in events] == [
        ("Armed clash", ["sdf"])]


def test_the_agent_after_min_qibal_makes_the_group_before_the_target(
        rules_pipeline: Pipeline) -> None:
    text = ("أصيب عنصر من الحشد الشعبي جراء إطلاق النار عليه من قبل مسلحين مجهولين في "
            "قضاء الطارمية.")
    [event] = _events(rules_pipeline, text)
    assert [a.actor_id for a in event.actor1] == ["unidentified-armed-group"]
    assert [a.actor_id for a in event.actor2] == ["pmf"]


def test_a_breached_ceasefire_is_no_new_agreement(rules_pipeline: Pipeline) -> None:
    text = ("قتل شخص بغارة مسيرة إسرائيلية على بلدة المنصوري في خرق جديد لاتفاق وقف "
            "إطلاق النار مع حزب الله.")
    assert [sub for sub, _ in _coded(rules_pipeline, text)] == ["Air/drone strike"]


def test_aircraft_backing_a_raid_is_no_strike(rules_pipeline: Pipeline) -> None:
    text = ("نفذت قسد حملة مداهمات واعتقالات في بلدة الشحيل مدعومة بالطيران المروحي "
            "التابع للتحالف الدولي.")
    assert "Air/drone strike" not in [sub for sub, _ in _coded(rules_pipeline, text)]


def test_a_demonstrative_points_back_to_a_told_strike(rules_pipeline: Pipeline) -> None:
    text = ("استهدفت غارة إسرائيلية منزلا في بلدة عيترون جنوبي لبنان. ويرى محللون في "
            "بيروت أن هذه الغارات تهدد الهدنة.")
    assert _coded(rules_pipeline, text) == [("Air/drone strike", "عيترون")]


def test_protesters_burning_tyres_hold_a_violent_demonstration(
        rules_pipeline: Pipeline) -> None:
    text = ("وخرج متظاهرون غاضبون في شوارع مدينة المكلا احتجاجا على انقطاع الكهرباء، "
            "وأحرقوا إطارات السيارات وقطعوا الطرقات.")
    assert _coded(rules_pipeline, text) == [("Violent demonstration", "مدينة المكلا")]


def test_stone_throwing_crowd_are_rioters_facing_the_forces(rules_pipeline: Pipeline) -> None:
    text = ("حاول متظاهرون اقتحام مبنى المحافظة في مدينة الكوت، وقاموا برمي الحجارة على "
            "القوات الأمنية العراقية.")
    [event] = _events(rules_pipeline, text)
    assert event.sub_event_type == "Violent demonstration"
    assert [a.actor_id for a in event.actor1] == ["rioters"]
    assert [a.actor_id for a in event.actor2] == ["iraqi-security-forces"]


def test_fighting_that_won_a_village_is_told_as_the_takeover(rules_pipeline: Pipeline) -> None:
    text = ("سيطرت قوات الحكومة اليمنية على قرية الشقب في مديرية قعطبة بعد معارك عنيفة مع "
            "الحوثيين استمرت يومين.")
    events = _events(rules_pipeline, text)
    assert [e.sub_event_type for e in events] == ["Government regains territory"]
    assert [a.actor_id for a in events[0].actor2] == ["houthis"]


def test_a_generic_head_and_its_word_make_one_unknown_name(rules_pipeline: Pipeline) -> None:
    text = "سقطت قذائف إسرائيلية على أطراف بلدة بني حيان وتلة عين الحمرا جنوب لبنان."
    doc = rules_pipeline(Document(text=text, id="t", published=date(2024, 3, 13)))
    names = [m.text for m in doc.places]
    assert "بني حيان" in names and "حيان" not in names
    assert any(n.endswith("عين الحمرا") for n in names)


def test_a_camp_for_the_displaced_is_no_place_name(rules_pipeline: Pipeline) -> None:
    text = "قصفت الميليشيا مخيما للنازحين جنوبي مدينة مأرب بصاروخ باليستي."
    doc = rules_pipeline(Document(text=text, id="t", published=date(2024, 3, 13)))
    assert [m.text for m in doc.places] == ["مدينة مأرب"]


def test_a_place_that_sees_clashes_repeatedly_is_background(rules_pipeline: Pipeline) -> None:
    text = "ويشهد مخيم المية ومية قرب مدينة صيدا مراراً اشتباكات بين الفصائل الفلسطينية."
    assert _events(rules_pipeline, text) == []


def test_they_arrived_is_no_village(rules_pipeline: Pipeline) -> None:
    text = "وصلوا صباح اليوم إلى جبهات مدينة منبج بعد انطلاق المعركة."
    doc = rules_pipeline(Document(text=text, id="t", published=date(2024, 3, 13)))
    assert "صلوا" not in [m.text for m in doc.places]


def test_a_convoy_hit_by_a_bomb_is_a_target_not_a_move(rules_pipeline: Pipeline) -> None:
    text = ("انفجرت عبوة ناسفة مستهدفة رتل دعم لوجستي تابع للتحالف الدولي على الطريق "
            "السريع في محافظة الديوانية.")
    subs = [sub for sub, _ in _coded(candidate_pipeline(), text)]
    assert subs == ["Remote explosive/landmine/IED"]


def test_a_second_name_in_brackets_is_no_second_place(rules_pipeline: Pipeline) -> None:
    text = ("قصفت المدفعية التركية قرية الجعدة بريف عين العرب (كوباني) الجنوبي صباح "
            "اليوم.")
    coded = _coded(rules_pipeline, text)
    assert [place for _, place in coded] == ["الجعدة"]
