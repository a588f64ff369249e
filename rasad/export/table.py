"""A readable terminal table of events: columns as wide as their content, cut only to fit
the terminal, widths measured in terminal cells (wcwidth: Arabic marks take none)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from wcwidth import wcswidth, wcwidth

JsonDict = dict[str, Any]

TABLE_HEADERS = ("doc", "date", "sub-event type", "actors", "place", "fatalities",
                 "quantities", "conf")
# Where the table must shrink, these columns give up cells, the widest first.
_SHRINK_ORDER = ("actors", "sub-event type", "quantities", "place", "doc")
_MIN_WIDTH = 8


def _clean(text: str) -> str:
    return " ".join(text.split())


def _width(text: str) -> int:
    width = wcswidth(text)
    return width if width >= 0 else sum(max(wcwidth(c), 0) for c in text)


def _fit(text: str, width: int) -> str:
    """``text`` cut (with an ellipsis) and padded to ``width`` terminal cells."""
    if _width(text) > width:
        out: list[str] = []
        used = 0
        for c in text:
            cell = max(wcwidth(c), 0)
            if used + cell > width - 1:
                break
            out.append(c)
            used += cell
        text = "".join(out) + "…"
    return text + " " * max(0, width - _width(text))


def _actor_name(ref: JsonDict) -> str:
    return str(ref.get("name") or ref.get("text") or "")


def table_cells(event: JsonDict) -> list[str]:
    def side(key: str) -> str:
        return ", ".join(_actor_name(a) for a in event.get(key) or []) or "?"

    loc: JsonDict = event.get("location") or {}
    when: JsonDict = event.get("date") or {}
    actors = side("actor1") + (" -> " + side("actor2") if event.get("actor2") else "")
    quantities = event.get("quantities") or {}
    cells = [
        str((event.get("document") or {}).get("id") or ""),
        str(when.get("start") or "?"),
        str(event.get("sub_event_type") or ""),
        actors,
        str(loc.get("name") or loc.get("text") or "?"),
        str(int(event.get("fatalities") or 0)),
        ", ".join(f"{k} {v}" for k, v in quantities.items()),
        f"{float(event.get('confidence') or 0):.2f}",
    ]
    return [_clean(c) for c in cells]


def column_widths(rows: list[list[str]], max_width: int | None) -> list[int]:
    """Each column as wide as its widest cell; the widest columns shrink to ``max_width``."""
    widths = [max([_width(h)] + [_width(r[i]) for r in rows])
              for i, h in enumerate(TABLE_HEADERS)]
    if max_width is None:
        return widths
    excess = sum(widths) + len(widths) - 1 - max_width
    shrinkable = [TABLE_HEADERS.index(name) for name in _SHRINK_ORDER]
    while excess > 0:
        # One cell at a time from the widest shrinkable column: no column is cut far
        # while another still has room to spare.
        widest = max(shrinkable, key=lambda i: widths[i])
        if widths[widest] <= _MIN_WIDTH:
            break
        widths[widest] -= 1
        excess -= 1
    return widths


def format_table(events: Iterable[JsonDict], errors: Iterable[tuple[str, str]] = (),
                 *, max_width: int | None = None) -> str:
    """A table of events, then one ``! source: error`` line per failure. ``max_width``
    (terminal cells) cuts the widest columns; None keeps every cell whole."""
    rows = [table_cells(e) for e in events]
    widths = column_widths(rows, max_width)

    def line(cells: Iterable[str]) -> str:
        return " ".join(_fit(c, w) for c, w in zip(cells, widths, strict=True)).rstrip()

    header = line(TABLE_HEADERS)
    lines = [header, "-" * _width(header), *(line(r) for r in rows)]
    lines.append(f"({len(rows)} event{'s' if len(rows) != 1 else ''})")
    lines += [f"! {r}" if r.startswith(f"{s}:") else f"! {s}: {r}" for s, r in errors]
    return "\n".join(lines) + "\n"
