"""Report text cut into plain segments around evidence spans, for safe highlighting.

The server cuts, not the browser: offsets count Unicode code points while JavaScript
strings count UTF-16 units, and plain segments let the page render with ``textContent``
only, so a report containing HTML or script is shown as text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

JsonDict = dict[str, Any]


def segments(text: str, spans: Iterable[tuple[int, int]]) -> list[JsonDict]:
    """``text`` as consecutive ``{"text", "mark"}`` pieces; ``mark`` is True inside a span.

    Overlapping and out-of-range spans are merged and clipped; joining the pieces gives
    back ``text`` exactly."""
    merged: list[list[int]] = []
    for start, end in sorted((max(0, s), min(len(text), e)) for s, e in spans):
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out: list[JsonDict] = []
    cursor = 0
    for start, end in merged:
        if start > cursor:
            out.append({"text": text[cursor:start], "mark": False})
        out.append({"text": text[start:end], "mark": True})
        cursor = end
    if cursor < len(text) or not out:
        out.append({"text": text[cursor:], "mark": False})
    return out
