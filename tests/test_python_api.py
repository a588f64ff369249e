"""The library as the README shows it: one import, dicts or Documents, a DataFrame."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import rasad
from rasad import Document

README = Path(__file__).resolve().parents[1] / "README.md"
SHELLING = "قصفت قوات النظام بلدة كفرنبل بريف إدلب الجنوبي أمس"


def test_readme_library_snippet_runs_in_a_fresh_interpreter() -> None:
    snippet = re.search(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
    assert snippet is not None
    code = f"text = {SHELLING!r}\n" + snippet.group(1)
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Shelling/artillery/missile attack" in done.stdout


def test_pipe_takes_report_dicts_and_marks_bad_ones() -> None:
    docs = list(rasad.default_pipeline().pipe([
        {"id": "a", "text": SHELLING, "published": "2024-05-22"},
        {"id": "b", "body": "no text key"},
    ]))
    assert [d.id for d in docs] == ["a", "item 2"]
    assert docs[0].events and docs[0].events[0].date is not None
    assert docs[0].events[0].date.start_date.isoformat() == "2024-05-21"
    assert docs[1].error is not None and 'missing "text"' in docs[1].error


def test_document_takes_an_iso_date_string() -> None:
    doc = rasad.default_pipeline()(Document(text=SHELLING, published="2024-05-22"))
    assert doc.published is not None and doc.published.isoformat() == "2024-05-22"
    with pytest.raises(ValueError, match="published: not a YYYY-MM-DD date: 'May 22'"):
        Document(text=SHELLING, published="May 22")


def test_dataframe_has_acled_columns_with_integers() -> None:
    pytest.importorskip("pandas")
    frame = rasad.to_dataframe([rasad.extract(SHELLING, published="2024-05-22", doc_id="r1")])
    assert list(frame.columns)[:3] == ["event_id_cnty", "event_date", "year"]
    row = frame.iloc[0]
    assert row["year"] == 2024 and str(frame["year"].dtype) == "Int64"
    assert row["country"] == "Syria" and row["iso"] == 760
    labels = rasad.to_dataframe([rasad.extract(SHELLING, published="2024-05-22")],
                                labels=True)
    assert labels.iloc[0]["inter1"] == "State forces"
