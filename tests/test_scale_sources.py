"""Real sources: RSS/Atom feeds and article pages (through a fake fetcher), CSV files,
folders, near-duplicate syndicated copies, and progress estimates."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from rasad.batch import ingest_reports
from rasad.errors import InputError
from rasad.io import content_hash, iter_inputs
from rasad.scale import neardup
from rasad.scale.progress import ProgressBar, estimate_total
from rasad.scale.web import FakeFetcher, HttpFetcher, article_document, is_url, iter_url
from rasad.store import SQLiteStore
from rasad.types import Document

BODY_1 = ("قصفت قوات النظام بالمدفعية الثقيلة بلدة كفرنبل بريف إدلب الجنوبي صباح اليوم، ما أدى إلى"
          " مقتل ثلاثة مدنيين وإصابة آخرين بجروح متفاوتة نقلوا إلى المشفى.")
BODY_2 = ("استهدفت طائرة مسيّرة مجهولة سيارة تقل عناصر من ميليشيا حزب الله العراقي قرب مدينة"
          " البوكمال بريف دير الزور الشرقي مساء أمس، وأسفرت الضربة عن مقتل عنصرين.")


def article(title: str, body: str, *, date_meta: str = "2024-05-17T08:00:00Z",
            charset: str = "utf-8") -> bytes:
    html = f"""<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title} | شبكة الرصد</title>
<meta property="og:site_name" content="شبكة الرصد">
<meta property="article:published_time" content="{date_meta}"></head>
<body><nav><a href="/">الرئيسية</a> <a href="/news">أخبار</a></nav>
<article><h1>{title}</h1><p>{body}</p>
<p>وقالت مصادر محلية إن الأهالي يعيشون حالة من الخوف بسبب استمرار القصف على المنطقة منذ أيام.</p>
</article><footer>جميع الحقوق محفوظة</footer></body></html>"""
    return html.encode(charset)


RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Rasd Network</title><link>https://news.example/</link>
<item><title>Shelling on Kafr Nabl</title><link>https://news.example/a/1</link>
<pubDate>Fri, 17 May 2024 08:00:00 GMT</pubDate><guid>a1</guid></item>
<item><title>Drone strike near Bukamal</title><link>https://news.example/a/2</link>
<pubDate>Sat, 18 May 2024 20:00:00 GMT</pubDate><guid>a2</guid></item>
<item><title>Gone</title><link>https://news.example/a/404</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title>
<entry><title>Drone strike</title><link href="https://atom.example/x"/><id>urn:x</id>
<updated>2024-06-01T10:00:00Z</updated></entry></feed>"""


@pytest.fixture
def fetcher() -> FakeFetcher:
    return FakeFetcher({
        "https://news.example/feed.xml": RSS,
        "https://news.example/a/1": article("قصف على كفرنبل", BODY_1),
        "https://news.example/a/2": article("ضربة قرب البوكمال", BODY_2, date_meta=""),
        "https://atom.example/feed": ATOM,
        "https://atom.example/x": article("ضربة", BODY_2, charset="cp1256"),
        # A page rendered by script: no article text in the HTML.
        "https://news.example/empty": b"<html><head><script>render()</script></head>"
                                      b"<body><div id='app'></div><script>boot()</script></body></html>",
        "https://news.example/broken-feed": b"<?xml version='1.0'?><rss><channel><item>",
    })


def test_rss_feed_articles_with_metadata(fetcher: FakeFetcher) -> None:
    items = list(iter_url("https://news.example/feed.xml", fetcher))
    docs = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert [d.url for d in docs] == ["https://news.example/a/1", "https://news.example/a/2"]
    first, second = docs
    assert first.text.startswith("قصف على كفرنبل\n") and BODY_1 in first.text
    assert "الرئيسية" not in first.text and "الحقوق" not in first.text  # boilerplate dropped
    assert first.outlet == "شبكة الرصد"
    assert first.published == date(2024, 5, 17)
    assert second.published == date(2024, 5, 18)  # from the feed entry when the page has none
    assert first.id.startswith("url-") and first.id != second.id
    assert len(errors) == 1 and "https://news.example/a/404: HTTP 404" in str(errors[0])


