"""rasad export: ACLED CSV, GeoJSON, KML, GraphML and JSONL with the API's filters."""

from __future__ import annotations

import csv
import html
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from rasad.cli import cli
from rasad.export import ACLED_COLUMNS, kml_color, write_graphml, write_kml
from rasad.web.synthetic import HOSTILE_MARKUP

KML = "{http://www.opengis.net/kml/2.2}"


@pytest.fixture(scope="module")
def db(synthetic_db: Path) -> Path:
    return synthetic_db


def run_export(db: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["export", "--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_acled_csv_has_acleds_columns(db: Path) -> None:
    out = run_export(db, "--format", "acled-csv", "--since", "2023-05-16", "--until", "2023-05-17")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert tuple(rows[0].keys()) == ACLED_COLUMNS
    assert {r["event_id_cnty"] for r in rows} == {"synthetic-handover", "synthetic-hostile"}
    handover = next(r for r in rows if r["event_id_cnty"] == "synthetic-handover")
    # ACLED's actor names, from the knowledge base.
    assert (handover["actor1"], handover["location"]) == (
        "Islamic Revolutionary Guard Corps", "Tadmur")
    assert handover["actor2"].startswith("Liwa al-Quds")
    assert handover["country"] == "Syria" and handover["event_date"] == "2023-05-17"


def test_geojson_opens_as_a_feature_collection(db: Path) -> None:
    data = json.loads(run_export(db, "--format", "geojson", "--bbox", "38,34,39,35"))
    assert data["type"] == "FeatureCollection"
    assert data["features"], "Tadmur events are inside the box"
    for feature in data["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert 38 <= lon <= 39 and 34 <= lat <= 35
        assert feature["properties"]["event_type"] and "notes" in feature["properties"]


def test_kml_is_valid_with_time_spans_and_escaped_text(db: Path) -> None:
    out = run_export(db, "--format", "kml", "--since", "2023-01-01")
    root = ET.fromstring(out.encode("utf-8"))
    marks = root.findall(f".//{KML}Folder/{KML}Placemark")
    names = [m.findtext(f"{KML}name") for m in marks]
    assert "Armed clash — Aleppo" in names
    hostile = next(m for m in marks if m.get("id") == "esynthetic-hostile")
    # Google Earth renders descriptions as HTML: the report's markup arrives escaped.
    assert html.escape(HOSTILE_MARKUP) in (hostile.findtext(f"{KML}description") or "")
    assert hostile.find(f".//{KML}script") is None
    assert hostile.findtext(f"{KML}TimeSpan/{KML}begin") == "2023-05-16"
    assert hostile.findtext(f"{KML}Point/{KML}coordinates") == "37.161,36.202"
    control = [f for f in root.iter(f"{KML}Folder") if f.findtext(f"{KML}name") == "Control"]
    assert control, "the control folder lists holdings over time"


def test_graphml_for_gephi(db: Path) -> None:
    text = run_export(db, "--format", "graphml")
    graph = nx.read_graphml(io.BytesIO(text.encode("utf-8")))
    assert graph.is_directed()
    assert {"irgc", "liwa-al-quds", "hezbollah"} <= set(graph.nodes)
    irgc = graph.nodes["irgc"]
    assert irgc["label"] and irgc["kind"] == "actor"
    # Gephi colours nodes from integer r/g/b attributes.
    assert all(isinstance(irgc[c], int) and 0 <= irgc[c] <= 255 for c in "rgb")
    assert "#" + "".join(f"{irgc[c]:02X}" for c in "rgb") == irgc["color"].upper()
    relations = {d["relation"] for _, _, d in graph.edges(data=True)}
    assert {"opposed", "commands", "sponsor"} <= relations


def test_gexf_carries_viz_colours(db: Path) -> None:
    text = run_export(db, "--format", "gexf")
    graph = nx.read_gexf(io.BytesIO(text.encode("utf-8")))
    assert {"irgc", "liwa-al-quds"} <= set(graph.nodes)
    color = graph.nodes["irgc"]["viz"]["color"]
    assert {k: color[k] for k in "rgb"} == {k: graph.nodes["irgc"][k] for k in "rgb"}


def test_jsonl_filters_by_actor_and_type(db: Path) -> None:
    out = run_export(db, "--format", "jsonl", "--actor", "irgc",
                     "--sub-type", "Non-violent transfer of territory", "--since", "2023-01-01")
    events = [json.loads(line) for line in out.splitlines()]
    assert [e["id"] for e in events] == ["synthetic-handover"]
    assert events[0]["document"]["id"] == "synthetic-handover"


def test_export_of_a_missing_database_fails_cleanly(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "no such database" in result.output


def test_writers_escape_xml() -> None:
    stream = io.StringIO()
    write_graphml({"nodes": [{"id": "a&b", "name": "<x>\x0c", "kind": "actor"}], "edges": []},
                  stream)
    graph = nx.read_graphml(io.BytesIO(stream.getvalue().encode("utf-8")))
    assert graph.nodes["a&b"]["label"] == "<x>"
    stream = io.StringIO()
    assert write_kml([], stream, name="<evil>") == 0
    assert ET.fromstring(stream.getvalue()).findtext(f".//{KML}name") == "<evil>"
    assert kml_color("#d7301f") == "dd1f30d7"
