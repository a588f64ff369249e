"""The learned event filter: features, model file, training, cross-validation, CLI.

Training tests use small reports written for them, with gold in the SCHEMA format: the
model must learn a convention from some reports and apply it to a report it never saw.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from rasad.cli import CliContext, cli
from rasad.errors import KnowledgeError, RasadError
from rasad.evaluate_gold import load_gold
from rasad.lang.ar.normalize import normalize_str
from rasad.learn.apply import candidate_features, filter_events
from rasad.learn.crossval import assign_folds, cross_validate
from rasad.learn.model import NONE, EventModel
from rasad.learn.train import candidate_pipeline, fit, label_docs
from rasad.types import Document

pytest.importorskip("sklearn")

CHANGE = "Change to group/activity"
# (group, origin, destination): convoys "coming from" an origin to a destination. SCHEMA:
# the origin of a convoy is not an event location; the destination is.
CONVOYS = [
    ("حزب الله اللبناني", "حمص", "تدمر"),
    ("فاطميون", "دمشق", "السخنة"),
    ("الحرس الثوري الإيراني", "البوكمال", "الميادين"),
    ("لواء القدس", "حلب", "السفيرة"),
    ("حزب الله اللبناني", "القصير", "القريتين"),
    ("فاطميون", "الميادين", "البوكمال"),
    ("الحرس الثوري الإيراني", "تدمر", "السخنة"),
    ("لواء القدس", "حماة", "السلمية"),
    ("حزب الله اللبناني", "دير الزور", "الميادين"),
    ("فاطميون", "حمص", "القريتين"),
]


def _convoy(group: str, origin: str, dest: str) -> str:
    return (f"وصلت صباح اليوم تعزيزات عسكرية لميليشيا ({group}) قادمة من مدينة {origin} "
            f"إلى مدينة {dest}، وضمت عشرات العناصر والآليات.")


def _gold_line(i: int, group: str, origin: str, dest: str) -> str:
    event = {"event_type": "Strategic developments", "sub_event_type": CHANGE,
             "actor1": [group], "actor1_ar": [group], "actor2": [], "actor2_ar": [],
             "location": {"name": dest, "name_ar": dest, "lat": None, "lon": None,
                          "geo_precision": 1, "coord_source": None},
             "date": None, "fatalities": 0, "quantities": {}, "evidence": ""}
    return json.dumps({"id": f"convoy-{i}", "lang": "ar", "published": "2024-03-13",
                       "text": _convoy(group, origin, dest), "events": [event],
                       "places": [], "actors": [group]}, ensure_ascii=False)


# (group, place left, place of the strikes told as the cause). SCHEMA: a cause mentioned
# in passing is not coded; the withdrawal is.
CAUSES = [
    ("حزب الله اللبناني", "القصير", "تدمر"),
    ("فاطميون", "البوكمال", "الميادين"),
    ("الحرس الثوري الإيراني", "الميادين", "البوكمال"),
    ("لواء القدس", "السفيرة", "حلب"),
    ("حزب الله اللبناني", "القريتين", "حمص"),
    ("فاطميون", "السخنة", "تدمر"),
    ("الحرس الثوري الإيراني", "تدمر", "السخنة"),
    ("لواء القدس", "السلمية", "حماة"),
    ("حزب الله اللبناني", "الزبداني", "دمشق"),
    ("فاطميون", "الميادين", "دير الزور"),
]


def _withdrawal_after_strikes(group: str, left: str, struck: str) -> str:
    return (f"انسحبت ميليشيا ({group}) من مقراتها في مدينة {left} صباح اليوم، وذلك بعد "
            f"الغارات الإسرائيلية الأخيرة على مدينة {struck}.")


def _cause_gold_line(i: int, group: str, left: str, struck: str) -> str:
    line = json.loads(_gold_line(i, group, struck, left))
    line["id"], line["text"] = f"cause-{i}", _withdrawal_after_strikes(group, left, struck)
    return json.dumps(line, ensure_ascii=False)


def test_a_cause_in_passing_is_learned_as_background(tmp_path: Path) -> None:
    path = tmp_path / "causes.jsonl"
    path.write_text("\n".join(_cause_gold_line(i, *c) for i, c in enumerate(CAUSES)) + "\n",
                    encoding="utf-8")
    docs = label_docs([("causes", g) for g in load_gold(path)], candidate_pipeline())
    assert any(y == NONE and e.sub_event_type == "Air/drone strike"
               for d in docs for e, y in zip(d.doc.events, d.labels, strict=True))
    model = fit(docs, c=1.0, threshold=0.5)
    unseen = filter_events(_candidates(_withdrawal_after_strikes("لواء القدس", "حماة",
                                                                  "السلمية")), model)
    subs = {e.sub_event_type for e in unseen.events}
    assert CHANGE in subs and "Air/drone strike" not in subs


@pytest.fixture(scope="module")
def gold_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gold") / "convoys.jsonl"
    path.write_text("\n".join(_gold_line(i, *c) for i, c in enumerate(CONVOYS)) + "\n",
                    encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def labelled(gold_file: Path) -> list:  # type: ignore[type-arg]
    return label_docs([("convoys", g) for g in load_gold(gold_file)], candidate_pipeline())


def _candidates(text: str) -> Document:
    return candidate_pipeline()(Document(text=text, id="new", lang=None))


def test_origin_and_destination_are_both_candidates_with_their_prepositions() -> None:
    doc = _candidates(_convoy("حزب الله اللبناني", "حمص", "تدمر"))
    places = {e.location.text: f for e, f in zip(doc.events, candidate_features(doc),
                                                 strict=True) if e.location}
    origin = next(f for name, f in places.items() if "حمص" in name)
    dest = next(f for name, f in places.items() if "تدمر" in name)
    to = normalize_str("إلى")
    assert origin.get("loc_w2=من") or origin.get("loc_w1=من")
    assert dest.get(f"loc_w2={to}") or dest.get(f"loc_w1={to}")


def test_labels_mark_the_origin_as_not_an_event(labelled: list) -> None:  # type: ignore[type-arg]
    origins = 0
    for d in labelled:
        by_place = {e.location.text: y for e, y in zip(d.doc.events, d.labels, strict=True)
                    if e.location is not None}
        dest = d.gold.events[0].location.name_ar
        assert any(dest in name and y == CHANGE for name, y in by_place.items()), by_place
        origins += any(dest not in name and y == NONE for name, y in by_place.items())
    assert origins >= 0.8 * len(labelled)


def test_a_model_fitted_on_some_reports_drops_the_origin_in_an_unseen_one(
        labelled: list) -> None:  # type: ignore[type-arg]
    model = fit(labelled, c=1.0, threshold=0.5)
    unseen = _candidates(_convoy("لواء القدس", "السلمية", "حماة"))
    kept = filter_events(unseen, model)
    names = [e.location.text for e in kept.events if e.location]
    assert any("حماة" in n for n in names), names
    assert not any("السلمية" in n for n in names), names
    assert all(0.5 <= e.confidence <= 1.0 for e in kept.events)


def test_cross_validation_scores_every_report_once(labelled: list) -> None:  # type: ignore[type-arg]
    import copy

    folds = assign_folds(labelled, 5)
    assert sorted(folds) == sorted([0, 1, 2, 3, 4] * 2)
    cv = cross_validate(copy.deepcopy(labelled), k=5, c=1.0, threshold=0.5)
    assert cv.pooled.n_docs == len(CONVOYS)
    assert cv.per_file["convoys"].n_docs == len(CONVOYS)
    assert cv.pooled.events.precision > 0.8 and cv.pooled.events.recall > 0.8
    assert "pooled" in cv.to_text()
    with pytest.raises(RasadError, match="--cv"):
        cross_validate(labelled, k=1)


def test_model_file_round_trip_and_errors(labelled: list, tmp_path: Path) -> None:  # type: ignore[type-arg]
    model = fit(labelled, c=1.0)
    path = tmp_path / "m.json"
    model.save(path)
    again = EventModel.load(path)
    f = labelled[0].features[0]
    assert abs(again.decide(f) - model.decide(f)) < 1e-3
    assert abs(sum(again.probabilities(f).values()) - 1.0) < 1e-9
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="m.json"):
        EventModel.load(path)
    with pytest.raises(KnowledgeError, match="malformed"):
        EventModel.from_dict({"classes": []})


def test_shipped_model_loads_and_names_its_training() -> None:
    model = EventModel.load()
    assert NONE in model.classes and 0.0 < model.threshold < 1.0
    assert model.meta.get("candidates", 0) > 100


def test_train_and_cross_validate_from_the_command_line(gold_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "weights.json"
    runner = CliRunner()
    result = runner.invoke(cli, ["train", str(gold_file), "-o", str(out)], obj=CliContext())
    assert result.exit_code == 0, result.output
    assert EventModel.load(out).meta["reports"] == len(CONVOYS)
    result = runner.invoke(cli, ["evaluate", "--cv", "2", str(gold_file)], obj=CliContext())
    assert result.exit_code == 0, result.output
    assert "pooled" in result.output and "convoys.jsonl" in result.output


def test_cause_fear_and_earlier_cues_become_features() -> None:
    doc = _candidates("أخلت ميليشيا (حزب الله اللبناني) مقراتها في مدينة القصير خوفا من "
                      "استهدافها، بعد الغارات الإسرائيلية الأخيرة على مدينة تدمر.")
    feats = candidate_features(doc)
    named = {k for f in feats for k in f}
    assert {"cue_after=fear", "cue_before=cause"} <= named


def test_training_on_too_little_says_why(tmp_path: Path) -> None:
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "قصفت قوات النظام بلدة كفرنبل", "events": []},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["train", str(path), "-o", str(tmp_path / "w.json")],
                                obj=CliContext())
    assert result.exit_code == 1 and "cannot train" in result.output
    result = CliRunner().invoke(cli, ["evaluate", "--cv", "5", str(path)], obj=CliContext())
    assert result.exit_code == 1 and "--cv needs" in result.output


def _one_feature_model(p_event: float) -> EventModel:
    """A model whose only feature gives candidates the event probability ``p_event``."""
    import math

    logit = math.log(p_event / (1.0 - p_event))
    return EventModel([NONE, CHANGE], {"bias": {CHANGE: logit}}, {}, threshold=0.25,
                      rescue_threshold=0.6, rules_floor=0.6)


def test_the_rules_verdict_sets_how_sure_the_model_must_be() -> None:
    model = _one_feature_model(0.4)
    p = model.decide({"bias": 1.0})
    assert abs(p - 0.4) < 1e-9
    # trusted by the rules: a 0.4 event probability is enough; doubted: it is not
    assert model.keeps(p, rule_confidence=0.7) and not model.keeps(p, rule_confidence=0.5)
    assert _one_feature_model(0.7).keeps(0.7, rule_confidence=0.1)
    assert not model.keeps(0.1, rule_confidence=0.99)


def test_filter_reads_the_rule_confidence_before_replacing_it() -> None:
    doc = _candidates(_convoy("فاطميون", "حمص", "تدمر"))
    assert len(doc.events) == 2
    trusted, doubted = doc.events
    trusted.confidence, doubted.confidence = 0.9, 0.3  # the rules' verdicts
    kept = filter_events(doc, _one_feature_model(0.4))
    assert kept.events == [trusted]
    assert abs(trusted.confidence - 0.4) < 1e-3  # now the model's probability


def test_two_thresholds_round_trip_and_old_files_keep_one(tmp_path: Path) -> None:
    model = _one_feature_model(0.4)
    path = tmp_path / "m.json"
    model.save(path)
    again = EventModel.load(path)
    assert (again.threshold, again.rescue_threshold, again.rules_floor) == (0.25, 0.6, 0.6)
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["rescue_threshold"], data["rules_floor"]
    old = EventModel.from_dict(data)
    assert old.rescue_threshold is None
    assert old.keeps(0.3, rule_confidence=0.0) and not old.keeps(0.1, rule_confidence=0.99)


def test_fit_records_the_rules_floor_and_both_thresholds(labelled: list) -> None:  # type: ignore[type-arg]
    from rasad.events.build import MIN_CONFIDENCE

    model = fit(labelled, c=1.0, threshold=0.25, rescue=0.7)
    assert (model.threshold, model.rescue_threshold) == (0.25, 0.7)
    assert model.rules_floor == MIN_CONFIDENCE
    # a rescue threshold below the other would let doubted candidates in more easily
    assert fit(labelled, c=1.0, threshold=0.5, rescue=0.3).rescue_threshold == 0.5


def test_a_candidate_outranked_at_its_place_is_marked() -> None:
    import copy

    doc = _candidates("قصفت قوات النظام بلدة كفرنبل بالمدفعية الثقيلة صباح اليوم.")
    assert len(doc.events) == 1
    side = copy.copy(doc.events[0])  # a second, weaker telling at the same town
    side.confidence, side.trigger_weight = doc.events[0].confidence - 0.2, 0.3
    doc.events.append(side)
    strong, weak = candidate_features(doc)
    assert "outranked_at_place" not in strong and "weaker_at_place" not in strong
    assert weak.get("outranked_at_place") == 1.0 and weak.get("weaker_at_place") == 1.0
