"""Each export read by the tool analysts open it with: pandas for ACLED's CSV, geopandas
(pyogrio) for GeoJSON, the OGC KML 2.2 schema and fastkml's strict reader for KML.

The database holds the bundled example reports run through the real pipeline, plus one
awkward report: no actor named, no date, no place found, a form feed and an escape
character in its text, and markup that must stay text.
"""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from rasad.cli import cli
from rasad.export import INTER_LABELS
from rasad.store import SQLiteStore
from rasad.types import ACLED_TAXONOMY
from rasad.web.synthetic import event, hostile_record, record

pd = pytest.importorskip("pandas")

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "reports.jsonl"
AWKWARD_TEXT = "Gunmen attacked a shepherd.\x0c Residents said\x1b[0m <script>alert(1)</script>."
INTEGER_COLUMNS = ("year", "time_precision", "inter1", "inter2", "interaction", "iso",
                   "fatalities", "timestamp")
DISORDER_TYPES = {"Political violence", "Demonstrations", "Strategic developments",
                  "Political violence; Demonstrations"}


def _awkward_record() -> dict[str, object]:
    start = AWKWARD_TEXT.index("Gunmen")
    civilians = {"id": "civilians", "name": "Civilians", "text": "shepherd", "start": 18,
                 "end": 26}
    unplaced = event("awkward-1", "Violence against civilians", "Attack", date(2024, 3, 2),
                     location={"name": "Wadi Nowhere", "latitude": None, "longitude": None,
                               "country": None, "geo_precision": None},
                     actor1=[], actor2=[civilians], evidence=(start, len(AWKWARD_TEXT),
                                                             AWKWARD_TEXT[start:]))
    unplaced["date"] = {"start": None, "end": None, "precision": None, "text": None}
    placed = event("awkward-2", "Violence against civilians", "Attack", date(2024, 3, 1),
                   location={"name": "Tadmur", "latitude": 34.562, "longitude": 38.284,
                             "country": "SY", "admin1": "Homs", "geo_precision": 2},
                   actor1=[], actor2=[civilians])
    return record("awkward", AWKWARD_TEXT, [unplaced, placed], published="2024-03-04",
                  outlet="Monitor")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import rasad

    path = tmp_path_factory.mktemp("consumers") / "consumers.db"
    reports = [json.loads(line) for line in EXAMPLES.read_text(encoding="utf-8").splitlines()
               if line.strip()]
    docs = rasad.default_pipeline().pipe(reports)
    with SQLiteStore(path) as store:
        for doc in docs:
            store.ingest(doc)
        store.ingest(_awkward_record())
        store.ingest(hostile_record())
    return path


