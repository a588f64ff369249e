"""Bad metadata is a warning kept with the report; files a folder cannot give are listed."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_postgres_store import pg_database, pg_url  # noqa: F401 - fixtures

from rasad.cli import cli
from rasad.io import document_from_record, iter_inputs, read_path
from rasad.metadata import parse_lang
from rasad.pipeline import Pipeline
from rasad.serialize import document_to_dict
from rasad.store import open_store
from rasad.types import Document

AR = "قصفت قوات النظام بلدة كفرنبل بريف إدلب الجنوبي أمس، ما أدى إلى مقتل مدنيين اثنين."


@pytest.mark.parametrize("value", ["yesterday", "2023-13-45", 20230101, ["2023-01-01"]])
def test_an_invalid_published_value_is_a_warning(value: Any) -> None:
    doc = document_from_record({"text": AR, "published": value}, "in.jsonl:3")
    assert doc.published is None
    [warning] = doc.warnings
    assert warning.startswith("in.jsonl:3: published") and "relative dates left unresolved" in warning


def test_valid_published_values_need_no_warning() -> None:
    for value in ("2023-01-05", "2023-01-05T08:00:00Z", "20230105"):
        doc = document_from_record({"text": AR, "published": value}, "x")
        assert (doc.published, doc.warnings) == (date(2023, 1, 5), [])


def test_an_unknown_language_is_a_warning_and_the_text_decides() -> None:
    doc = document_from_record({"text": AR, "lang": "xx"}, "in.jsonl:1")
    assert doc.lang is None
    assert doc.warnings == [("in.jsonl:1: lang: 'xx' is not a supported language (ar, en); "
                             "detected from the text instead")]
    assert [parse_lang(v) for v in ("AR", "ar-SY", "en_GB", "", None)] == [
        "ar", "ar", "en", None, None]


def test_an_html_page_with_a_bad_date_keeps_a_warning(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text('<html><head><meta property="article:published_time" content="soon">'
                    f"</head><body><p>{AR}</p></body></html>", encoding="utf-8")
    doc = read_path(page)
    assert doc.published is None and "published: not a YYYY-MM-DD date: 'soon'" in doc.warnings[0]
    assert read_path(page, published=date(2024, 1, 2)).warnings == []  # --published wins


def test_a_folder_lists_what_it_cannot_read(tmp_path: Path) -> None:
    (tmp_path / "report").write_text(AR, encoding="utf-8")
    (tmp_path / "blob").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "x.txt").write_text(AR, encoding="utf-8")
    items = list(iter_inputs([tmp_path]))
    assert [type(i).__name__ for i in items] == ["ReportInputError", "Document",
                                                   "ReportInputError"]
    assert "blob: binary file" in str(items[0])
    assert "scan.pdf: skipped: not a report file type ('.pdf')" in str(items[2])


def _stored_warnings(db: str, pipeline: Pipeline) -> list[dict[str, Any]]:
    doc = document_from_record({"id": "w1", "text": AR, "published": "2023-13-45",
                                "lang": "xx"}, "in.jsonl:1")
    with open_store(db) as store:
        store.ingest(document_to_dict(pipeline(doc)))
        store.ingest(document_to_dict(pipeline(Document(text=AR + " ", id="ok"))))
        listed = {d["id"]: d["warnings"] for d in store.documents()}
        assert listed["ok"] == [] and len(listed["w1"]) == 2
        return store.warnings()


def _assert_two_warnings(rows: list[dict[str, Any]]) -> None:
    assert [r["doc_id"] for r in rows] == ["w1", "w1"]
    assert "published: not a YYYY-MM-DD date: '2023-13-45'" in rows[0]["warning"]
    assert "lang: 'xx' is not a supported language" in rows[1]["warning"]
    assert all(r["ingested_at"] for r in rows)


def test_sqlite_stores_warnings_and_the_cli_lists_them(tmp_path: Path, pipeline: Pipeline) -> None:
    db = str(tmp_path / "w.db")
    _assert_two_warnings(_stored_warnings(db, pipeline))
    table = CliRunner().invoke(cli, ["failures", "--warnings", "--db", db])
    assert table.exit_code == 0 and "w1: in.jsonl:1: published" in table.output
    assert "(2 warnings)" in table.output
    lines = CliRunner().invoke(cli, ["failures", "--warnings", "--format", "jsonl", "--db", db])
    assert [json.loads(x)["doc_id"] for x in lines.output.splitlines()] == ["w1", "w1"]


def test_postgres_stores_warnings(pg_url: str, pipeline: Pipeline) -> None:  # noqa: F811
    _assert_two_warnings(_stored_warnings(pg_url, pipeline))