def test_atom_feed_and_legacy_encoding(fetcher: FakeFetcher) -> None:
    (doc,) = list(iter_url("https://atom.example/feed", fetcher))
    assert isinstance(doc, Document)
    assert BODY_2 in doc.text  # a Windows-1256 page decoded
    assert doc.url == "https://atom.example/x"


def test_article_url_and_page_without_text(fetcher: FakeFetcher) -> None:
    (doc,) = list(iter_url("https://news.example/a/1", fetcher))
    assert isinstance(doc, Document) and BODY_1 in doc.text
    (err,) = list(iter_url("https://news.example/empty", fetcher))
    assert isinstance(err, InputError)
    (bad,) = list(iter_url("https://news.example/broken-feed", fetcher))
    assert isinstance(bad, InputError) and "feed" in str(bad)


def test_urls_mix_with_files_in_order(tmp_path: Path, fetcher: FakeFetcher) -> None:
    local = tmp_path / "r.txt"
    local.write_text(BODY_2, encoding="utf-8")
    items = list(iter_inputs([str(local), "https://news.example/a/1", "https://x.example/no"],
                             fetcher=fetcher))
    assert isinstance(items[0], Document) and items[0].id == "r"
    assert isinstance(items[1], Document) and items[1].url == "https://news.example/a/1"
    assert isinstance(items[2], InputError) and "HTTP 404" in str(items[2])


def test_local_feed_file_fetches_its_articles(tmp_path: Path, fetcher: FakeFetcher) -> None:
    feed = tmp_path / "desk.rss"
    feed.write_bytes(RSS)
    docs = [i for i in iter_inputs([tmp_path], fetcher=fetcher) if isinstance(i, Document)]
    assert len(docs) == 2 and fetcher.requested[0] == "https://news.example/a/1"


def test_is_url_and_real_fetcher_errors_are_input_errors() -> None:
    assert is_url("https://a.b/c") and not is_url("/tmp/https.txt")
    with pytest.raises(InputError, match="cannot fetch"):
        HttpFetcher(timeout=0.5, retries=0).fetch("http://127.0.0.1:9/nothing")


def test_charset_header_wins(fetcher: FakeFetcher) -> None:
    from rasad.scale.web import Fetched

    page = article("قصف", BODY_1, charset="cp1256")
    doc = article_document(Fetched("https://h.example/p", page, "text/html; charset=windows-1256"))
    assert BODY_1 in doc.text


# ---------------------------------------------------------------- CSV and folders


def test_csv_reports(tmp_path: Path) -> None:
    path = tmp_path / "desk.csv"
    path.write_text(
        'id,published,outlet,text\n'
        f'a,2024-05-01,Desk,"{BODY_1}\nسطر ثان"\n'
        'b,2024-05-02,Desk,\n'
        f'c,not-a-date,Desk,{BODY_2}\n', encoding="utf-8",
    )
    items = list(iter_inputs([path]))
    assert isinstance(items[0], Document) and items[0].text.endswith("\nسطر ثان")
    assert items[0].published == date(2024, 5, 1) and items[0].outlet == "Desk"
    # The physical line (row a spans two): where an editor shows the bad row.
    assert isinstance(items[1], InputError) and f"{path}:4: empty report" in str(items[1])
    assert isinstance(items[2], Document) and items[2].published is None
    assert items[2].warnings  # the bad date is kept as a warning, not a failure


def test_csv_encodings_and_missing_column(tmp_path: Path) -> None:
    utf16 = tmp_path / "u16.csv"
    utf16.write_bytes(f"text,id\n{BODY_1},x\n".encode("utf-16"))
    legacy = tmp_path / "legacy.csv"
    legacy.write_bytes(f"text\n{BODY_2}\n".encode("cp1256"))
    nocol = tmp_path / "nocol.csv"
    nocol.write_text("body\nhello\n", encoding="utf-8")
    items = list(iter_inputs([utf16, legacy, nocol]))
    assert items[0].text == BODY_1 and items[1].text == BODY_2  # type: ignore[union-attr]
    assert isinstance(items[2], InputError) and 'no "text" column' in str(items[2])


