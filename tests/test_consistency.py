"""Consistency warnings: variant spellings and counts that do not add up."""

from __future__ import annotations

from rasad.pipeline import Pipeline
from rasad.steps.consistency import numbered_variants, spelling_variants
from rasad.types import Document


def test_numbered_variants() -> None:
    assert numbered_variants(["الفوج 47", "الفوج 74", "اللواء 313"]) == [("الفوج 47", "الفوج 74")]
    assert numbered_variants(["الفرقة 17", "الفرقة 18"]) == [("الفرقة 17", "الفرقة 18")]
    assert numbered_variants(["الفوج 47", "الفوج 137"]) == []


def test_spelling_variants() -> None:
    assert {frozenset(p) for p in spelling_variants(["البيضة", "البيضا"])} == {frozenset({"البيضة", "البيضا"})}
    assert spelling_variants(["تدمر", "مدينة تدمر"]) == []  # one contains the other
    assert spelling_variants(["حلب", "حمص"]) == []  # too short to be a spelling slip


def test_itemized_counts_that_do_not_add_up(pipeline: Pipeline) -> None:
    text = (
        "سلمت ميليشيا (لواء القدس) 6 مواقع عسكرية في مناطق السخنة والقريتين لميليشيا "
        "(حزب الله اللبناني).\n"
        "وأخلت ميليشيا (لواء القدس) مقرين قرب بلدة السخنة وثلاث نقاط قرب مدينة القريتين."
    )
    doc = pipeline(Document(text=text, id="c"))
    assert any("counts do not add up" in w and "6" in w and "5" in w for w in doc.warnings)