def export(db: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["export", "--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_pandas_reads_acled_csv_with_integer_columns_and_vocabularies(db: Path) -> None:
    frame = pd.read_csv(io.StringIO(export(db, "--format", "acled-csv")))
    assert len(frame) >= 10
    for column in INTEGER_COLUMNS:
        assert pd.api.types.is_integer_dtype(frame[column]), column
    frame["iso"].astype(int)  # ACLED's own files allow this
    sub_types = {s for subs in ACLED_TAXONOMY.values() for s in subs}
    assert set(frame["event_type"]) <= set(ACLED_TAXONOMY)
    assert set(frame["sub_event_type"]) <= sub_types
    assert set(frame["disorder_type"]) <= DISORDER_TYPES
    assert frame["actor1"].notna().all(), "ACLED always names actor1"
    assert frame["inter1"].between(1, 8).all() and frame["inter2"].between(0, 8).all()
    pairs = frame.apply(lambda r: int("".join(sorted(
        f"{r.inter1}{r.inter2}" if r.inter2 else f"{r.inter1}0"))), axis=1)
    one_sided = frame["inter2"] == 0
    assert (frame.loc[~one_sided, "interaction"] == pairs[~one_sided]).all()
    assert (frame.loc[one_sided, "interaction"] == frame.loc[one_sided, "inter1"] * 10).all()
    assert frame["time_precision"].between(1, 3).all()
    assert (pd.to_datetime(frame["event_date"]).dt.year == frame["year"]).all()
    assert frame["region"].notna().all() and frame["country"].notna().all()


def test_acled_csv_codes_the_gaps_as_acled_does(db: Path) -> None:
    frame = pd.read_csv(io.StringIO(export(db, "--format", "acled-csv")))
    unplaced = frame.set_index("event_id_cnty").loc["awkward-1"]
    assert unplaced["actor1"] == "Unidentified Armed Group (Syria)"
    assert unplaced["inter1"] == 3 and unplaced["inter2"] == 7 and unplaced["interaction"] == 37
    assert unplaced["actor2"] == "Civilians (Syria)"
    assert unplaced["country"] == "Syria" and unplaced["iso"] == 760, "the report's country"
    assert unplaced["event_date"] == "2024-03-04" and unplaced["time_precision"] == 3
    assert pd.isna(unplaced["latitude"]) and pd.isna(unplaced["geo_precision"])
    assert unplaced["civilian_targeting"] == "Civilian targeting"


def test_acled_csv_with_labels(db: Path) -> None:
    frame = pd.read_csv(io.StringIO(export(db, "--format", "acled-csv", "--labels")))
    labels = set(INTER_LABELS.values())
    assert set(frame["inter1"]) <= labels
    assert set(frame["inter2"].dropna()) <= labels
    row = frame.set_index("event_id_cnty").loc["awkward-1"]
    assert row["interaction"] == "Political militia-Civilians"
    assert all(i.endswith(" only") or "-" in i for i in frame["interaction"])


def test_geopandas_reads_geojson_with_one_type_per_column(db: Path, tmp_path: Path) -> None:
    geopandas = pytest.importorskip("geopandas")
    pytest.importorskip("pyogrio")
    path = tmp_path / "events.geojson"
    path.write_text(export(db, "--format", "geojson"), encoding="utf-8")
    frame = geopandas.read_file(path, engine="pyogrio")
    for column in ("year", "inter1", "inter2", "fatalities", "iso"):
        assert pd.api.types.is_integer_dtype(frame[column]), column
    for column in ("latitude", "longitude", "confidence"):
        assert pd.api.types.is_float_dtype(frame[column]), column
    assert len(frame[frame.year > 2020]) > 0
    unplaced = frame[frame.event_id_cnty == "awkward-1"]
    assert len(unplaced) == 1 and unplaced.geometry.isna().all(), "kept, without geometry"
    raw = json.loads(path.read_text(encoding="utf-8"))
    for feature in raw["features"]:
        assert "" not in feature["properties"].values(), 'missing is null, never ""'


def test_api_geojson_uses_the_exports_property_names(db: Path) -> None:
    from rasad.web.queries import EventQuery, ReadOnlyDB

    exported = json.loads(export(db, "--format", "geojson"))["features"]
    by_id = {f["id"]: f["properties"] for f in exported}
    page, _ = ReadOnlyDB(db).event_page(EventQuery(limit=1000))
    for feature in map(json.loads, page):
        props, same = feature["properties"], by_id[feature["id"]]
        assert set(props) - {"source"} <= set(same), set(props) - set(same)
        for key in ("event_date", "year", "country", "iso", "fatalities", "time_precision"):
            assert props[key] == same[key], (feature["id"], key)
        assert props["latitude"] == pytest.approx(same["latitude"])


def _kml_schema() -> object:
    etree = pytest.importorskip("lxml.etree")
    fastkml = pytest.importorskip("fastkml")
    # fastkml's distribution carries the OGC KML 2.2 schema with its imports (atom, xAL).
    xsd = Path(fastkml.__file__).parent / "schema" / "ogckml22.xsd"
    return etree.XMLSchema(etree.parse(str(xsd)))


def test_kml_validates_against_ogc_schema_and_keeps_markup_as_text(db: Path) -> None:
    from lxml import etree

    schema = _kml_schema()
    text = export(db, "--format", "kml")
    root = etree.fromstring(text.encode("utf-8"))  # well-formed despite \x0c and \x1b
    assert schema.validate(root), schema.error_log  # type: ignore[attr-defined]
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    marks = root.findall(".//k:Folder[k:name='Events']/k:Placemark", ns)
    assert marks and all(m.find("k:TimeSpan", ns) is not None for m in marks)
    hostile = root.find(".//k:Placemark[@id='esynthetic-hostile']", ns)
    description = hostile.findtext("k:description", namespaces=ns)
    # Google Earth renders the description as HTML: the report's tag must arrive escaped.
    assert "&lt;script&gt;" in description and "<script" not in description


def test_fastkml_strict_reader_accepts_the_kml(db: Path) -> None:
    fastkml = pytest.importorskip("fastkml")
    text = export(db, "--format", "kml")
    body = text.split("?>", 1)[1].strip()
    document = fastkml.kml.KML.from_string(body, strict=True).features[0]
    folders = {f.name: f for f in document.features}
    assert len(folders["Events"].features) >= 10


def test_source_scale_is_new_media_for_social_platforms() -> None:
    from rasad.export import write_acled_csv

    def row(url: str) -> dict[str, str]:
        event = {"id": "e", "event_type": "Battles", "sub_event_type": "Armed clash",
                 "actor1": [], "actor2": [], "location": None, "date": {"start": "2024-01-02"},
                 "document": {"id": "d", "url": url}}
        out = io.StringIO()
        write_acled_csv([event], out, actor_types={}, timestamp=0)
        return next(iter(pd.read_csv(io.StringIO(out.getvalue()), dtype=str,
                                     keep_default_na=False).to_dict("records")))

    assert row("https://t.me/some_channel/4411")["source_scale"] == "New media"
    assert row("https://mobile.twitter.com/someone/status/1")["source_scale"] == "New media"
    assert row("https://www.example-news.org/a")["source_scale"] == ""


def test_descriptions_are_coded_as_the_actor_acled_names() -> None:
    from rasad.export import write_acled_csv

    def side(actor_id: str, text: str) -> dict[str, object]:
        return {"id": actor_id, "name": text, "text": text, "start": 0, "end": len(text)}

    event = {"id": "e", "event_type": "Explosions/Remote violence",
             "sub_event_type": "Shelling/artillery/missile attack",
             "actor1": [side("syrian-regime-forces", "قوات النظام"),
                        side("syrian-arab-army", "الجيش السوري")],
             "actor2": [side("iran-backed-militias", "الميليشيات الإيرانية")],
             "location": {"country": "SY"}, "date": {"start": "2024-01-02", "precision": 1},
             "document": {"id": "d"}}
    out = io.StringIO()
    write_acled_csv([event], out, timestamp=0)
    row = pd.read_csv(io.StringIO(out.getvalue()), keep_default_na=False).iloc[0]
    assert row["actor1"] == "Military Forces of Syria (2000-2024)"
    assert row["assoc_actor_1"] == "", "the same actor twice is named once"
    assert row["actor2"] == "Iran-backed militias (Syria)"
    assert (row["inter1"], row["inter2"], row["interaction"]) == (1, 3, 13)
