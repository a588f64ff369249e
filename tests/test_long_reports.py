"""Long reports: span indexes answer like plain scans, sections keep offsets, time budget."""

from __future__ import annotations

import itertools
import json
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from conftest import shared_dir
from hypothesis import given, settings
from hypothesis import strategies as st

from rasad.errors import BudgetError
from rasad.pipeline import Limits, Pipeline
from rasad.sections import section_bounds
from rasad.serialize import document_to_dict
from rasad.spans import SpanIndex
from rasad.types import Document

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "reports.jsonl"


@dataclass
class _Span:
    start: int
    end: int


_spans = st.lists(
    st.tuples(st.integers(0, 200), st.integers(0, 30)).map(lambda t: _Span(t[0], t[0] + t[1])),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(_spans, st.integers(0, 240), st.integers(0, 60))
def test_span_index_answers_like_plain_scans(spans: list[_Span], start: int, width: int) -> None:
    index = SpanIndex(spans)
    end = start + width
    assert index.within(start, end) == [s for s in spans if start <= s.start and s.end <= end]
    assert index.overlaps(start, end) == any(s.start < end and start < s.end for s in spans)
    assert index.covers(start) == any(s.start <= start < s.end for s in spans)


def _eval_reports() -> list[dict[str, str]]:
    folder = shared_dir() / "eval"
    files = sorted(folder.glob("dev_*.jsonl")) if folder.is_dir() else []
    if not files:
        pytest.skip(f"no dev_*.jsonl under {folder} (../shared is absent)")
    return [json.loads(line) for f in files
            for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_span_index_matches_scans_on_every_eval_report(pipeline: Pipeline) -> None:
    # The queries the event rules make: each stretch between two mention boundaries.
    for report in _eval_reports():
        doc = pipeline(Document(text=report["text"], id=report["id"]))
        for spans in (doc.places, doc.actors, doc.dates, doc.quantities):
            index = SpanIndex(spans)
            bounds = sorted({p for s in doc.sentences for p in (s.start, s.end)}
                            | {p for s in spans for p in (s.start, s.end)})
            for start, end in zip(bounds, bounds[1:] + [len(doc.text)], strict=True):
                assert index.within(start, end) == [
                    s for s in spans if start <= s.start and s.end <= end]
                assert index.covers(start) == any(s.start <= start < s.end for s in spans)


def _example_texts() -> list[str]:
    return [json.loads(line)["text"] for line in EXAMPLES.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def test_section_bounds_cover_the_text_at_paragraph_breaks() -> None:
    text = "\n\n".join(_example_texts() * 3)
    bounds = section_bounds(text, 2_000)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(bounds))
    assert all(0 < end - start <= 2_000 for start, end in bounds)
    assert all(text[end - 2:end] == "\n\n" for _, end in bounds[:-1])
    assert section_bounds("word " * 10, 7)[-1][1] == 50  # no break at all: cut anyway


def test_a_report_in_sections_gives_the_events_of_its_parts(pipeline: Pipeline) -> None:
    texts = _example_texts()
    joined = "\n\n".join(texts)
    # Sections of one or two examples: the cuts fall between the reports.
    limits = Limits(section_chars=max(len(t) for t in texts) + 2, time_budget_s=None)
    bounds = section_bounds(joined, limits.section_chars)
    assert len(bounds) > 3
    whole = pipeline.with_limits(limits)(Document(text=joined, id="long",
                                                  published=date(2024, 3, 13)))
    parts = [pipeline(Document(text=joined[s:e], id="long", published=date(2024, 3, 13)))
             for s, e in bounds]
    assert len(whole.events) == sum(len(p.events) for p in parts) > 0
    assert [e.sub_event_type for e in whole.events] == [
        e.sub_event_type for p in parts for e in p.events]
    assert len({e.id for e in whole.events}) == len(whole.events)
    out = document_to_dict(whole)
    spans = [s for e in out["entities"] for s in [e]] + [
        v for ev in out["events"] for v in ev["evidence"]]
    assert spans and all(joined[s["start"]:s["end"]] == s["text"] for s in spans)
    assert whole.provenance == pipeline.names


def test_a_one_megabyte_report_finishes_within_its_budget_or_fails_cleanly(
        pipeline: Pipeline) -> None:
    texts = _example_texts()
    text = "\n\n".join(texts * (1_000_000 // len("\n\n".join(texts).encode("utf-8")) + 1))
    assert len(text.encode("utf-8")) >= 1_000_000
    budget = Limits().time_budget_s
    assert budget is not None
    failures: list[str] = []
    started = time.monotonic()
    [doc] = pipeline.pipe([Document(text=text, id="mb")],
                          on_error=lambda d, exc: failures.append(str(exc)))
    spent = time.monotonic() - started
    if doc.error is None:
        assert doc.events and spent <= budget
    else:  # a slow machine: the report fails with the budget's reason, and nothing else
        assert failures and "exceeded its time budget" in failures[0]


def test_a_report_past_its_budget_fails_with_a_clear_reason(pipeline: Pipeline) -> None:
    tight = pipeline.with_limits(Limits(section_chars=500, time_budget_s=1e-6))
    with pytest.raises(BudgetError, match=r"report 'slow' \(.* characters\) exceeded its time "
                                          r"budget of 1e-06 s: .* section 1 of \d+"):
        tight(Document(text="\n\n".join(_example_texts()), id="slow"))


def test_limits_refuse_nonsense() -> None:
    with pytest.raises(ValueError, match="section_chars"):
        Limits(section_chars=0)
    with pytest.raises(ValueError, match="time_budget_s"):
        Limits(time_budget_s=-1)


def test_ingest_records_a_report_past_its_budget_and_stores_the_rest(
        tmp_path: Path, pipeline: Pipeline) -> None:
    from click.testing import CliRunner

    from rasad.cli import cli
    from rasad.store import open_store

    short = tmp_path / "short.txt"
    short.write_text(_example_texts()[0], encoding="utf-8")
    long = tmp_path / "long.txt"
    long.write_text("\n\n".join(_example_texts() * 40), encoding="utf-8")
    db = tmp_path / "r.db"
    pipeline(Document(text=_example_texts()[0]))  # resources load once, outside the budget
    # A budget this short only lets a report of one section through.
    result = CliRunner().invoke(cli, ["--time-budget", "0.5", "ingest", str(short), str(long),
                                      "--db", str(db), "--published", "2024-03-13"])
    # The batch goes on; the exit status says one report failed (as extract's does).
    assert result.exit_code == 1, result.output
    assert "inserted 1" in result.output and "failed 1" in result.output
    with open_store(str(db)) as store:
        [row] = store.failures()
    assert "exceeded its time budget of 0.5 s" in str(row)
