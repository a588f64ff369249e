"""mentions.places.v1: recognition, cues and homograph filtering."""

from __future__ import annotations

import pytest

from rasad.pipeline import NamedStep, Resources
from rasad.steps.places import places_step
from rasad.types import ActorMention, Document, PlaceMention


@pytest.fixture(scope="module")
def step() -> NamedStep:
    return places_step(Resources())


def run(step: NamedStep, text: str, actors: list[ActorMention] | None = None) -> list[PlaceMention]:
    doc = step(Document(text=text, actors=actors or []))
    for m in doc.places:
        assert text[m.start:m.end] == m.text
    return doc.places


def by_text(places: list[PlaceMention], text: str) -> PlaceMention:
    return next(m for m in places if m.text == text)


def test_countryside_with_direction(step: NamedStep) -> None:
    m = by_text(run(step, "انسحبت من نقاطها في ريف حمص الشرقي بأمر روسي"), "ريف حمص الشرقي")
    assert (m.relation, m.direction) == ("countryside", "east")


def test_dual_countryside(step: NamedStep) -> None:
    m = run(step, "قصف مناطق بريفي حلب الغربي والجنوبي")[0]
    assert m.text == "ريفي حلب الغربي والجنوبي"
    assert m.relation == "countryside" and m.direction == "west-south"


def test_near_between_desert_axis(step: NamedStep) -> None:
    places = run(step, "مقر قرب مدينة تدمر ونقطتين بين منطقة البيضة وخربة تياس في صحراء السخنة "
                       "واستهداف محور كبانة")
    assert by_text(places, "مدينة تدمر").relation == "near"
    between = by_text(places, "البيضة")
    assert between.relation == "between" and between.other is not None
    assert between.other.text == "خربة تياس"
    assert by_text(places, "صحراء السخنة").relation == "desert"
    assert by_text(places, "كبانة").relation == "axis"


def test_direction_of_place(step: NamedStep) -> None:
    m = by_text(run(step, "انفجار لغم على أطراف قرية شمالي حماة"), "حماة")
    assert (m.relation, m.direction) == ("near", "north")


def test_admin_hint_propagates_over_a_list(step: NamedStep) -> None:
    places = run(step, "قصف معرة الصين والنقير ومعرزيتا بريف إدلب الجنوبي")
    assert [m.admin_hint for m in places[:3]] == ["Idlib"] * 3


def test_unknown_cued_place_is_kept(step: NamedStep) -> None:
    m = by_text(run(step, "استهداف محور بلدة مدايا بريف إدلب الجنوبي"), "مدايا")
    assert m.place is None and m.alternatives == [] and m.admin_hint == "Idlib"


def test_tadmur_the_verb_is_not_a_place(step: NamedStep) -> None:
    assert run(step, "الطائرات تدمر مواقع المسلحين") == []
    assert [m.text for m in run(step, "وصلت التعزيزات إلى تدمر.")] == ["تدمر"]
    assert [m.text for m in run(step, "في مناطق (تدمر والبيضة)")] == ["تدمر", "البيضة"]


def test_nisba_and_actor_names_are_not_places(step: NamedStep) -> None:
    text = "ميليشيا حزب الله اللبناني والجيش السوري والحرس الثوري الإيراني والمرصد السوري"
    assert run(step, text) == []
    text2 = "مقاتلو لواء القدس في تدمر"
    assert [m.text for m in run(step, text2)] == ["تدمر"]


def test_hits_inside_actor_spans_are_dropped(step: NamedStep) -> None:
    text = "هاجم جيش حلب الحر مواقع في حلب"
    actor = ActorMention(start=4, end=14, text=text[4:14])
    assert [m.start for m in run(step, text, [actor])] == [text.rindex("حلب")]


def test_person_title_blocks_place(step: NamedStep) -> None:
    assert run(step, "بإشراف القيادي (حماة) أحد قياديي الميليشيا") == []


def test_square_is_not_the_town(step: NamedStep) -> None:
    m = run(step, "تظاهرة في ساحة الكرامة وسط المدينة")[0]
    assert m.text == "ساحة الكرامة" and m.alternatives == []


def test_english_cues(step: NamedStep) -> None:
    places = run(step, "Clashes near Palmyra and in the eastern Homs countryside")
    assert by_text(places, "Palmyra").relation == "near"
    m = by_text(places, "Homs countryside")
    assert (m.relation, m.direction) == ("countryside", "east")


def test_dual_settlement_between_is_one_between_place(step: NamedStep) -> None:
    places = run(step, "اعترض مسلحون الشاحنة بين قريتي لاهثة والمتونة شمال المحافظة")
    m = places[0]
    assert m.relation == "between" and m.other is not None and m.other.text == "المتونة"


@pytest.mark.parametrize("text", ['وقال موقع "درعا 24"، إن مجهولين', "وقال مصدر للسويداء 24، أن",
                                  "بحسب شبكة السويداء 24 المحلية"])
