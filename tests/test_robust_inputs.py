"""Malformed inputs in a batch: each ends in the dead-letter table with a clear reason,
and the rest of the batch is stored."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import rasad
from rasad.batch import ingest_reports
from rasad.io import decode_bytes, iter_inputs
from rasad.pipeline import NamedStep, Pipeline
from rasad.scale.synth import generate_corpus
from rasad.store import SQLiteStore
from rasad.types import Document

AR = "قصفت قوات النظام بالمدفعية الثقيلة بلدة كفرنبل بريف إدلب الجنوبي، ما أدى إلى مقتل مدنيين."
FIFTY_MB = 50 * 1024 * 1024

# name -> (bytes, expected reason)
BAD_FILES: dict[str, tuple[bytes, str]] = {
    "empty.txt": (b"", "empty report"),
    "spaces.txt": (b" \n\t\n", "empty report"),
    "image.txt": (bytes(range(256)) * 64, "binary file"),
    "nul.txt": (b"\x00" * 4096, "binary file"),
    "broken_utf8.txt": (AR.encode()[:40] + b"\xff\xfe\xc3" + AR.encode()[40:],
                        "invalid UTF-8 at byte"),
    "bad_utf16.txt": (b"\xff\xfe" + AR.encode("utf-16-le")[:-1], "invalid utf-16 text"),
    "scripts_only.html": (b"<html><head><script>x()</script></head><body><div id=app>"
                          + b"<script>boot()</script></body></html>", "empty report"),
    "truncated.html": (b"<html><head><title", "empty report"),
    "bad.json": (b'{"text": "unterminated', "invalid JSON"),
    "array.json": (b"[1, 2]", "expected a JSON object"),
    "no_text.json": (b'{"id": "x", "body": "..."}', 'missing "text"'),
    "number_text.json": (b'{"text": 42}', 'missing "text"'),
    "no_column.csv": (b"body\nsomething\n", 'no "text" column'),
}


@pytest.fixture(scope="module")
def batch_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("robust")
    good = generate_corpus(6, seed=17)
    for r in good[:3]:
        (folder / f"{r['id']}.txt").write_text(r["text"], encoding="utf-8")
    for name, (data, _reason) in BAD_FILES.items():
        (folder / name).write_bytes(data)
    with (folder / "huge.txt").open("wb") as stream:
        stream.truncate(FIFTY_MB)  # 50 MB, sparse: no time spent writing it
    lines = [json.dumps(r, ensure_ascii=False) for r in good[3:]]
    lines[1:1] = ["{oops", "[]", json.dumps({"text": ""}), json.dumps({"id": 3})]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_every_malformed_input_is_dead_lettered(batch_folder: Path) -> None:
    with SQLiteStore() as store:
        summary = ingest_reports(store, rasad.default_pipeline(), iter_inputs([batch_folder]))
        failures = store.failures()
        counts = store.counts()
    assert summary.inserted == 6 and counts["documents"] == 6 and counts["events"] > 0
    reasons = {Path(f["source"].split(":")[0]).name: f["reason"] for f in failures}
    for name, (_data, expected) in BAD_FILES.items():
        assert expected in reasons[name], (name, reasons.get(name))
    assert "file too large (52428800 bytes" in reasons["huge.txt"]
    jsonl = sorted(f["reason"].split(": ", 1)[1] for f in failures
                   if f["source"].startswith(str(batch_folder / "feed.jsonl")))
    assert jsonl == ["empty report", "expected a JSON object, got list",
                     "malformed JSON: Expecting property name enclosed in double quotes",
                     'missing "text" (a string)']
    assert summary.failed == len(failures) == len(BAD_FILES) + 1 + 4


def test_a_crashing_step_is_dead_lettered_and_the_batch_goes_on() -> None:
    def explode(doc: Document) -> Document:
        if "boom" in doc.text:
            raise ValueError("cannot parse this sentence")
        return doc

    pipeline = Pipeline([NamedStep("test.explode.v1", explode)])
    texts = [r["text"] for r in generate_corpus(3, seed=2)]

    def fresh() -> list[Document]:
        return [Document(text=text + (" boom" if i == 1 else ""), id=f"d{i}")
                for i, text in enumerate(texts)]

    docs = fresh()
    with SQLiteStore() as store:
        summary = ingest_reports(store, pipeline, docs)
        (failure,) = store.failures()
        assert (summary.inserted, summary.failed) == (2, 1)
        assert failure["source"] == "d1"
        assert failure["reason"] == ("step test.explode.v1 failed on document 'd1': "
                                     "cannot parse this sentence")
        # After a fix the report is retried, not skipped as a duplicate.
        fixed = ingest_reports(store, Pipeline([]), fresh())
        assert (fixed.inserted, fixed.duplicates) == (1, 2)


def test_mis_encoded_is_refused_not_turned_into_mojibake() -> None:
    corrupted = AR.encode()[:30] + b"\x80" + AR.encode()[30:]
    with pytest.raises(rasad.InputError, match="invalid UTF-8 at byte 30"):
        decode_bytes(corrupted, "r.txt")
    assert decode_bytes(AR.encode("cp1256"), "r.txt") == AR  # genuine legacy text still reads


def test_malformed_but_readable_html_is_kept(tmp_path: Path) -> None:
    page = tmp_path / "sloppy.html"
    page.write_text(f"<html><body><p>{AR}<div><span>تتمة الخبر</p></b></body>",
                    encoding="utf-8")
    (doc,) = list(iter_inputs([page]))
    assert isinstance(doc, Document) and AR in doc.text and "تتمة الخبر" in doc.text


def test_huge_jsonl_line_is_skipped_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as stream:
        stream.write(json.dumps({"text": AR}) + "\n")
        stream.write('{"text": "' + "x" * (2 * 1024 * 1024) + '"}\n')
        stream.write(json.dumps({"text": AR + " ثانية"}) + "\n")
    items = list(iter_inputs([path], max_bytes=1024 * 1024))
    assert [type(i).__name__ for i in items] == ["Document", "ReportInputError", "Document"]
    assert "report too large" in str(items[1])


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root reads every file")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text(AR, encoding="utf-8")
    path.chmod(0)
    (err,) = list(iter_inputs([path]))
    assert "permission denied" in str(err)
