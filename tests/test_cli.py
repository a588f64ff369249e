"""The command line, driven with a small fake pipeline injected through ``ctx.obj``.

End-to-end runs with the real pipeline live in the lead's tests; here the CLI's own
behaviour is pinned: inputs, formats, errors, exit codes, the store commands.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from rasad.cli import CliContext, cli
from rasad.export import ACLED_COLUMNS
from rasad.pipeline import NamedStep, Pipeline
from rasad.types import ActorMention, DateMention, Document, Event, Evidence, PlaceMention

SHELLING = "قصفت قوات النظام بلدة كفرنبل أمس."
PROTEST = "Hundreds protested in Suwayda on Friday."


def fake_extract(doc: Document) -> Document:
    """One event per report: shelling if the Arabic verb is there, else a protest."""
    if "BOOM" in doc.text:
        raise RuntimeError("fake failure")
    arabic = "قصف" in doc.text
    needle = "قوات النظام" if arabic else "Hundreds"
    start = doc.text.index(needle)
    actor = ActorMention(start, start + len(needle), needle,
                         "syrian-army" if arabic else None,
                         "Military Forces of Syria" if arabic else "Protesters (Syria)")
    sub = "Shelling/artillery/missile attack" if arabic else "Peaceful protest"
    etype = "Explosions/Remote violence" if arabic else "Protests"
    day = doc.published or date(2024, 1, 1)
    doc.events.append(Event(
        id=f"{doc.id}-1", event_type=etype, sub_event_type=sub, actor1=[actor], actor2=[],
        location=PlaceMention(0, 4, doc.text[:4]), date=DateMention(0, 0, "", day, day, 1),
        fatalities=0, quantities={}, persons=[], evidence=[Evidence(0, len(doc.text), doc.text)],
        confidence=0.9 if arabic else 0.5, extractor="fake.v1"))
    doc.actors.append(actor)
    return doc


def fake_pipeline() -> Pipeline:
    return Pipeline([NamedStep("fake.v1", fake_extract)])


def run(args: list[str], stdin: bytes | None = None, **env: str) -> Result:
    obj = CliContext(pipeline_factory=fake_pipeline,
                     stdin=io.BytesIO(stdin) if stdin is not None else None)
    return CliRunner().invoke(cli, args, obj=obj, env=env or None, catch_exceptions=False)


@pytest.fixture
def reports(tmp_path: Path) -> dict[str, Path]:
    files = {
        "shell": ("shell.txt", SHELLING.encode("cp1256")),
        "protest": ("protest.txt", PROTEST.encode("utf-16")),
        "empty": ("empty.txt", b"  \n"),
        "binary": ("pic.txt", bytes(range(256)) * 10),
        "crash": ("crash.txt", b"BOOM report"),
    }
    out = {}
    for key, (name, data) in files.items():
        out[key] = tmp_path / name
        out[key].write_bytes(data)
    out["jsonl"] = tmp_path / "docs.jsonl"
    out["jsonl"].write_text(
        json.dumps({"id": "j1", "text": SHELLING, "published": "2024-06-20"}, ensure_ascii=False)
        + "\n{oops\n"
        + json.dumps({"id": "j2", "text": PROTEST, "outlet": "O"}) + "\n",
        encoding="utf-8")
    return out


def _lines(result: Result) -> list[dict[str, Any]]:
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_extract_every_input_gets_a_line_in_order(reports: dict[str, Path], tmp_path: Path
                                                  ) -> None:
    args = ["extract", *(str(reports[k]) for k in ("shell", "empty", "binary", "protest",
                                                   "crash")), str(tmp_path / "missing.txt")]
    result = run(args + ["--published", "2024-06-20"])
    assert result.exit_code == 1, "some reports failed; the others are still written"
    out = _lines(result)
    assert [o["document"]["id"] for o in out] == ["shell", str(reports["empty"]),
                                                  str(reports["binary"]), "protest", "crash",
                                                  str(tmp_path / "missing.txt")]
    assert out[0]["events"][0]["sub_event_type"] == "Shelling/artillery/missile attack"
    assert out[0]["events"][0]["date"]["start"] == "2024-06-20"
    assert out[3]["events"][0]["sub_event_type"] == "Peaceful protest"
    assert "empty report" in out[1]["error"] and "binary file" in out[2]["error"]
    assert "fake.v1" in out[4]["error"] and out[4]["events"] == []
    assert "no such file" in out[5]["error"]
    assert "4 of 6 reports failed" in result.stderr
    assert "Traceback" not in result.output


def test_extract_jsonl_input_with_bad_line(reports: dict[str, Path]) -> None:
    result = run(["extract", "--input", str(reports["jsonl"])])
    out = _lines(result)
    assert len(out) == 3
    assert out[0]["document"]["published"] == "2024-06-20"
    assert out[1]["error"].startswith(f"{reports['jsonl']}:2: malformed JSON")
    assert out[2]["document"]["outlet"] == "O"


def test_extract_stdin_text_and_jsonl() -> None:
    result = run(["extract", "--published", "2024-02-02"], stdin=SHELLING.encode())
    (doc,) = _lines(result)
    assert doc["events"][0]["date"]["start"] == "2024-02-02"
    result = run(["extract", "--input", "-"], stdin=json.dumps({"text": PROTEST}).encode())
    assert _lines(result)[0]["events"][0]["sub_event_type"] == "Peaceful protest"


def test_extract_formats(reports: dict[str, Path], tmp_path: Path) -> None:
    files = [str(reports["shell"]), str(reports["protest"]), str(reports["empty"])]
    as_json = json.loads(run(["extract", *files, "--format", "json"]).stdout)
    assert [len(d["events"]) for d in as_json] == [1, 1, 0]
    as_csv = run(["extract", *files, "--format", "csv"]).stdout
    rows = list(csv.reader(io.StringIO(as_csv)))
    assert tuple(rows[0]) == ACLED_COLUMNS and len(rows) == 3
    table = run(["extract", *files, "--format", "table"]).stdout
    assert "Shelling/artillery/missile" in table and "Peaceful protest" in table
    assert "empty report" in table
    target = tmp_path / "out" / "x.jsonl"
    target.parent.mkdir()
    assert run(["extract", *files, "--output", str(target)]).stdout == ""
    assert len(target.read_text(encoding="utf-8").splitlines()) == 3


def test_extract_all_failed_exits_1(reports: dict[str, Path]) -> None:
    result = run(["extract", str(reports["empty"]), str(reports["binary"])])
    assert result.exit_code == 1
    assert len(_lines(result)) == 2


def test_bad_option_is_a_usage_error() -> None:
    result = run(["extract", "--published", "last week"], stdin=b"x")
    assert result.exit_code == 2 and "YYYY" not in result.stdout


def test_pipeline_import_error_is_one_line() -> None:
    def broken() -> Pipeline:
        raise ImportError("no module named rasad.steps.geocode")

    result = CliRunner().invoke(cli, ["extract", "--published", "2024-01-01"],
                                obj=CliContext(pipeline_factory=broken,
                                               stdin=io.BytesIO(b"text")))
    assert result.exit_code == 1
    assert result.stderr.startswith("rasad: error: the extraction pipeline cannot be loaded")
    assert "hint:" in result.stderr and "Traceback" not in result.output


def test_ingest_events_failures(reports: dict[str, Path], tmp_path: Path) -> None:
    db = str(tmp_path / "r.db")
    args = ["ingest", "--input", str(reports["jsonl"]), str(reports["shell"]),
            str(reports["binary"]), "--db", db]
    first = run(args)
    assert first.exit_code == 1, "two inputs failed, as extract reports it"
    # shell.txt has the same text as j1: stored once.
    assert first.stdout.startswith("inserted 2, duplicates 1, failed 2")
    second = run(args)
    assert second.stdout.startswith("inserted 0, duplicates 3, failed 2")

    table = run(["events", "--db", db])
    assert table.exit_code == 0 and "(2 events)" in table.stdout
    shelling = _lines(run(["events", "--db", db, "--sub-type",
                           "Shelling/artillery/missile attack", "--format", "jsonl"]))
    assert [e["document"]["id"] for e in shelling] == ["j1"]
    by_actor = _lines(run(["events", "--db", db, "--actor", "protesters", "--format", "jsonl"]))
    assert [e["document"]["id"] for e in by_actor] == ["j2"]
    confident = _lines(run(["events", "--db", db, "--min-confidence", "0.8", "--limit", "1",
                            "--format", "jsonl"]))
    assert len(confident) == 1 and confident[0]["confidence"] == 0.9
    as_csv = run(["events", "--db", db, "--format", "csv", "--since", "2024-06-01"]).stdout
    assert as_csv.splitlines()[0].split(",") == list(ACLED_COLUMNS)

    failures = run(["failures", "--db", db])
    assert "malformed JSON" in failures.stdout and "binary file" in failures.stdout
    assert "(4 failures)" in failures.stdout  # two per ingest run


def test_db_from_environment(reports: dict[str, Path], tmp_path: Path) -> None:
    db = str(tmp_path / "env.db")
    run(["ingest", str(reports["shell"])], RASAD_DB=db)
    assert "(1 event)" in run(["events"], RASAD_DB=db).stdout


def test_events_without_database(tmp_path: Path) -> None:
    result = run(["events", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "no such database" in result.stderr and "rasad ingest" in result.stderr
    assert not (tmp_path / "none.db").exists()


def test_evaluate_prints_the_report(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import rasad.evaluate

    class Report:
        def to_text(self) -> str:
            return "events F1 0.50\n"

        def to_dict(self) -> dict[str, float]:
            return {"f1": 0.5}

    seen: list[Path] = []
    pipelines: list[object] = []

    def fake_evaluate(path: Path, pipeline: object = None) -> Report:
        seen.append(path)
        pipelines.append(pipeline)
        return Report()

    monkeypatch.setattr(rasad.evaluate, "evaluate_file", fake_evaluate)
    gold = tmp_path / "gold.jsonl"
    gold.write_text("{}\n")
    assert run(["evaluate", str(gold)]).stdout == "events F1 0.50\n"
    assert json.loads(run(["evaluate", str(gold), "--format", "json"]).stdout) == {"f1": 0.5}
    assert seen == [gold, gold]
    # the CLI scores the pipeline it was given, not a default built behind its back
    assert all(p is not None and p.__class__.__name__ == fake_pipeline().__class__.__name__
               for p in pipelines)


def test_steps_lists_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    import rasad.pipeline

    monkeypatch.setattr(rasad.pipeline, "registered_steps",
                        lambda: ["events.rules.v1", "extra.v9"])
    out = run(["steps"]).stdout.splitlines()
    assert out == ["* events.rules.v1", "  extra.v9"]
