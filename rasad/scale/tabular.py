"""Reports from CSV files: one report a row, with a ``text`` column.

Other recognised columns: ``id``, ``published``, ``url``, ``outlet``, ``lang`` (the
same fields as JSON Lines). The file is decoded like a report (UTF-8, UTF-16,
Windows-1256); a bad row yields an InputError naming ``file.csv:ROW`` and reading goes on.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from ..errors import InputError
from ..io import DEFAULT_MAX_BYTES, ReportInputError, decode_bytes, document_from_record
from ..types import Document


def iter_csv(
    path: Path | str, published: date | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Document | InputError]:
    path = Path(path)
    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = "no such file" if isinstance(exc, FileNotFoundError) else str(exc.strerror)
        yield ReportInputError(source, reason)
        return
    try:
        text = decode_bytes(data, source)
    except InputError as exc:
        yield exc
        return
    # Reports hold newlines inside quoted cells; the csv module handles them.
    csv.field_size_limit(max(max_bytes, 1 << 20))
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    if not reader.fieldnames or "text" not in [f.strip() for f in reader.fieldnames]:
        yield ReportInputError(source, 'CSV has no "text" column')
        return
    yield from _rows(reader, source, published, max_bytes)


def _rows(
    reader: csv.DictReader[str], source: str, published: date | None, max_bytes: int,
) -> Iterator[Document | InputError]:
    try:
        for row in reader:
            where = f"{source}:{reader.line_num}"
            record = {(k or "").strip(): v for k, v in row.items() if k is not None}
            try:
                doc = document_from_record(record, where, max_chars=max_bytes)
            except InputError as exc:
                yield exc
                continue
            if doc.published is None:
                doc.published = published
            yield doc
    except csv.Error as exc:
        yield ReportInputError(f"{source}:{reader.line_num}", f"malformed CSV: {exc}")
