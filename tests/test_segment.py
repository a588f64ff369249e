from hypothesis import given, settings
from hypothesis import strategies as st

from rasad.lang.segment import split_sentences, tokenize
from rasad.pipeline import Pipeline
from rasad.types import Document


def _texts(text: str) -> list[str]:
    return [text[s.start:s.end] for s in split_sentences(text)]


def test_splits_arabic_punctuation_and_newlines() -> None:
    text = "قصفت قوات النظام بلدة كنصفرة؛ وردت الفصائل. هل انتهى القصف؟ لا\nسطر جديد"
    assert _texts(text) == ["قصفت قوات النظام بلدة كنصفرة؛", "وردت الفصائل.",
                            "هل انتهى القصف؟", "لا", "سطر جديد"]


def test_decimals_initials_and_abbreviations_do_not_split() -> None:
    text = "The U.S. Gen. Smith said 2.5 tons fell. Then it stopped."
    assert _texts(text) == ["The U.S. Gen. Smith said 2.5 tons fell.", "Then it stopped."]


def test_short_parenthesis_is_not_split() -> None:
    text = "قال المرصد (نقلا عن مصادر. محلية) إن القصف استمر. وانتهى."
    assert _texts(text) == ["قال المرصد (نقلا عن مصادر. محلية) إن القصف استمر.", "وانتهى."]


def test_ellipsis_splits_and_offsets_are_stripped() -> None:
    text = "  انسحبت القوات… ثم عادت  "
    sents = split_sentences(text)
    assert [text[s.start:s.end] for s in sents] == ["انسحبت القوات…", "ثم عادت"]


def test_tokens_keep_diacritics_and_normalize() -> None:
    toks = tokenize("وصل أكثر من 90 عنصرًا، و1,200 آلية.")
    assert [t.text for t in toks] == ["وصل", "أكثر", "من", "90", "عنصرًا", "و", "1,200", "آلية"]
    assert toks[1].norm == "اكثر"
    assert toks[4].norm == "عنصرا"
    assert all(t.text == "وصل أكثر من 90 عنصرًا، و1,200 آلية."[t.start:t.end] for t in toks)


def test_latin_codes_stay_whole() -> None:
    assert [t.text for t in tokenize("on the M5 highway")] == ["on", "the", "M5", "highway"]


def test_arabic_indic_digits_are_tokens() -> None:
    toks = tokenize("مقتل ٩ عناصر")
    assert [t.norm for t in toks] == ["مقتل", "9", "عناصر"]


def test_segment_step_sets_language() -> None:
    doc = Pipeline.from_names(["text.segment.v1"])(Document(text="قصفت المدفعية القرية. ثم توقفت."))
    assert doc.lang == "ar"
    assert len(doc.sentences) == 2
    assert doc.tokens[0].norm == "قصفت"


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_offsets_index_original_for_any_text(text: str) -> None:
    for s in split_sentences(text):
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start:s.end] == text[s.start:s.end].strip()
    for t in tokenize(text):
        assert text[t.start:t.end] == t.text
