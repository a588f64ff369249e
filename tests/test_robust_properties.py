"""Property-based robustness (hypothesis) over the FULL default pipeline and the readers:
no Unicode input makes them raise, and every output offset indexes the original text."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rasad
from rasad.errors import InputError
from rasad.htmltext import html_to_text
from rasad.io import decode_bytes, iter_jsonl
from rasad.scale.neardup import fingerprint
from rasad.scale.synth import ACTORS_AR, ACTORS_EN, PATTERNS_AR, PLACES_AR, PLACES_EN
from rasad.serialize import document_to_dict
from rasad.types import Document

SETTINGS = settings(max_examples=40, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Words that steer the pipeline into its deeper paths (triggers, actors, places,
# dates, numbers), mixed below with arbitrary Unicode.
VOCAB = sorted({w for p in PATTERNS_AR for w in p.split() if "{" not in w}
               | {w for name in ACTORS_AR + PLACES_AR for w in name.split()}
               | set(ACTORS_EN) | set(PLACES_EN)
               | {"قتل", "مقتل", "قصف", "اشتباكات", "أمس", "اليوم", "الأحد", "3", "١٢", "عشرات",
                  "killed", "shelled", "clashes", "yesterday", "12", "dozens", "near", "ريف",
                  "بريف", "شرق", "بين", "و", "في", "على", "إلى", "من"})
NOISE = st.sampled_from(["\u200f", "\u200d", "\u0640", "\u064e", "\u0651", "\ufeff", "\r\n",
                         "\n", "\t", "،", "؛", ".", "(", ")", "\"", "«", "»", "-", "/", "%",
                         "\U0001f600", "e\u0301", "ﻻ", "\u00a0", "\x00", "\x1b"])
TOKEN = st.one_of(st.sampled_from(VOCAB), st.text(min_size=1, max_size=6), NOISE)


@st.composite
def reports(draw: st.DrawFn) -> str:
    tokens = draw(st.lists(TOKEN, max_size=60))
    seps = draw(st.lists(st.sampled_from([" ", " ", " ", "", "\n", "، "]),
                         min_size=len(tokens), max_size=len(tokens)))
    return "".join(t + s for t, s in zip(tokens, seps, strict=True))


def spans(value: Any) -> Iterator[dict[str, Any]]:
    """Every dict with start/end/text in an output-contract document, at any depth."""
    if isinstance(value, dict):
        if isinstance(value.get("start"), int) and isinstance(value.get("end"), int) \
                and isinstance(value.get("text"), str):
            yield value
        for child in value.values():
            yield from spans(child)
    elif isinstance(value, list):
        for child in value:
            yield from spans(child)


def _check(text: str) -> None:
    doc = Document(text=text, id="h", published=date(2024, 5, 17))
    done = rasad.default_pipeline()(doc)  # raises on any step failure
    assert done.text is text
    out = document_to_dict(done)
    for span in spans(out):
        assert 0 <= span["start"] <= span["end"] <= len(text), span
        assert text[span["start"]:span["end"]] == span["text"], span
    json.dumps(out, ensure_ascii=False)  # the output contract serializes


@SETTINGS
@given(reports())
def test_pipeline_on_report_like_text(text: str) -> None:
    _check(text)


@SETTINGS
@given(st.text(max_size=400))
def test_pipeline_on_arbitrary_unicode(text: str) -> None:
    _check(text)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.binary(max_size=2000))
def test_decoding_any_bytes_reads_or_names_the_input(data: bytes) -> None:
    try:
        text = decode_bytes(data, "x.txt")
    except InputError as exc:
        assert str(exc).startswith("x.txt: ")
    else:
        assert isinstance(text, str)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(st.binary(max_size=200), max_size=8))
def test_jsonl_of_any_bytes_never_raises(lines: list[bytes]) -> None:
    stream = io.BytesIO(b"\n".join(lines))
    for item in iter_jsonl(stream, name="feed.jsonl"):
        assert isinstance(item, (Document, InputError))


@settings(max_examples=80, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from([*"<>/=\"' &;#!-", "p", "div", "title", "script", "meta",
                                  "header", "نص", "\n", "&amp", "&#x"]), max_size=80))
def test_html_reader_never_raises(parts: list[str]) -> None:
    text, meta = html_to_text("".join(parts))
    assert isinstance(text, str) and isinstance(meta, dict)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.text(max_size=500))
def test_fingerprint_never_raises(text: str) -> None:
    fp = fingerprint(text)
    assert fp is None or (len(fp.signature) == 8 * 120 and len(fp.bands) == 20)
