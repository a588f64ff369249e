"""Loading of the TSV lexicons in :mod:`rasad.knowledge` (read once, cached)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"


@cache
def read_tsv(name: str) -> tuple[dict[str, str], ...]:
    """Rows of ``rasad/knowledge/<name>`` as dicts keyed by the header; '#' lines skipped."""
    text = (_KNOWLEDGE / name).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    if not lines:
        return ()
    header = lines[0].split("\t")
    rows: list[dict[str, str]] = []
    for line in lines[1:]:
        cells = line.split("\t")
        cells += [""] * (len(header) - len(cells))
        rows.append({h: c.strip() for h, c in zip(header, cells, strict=False)})
    return tuple(rows)
