"""Reading reports robustly: files (.txt/.html/.json/.csv), JSON Lines, URLs, stdin.

Every failure is an :class:`~rasad.errors.InputError` whose message starts with the
input's name (``docs.jsonl:7: ...``), so a batch can report it and carry on.

The text of a Document is exactly the decoded file (no newline translation, no Unicode
normalization): output offsets must index what an analyst gets by decoding the file.
"""

from __future__ import annotations

import hashlib
import json
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any

from .decode import (  # noqa: F401 - ReportInputError and decode_bytes are re-exported
    UTF8_BOM,
    ReportInputError,
    decode_bytes,
    looks_like_text,
)
from .errors import InputError
from .htmltext import html_to_text
from .metadata import (
    parse_lang,
    parse_published,  # noqa: F401 - callers import it from rasad.io
    set_published,
)
from .types import Document

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ""})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})


# ---------------------------------------------------------------- hashing and ids


def content_hash(text: str) -> str:
    """sha256 of the NFC text: the key for idempotent ingest."""
    return hashlib.sha256(unicodedata.normalize("NFC", text).encode("utf-8")).hexdigest()


def text_id(text: str) -> str:
    """Fallback document id: first 16 hex digits of the sha1 of the text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


# ---------------------------------------------------------------- records


def _opt_str(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None or value == "":
        return None
    return str(value)


def document_from_record(
    record: Any, source: str, *, default_id: str | None = None, max_chars: int | None = None
) -> Document:
    """A Document from one JSON object; raises ReportInputError naming ``source``."""
    if not isinstance(record, dict):
        raise ReportInputError(source, f"expected a JSON object, got {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str):
        raise ReportInputError(source, 'missing "text" (a string)')
    if not text.strip():
        raise ReportInputError(source, "empty report")
    if max_chars is not None and len(text) > max_chars:
        raise ReportInputError(source, f"report too large ({len(text)} characters)")
    doc = Document(
        text=text,
        id=_opt_str(record, "id") or default_id or text_id(text),
        url=_opt_str(record, "url"),
        outlet=_opt_str(record, "outlet"),
    )
    set_published(doc, record.get("published"), source)
    try:
        doc.lang = parse_lang(record.get("lang"))
    except ValueError as exc:
        doc.warnings.append(f"{source}: {exc}; detected from the text instead")
    return doc


# ---------------------------------------------------------------- files


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    source = str(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise ReportInputError(source, "is a directory")
        if size > max_bytes:
            raise ReportInputError(
                source, f"file too large ({size} bytes > {max_bytes})",
                hint="split the report or raise the size limit",
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise ReportInputError(source, "no such file") from None
    except PermissionError:
        raise ReportInputError(source, "permission denied") from None
    except OSError as exc:
        raise ReportInputError(source, f"cannot read: {exc.strerror or exc}") from None


def _nonempty(text: str, source: str) -> str:
    if not text.strip():
        raise ReportInputError(source, "empty report")
    return text


def read_path(
    path: Path | str, published: date | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Document:
    """One report from a .txt, .html/.htm or .json file."""
    path = Path(path)
    source = str(path)
    data = _read_bytes(path, max_bytes)
    if not data.strip():
        raise ReportInputError(source, "empty report")
    text = decode_bytes(data, source)
    suffix = path.suffix.lower()
    if suffix == ".json":
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ReportInputError(source, f"invalid JSON: {exc.msg} (line {exc.lineno})") from None
        doc = document_from_record(record, source, default_id=path.stem)
    elif suffix in HTML_SUFFIXES or _sniff_html(text):
        body, meta = html_to_text(text)
        doc = Document(text=_nonempty(body, source), id=path.stem,
                       url=meta.get("url"), outlet=meta.get("outlet"))
        if published is None:
            set_published(doc, meta.get("published"), source)
    else:
        doc = Document(text=_nonempty(text, source), id=path.stem)
    if published is not None:
        doc.published = published
    return doc


def _sniff_html(text: str) -> bool:
    head = text[:512].lstrip().lower()
    return head.startswith(("<!doctype html", "<html"))


# ---------------------------------------------------------------- JSON Lines


def _lines(stream: IO[Any], limit: int) -> Iterator[tuple[int, bytes | str | None]]:
    """(line number, line) pairs; None for a line longer than ``limit``, skipped unread."""
    number = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        newline = b"\n" if isinstance(line, bytes) else "\n"
        if len(line) > limit and not line.endswith(newline):
            while line and not line.endswith(newline):
                line = stream.readline(1 << 20)
            yield number, None
        else:
            yield number, line


def _decode_line(line: bytes | str, source: str, first: bool) -> str:
    if isinstance(line, str):
        return line.lstrip("\ufeff") if first else line
    if first and line.startswith(UTF8_BOM):
        line = line[len(UTF8_BOM):]
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return decode_bytes(line, source)


def _iter_stream(
    stream: IO[Any], name: str, max_bytes: int
) -> Iterator[Document | InputError]:
    for number, raw in _lines(stream, max_bytes):
        source = f"{name}:{number}"
        if raw is None:
            yield ReportInputError(source, f"report too large (> {max_bytes} bytes)")
            continue
        try:
            line = _decode_line(raw, source, number == 1)
            if not line.strip():
                continue  # blank lines separate nothing in JSON Lines
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ReportInputError(source, f"malformed JSON: {exc.msg}") from None
            yield document_from_record(record, source)
        except InputError as exc:
            yield exc


def iter_jsonl(
    path_or_stream: Path | str | IO[Any], *, max_bytes: int = DEFAULT_MAX_BYTES,
    name: str | None = None,
) -> Iterator[Document | InputError]:
    """Reports from JSON Lines; a bad line yields an InputError and reading goes on."""
    if isinstance(path_or_stream, (str, Path)):
        path = Path(path_or_stream)
        try:
            stream = path.open("rb")
        except OSError as exc:
            reason = "no such file" if isinstance(exc, FileNotFoundError) else str(exc.strerror)
            yield ReportInputError(str(path), reason)
            return
        with stream:
            yield from _iter_stream(stream, name or str(path), max_bytes)
    else:
        yield from _iter_stream(path_or_stream, name or _stream_name(path_or_stream), max_bytes)


def _stream_name(stream: IO[Any]) -> str:
    name = getattr(stream, "name", None)
    return name if isinstance(name, str) and not name.startswith("<") else "<stdin>"


def read_stdin(
    stream: IO[Any] | None = None, published: date | None = None,
    *, max_bytes: int = DEFAULT_MAX_BYTES,
) -> Document:
    """One plain-text (or HTML) report from standard input."""
    source = "<stdin>"
    stream = stream if stream is not None else sys.stdin.buffer
    data = stream.read(max_bytes + 1)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > max_bytes:
        raise ReportInputError(source, f"report too large (> {max_bytes} bytes)")
    if not data.strip():
        raise ReportInputError(source, "empty report")
    text = decode_bytes(data, source)
    if _sniff_html(text):
        text, _meta = html_to_text(text)
    doc = Document(text=_nonempty(text, source), id=text_id(text))
    doc.published = published
    return doc


def iter_inputs(
    paths: Iterable[Path | str], published: date | None = None,
    *, max_bytes: int = DEFAULT_MAX_BYTES, fetcher: Any = None,
) -> Iterator[Document | InputError]:
    """Reports from files, folders and URLs in order.

    ``.jsonl`` and ``.csv`` give one report a line or row; a URL (``http(s)://``) an
    article or, for an RSS/Atom feed, every article it links to, fetched with
    ``fetcher`` (a :class:`rasad.scale.web.Fetcher`; real HTTP when None).
    """
    for spec in paths:
        if str(spec).lower().startswith(("http://", "https://")):
            from .scale.web import HttpFetcher, iter_url

            yield from iter_url(str(spec), fetcher or HttpFetcher(max_bytes=max_bytes), published)
            continue
        for path in _expand([spec]):
            if isinstance(path, InputError):
                yield path
            else:
                yield from _read_one(path, published, max_bytes, fetcher)


def _read_one(
    path: Path, published: date | None, max_bytes: int, fetcher: Any
) -> Iterator[Document | InputError]:
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        for item in iter_jsonl(path, max_bytes=max_bytes):
            if isinstance(item, Document) and item.published is None:
                item.published = published
            yield item
    elif suffix == ".csv":
        from .scale.tabular import iter_csv

        yield from iter_csv(path, published, max_bytes=max_bytes)
    elif suffix in FEED_SUFFIXES:
        from .scale.web import Fetched, HttpFetcher, iter_feed

        try:
            content = _read_bytes(path, max_bytes)
        except InputError as exc:
            yield exc
            return
        yield from iter_feed(Fetched(str(path), content), fetcher or HttpFetcher(), published)
    else:
        try:
            yield read_path(path, published, max_bytes=max_bytes)
        except InputError as exc:
            yield exc


FEED_SUFFIXES = frozenset({".rss", ".atom"})
READABLE_SUFFIXES = (TEXT_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES
                     | {".json", ".jsonl", ".ndjson", ".csv"})


def _expand(paths: Iterable[Path | str]) -> Iterator[Path | InputError]:
    """Paths as given; a folder stands for its files, sorted, recursively.

    In a folder, files without a suffix are read as text (a binary one then fails like
    any other unreadable report); files of other types are listed as skipped, so that
    nothing disappears silently. Hidden files are ignored.
    """
    for path in map(Path, paths):
        if not path.is_dir():
            yield path
            continue
        for child in sorted(path.rglob("*")):
            if not child.is_file() or any(p.startswith(".") for p in child.relative_to(path).parts):
                continue
            if child.suffix.lower() in READABLE_SUFFIXES:
                yield child
            else:
                yield ReportInputError(str(child), f"skipped: not a report file type "
                                                   f"({child.suffix.lower()!r})")