def test_outlet_named_after_a_place_is_not_the_place(step: NamedStep, text: str) -> None:
    assert run(step, text) == []


def test_a_date_after_a_place_is_not_an_outlet(step: NamedStep) -> None:
    assert [m.text for m in run(step, "قتل شاب في درعا 24 أيلول الماضي")] == ["درعا"]


def test_square_nested_in_its_town(step: NamedStep) -> None:
    m = run(step, "احتشد المحتجون في ساحة الكرامة وسط مدينة السويداء اليوم")[0]
    assert m.text == "ساحة الكرامة" and m.relation == "area"
    assert m.other is not None and m.other.text == "مدينة السويداء"
    quarter = run(step, "انفجار عبوة بحي الضاحية بدرعا")[0]
    assert quarter.relation == "area" and quarter.other is not None


def test_common_word_needs_a_place_cue(step: NamedStep) -> None:
    assert "جديدة" not in [m.text for m in run(step, "أطلقت الفصائل حملة جديدة ضد الخلايا")]


def test_names_listed_after_a_plural_settlement_word_are_places() -> None:
    import rasad

    text = "وقصفت المدفعية قرى “الزهيرية، وتل الشيخ، المطوقة” بريف البلدة، وبلدتي عنجرة ومحيبيب الحدوديتين."
    doc = rasad.extract(text, published="2024-03-14")
    names = [p.text for p in doc.places]
    assert "تل الشيخ" in names and "المطوقة" in names and "عنجرة" in names
    assert "محيبيب" in names  # the adjective after the name is not part of it
    for p in doc.places:
        assert doc.text[p.start:p.end] == p.text


def test_listed_name_after_a_detached_joining_waw_and_quote() -> None:
    """"، و”X”": the joining و written apart, before the quote, still continues the list."""
    import rasad

    text = "أرسلت الفصائل تعزيزات إلى بلدات “كفرتين”، و”الزعيبة”، و”تل قراح” شرقي المحافظة."
    names = [p.text for p in rasad.extract(text, published="2024-03-14").places]
    assert "كفرتين" in names and "الزعيبة" in names and "تل قراح" in names


def test_peaceful_is_not_salamiyah_without_a_place_cue() -> None:
    import rasad

    calm = rasad.extract("خرجت مظاهرة سلمية في مدينة السويداء.", published="2024-03-14")
    assert [p.text for p in calm.places] == ["مدينة السويداء"]
    town = rasad.extract("قصفت قوات النظام مدينة سلمية بريف حماة.", published="2024-03-14")
    assert any(p.place is not None and p.place.name == "Salamiyah" for p in town.places)


def test_a_settlement_word_is_followed_by_a_name_not_a_preposition() -> None:
    """"قرية بارة" is the village Bara even when the gazetteer knows a place "ارة"."""
    import rasad

    doc = rasad.extract("استهدفت الطائرات موقعا في قرية بارة التابعة لقضاء سنجار.",
                        published="2024-03-14")
    names = [p.text for p in doc.places]
    assert "بارة" in names and "ارة" not in names


def test_names_after_among_them_following_a_plural_place_word() -> None:
    """"مناطق ...، منها “X” و”Y”": the names listed are places even when unknown."""
    import rasad

    text = "شن الطيران غارات على مناطق بريف المحافظة، منها “عرب اللويزة” و”وادي السلوقي”."
    names = [p.text for p in rasad.extract(text, published="2024-03-14").places]
    assert "عرب اللويزة" in names and "وادي السلوقي" in names
    calm = rasad.extract("التقى الوفد بعدة شخصيات، منها “أبو علي”.", published="2024-03-14")
    assert [p.text for p in calm.places] == []


def run_en(step: NamedStep, text: str) -> list[PlaceMention]:
    doc = step(Document(text=text, lang="en"))
    return doc.places


def _names(places: list[PlaceMention]) -> list[str]:
    return [m.text for m in places]


def test_english_list_goes_on_past_unknown_names(step: NamedStep) -> None:
    # every item of a list that starts with a known place is a place, known or not
    text = "Regime troops seized the villages of Khattab, Soubein, Hamra and Tell Qarn in rural Hama."
    names = _names(run_en(step, text))
    assert names[:4] == ["Khattab", "Soubein", "Hamra", "Tell Qarn"]


def test_english_article_continues_an_unknown_name(step: NamedStep) -> None:
    # "Zawr" alone is a town in Kuwait: "Zawr Al-Hisn" is one unknown name here
    places = run_en(step, "Troops entered Khattab, Zawr Al-Hisn and Soubein north of Hama.")
    assert "Zawr Al-Hisn" in _names(places)
    assert all(m.place is None or m.place.country != "KW" for m in places)
    # a governorate or city keeps its name before an article-led word
    assert "Idlib" in _names(run_en(step, "Fighters arrived in Idlib Al-Nusra said on Monday."))


