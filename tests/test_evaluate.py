"""The scorer, on hand-made gold and predictions (independent of the pipeline)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from rasad.errors import InputError
from rasad.evaluate import (
    EvalReport,
    GoldDoc,
    GoldEvent,
    GoldPlace,
    evaluate_file,
    load_gold,
    score,
)
from rasad.evaluate_match import haversine_km, max_matching, phrase_in
from rasad.pipeline import NamedStep, Pipeline
from rasad.types import (
    ActorMention,
    DateMention,
    Document,
    Event,
    Place,
    PlaceMention,
)

JsonDict = dict[str, Any]
# Two towns about 11 km apart, and a third far from both (coordinates approximate).
KAFRNABL = GoldPlace("Kafr Nabl", "كفرنبل", 35.614, 36.561)
MAARAT = GoldPlace("Maarat al-Numan", "معرة النعمان", 35.648, 36.672)
SARAQIB = GoldPlace("Saraqib", "سراقب", 35.862, 36.806)
KM_PER_DEG_LAT = 111.2


def gevent(sub: str = "Shelling/artillery/missile attack", place: GoldPlace | None = KAFRNABL,
           actor1: tuple[str, ...] = ("Syrian Arab Army",),
           actor1_ar: tuple[str, ...] = ("قوات النظام",), actor2: tuple[str, ...] = (),
           actor2_ar: tuple[str, ...] = (), when: date | None = date(2024, 3, 5),
           optional: bool = False) -> GoldEvent:
    from rasad.types import EVENT_TYPE_OF

    return GoldEvent(EVENT_TYPE_OF[sub], sub, list(actor1), list(actor1_ar), list(actor2),
                     list(actor2_ar), place, when, 0, optional)


def gdoc(events: list[GoldEvent], places: list[GoldPlace] | None = None,
         doc_id: str = "d1") -> GoldDoc:
    return GoldDoc(id=doc_id, text="...", events=events, places=places or [])


def ploc(place: GoldPlace, text: str | None = None, dlat: float = 0.0,
         resolved: bool = True) -> JsonDict:
    return {"name": place.name, "name_ar": place.name_ar if resolved else None,
            "latitude": (place.lat or 0) + dlat if resolved else None,
            "longitude": place.lon if resolved else None, "text": text or place.name_ar,
            "start": 0, "end": 1}


def actor(text: str, name: str | None = None, actor_id: str | None = None) -> JsonDict:
    return {"id": actor_id, "name": name, "text": text, "start": 0, "end": len(text)}


def pevent(sub: str = "Shelling/artillery/missile attack", loc: JsonDict | None = None,
           actor1: list[JsonDict] | None = None, actor2: list[JsonDict] | None = None,
           when: str | None = "2024-03-05") -> JsonDict:
    from rasad.types import EVENT_TYPE_OF

    return {"event_type": EVENT_TYPE_OF[sub], "sub_event_type": sub,
            "actor1": actor1 if actor1 is not None else [actor("قوات النظام", "Syrian Arab Army")],
            "actor2": actor2 or [], "location": loc if loc is not None else ploc(KAFRNABL),
            "date": {"start": when, "end": when, "precision": 1, "text": None},
            "fatalities": 0}


def pdoc(events: list[JsonDict], places: list[JsonDict] | None = None,
         doc_id: str = "d1") -> JsonDict:
    ents = [{"label": "PLACE", **p} for p in places or []]
    return {"document": {"id": doc_id}, "events": events, "entities": ents, "warnings": []}


def one(gold: list[GoldEvent], pred: list[JsonDict]) -> EvalReport:
    return score([gdoc(gold)], [pdoc(pred)])


def test_perfect_prediction_scores_one() -> None:
    gold = [gevent(), gevent("Air/drone strike", MAARAT, actor2=("Civilians",),
                             actor2_ar=("المدنيين",))]
    pred = [pevent(), pevent("Air/drone strike", ploc(MAARAT),
                             actor2=[actor("المدنيين", "Civilians", "civilians")])]
    report = score([gdoc(gold, [KAFRNABL, MAARAT])],
                   [pdoc(pred, [ploc(KAFRNABL), ploc(MAARAT)])])
    m = report.metrics()
    for key in ("event_f1", "type_f1", "actor_f1", "role_accuracy", "date_accuracy",
                "place_recall", "place_acc_25km", "place_acc_161km", "doc_success_rate"):
        assert m[key] == pytest.approx(1.0), key
    assert (report.gold_events, report.predicted_events, report.docs_with_errors) == (2, 2, 0)


def test_wrong_sub_type_counts_at_type_level_only() -> None:
    report = one([gevent("Shelling/artillery/missile attack")], [pevent("Air/drone strike")])
    assert (report.events.tp, report.events.fp, report.events.fn) == (0, 1, 1)
    assert report.event_types.f1 == pytest.approx(1.0)
    assert report.by_sub_type["Air/drone strike"].fp == 1
    assert report.by_sub_type["Shelling/artillery/missile attack"].fn == 1


def test_location_30_km_off_is_not_matched_but_20_km_is() -> None:
    far = one([gevent()], [pevent(loc=ploc(KAFRNABL, dlat=30 / KM_PER_DEG_LAT))])
    near = one([gevent()], [pevent(loc=ploc(KAFRNABL, dlat=20 / KM_PER_DEG_LAT))])
    assert far.events.tp == 0 and far.events.fp == 1 and far.events.fn == 1
    assert near.events.tp == 1


def test_unresolved_location_falls_back_to_clitic_aware_name() -> None:
    gold_unresolved = gevent(place=GoldPlace("Kafr Nabl", "كفرنبل", None, None))
    report = one([gold_unresolved], [pevent(loc=ploc(KAFRNABL, text="بكفرنبل"))])
    assert report.events.tp == 1
    other = one([gold_unresolved], [pevent(loc=ploc(SARAQIB, resolved=False))])
    assert other.events.tp == 0


def test_null_or_missing_predicted_location_does_not_match() -> None:
    ev = pevent()
    ev["location"] = None
    report = one([gevent()], [ev])
    assert report.events.tp == 0 and report.events.fp == 1


def test_optional_gold_events_are_neither_rewarded_nor_penalized() -> None:
    gold = [gevent(), gevent("Change to group/activity", MAARAT, optional=True)]
    hit = one(gold, [pevent(), pevent("Change to group/activity", ploc(MAARAT))])
    assert (hit.events.tp, hit.events.fp, hit.events.fn) == (1, 0, 0)
    miss = one(gold, [pevent()])
    assert (miss.events.tp, miss.events.fp, miss.events.fn) == (1, 0, 0)
    assert hit.gold_events == 1 and hit.gold_optional == 1


def test_required_gold_is_preferred_over_optional() -> None:
    gold = [gevent(optional=True), gevent()]
    report = one(gold, [pevent()])
    assert (report.events.tp, report.events.fp, report.events.fn) == (1, 0, 0)


def test_duplicate_predictions_count_as_false_positives() -> None:
    report = one([gevent()], [pevent(), pevent(), pevent()])
    assert (report.events.tp, report.events.fp, report.events.fn) == (1, 2, 0)
    assert report.events.precision == pytest.approx(1 / 3)


def test_matching_maximizes_the_number_of_pairs() -> None:
    # A greedy nearest-first match would give gold 0 pred 0 and leave gold 1 unmatched.
    assert max_matching([{0: 1.0, 1: 5.0}, {0: 2.0}]) == {0: 1, 1: 0}
    gold = [gevent(place=KAFRNABL), gevent(place=GoldPlace("x", "س", 35.614 + 0.2, 36.561))]
    preds = [pevent(loc=ploc(KAFRNABL, dlat=0.1)), pevent(loc=ploc(KAFRNABL, dlat=-0.1))]
    assert one(gold, preds).events.tp == 2


def test_same_place_events_pair_by_actors_and_date() -> None:
    gold = [gevent("Armed clash", actor1=("Islamic State",), actor1_ar=("داعش",),
                   actor2=("Syrian Arab Army",), actor2_ar=("قوات النظام",)),
            gevent("Armed clash", actor1=("Islamic State",), actor1_ar=("داعش",),
                   actor2=("Qaterji militia",), actor2_ar=("ميليشيا القاطرجي",),
                   when=date(2024, 3, 6))]
    isis = actor("داعش", "Islamic State")
    preds = [pevent("Armed clash", actor1=[isis], actor2=[actor("ميليشيا القاطرجي")],
                    when="2024-03-06"),
             pevent("Armed clash", actor1=[isis], actor2=[actor("قوات النظام")])]
    report = one(gold, preds)
    assert report.events.tp == 2
    assert report.actors.f1 == pytest.approx(1.0) and report.dates.value == 1.0


def test_unknown_gold_location_matches_any_place() -> None:
    unknown = gevent(place=GoldPlace("", "", None, None), optional=True)
    report = one([unknown], [pevent(loc=ploc(SARAQIB))])
    assert (report.events.fp, report.events.fn) == (0, 0)


def test_actor_matched_by_arabic_surface_form_and_by_id() -> None:
    gold = gevent("Non-violent transfer of territory", actor1=("Regiment 74", "IRGC"),
                  actor1_ar=("الفوج 74", "الحرس الثوري الإيراني"), actor2=("5th Corps",),
                  actor2_ar=("الفيلق الخامس",))
    pred = pevent("Non-violent transfer of territory",
                  actor1=[actor("وميليشيا الحرس الثوري الإيراني"),
                          actor("الفوج 74", "Some other name", "regiment-74")],
                  actor2=[actor("الفيلق الخامس", "Fifth Corps", "5th-corps")])
    report = one([gold], [pred])
    assert report.actors.f1 == pytest.approx(1.0)
    assert report.roles.value == pytest.approx(1.0)


def test_actor_on_the_wrong_side_and_extra_actor() -> None:
    gold = gevent(actor2=("Civilians",), actor2_ar=("المدنيين",))
    pred = pevent(actor1=[actor("المدنيين", "Civilians")],
                  actor2=[actor("قوات النظام", "Syrian Arab Army"), actor("داعش", "Islamic State")])
    report = one([gold], [pred])
    assert (report.actors.tp, report.actors.fp, report.actors.fn) == (2, 1, 0)
    assert report.roles.value == pytest.approx(0.0)


def test_places_accuracy_at_25_and_161_km() -> None:
    gold = gdoc([], [KAFRNABL, MAARAT, SARAQIB, GoldPlace("Badia", "البادية", None, None)])
    preds = pdoc([], [ploc(KAFRNABL, text="بلدة كفرنبل"),  # contains the name, resolved
                      ploc(MAARAT, dlat=100 / KM_PER_DEG_LAT)])  # found, 100 km off
    m = score([gold], [preds]).metrics()
    assert m["place_recall"] == pytest.approx(2 / 3)  # only gold places with coordinates
    assert m["place_acc_25km"] == pytest.approx(1 / 3)
    assert m["place_acc_161km"] == pytest.approx(2 / 3)
    assert m["place_found_acc_25km"] == pytest.approx(1 / 2)
    assert m["place_found_acc_161km"] == pytest.approx(1.0)


def test_place_name_with_article_and_clitics() -> None:
    bayda = GoldPlace("al-Bayda", "البيضة", 34.5, 37.9)
    for text in ("والبيضة", "بالبيضة", "البيضة", "منطقة البيضة"):
        report = score([gdoc([], [bayda])], [pdoc([], [ploc(bayda, text=text)])])
        assert report.places_found.value == 1.0, text
    assert not phrase_in("البيضة", "البيض")
    assert phrase_in("ريف حمص الشرقي", "بريف حمص الشرقي")


def test_dates_scored_on_matched_events_with_gold_date() -> None:
    gold = [gevent(), gevent(place=SARAQIB, when=None)]
    report = one(gold, [pevent(when="2024-03-04"), pevent(loc=ploc(SARAQIB), when=None)])
    assert report.dates.total == 1 and report.dates.correct == 0


def test_robust_to_missing_fields_errors_and_missing_documents() -> None:
    gold = [gdoc([gevent()], doc_id="a"), gdoc([gevent()], doc_id="b"),
            gdoc([gevent()], doc_id="c")]
    broken: list[JsonDict] = [
        {"document": {"id": "a"}, "events": [], "error": "StepError: boom"},
        {"document": {"id": "b"}, "events": [{"sub_event_type": "Air/drone strike"}, "junk",
                                             {"location": "nowhere", "actor1": None}]},
    ]
    report = score(gold, broken)
    assert report.docs_with_errors == 2  # "a" failed, "c" has no prediction
    assert (report.events.tp, report.events.fp, report.events.fn) == (0, 2, 3)
    assert [d.id for d in report.docs] == ["a", "b", "c"]
    json.dumps(report.to_dict())


def test_predictions_are_paired_by_id_not_order() -> None:
    gold = [gdoc([gevent()], doc_id="a"), gdoc([gevent(place=SARAQIB)], doc_id="b")]
    preds = [pdoc([pevent(loc=ploc(SARAQIB))], doc_id="b"), pdoc([pevent()], doc_id="a")]
    assert score(gold, preds).events.f1 == pytest.approx(1.0)


def test_report_text_and_dict() -> None:
    report = one([gevent()], [pevent()])
    text = report.to_text()
    assert "event_f1" in text and "d1" in text and "Shelling/artillery/missile attack" in text
    d = report.to_dict()
    assert d["metrics"]["event_f1"] == 1.0 and d["docs"][0]["tp"] == 1
    assert d["counts"]["gold_events"] == 1


def test_haversine() -> None:
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.19, abs=0.05)
    assert haversine_km(34.0, 38.0, 34.0, 38.0) == 0.0


# ----------------------------------------------------------------- loading

GOLD_RECORD: JsonDict = {
    "id": "g1", "lang": "ar", "published": "2024-03-06", "text": "نص",
    "events": [
        {"event_type": "Battles", "sub_event_type": "Armed clash", "actor1": ["A"],
         "actor1_ar": ["أ"], "actor2": [], "actor2_ar": [],
         "location": {"name": "Saraqib", "name_ar": "سراقب", "lat": 35.86, "lon": 36.8},
         "date": "2024-03-05", "fatalities": 2},
        {"optional": True, "sub_event_type": "Arrests", "actor1": [], "actor2": [],
         "location": {"name": "x", "name_ar": "س", "lat": None, "lon": None}, "date": None},
    ],
    "places": [{"name": "Saraqib", "name_ar": "سراقب", "lat": 35.86, "lon": 36.8}],
}


def test_load_gold_jsonl_and_single_object(tmp_path: Path) -> None:
    jsonl = tmp_path / "g.jsonl"
    jsonl.write_text("\n".join(json.dumps(dict(GOLD_RECORD, id=i)) for i in ("a", "b")) + "\n\n",
                     encoding="utf-8")
    single = tmp_path / "g.json"
    single.write_text(json.dumps(GOLD_RECORD, indent=1), encoding="utf-8")
    assert [d.id for d in load_gold(jsonl)] == ["a", "b"]
    (doc,) = load_gold(single)
    assert doc.published == date(2024, 3, 6)
    first, second = doc.events
    assert first.location is not None and first.location.has_coords and first.fatalities == 2
    assert second.optional and second.event_type == "Strategic developments"
    assert second.location is not None and not second.location.has_coords
    assert doc.places[0].name_ar == "سراقب"


def test_load_gold_rejects_bad_input(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(GOLD_RECORD) + "\n{oops\n", encoding="utf-8")
    with pytest.raises(InputError, match=":2:"):
        load_gold(bad)
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps(dict(GOLD_RECORD, events=[{"sub_event_type": "Picnic"}])),
                     encoding="utf-8")
    with pytest.raises(InputError, match="Picnic"):
        load_gold(wrong)


# ------------------------------------------------------- run with a pipeline

def _fake_step(doc: Document) -> Document:
    if "فشل" in doc.text:
        raise ValueError("cannot parse")
    start = doc.text.index("سراقب")
    place = Place("Saraqib", "سراقب", 35.86, 36.8)
    mention = PlaceMention(start, start + 5, "سراقب", place=place)
    doc.places.append(mention)
    doc.events.append(Event(
        id="e1", event_type="Battles", sub_event_type="Armed clash",
        actor1=[ActorMention(0, 1, doc.text[0], name="A")], actor2=[], location=mention,
        date=DateMention(0, 1, doc.text[0], date(2024, 3, 5), date(2024, 3, 5), 1),
        fatalities=2, quantities={}, persons=[], evidence=[], confidence=0.5,
        extractor="fake"))
    return doc


def test_evaluate_file_runs_pipeline_and_records_failures(tmp_path: Path) -> None:
    ok = dict(GOLD_RECORD, id="ok", text="أ اشتباك في سراقب")
    failing = dict(GOLD_RECORD, id="bad", text="فشل")
    path = tmp_path / "g.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in (ok, failing)), encoding="utf-8")
    report = evaluate_file(path, Pipeline([NamedStep("fake.v1", _fake_step)]))
    assert report.docs_with_errors == 1
    assert (report.events.tp, report.events.fp, report.events.fn) == (1, 0, 1)
    assert report.actors.f1 == 1.0 and report.dates.value == 1.0
    assert report.fatalities.value == 1.0 and report.places_found.correct == 1
    assert report.docs[1].error is not None and "cannot parse" in report.docs[1].error
