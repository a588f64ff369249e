"""The gazetteer shipped in the package: what it holds, and that the committed script
rebuilds it from the sources."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from rasad.gazetteer.build import build_gazetteer, packaged_sources
from rasad.gazetteer.loader import PACKAGED_PATH, open_gazetteer
from rasad.gazetteer.sqlite import SqliteGazetteer

SHARED = Path(os.environ.get("RASAD_SHARED") or Path(__file__).resolve().parents[2] / "shared")
SOURCES = SHARED / "gazetteer"


def _places(path: Path) -> list[tuple[object, ...]]:
    """Places with their lookup keys and the common-word list: what the code derives."""
    con = sqlite3.connect(path)
    try:
        places = con.execute("SELECT gid, name, name_ar, feature, country, admin1, admin2, "
                             "lat, lon FROM places ORDER BY gid").fetchall()
        keys = con.execute("SELECT k.key, p.gid FROM keys k JOIN places p ON p.pid = k.pid "
                           "ORDER BY 1, 2").fetchall()
        common = con.execute("SELECT key FROM common_words ORDER BY 1").fetchall()
        return [*places, *keys, *common]
    finally:
        con.close()


def test_default_is_the_packaged_build(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RASAD_GAZETTEER", raising=False)
    gaz = open_gazetteer()
    assert isinstance(gaz, SqliteGazetteer) and gaz.path == PACKAGED_PATH
    assert PACKAGED_PATH.stat().st_size < 30_000_000


def test_every_source_is_in_it_and_credited() -> None:
    gaz = SqliteGazetteer(PACKAGED_PATH)
    by_source = gaz.rows_by_source()
    for source in ("ocha", "opensyria", "ourairports", "geonames", "curated", "gov"):
        assert by_source.get(source, 0) > 0, source
    assert by_source["ocha"] > 5000
    notice = (PACKAGED_PATH.parent / "NOTICE").read_text(encoding="utf-8")
    for credit in ("OCHA", "CC BY-IGO", "OpenSyria", "CC BY 4.0", "OurAirports",
                   "public domain", "GeoNames"):
        assert credit in notice


def test_the_region_beyond_syria() -> None:
    by_country = SqliteGazetteer(PACKAGED_PATH).rows_by_country()
    for country in ("SY", "IQ", "LB", "JO", "YE", "TR", "IL", "PS", "SA", "AE", "EG"):
        assert by_country.get(country, 0) > 0, country
    riyadh = SqliteGazetteer(PACKAGED_PATH).candidates("الرياض")
    assert any(p.country == "SA" and p.feature == "city" for p in riyadh)


def test_a_country_is_a_place_with_a_point() -> None:
    [yemen] = [p for p in SqliteGazetteer(PACKAGED_PATH).candidates("اليمن")
               if p.feature == "country"]
    assert yemen.country == "YE" and 12 < (yemen.latitude or 0) < 19


@pytest.mark.skipif(not SOURCES.is_dir(), reason="../shared/gazetteer absent")
def test_the_script_rebuilds_the_shipped_file(tmp_path: Path) -> None:
    out = tmp_path / "default.sqlite"
    build_gazetteer(out, packaged_sources(SOURCES), {"built": "packaged"})
    assert _places(out) == _places(PACKAGED_PATH)


def test_lookup_says_when_nothing_is_found_and_stats_count() -> None:
    from click.testing import CliRunner

    from rasad.cli import cli

    runner = CliRunner()
    missing = runner.invoke(cli, ["gazetteer", "lookup", "Qwxzqwxz"], env={"RASAD_GAZETTEER": ""})
    assert missing.exit_code != 0 and "no place named 'Qwxzqwxz'" in missing.output
    found = runner.invoke(cli, ["gazetteer", "lookup", "Deir Ezzor"], env={"RASAD_GAZETTEER": ""})
    assert found.exit_code == 0 and "Deir" in found.output
    stats = runner.invoke(cli, ["gazetteer", "stats"], env={"RASAD_GAZETTEER": ""})
    assert stats.exit_code == 0 and "per source" in stats.output and "ocha" in stats.output
    assert "per country" in stats.output and "YE" in stats.output
