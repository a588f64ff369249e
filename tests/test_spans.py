"""SpanIndex answers exactly what the plain scans it replaces answer."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rasad.spans import SpanIndex

pairs = st.lists(st.tuples(st.integers(0, 60), st.integers(1, 12)).map(lambda p: (p[0], p[0] + p[1])),
                 max_size=12)
query = st.tuples(st.integers(0, 70), st.integers(1, 10)).map(lambda q: (q[0], q[0] + q[1]))


@given(pairs, query)
def test_queries_agree_with_scans(spans: list[tuple[int, int]], q: tuple[int, int]) -> None:
    index = SpanIndex.of_pairs(spans)
    start, end = q
    assert index.overlaps(start, end) == any(s < end and start < e for s, e in spans)
    assert index.contains(start, end) == any(s <= start and end <= e for s, e in spans)
    assert index.covers(start) == any(s <= start < e for s, e in spans)
    inside = [(x.start, x.end) for x in index.within(start, end)]
    assert inside == [(s, e) for s, e in spans if start <= s and e <= end]
