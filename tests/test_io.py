"""Reading reports: encodings, HTML, JSON Lines, and every bad input named clearly."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from rasad.errors import InputError
from rasad.io import (
    content_hash,
    decode_bytes,
    html_to_text,
    iter_inputs,
    iter_jsonl,
    read_path,
    read_stdin,
    text_id,
)
from rasad.types import Document

AR = "قصفت قوات النظام بلدة كفرنبل بريف إدلب الجنوبي أمس، ما أدى إلى مقتل مدنيين اثنين."
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "label"),
    [
        (AR.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + AR.encode("utf-8"), "utf-8 bom"),
        (AR.encode("utf-16"), "utf-16 bom"),
        (AR.encode("utf-16-le"), "utf-16-le without bom"),
        (AR.encode("cp1256"), "cp1256"),
    ],
)
def test_decodes_each_supported_encoding(data: bytes, label: str) -> None:
    assert decode_bytes(data, label) == AR


def test_utf8_wins_over_cp1256_mojibake() -> None:
    # Any bytes decode as cp1256; UTF-8 must be tried first.
    assert decode_bytes("تدمر".encode(), "x") == "تدمر"


def test_cp1256_file_reads_correctly(tmp_path: Path) -> None:
    path = _write(tmp_path, "legacy.txt", AR.encode("cp1256"))
    doc = read_path(path)
    assert doc.text == AR
    assert doc.id == "legacy"


def test_english_utf16_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "en.txt", "Shelling hit Kafr Nabl on Monday.".encode("utf-16"))
    assert read_path(path).text == "Shelling hit Kafr Nabl on Monday."


def test_binary_file_is_named(tmp_path: Path) -> None:
    path = _write(tmp_path, "photo.txt", bytes(range(256)) * 40)
    with pytest.raises(InputError, match=r"photo\.txt: binary file"):
        read_path(path)


def test_binary_with_nul_bytes(tmp_path: Path) -> None:
    path = _write(tmp_path, "blob.txt", b"\x00\x01\x02\x03PK\x03\x04" * 100)
    with pytest.raises(InputError, match="blob.txt: binary file"):
        read_path(path)


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  "])
def test_empty_report(tmp_path: Path, data: bytes) -> None:
    path = _write(tmp_path, "empty.txt", data)
    with pytest.raises(InputError, match="empty.txt: empty report"):
        read_path(path)


def test_huge_file_over_limit(tmp_path: Path) -> None:
    path = _write(tmp_path, "huge.txt", AR.encode() * 50)
    with pytest.raises(InputError, match=r"huge\.txt: file too large"):
        read_path(path, max_bytes=1000)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="nope.txt: no such file"):
        read_path(tmp_path / "nope.txt")


def test_text_kept_exactly_for_offsets(tmp_path: Path) -> None:
    raw = "سطر أول\r\nسطر ثانٍ\r\n"
    doc = read_path(_write(tmp_path, "crlf.txt", raw.encode()))
    assert doc.text == raw


def test_published_and_ids(tmp_path: Path) -> None:
    doc = read_path(_write(tmp_path, "r7.txt", AR.encode()), published=date(2024, 5, 2))
    assert doc.published == date(2024, 5, 2)
    assert doc.id == "r7"
    assert text_id(AR) == text_id(AR) and len(text_id(AR)) == 16


def test_content_hash_is_nfc_insensitive() -> None:
    composed = "é"
    decomposed = "e\u0301"
    assert content_hash(composed) == content_hash(decomposed)
    assert content_hash("a") != content_hash("b")


def test_json_file(tmp_path: Path) -> None:
    record = {"id": "j1", "text": AR, "published": "2024-03-18", "outlet": "X"}
    doc = read_path(_write(tmp_path, "one.json", json.dumps(record).encode()))
    assert (doc.id, doc.published, doc.outlet) == ("j1", date(2024, 3, 18), "X")


def test_json_file_malformed(tmp_path: Path) -> None:
    path = _write(tmp_path, "bad.json", b'{"text": "abc"')
    with pytest.raises(InputError, match="bad.json: invalid JSON"):
        read_path(path)


# ------------------------------------------------------------------ HTML


def test_html_drops_boilerplate_and_keeps_paragraphs() -> None:
    html = (
        "<html><head><title>Headline</title><script>var x = 'hidden';</script>"
        "<style>p{}</style></head><body><nav>Home | News</nav><header>Site</header>"
        "<p>First &amp; one</p><p>Second <b>bold</b><br>line</p>"
        "<aside>Related</aside><footer>(c) 2024</footer></body></html>"
    )
    text, _meta = html_to_text(html)
    assert text.splitlines() == ["Headline", "First & one", "Second bold", "line"]


def test_malformed_html_still_gives_text() -> None:
    # Unclosed tags, a stray closing div, and a header that never closes.
    text, _ = html_to_text("<html><body><header><p>Body <div>text</p></div></div><p>more")
    assert "Body" in text and "more" in text
    text2, _ = html_to_text("<p>one<p>two</span></div><script>bad()")
    assert text2.splitlines() == ["one", "two"]


def test_html_metadata(tmp_path: Path) -> None:
    html = (
        '<html><head><title>T - Outlet</title><meta property="og:site_name" content="Outlet">'
        '<meta property="article:published_time" content="2025-02-03T09:15:00+03:00">'
        '<link rel="canonical" href="https://example.org/a"></head><body><h1>T</h1>'
        "<p>Body text.</p></body></html>"
    )
    doc = read_path(_write(tmp_path, "page.html", html.encode()))
    assert doc.text == "T\nBody text."
    assert (doc.published, doc.url, doc.outlet) == (
        date(2025, 2, 3), "https://example.org/a", "Outlet")


def test_html_with_only_boilerplate_is_empty(tmp_path: Path) -> None:
    path = _write(tmp_path, "nav.html", b"<html><body><nav>a | b</nav><script>x</script></body>")
    # Without skipping boilerplate the navigation is the only text: still a report.
    assert read_path(path).text == "a | b"
    path2 = _write(tmp_path, "blank.html", b"<html><body><script>x()</script></body></html>")
    with pytest.raises(InputError, match="blank.html: empty report"):
        read_path(path2)


def test_bundled_html_example() -> None:
    doc = read_path(EXAMPLES / "mayadin_hq.html")
    assert "سكربت" not in doc.text  # script content dropped
    assert "الرئيسية" not in doc.text and "اقرأ أيضاً" not in doc.text  # nav / aside
    assert "الميادين" in doc.text
    assert doc.published == date(2025, 2, 3)


# ------------------------------------------------------------------ JSON Lines


def test_jsonl_bad_lines_do_not_stop_the_batch(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "text": AR, "published": "2024-01-02"}, ensure_ascii=False),
        "{not json",
        "",
        json.dumps({"id": "b"}),
        json.dumps(["a list"]),
        json.dumps({"id": "c", "text": "   "}),
        json.dumps({"id": "d", "text": AR, "published": "yesterday"}, ensure_ascii=False),
        json.dumps({"text": "English report about shelling."}),
    ]
    path = _write(tmp_path, "docs.jsonl", ("\n".join(lines) + "\n").encode())
    items = list(iter_jsonl(path))
    kinds = [type(i).__name__ if isinstance(i, Document) else str(i) for i in items]
    assert kinds[0] == "Document"
    assert kinds[1].startswith(f"{path}:2: malformed JSON")
    assert kinds[2] == f'{path}:4: missing "text" (a string)'
    assert kinds[3] == f"{path}:5: expected a JSON object, got list"
    assert kinds[4] == f"{path}:6: empty report"
    doc_d = items[5]
    assert isinstance(doc_d, Document) and doc_d.published is None
    assert "published" in doc_d.warnings[0]
    last = items[6]
    assert isinstance(last, Document) and last.id == text_id(last.text)
    assert len(items) == 7


def test_jsonl_fields() -> None:
    line = json.dumps({"id": "r1", "text": AR, "published": "2023-05-17T10:00:00Z",
                       "url": "https://example.org/r1", "outlet": "O", "lang": "ar"})
    (doc,) = list(iter_jsonl(io.BytesIO(line.encode() + b"\n")))
    assert isinstance(doc, Document)
    assert (doc.id, doc.published, doc.url, doc.outlet, doc.lang) == (
        "r1", date(2023, 5, 17), "https://example.org/r1", "O", "ar")


def test_jsonl_oversized_line_is_skipped_not_fatal() -> None:
    big = json.dumps({"id": "big", "text": "x" * 5000})
    small = json.dumps({"id": "ok", "text": "a report"})
    stream = io.BytesIO(f"{big}\n{small}\n".encode())
    items = list(iter_jsonl(stream, max_bytes=1000, name="feed.jsonl"))
    assert isinstance(items[0], InputError) and "feed.jsonl:1: report too large" in str(items[0])
    assert isinstance(items[1], Document) and items[1].id == "ok"


def test_jsonl_bom_and_text_stream() -> None:
    data = b"\xef\xbb\xbf" + json.dumps({"text": "report"}).encode() + b"\n"
    (doc,) = list(iter_jsonl(io.BytesIO(data)))
    assert isinstance(doc, Document) and doc.text == "report"
    (doc2,) = list(iter_jsonl(io.StringIO('{"text": "from text"}\n')))
    assert isinstance(doc2, Document) and doc2.text == "from text"


def test_jsonl_missing_file(tmp_path: Path) -> None:
    (err,) = list(iter_jsonl(tmp_path / "gone.jsonl"))
    assert isinstance(err, InputError) and "gone.jsonl: no such file" in str(err)


def test_bundled_jsonl_example_reads_cleanly() -> None:
    items = list(iter_jsonl(EXAMPLES / "reports.jsonl"))
    assert len(items) >= 8
    assert all(isinstance(i, Document) and i.published and i.outlet for i in items)


# ------------------------------------------------------------------ stdin and batches


def test_read_stdin() -> None:
    doc = read_stdin(io.BytesIO(AR.encode("cp1256")), published=date(2024, 1, 1))
    assert doc.text == AR and doc.published == date(2024, 1, 1)
    with pytest.raises(InputError, match="<stdin>: empty report"):
        read_stdin(io.BytesIO(b"\n"))


def test_iter_inputs_mixes_files_and_errors_in_order(tmp_path: Path) -> None:
    good = _write(tmp_path, "good.txt", AR.encode())
    empty = _write(tmp_path, "empty.txt", b"")
    jsonl = _write(tmp_path, "more.jsonl", b'{"id": "j", "text": "t"}\n{bad\n')
    items = list(iter_inputs([good, empty, tmp_path / "missing.txt", jsonl],
                             published=date(2024, 6, 1)))
    assert [getattr(i, "id", None) for i in items[:1]] == ["good"]
    assert "empty.txt: empty report" in str(items[1])
    assert "missing.txt: no such file" in str(items[2])
    assert isinstance(items[3], Document) and items[3].published == date(2024, 6, 1)
    assert "more.jsonl:2" in str(items[4])


def test_folder_expands_to_report_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    _write(tmp_path, "b.txt", b"second")
    _write(tmp_path, "sub/a.html", b"<p>first</p>")
    _write(tmp_path, "notes.png", b"\x89PNG")
    _write(tmp_path, ".hidden.txt", b"x")
    docs = list(iter_inputs([tmp_path]))
    assert [d.id for d in docs if isinstance(d, Document)] == ["b", "a"]
