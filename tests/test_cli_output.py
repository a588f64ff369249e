"""The output commands as a new user meets them: vocabularies in any case, no silent
empties, one exit rule for extract and ingest, readable failures and tables."""

from __future__ import annotations

import io
from pathlib import Path

from click.testing import CliRunner, Result

from rasad.cli import CliContext, cli
from rasad.export import format_table
from tests.test_cli import SHELLING, fake_pipeline


def run(args: list[str], stdin: bytes | None = None) -> Result:
    obj = CliContext(pipeline_factory=fake_pipeline,
                     stdin=io.BytesIO(stdin) if stdin is not None else None)
    return CliRunner().invoke(cli, args, obj=obj, catch_exceptions=False)


def _db_with_one_shelling(tmp_path: Path) -> str:
    report = tmp_path / "shell.txt"
    report.write_text(SHELLING, encoding="utf-8")
    db = str(tmp_path / "r.db")
    assert run(["ingest", str(report), "--db", db, "--published", "2024-06-20"]).exit_code == 0
    return db


def test_sub_type_in_any_case(tmp_path: Path) -> None:
    db = _db_with_one_shelling(tmp_path)
    lower = run(["events", "--db", db, "--sub-type", "shelling/artillery/MISSILE attack"])
    assert lower.exit_code == 0 and "(1 event)" in lower.stdout


def test_unknown_sub_type_is_an_error_with_suggestions(tmp_path: Path) -> None:
    db = _db_with_one_shelling(tmp_path)
    result = run(["events", "--db", db, "--sub-type", "air strike"])
    assert result.exit_code == 2
    assert "unknown ACLED sub-event type 'air strike'" in result.stderr
    assert "Air/drone strike" in result.stderr
    assert run(["events", "--db", db, "--type", "Battle"]).exit_code == 2


def test_extract_and_ingest_exit_alike_on_partial_failure(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.txt", tmp_path / "empty.txt"
    good.write_text(SHELLING, encoding="utf-8")
    bad.write_text(" ", encoding="utf-8")
    extract = run(["extract", str(good), str(bad), "--published", "2024-06-20"])
    ingest = run(["ingest", str(good), str(bad), "--db", str(tmp_path / "x.db"),
                  "--published", "2024-06-20"])
    assert extract.exit_code == ingest.exit_code == 1
    assert extract.stdout.count("\n") == 2, "the good report is still written"
    assert ingest.stdout.startswith("inserted 1,")


def test_failures_name_the_source_once(tmp_path: Path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_text(" ", encoding="utf-8")
    db = str(tmp_path / "f.db")
    run(["ingest", str(bad), "--db", db])
    (line,) = [x for x in run(["failures", "--db", db]).stdout.splitlines() if "empty" in x]
    assert line.count(str(bad)) == 1 and line.endswith("empty report")


def test_stdin_without_published_warns() -> None:
    warned = run(["extract"], stdin=SHELLING.encode("utf-8"))
    assert "relative dates" in warned.stderr and "--published" in warned.stderr
    quiet = run(["extract", "--published", "2024-06-20"], stdin=SHELLING.encode("utf-8"))
    assert "warning" not in quiet.stderr


def test_gazetteer_lookup_says_when_nothing_matches(tmp_path: Path) -> None:
    result = run(["gazetteer", "lookup", "Nowhereville"])
    assert result.exit_code == 1
    assert "no place named 'Nowhereville'" in result.stderr


def test_global_gazetteer_reaches_lookup(tmp_path: Path) -> None:
    sites = tmp_path / "sites.csv"
    sites.write_text("name,name_ar,lat,lon,feature,aliases\n"
                     "Qasr Zebra Checkpoint,حاجز زيبرا,34.52,37.60,checkpoint,\n",
                     encoding="utf-8")
    assert run(["gazetteer", "lookup", "Qasr Zebra Checkpoint"]).exit_code == 1
    found = run(["--gazetteer", str(sites), "gazetteer", "lookup", "Qasr Zebra Checkpoint"])
    assert found.exit_code == 0 and "34.52" in found.stdout


def test_table_keeps_whole_cells_and_shows_fatalities() -> None:
    event = {"id": "e1", "sub_event_type": "Shelling/artillery/missile attack",
             "actor1": [{"name": "Military Forces of Syria (2000-2024)"}],
             "actor2": [{"name": "Hay'at Tahrir al-Sham"}],
             "location": {"name": "Kafr Nabl"}, "date": {"start": "2024-06-20"},
             "fatalities": 3, "quantities": {"shells": 40}, "confidence": 0.9,
             "document": {"id": "a-rather-long-document-identifier"}}
    whole = format_table([event])
    assert "a-rather-long-document-identifier" in whole
    assert "Military Forces of Syria (2000-2024) -> Hay'at Tahrir al-Sham" in whole
    assert "fatalities" in whole.splitlines()[0] and " 3 " in whole.splitlines()[2]
    narrow = format_table([event], max_width=80)
    assert all(len(line) <= 80 for line in narrow.splitlines()[:3])
    assert "Kafr Nabl" in narrow and "…" in narrow
