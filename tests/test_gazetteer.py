"""Embedded gazetteer: loading, name folding and candidate lookup."""

from __future__ import annotations

import pytest

from rasad.errors import KnowledgeError
from rasad.gazetteer import EmbeddedGazetteer, fold_ar, fold_en, skeleton_en
from rasad.gazetteer.curated import load_curated, parse_curated


@pytest.fixture(scope="module")
def gaz() -> EmbeddedGazetteer:
    return EmbeddedGazetteer.load()


def test_covers_the_region(gaz: EmbeddedGazetteer) -> None:
    # its load time is a figure of `make bench` (benchmarks/gazetteer.py), not a test
    assert len(gaz) > 2500
    assert sum(1 for _ in gaz.names()) > 10000


def test_arabic_final_letter_and_article_folding() -> None:
    assert fold_ar("البيضة") == fold_ar("البيضا") == fold_ar("البيضاء")
    assert fold_ar("للسويداء") == fold_ar("السويداء")
    assert fold_ar("الصفا_التياس") == fold_ar("الصفا التياس")


def test_english_transliteration_folding() -> None:
    assert fold_en("Deir ez-Zor") == fold_en("deir ez zor") == "deir zor"
    assert skeleton_en("Tadmur") == skeleton_en("Tadmor")
    assert skeleton_en("Deir al-Zour") == skeleton_en("Dayr az Zawr")


@pytest.mark.parametrize("name", ["تدمر", "Palmyra", "Tadmor", "Tadmur"])
def test_tadmur_variants(gaz: EmbeddedGazetteer, name: str) -> None:
    assert any(p.name == "Tadmur" for p in gaz.candidates(name))


@pytest.mark.parametrize("name", ["البيضة", "البيضا", "البيضاء"])
def test_bayda_curated_first(gaz: EmbeddedGazetteer, name: str) -> None:
    first = gaz.candidates(name)[0]
    assert first.admin1 == "Homs"
    assert first.latitude == pytest.approx(34.508, abs=0.01)


def test_governorates_and_airbases(gaz: EmbeddedGazetteer) -> None:
    for ar in ("حمص", "حماة", "إدلب", "حلب", "دير الزور", "الرقة", "الحسكة", "درعا",
               "السويداء", "القنيطرة", "اللاذقية", "طرطوس", "ريف دمشق", "دمشق"):
        gov = gaz.governorate(ar)
        assert gov is not None and gov.latitude is not None, ar
    t4 = gaz.candidates("مطار التيفور")[0]
    assert t4.feature == "airbase" and t4.latitude == pytest.approx(34.52, abs=0.01)
    assert gaz.candidates("Dayr az Zawr")


def test_get_and_unknown_key(gaz: EmbeddedGazetteer) -> None:
    assert gaz.get("geonames:163808").name == "Tadmur"
    with pytest.raises(Exception, match="unknown gazetteer key"):
        gaz.get("nope:1")


def test_curated_rows_all_name_a_source() -> None:
    entries = load_curated()
    assert len(entries) >= 150
    assert all(e.place.gazetteer_id for e in entries)
    bad = "id\tname\tname_ar\taliases\tlat\tlon\tfeature\tadmin1\tadmin2\tcountry\tpopulation\tsource\n" \
          "x\tX\tاكس\t\t1\t2\tvillage\t\t\tSY\t\t\n"
    with pytest.raises(KnowledgeError):
        parse_curated(bad)