def test_folder_reads_every_format(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY_1, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.csv").write_text(f"text\n{BODY_2}\n", encoding="utf-8")
    (tmp_path / "sub" / "c.jsonl").write_text('{"text": "x y z"}\n', encoding="utf-8")
    (tmp_path / "d.html").write_bytes(article("عنوان", BODY_1))
    (tmp_path / "skip.bin").write_bytes(b"\x00\x01")
    items = list(iter_inputs([tmp_path]))
    docs = [d for d in items if isinstance(d, Document)]
    assert len(docs) == 4
    # A file of another type is listed, not dropped silently.
    [skipped] = [i for i in items if isinstance(i, InputError)]
    assert "skip.bin: skipped: not a report file type ('.bin')" in str(skipped)
    assert estimate_total([tmp_path]) == 4


# ---------------------------------------------------------------- near-duplicates


class _Pipeline:
    def pipe(self, docs: Any, on_error: Any = None) -> Any:
        yield from docs


def test_syndicated_copy_is_skipped_and_recorded() -> None:
    original = Document(text=f"{BODY_1}\n{BODY_2}", id="orig")
    copy = Document(text=f"وكالة الأنباء - {BODY_1} {BODY_2}\nحقوق النشر محفوظة", id="copy")
    other = Document(text=BODY_2 + " " + BODY_1[:40], id="other")
    store = SQLiteStore()
    summary = ingest_reports(store, _Pipeline(), [original, copy])
    assert (summary.inserted, summary.near_duplicates) == (1, 1)
    (row,) = store.near_duplicates()
    assert row["source"] == "copy" and row["duplicate_of_id"] == "orig"
    assert row["duplicate_of"] == content_hash(original.text) and row["similarity"] >= 0.7
    # A later run finds the original through the stored fingerprint.
    again = ingest_reports(store, _Pipeline(), [copy, other])
    assert (again.near_duplicates, again.inserted) == (1, 1)
    assert len(store.near_duplicates()) == 1  # recorded once
    kept = ingest_reports(SQLiteStore(), _Pipeline(), [original, copy], near_dup=False)
    assert kept.inserted == 2


def test_minhash_estimates_similarity() -> None:
    a = neardup.fingerprint(f"{BODY_1} {BODY_2}")
    b = neardup.fingerprint(f"{BODY_2} {BODY_1}")
    c = neardup.fingerprint("اندلعت اشتباكات عنيفة بين فصائل المعارضة وقوات النظام على محاور"
                            " ريف اللاذقية الشمالي استخدمت فيها الأسلحة الثقيلة والمتوسطة طوال الليل")
    assert a and b and c
    sim = neardup.similarity
    assert sim(neardup.decode(a.signature), neardup.decode(b.signature)) > 0.75
    assert sim(neardup.decode(a.signature), neardup.decode(c.signature)) < 0.2
    assert neardup.fingerprint("قصير جدا") is None  # too short to judge
    assert neardup.decode(a.signature) == neardup.signature(neardup.shingles(f"{BODY_1} {BODY_2}"))


def test_diacritics_and_tatweel_do_not_hide_a_copy() -> None:
    plain = neardup.fingerprint(BODY_1 + " " + BODY_2)
    marked = neardup.fingerprint((BODY_1 + " " + BODY_2).replace("قصفت", "قَصَفـت"))
    assert plain and marked
    score = neardup.similarity(neardup.decode(plain.signature), neardup.decode(marked.signature))
    assert score == 1.0


# ---------------------------------------------------------------- progress


def test_progress_bar_shows_count_rate_and_eta(tmp_path: Path) -> None:
    jsonl = tmp_path / "r.jsonl"
    jsonl.write_text("".join(f'{{"text": "report {i} {BODY_1}"}}\n' for i in range(5)),
                     encoding="utf-8")
    assert estimate_total([], jsonl) == 5
    assert estimate_total(["https://x.example/feed"]) is None
    out = io.StringIO()
    with ProgressBar(5, enabled=True, stream=out) as bar:
        ingest_reports(SQLiteStore(), _Pipeline(), iter_inputs([jsonl]), on_progress=bar,
                       near_dup=False)
    text = out.getvalue()
    assert "5/5" in text and "reports/s" in text and "stored=5" in text
