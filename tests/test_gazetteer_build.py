"""SQLite gazetteer: importers (on fixtures written here in each source's format), merging,
admin enrichment, lazy reading, selection through Resources / RASAD_GAZETTEER, downloads."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from rasad.errors import GazetteerError
from rasad.gazetteer.build import BuildSources, build_gazetteer, discover
from rasad.gazetteer.download import download_geonames, download_ocha
from rasad.gazetteer.geonames_dump import load_geonames_dump, read_alternate_names
from rasad.gazetteer.loader import open_gazetteer
from rasad.gazetteer.sources import load_custom_sites, load_ocha_communities, merged_parts
from rasad.gazetteer.sqlite import SqliteGazetteer
from rasad.pipeline import Resources
from rasad.steps.geocode import geocode
from rasad.steps.places import places_step
from rasad.types import Document


def _gn(gid: str, name: str, alts: str, lat: float, lon: float, fcl: str, fcode: str,
        a1: str, pop: int) -> str:
    cols = [gid, name, name, alts, str(lat), str(lon), fcl, fcode, "SY", "", a1, "", "", "",
            str(pop), "", "300", "Asia/Damascus", "2020-01-01"]
    return "\t".join(cols)


GEONAMES_SY = "\n".join([
    _gn("163808", "Tadmur", "Palmyra,Tadmor,تدمر", 34.56, 38.28, "P", "PPL", "11", 51323),
    _gn("900001", "Al Bayda", "البيضاء", 36.47, 40.37, "P", "PPL", "01", 800),
    _gn("900002", "Khirbat at Tiyas", "", 34.553, 37.676, "P", "PPL", "11", 0),
    _gn("900003", "Wadi Something", "", 34.0, 38.0, "H", "WAD", "11", 0),
    _gn("169575", "Homs Governorate", "محافظة حمص", 34.6, 38.0, "A", "ADM1", "11", 0),
    _gn("900004", "Tiyas Air Base", "", 34.522, 37.63, "S", "AIRB", "11", 0),
]) + "\n"
ALTERNATE = "1\t900002\tar\tخربة التياس\t\t\t\t\t\t\n2\t900002\tlink\thttps://x\t\t\t\t\t\t\n" \
            "3\t163808\ten\tOld Palmyra\t\t\t\t1\t\t\n"
OCHA_CSV = (
    "PCODE,NAME_EN,NAM_EN_REF,NAME_ARA,ADMIN3_COD,ADMIN3_EN,ADMIN3_ARA,ADMIN2_COD,ADMIN2_EN,"
    "ADMIN2_ARA,ADMIN1_COD,ADMIN1_EN,ADMIN1_ARA,LATITUDE,LONGITUDE,CAPIT_LVL\n"
    "C2889,Tadmor,Tadmor,تدمر,SY040500,Tadmor,تدمر,SY0405,Tadmor,تدمر,SY04,Homs,حمص,"
    "34.5573,38.2773,2\n"
    "C2662,Safa Eltayyas,Safa Eltayyas,الصفا_التياس,SY040300,Qaryatein,القريتين,SY0403,"
    "Homs,حمص,SY04,Homs,حمص,34.5521,37.6754,\n"
    "C4406,Beida,Beida,البيضة,SY080300,Tal Tamer,تل تمر,SY0800,Al-Hasakeh,الحسكة,SY08,"
    "Al-Hasakeh,الحسكة,36.4763,40.3658,\n"
    "C9999,Adwan,Adwan,عدوان,SY040300,Qaryatein,القريتين,SY0403,Homs,حمص,SY04,Homs,حمص,"
    "34.2,37.2,\n"
)


def _square(code: str, name: str, lon0: float, lat0: float, size: float) -> dict[str, object]:
    ring = [[lon0, lat0], [lon0 + size, lat0], [lon0 + size, lat0 + size],
            [lon0, lat0 + size], [lon0, lat0]]
    return {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]},
            "properties": {"PCODE": code, "NAME_EN": name, "NAME_ARA": None}}


@pytest.fixture()
def sources(tmp_path: Path) -> Path:
    (tmp_path / "geonames").mkdir()
    (tmp_path / "geonames" / "SY.txt").write_text(GEONAMES_SY, encoding="utf-8")
    (tmp_path / "geonames" / "alternateNames_SY.txt").write_text(ALTERNATE, encoding="utf-8")
    (tmp_path / "ocha").mkdir()
    (tmp_path / "ocha" / "syr_admin4_communities.csv").write_text(OCHA_CSV, encoding="utf-8")
    admin2 = {"type": "FeatureCollection", "features": [
        _square("SY0405", "Tadmor", 37.0, 33.5, 2.5)]}
    (tmp_path / "ocha" / "syr_admin2.geojson").write_text(json.dumps(admin2), encoding="utf-8")
    (tmp_path / "sites.csv").write_text(
        "name,name_ar,lat,lon,feature,aliases\nT4 checkpoint,حاجز التيفور الغربي,34.52,37.60,"
        "checkpoint,حاجز T4\n", encoding="utf-8")
    return tmp_path


@pytest.fixture()
def built(sources: Path, tmp_path: Path) -> Path:
    src = discover(sources)
    src.embedded = False
    src.custom.append(sources / "sites.csv")
    out = tmp_path / "gaz.sqlite"
    stats = build_gazetteer(out, src)
    assert stats.places > 0 and stats.merged >= 1
    return out


def test_geonames_dump_keeps_places_and_reads_alternates(sources: Path) -> None:
    alt = read_alternate_names(sources / "geonames" / "alternateNames_SY.txt")
    assert alt["900002"] == ["خربة التياس"] and "163808" not in alt  # historic name skipped
    recs = {r.source_id: r for r in load_geonames_dump(sources / "geonames" / "SY.txt", alt)}
    assert "900003" not in recs  # a wadi is not a place of events
    assert recs["163808"].name_ar == "تدمر" and recs["163808"].admin1 == "Homs"
    assert recs["163808"].feature == "town" and recs["169575"].feature == "governorate"
    assert recs["900004"].feature == "airbase"
    assert recs["900002"].name_ar == "خربة التياس"


def test_geonames_dump_rejects_other_formats(tmp_path: Path) -> None:
    bad = tmp_path / "SY.txt"
    bad.write_text("1\tonly\tthree\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="19"):
        load_geonames_dump(bad)


def test_ocha_rows_and_merged_communities(sources: Path) -> None:
    recs = {r.source_id: r for r in load_ocha_communities(sources / "ocha" /
                                                          "syr_admin4_communities.csv")}
    tiyas = recs["C2662"]
    assert "التياس" in tiyas.names and "الصفا" in tiyas.names
    assert "safa tayyas" in [n.lower() for n in tiyas.names]  # OCHA's glued article
    assert tiyas.admin1 == "Homs" and tiyas.admin2_code == "SY0403"
    assert recs["C4406"].admin1 == "Al-Hasakah"  # canonical name through the p-code
    assert recs["C2889"].feature == "town"
    assert merged_parts("Baydaa - Agja Bayer") == ["Baydaa", "Agja Bayer"]


def test_duplicates_merge_keeping_every_source_id(built: Path) -> None:
    gaz = SqliteGazetteer(built)
    tadmur = gaz.candidates("تدمر")
    assert len(tadmur) == 1
    assert set(gaz.sources(tadmur[0].gazetteer_id)) == {"ocha:C2889", "geonames:163808"}
    assert tadmur[0].latitude == pytest.approx(34.5573)  # OCHA's point wins over GeoNames
    assert [p.gazetteer_id for p in gaz.candidates("Palmyra")] == [tadmur[0].gazetteer_id]
    tiyas = gaz.candidates("خربة التياس")
    assert tiyas and "ocha:C2662" in gaz.sources(tiyas[0].gazetteer_id)
    # the governorate and the airbase are other kinds: never merged with a village
    assert gaz.governorate("محافظة حمص") is not None


def test_admin_enrichment_by_polygon(built: Path) -> None:
    gaz = SqliteGazetteer(built)
    airbase = gaz.get("geonames:900004")
    assert airbase.admin1 == "Homs" and airbase.admin2 == "Tadmor"
    assert [u.code for u in gaz.admin_units(2)] == ["SY0405"]


def test_custom_sites_and_common_words(built: Path, sources: Path) -> None:
    gaz = SqliteGazetteer(built)
    site = gaz.candidates("حاجز T4")
    assert site and site[0].feature == "checkpoint" and site[0].gazetteer_id.startswith("custom:")
    assert load_custom_sites(sources / "sites.csv")[0].latitude == pytest.approx(34.52)
    assert gaz.common_word("عدوان")  # "aggression": a minor village bears it
    assert not gaz.common_word("تدمر")


def test_custom_sites_need_coordinates(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("name,lat,lon\nX,,\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="row 2"):
        load_custom_sites(bad)


def test_pipeline_selects_the_built_gazetteer(built: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    step = places_step(Resources(gazetteer_path=str(built)))
    doc = geocode(step(Document(text="قصف الطيران بلدة تدمر وقرية البيضة")))
    tadmur = next(m for m in doc.places if "تدمر" in m.text)
    assert tadmur.place is not None and tadmur.place.gazetteer_id == "ocha:C2889"
    assert "عدوان" not in [m.text for m in step(Document(text="بعد عدوان جوي على المنطقة")).places]
    monkeypatch.setenv("RASAD_GAZETTEER", str(built))
    assert isinstance(open_gazetteer(), SqliteGazetteer)
    monkeypatch.setenv("RASAD_GAZETTEER", str(built.with_name("missing.sqlite")))
    with pytest.raises(GazetteerError, match="not found"):
        open_gazetteer()


def test_not_a_gazetteer(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite"
    path.write_text("hello", encoding="utf-8")
    with pytest.raises(GazetteerError):
        SqliteGazetteer(path)
    with pytest.raises(GazetteerError, match="no gazetteer source"):
        build_gazetteer(tmp_path / "empty.sqlite", BuildSources(embedded=False))


class FakeFetcher:
    def __init__(self) -> None:
        self.urls: list[str] = []

    def fetch(self, url: str) -> bytes:
        self.urls.append(url)
        if url.endswith(".zip"):
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w") as zf:
                zf.writestr(url.rsplit("/", 1)[1].replace(".zip", ".txt"), GEONAMES_SY)
            return buf.getvalue()
        return b"SY.01\tAl-Hasakah\tAl-Hasakah\t173813\n"


def test_download_with_a_fake_fetcher(tmp_path: Path) -> None:
    fetcher = FakeFetcher()
    done = download_geonames(["sy"], tmp_path, fetcher)
    assert (tmp_path / "geonames" / "SY.txt").read_text(encoding="utf-8") == GEONAMES_SY
    assert len(done) == 3 and any("alternatenames/SY.zip" in u for u in fetcher.urls)
    assert download_ocha(tmp_path, fetcher, files={"a.csv": "https://example/a.csv"})[0].size > 0
    src = discover(tmp_path)
    assert src.geonames == [tmp_path / "geonames" / "SY.txt"] and src.admin1_codes is not None
    with pytest.raises(GazetteerError, match="ISO"):
        download_geonames(["Syria"], tmp_path, fetcher)


def test_idrisi_scoring_and_cli(tmp_path: Path, sources: Path) -> None:
    from click.testing import CliRunner

    from rasad.cli import cli
    from rasad.gazetteer.evaluate import evaluate_idrisi, place_pipeline

    text = "سيول في تدمر وعمان"
    tweet = {"tweet_id": "1", "text": text, "location_mentions": [
        {"text": "تدمر", "start_offset": 7, "end_offset": 11,
         "osm_json": {"lat": "34.56", "lon": "38.27"}}]}
    path = tmp_path / "LMD" / "data" / "AR" / "x_floods" / "train.jsonl"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(tweet, ensure_ascii=False) + "\n", encoding="utf-8")
    scores = evaluate_idrisi([path], place_pipeline()).metrics()
    assert scores["recall"] == 1.0 and scores["acc_161km"] == 1.0 and scores["precision"] <= 1.0
    runner = CliRunner()
    out = runner.invoke(cli, ["gazetteer", "evaluate-idrisi", str(tmp_path), "--format", "json"])
    assert out.exit_code == 0 and json.loads(out.output)["recall"] == 1.0
    built = tmp_path / "g.sqlite"
    res = runner.invoke(cli, ["gazetteer", "build", str(built), "--no-embedded",
                              "--from-dir", str(sources)])
    assert res.exit_code == 0 and "merged" in res.output
    res = runner.invoke(cli, ["gazetteer", "lookup", "Palmyra", "--gazetteer", str(built)])
    assert "ocha:C2889" in res.output
