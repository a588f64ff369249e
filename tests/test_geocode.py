"""geocode.gazetteer.v1: ranking, precision, and accuracy on the shared dev set."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import rasad
from rasad.gazetteer import EmbeddedGazetteer, distance_km
from rasad.gazetteer.curated import load_curated
from rasad.gazetteer.geonames import Entry
from rasad.lang.ar.normalize import normalize_str
from rasad.pipeline import NamedStep, Resources
from rasad.steps.geocode import geocode
from rasad.steps.place_cues import load_cues
from rasad.steps.places import PlaceMatcher, PlaceRecognizer, places_step
from rasad.types import Document, Place, PlaceMention

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEV = SHARED / "eval" / "dev_ar.jsonl"


@pytest.fixture(scope="module")
def step() -> NamedStep:
    return places_step(Resources())


def _ocha_like(name_ar: str, lat: float, lon: float, admin1: str, pcode: str) -> Entry:
    place = Place(name="al-Bayda", name_ar=name_ar, latitude=lat, longitude=lon, admin1=admin1,
                  country="SY", feature="village", gazetteer_id=f"ocha:{pcode}")
    return Entry(place, [name_ar], priority=1)


@pytest.fixture(scope="module")
def bayda_recognizer() -> PlaceRecognizer:
    """Curated places plus the other Syrian al-Bayda villages (OCHA C4406, C3508)."""
    entries = load_curated() + [
        _ocha_like("البيضة", 36.4763, 40.3658, "Al-Hasakah", "C4406"),
        _ocha_like("البيضاء", 35.7849, 36.1051, "Latakia", "C3508"),
    ]
    gaz = EmbeddedGazetteer(entries)
    return PlaceRecognizer(gaz, PlaceMatcher(gaz), load_cues())


def resolve(recognizer: PlaceRecognizer | NamedStep, text: str) -> list[PlaceMention]:
    return geocode(recognizer(Document(text=text))).places


def test_bayda_in_eastern_homs_report(bayda_recognizer: PlaceRecognizer) -> None:
    places = resolve(bayda_recognizer, "انسحبت الميليشيات من تدمر والبيضة ثم سلمت منطقة البيضا")
    for m in places:
        if m.text.startswith("البيض"):
            assert m.place is not None and m.place.admin1 == "Homs", m
            assert m.place.latitude == pytest.approx(34.508, abs=0.01)
            assert len(m.alternatives) >= 1


def test_bayda_follows_admin_context(bayda_recognizer: PlaceRecognizer) -> None:
    m = resolve(bayda_recognizer, "هجوم على قرية البيضة بريف الحسكة الغربي")[0]
    assert m.place is not None and m.place.admin1 == "Al-Hasakah"
    assert "admin" in (m.reason or "")


def test_precision_levels(step: NamedStep) -> None:
    places = {m.text: m for m in resolve(step, "قرب مدينة تدمر في ريف حمص الشرقي وفي ريف مدينة تدمر")}
    assert places["ريف حمص الشرقي"].geo_precision == 3
    assert places["ريف حمص الشرقي"].place.feature == "governorate"  # type: ignore[union-attr]
    assert places["مدينة تدمر"].geo_precision == 2
    town_countryside = places["ريف مدينة تدمر"]
    assert town_countryside.place.name == "Tadmur" and town_countryside.geo_precision == 2  # type: ignore[union-attr]


def test_bare_name_is_the_town(step: NamedStep) -> None:
    m = resolve(step, "وصلت تعزيزات إلى تدمر.")[0]
    assert m.place is not None and m.place.name == "Tadmur" and m.geo_precision == 1


def test_between_is_a_midpoint(step: NamedStep) -> None:
    m = resolve(step, "نقطتين بين منطقة البيضة وخربة تياس")[0]
    assert m.relation == "between" and m.geo_precision == 2
    assert m.place is not None and 37.67 < (m.place.longitude or 0) < 37.94


def test_hezbollah_is_not_lebanon(step: NamedStep) -> None:
    assert resolve(step, "تعزيزات من ميليشيا حزب الله اللبناني") == []


def _matches(gold_ar: str, mentions: list[PlaceMention]) -> list[PlaceMention]:
    def norm(s: str) -> str:
        return re.sub("^لل", "ال", normalize_str(s.strip()))

    forms = [norm(g) for g in gold_ar.split("/")]
    for test in (lambda t, g: t == g, lambda t, g: g in t, lambda t, g: t in g):
        found = [m for m in mentions for g in forms if test(norm(m.text), g)]
        if found:
            return found
    return []


@pytest.mark.skipif(not DEV.is_file(), reason="shared dev set absent")
def test_dev_set_recognition_and_accuracy(step: NamedStep) -> None:
    gold_total = recognized = with_coords = within25 = within161 = 0
    for line in DEV.read_text(encoding="utf-8").splitlines():
        report = json.loads(line)
        doc = geocode(step(Document(text=report["text"], id=report["id"])))
        for gold in report["places"]:
            gold_total += 1
            found = _matches(gold["name_ar"], doc.places)
            if not found:
                continue
            recognized += 1
            if gold["lat"] is None:
                continue
            with_coords += 1
            truth = Place("gold", None, gold["lat"], gold["lon"])
            dist = distance_km(found[0].place, truth) if found[0].place else float("inf")
            within25 += dist <= 25
            within161 += dist <= 161
    recall, acc25, acc161 = recognized / gold_total, within25 / with_coords, within161 / with_coords
    print(f"dev places: recall {recall:.2f}, acc@25km {acc25:.2f}, acc@161km {acc161:.2f}")
    assert recall >= 0.8
    assert acc25 >= 0.7
    assert acc161 >= 0.9


def test_square_takes_its_towns_point(step: NamedStep) -> None:
    m = resolve(step, "احتشد المحتجون في ساحة الكرامة وسط مدينة السويداء")[0]
    assert m.place is not None and m.place.name == "As-Suwayda" and m.geo_precision == 1
    assert m.place.feature != "governorate" and "inside" in (m.reason or "")


def test_one_sense_per_report_for_governorate_capitals(step: NamedStep) -> None:
    gov = resolve(step, "وثقت الشبكة مقتل 36 شخصا في محافظة درعا. واغتيل قيادي بدرعا.")
    assert gov[-1].place is not None and gov[-1].place.feature == "governorate"
    city = resolve(step, "قصف على مدينة درعا ومحافظة درعا. واغتيل قيادي بدرعا.")
    assert city[-1].place is not None and city[-1].place.feature != "governorate"


def test_between_has_a_radius_in_its_reason(step: NamedStep) -> None:
    m = resolve(step, "بين قريتي لاهثة والمتونة")[0]
    assert m.geo_precision == 2 and "within" in (m.reason or "")


def test_an_oil_field_is_an_area_read_at_precision_two() -> None:
    doc = rasad.extract("Drones struck the coalition base at the al-Omar oil field on Monday.",
                        published="2024-01-08")
    field = next(m for m in doc.places if "Omar" in m.text)
    assert field.place is not None and field.place.latitude is not None
    assert field.geo_precision == 2
