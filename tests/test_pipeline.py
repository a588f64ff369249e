"""The step registry, provenance and batch error handling."""

from __future__ import annotations

import pytest

import rasad
from rasad.errors import RasadError, StepError
from rasad.pipeline import DEFAULT_STEPS, NamedStep, Pipeline, registered_steps
from rasad.types import ACLED_TAXONOMY, Document


def test_taxonomy_has_six_types_and_25_subtypes() -> None:
    assert len(ACLED_TAXONOMY) == 6
    assert sum(len(v) for v in ACLED_TAXONOMY.values()) == 25


def test_default_steps_are_registered_and_recorded(pipeline: Pipeline) -> None:
    assert set(DEFAULT_STEPS) <= set(registered_steps())
    doc = pipeline(Document(text="قصفت قوات النظام بلدة كفرنبل.", id="x"))
    assert doc.provenance == list(DEFAULT_STEPS)


def test_unknown_step_is_a_clear_error() -> None:
    with pytest.raises(RasadError, match="unknown step"):
        Pipeline.from_names(["geocode.nowhere.v9"])


def _boom(doc: Document) -> Document:
    if "boom" in doc.text:
        raise ValueError("bad input")
    return doc


def test_pipe_records_a_failure_and_goes_on() -> None:
    pipe = Pipeline([NamedStep("test.boom.v1", _boom)])
    seen: list[tuple[str, Exception]] = []
    docs = [Document(text="ok", id="a"), Document(text="boom", id="b"), Document(text="ok", id="c")]
    out = list(pipe.pipe(docs, on_error=lambda d, e: seen.append((d.id, e))))
    assert [d.id for d in out] == ["a", "b", "c"]
    assert out[1].error and "test.boom.v1" in out[1].error and "'b'" in out[1].error
    assert out[0].error is None and out[2].error is None
    assert isinstance(seen[0][1], StepError)


def test_extract_facade() -> None:
    doc = rasad.extract("قصفت قوات النظام بلدة كفرنبل بريف إدلب الجنوبي أمس",
                        published="2024-03-13", doc_id="f")
    assert [e.sub_event_type for e in doc.events] == ["Shelling/artillery/missile attack"]
    assert doc.events[0].date is not None
    assert doc.events[0].date.start_date is not None
    assert doc.events[0].date.start_date.isoformat() == "2024-03-12"


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01", "؟؟؟", "a" * 5000, "١٢٣ ٤٥٦"])
def test_odd_text_never_raises(pipeline: Pipeline, text: str) -> None:
    doc = pipeline(Document(text=text, id="odd"))
    assert doc.error is None
