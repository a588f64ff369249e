"""The gazetteer built from ../shared sources (OCHA, OpenSyria, OurAirports + embedded):
the seed's places, ambiguous names, and the dev-set floors of the issue (the
packaged default gazetteer alongside)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rasad.gazetteer.build import build_gazetteer, discover
from rasad.gazetteer.evaluate import evaluate_gold_places, haversine_km, place_pipeline
from rasad.pipeline import Pipeline
from rasad.types import Document, PlaceMention

SHARED = Path(os.environ.get("RASAD_SHARED") or Path(__file__).resolve().parents[2] / "shared")
SOURCES = SHARED / "gazetteer"
DEV = SHARED / "eval" / "dev_ar.jsonl"
SEED = SHARED / "seed"
TRUTH = {"تدمر": (34.5624, 38.28402), "البيضة": (34.508, 37.938), "خربة تياس": (34.5521, 37.6754)}
HASAKAH_LATAKIA = ("Al-Hasakah", "Latakia")

pytestmark = pytest.mark.skipif(not SOURCES.is_dir(), reason="../shared/gazetteer absent")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gaz") / "gazetteer.sqlite"
    stats = build_gazetteer(out, discover(SOURCES))
    assert stats.by_source["ocha"] > 5000 and stats.by_source["opensyria"] > 300
    return out


@pytest.fixture(scope="module", params=["default", "built"])
def pipe(request: pytest.FixtureRequest, built: Path) -> Pipeline:
    return place_pipeline(str(built) if request.param == "built" else None)


def run(pipe: Pipeline, text: str) -> list[PlaceMention]:
    return pipe(Document(text=text)).places


def _km(m: PlaceMention, truth: tuple[float, float]) -> float:
    assert m.place is not None and m.place.latitude is not None, m
    return haversine_km(truth[0], truth[1], m.place.latitude, m.place.longitude)  # type: ignore[arg-type]


@pytest.mark.skipif(not SEED.is_dir(), reason="seed absent")
def test_seed_places_within_25km(pipe: Pipeline) -> None:
    text = next(SEED.glob("*.txt")).read_text(encoding="utf-8")
    places = run(pipe, text)
    for name, truth in TRUTH.items():
        hits = [m for m in places if m.text.endswith(name) and m.relation != "between"]
        assert hits, name
        assert all(_km(m, truth) < 25 for m in hits), (name, hits[0].place, hits[0].reason)
    for m in places:
        if m.place is not None and m.text.endswith(("البيضة", "البيضا", "البيضاء")):
            assert m.place.admin1 not in HASAKAH_LATAKIA


@pytest.mark.parametrize("text", [
    "انسحبت الميليشيات من البيضة في ريف حمص الشرقي",
    "قصف على البيضاء قرب تدمر",
    "اشتباكات في محيط البيضا في بادية حمص",
])
def test_bayda_in_homs_context(pipe: Pipeline, text: str) -> None:
    m = next(m for m in run(pipe, text) if "بيض" in m.text)
    assert m.place is not None and m.place.admin1 == "Homs", (m.place, m.reason)
    assert m.reason


def test_bayda_follows_other_admin_context(built: Path) -> None:
    pipe = place_pipeline(str(built))
    m = next(m for m in run(pipe, "هجوم على قرية البيضة بريف الحسكة") if "بيض" in m.text)
    assert m.place is not None and m.place.admin1 == "Al-Hasakah"
    assert any(p.admin1 == "Homs" for p in m.alternatives)


def test_tadmur_town_and_verb(pipe: Pipeline) -> None:
    assert run(pipe, "الطائرات الروسية تدمر مواقع المسلحين") == []
    m = run(pipe, "وصلت تعزيزات إلى مدينة تدمر.")[0]
    assert _km(m, TRUTH["تدمر"]) < 25 and m.place.admin1 == "Homs"  # type: ignore[union-attr]


def test_tiyas_area_is_one_place(built: Path) -> None:
    pipe = place_pipeline(str(built))
    for text in ("في خربة تياس", "في قرية التياس", "في Khirbet al-Tiyas", "قرب مطار التيفور"):
        m = run(pipe, text)[0]
        assert _km(m, TRUTH["خربة تياس"]) < 25, (text, m.place)


def test_every_built_point_has_admin1_and_admin2(built: Path) -> None:
    import sqlite3

    con = sqlite3.connect(built)
    missing = con.execute("SELECT count(*) FROM places WHERE country = 'SY' AND lat IS NOT NULL "
                          "AND feature NOT IN ('governorate', 'district', 'subdistrict', 'country', "
                          "'region') "
                          "AND (admin1 IS NULL OR admin2 IS NULL)").fetchone()[0]
    total = con.execute("SELECT count(*) FROM places WHERE country = 'SY'").fetchone()[0]
    assert missing / total < 0.01


@pytest.mark.gate
@pytest.mark.skipif(not DEV.is_file(), reason="dev set absent")
def test_dev_floors(built: Path) -> None:
    with_sources = evaluate_gold_places(DEV, place_pipeline(str(built))).metrics()
    embedded = evaluate_gold_places(DEV, place_pipeline(None)).metrics()
    print(f"dev places built: {with_sources}\nembedded: {embedded}")
    assert with_sources["acc_25km"] >= 0.85
    assert embedded["acc_25km"] >= 0.7
    assert with_sources["recall"] >= 0.85