def test_english_village_called(step: NamedStep) -> None:
    places = run_en(step, "They built a base at a small village called Umm Tuwayna Al-Gharbi.")
    assert "Umm Tuwayna Al-Gharbi" in _names(places)


def test_english_teller_after_a_place_is_not_listed(step: NamedStep) -> None:
    places = run_en(step, "A mine exploded in the western countryside of Daraa, Horan Net writes.")
    assert "Horan Net" not in _names(places)


def test_english_acronym_is_not_a_transliterated_place(step: NamedStep) -> None:
    places = run_en(step, "They withdrew several KAMAZ trucks from their base in Palmyra.")
    assert _names(places) == ["Palmyra"]


def test_unknown_name_glossed_by_a_known_one_is_there(step: NamedStep) -> None:
    places = run_en(step, "Turkish drones struck a car in Girê Spî (Tal Abyad) on Monday.")
    glossed = places[0]
    assert glossed.text == "Girê Spî"
    assert {p.name for p in glossed.alternatives} == {"Tal Abyad"}


def test_owner_after_a_base_word_is_not_a_place(step: NamedStep) -> None:
    # "التحالف" is also a hamlet's name; after "قاعدة" it is whose base it is
    places = run(step, "سقطت قذائف قرب قاعدة التحالف في ريف الحسكة")
    assert "التحالف" not in " ".join(m.text for m in places)


def test_between_a_town_and_a_village_each_with_its_settlement_word(step: NamedStep) -> None:
    places = run(step, "استهدفت مسيرة سيارة على الطريق بين مدينة البوكمال وقرية الهري")
    between = places[0]
    assert between.relation == "between" and between.other is not None
    assert between.other.text == "الهري"


def test_a_building_is_not_the_village_of_its_name(step: NamedStep) -> None:
    # "مستشفى عائشة" is a hospital in the town named after it, not the hamlet Aysha
    places = run(step, "ونقلت الجثث إلى مستشفى عائشة في البوكمال.")
    hospital = by_text(places, "عائشة")
    assert hospital.relation == "area" and hospital.other is not None
    assert hospital.other.text == "البوكمال"
    # a building named after a city is in that city
    city = by_text(run(step, "قصفت طائرات حربية مستشفى حلب الجامعي"), "حلب")
    assert city.alternatives and city.reason is None
    # and a building word alone is no hamlet
    assert "مسجد" not in [m.text for m in run(step, "سقطت قذيفة قرب مسجد في مدينة دوما")]


def test_a_quarter_named_alone_lies_in_the_town_the_report_named(step: NamedStep) -> None:
    places = run(step, "داهمت دورية منازل في مدينة جاسم يوم الثلاثاء. وأفاد مراسل بأن الدورية "
                       "اعتقلت شابين في حي الكورنيش.")
    quarter = by_text(places, "حي الكورنيش")
    assert quarter.relation == "area" and quarter.other is not None
    assert quarter.other.text == "مدينة جاسم"
def test_unknown_name_opened_by_a_head_word(step: NamedStep) -> None:
    # "تل" is too short to be a name alone; after a cue it opens a two-word name
    places = run(step, "وصلت الدورية إلى منطقة تل زعرور شرق المدينة")
    assert "تل زعرور" in [m.text for m in places]
def test_names_joined_to_a_place_form_a_list(step: NamedStep) -> None:
    places = run(step, "سلمت الحركة مواقعها غرب بلدة الزعفرانة وجرود صفصاف ونعيمات ومزرعون، يوم الجمعة")
    texts = [m.text for m in places]
    assert {"جرود صفصاف", "نعيمات", "مزرعون"} <= set(texts)
def test_one_joined_word_after_a_place_is_the_sentence_going_on(step: NamedStep) -> None:
    places = run(step, "انتشرت القوات في بلدة الزعفرانة وطوقت المنطقة، ووصلت تعزيزات")
    assert [m.text for m in places] == ["الزعفرانة"]
def test_cue_word_with_the_article_names_no_new_place(step: NamedStep) -> None:
    # "للقضاء" points back at the district already named; "وتم" is the sentence going on
    places = run(step, "أرسلت القيادة تعزيزات إلى قضاء سنجار. ووصلت التعزيزات للقضاء وتم نشرها")
    assert [m.text for m in places] == ["قضاء سنجار"]
def test_river_island_is_a_place_no_gazetteer_knows(step: NamedStep) -> None:
    places = run(step, "انسحبت الميليشيا من نقاطها على أطراف حويجة المريعية شرق المدينة")
    assert "حويجة المريعية" in [m.text for m in places]


def test_a_particle_after_a_quoted_outlet_opens_no_list(step: NamedStep) -> None:
    # "المدن" is the outlet here, and "إن" is no short name head like "أم" or "تل"
    places = run(step, "وقال مصدر لـ”المدن”، إن عناصر الحزب انسحبوا من قرى “ام الكيف، تل تمر”")
    assert [m.text for m in places] == ["ام الكيف", "تل تمر"]
