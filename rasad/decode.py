"""Decoding report bytes: UTF-8 (BOM or not), UTF-16, Windows-1256; binary is refused.

A decode counts only when the result reads as text: any byte sequence "decodes" as
Windows-1256, and BOM-less UTF-16 Arabic is often valid UTF-8 full of control bytes.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from .errors import InputError

UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_SAMPLE = 32_768  # characters per window when judging whether a decode is text


class ReportInputError(InputError):
    """An InputError that keeps the input's name apart from the reason."""

    def __init__(self, source: str, reason: str, *, hint: str | None = None) -> None:
        super().__init__(f"{source}: {reason}", hint=hint)
        self.source = source
        self.reason = reason


def _windows(text: str) -> Iterator[str]:
    if len(text) <= 3 * _SAMPLE:
        yield text
        return
    mid = len(text) // 2
    yield text[:_SAMPLE]
    yield text[mid : mid + _SAMPLE]
    yield text[-_SAMPLE:]


def _bad_char(c: str) -> bool:
    if c in "\t\n\r\f\v":
        return False
    return unicodedata.category(c) in ("Cc", "Co", "Cn", "Cs")


def looks_like_text(text: str, *, legacy: bool = False) -> bool:
    """True when ``text`` reads as text rather than decoded binary or mojibake.

    ``legacy`` applies the stricter test for single-byte code pages, which decode any
    byte sequence: most letters must then be Arabic or ASCII, not the Latin-1
    accented letters and symbols that random bytes map to.
    """
    total = bad = odd = letters = 0
    for window in _windows(text):
        for c in window:
            total += 1
            if _bad_char(c):
                bad += 1
            elif legacy and c.isalpha():
                letters += 1
                if not (c.isascii() or "\u0600" <= c <= "\u06ff"):
                    odd += 1
    if total == 0:
        return True
    if bad / total > 0.01:
        return False
    return not legacy or letters == 0 or odd / letters < 0.05


def decode_bytes(data: bytes, source: str) -> str:
    """Decode report bytes: UTF-8 (BOM or not), UTF-16 (BOM), then Windows-1256."""
    if data.startswith(UTF8_BOM):
        return _strict(data, "utf-8-sig", source)
    if data.startswith(_UTF16_BOMS):
        return _strict(data, "utf-16", source)
    candidates = [("utf-8", False), ("utf-16-le", True), ("utf-16-be", True), ("cp1256", True)]
    for encoding, legacy in candidates:
        if encoding.startswith("utf-16") and len(data) % 2:
            continue
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            if encoding == "utf-8" and _mostly_utf8(data):
                # Arabic UTF-8 with a broken byte would "decode" as cp1256 mojibake.
                raise ReportInputError(
                    source, f"invalid UTF-8 at byte {exc.start} (corrupted or mixed encodings)",
                    hint="re-save the report as UTF-8",
                ) from None
            continue
        # BOM-less UTF-16 Arabic is often valid UTF-8 full of control bytes, and any
        # bytes decode as cp1256: only a decode that reads as text counts.
        if looks_like_text(text, legacy=legacy):
            return text
    raise ReportInputError(
        source, "binary file or unknown encoding",
        hint="save the report as UTF-8 text",
    )


def _mostly_utf8(data: bytes) -> bool:
    """True when nearly all non-ASCII bytes form valid UTF-8 sequences."""
    sample = data if len(data) <= 3 * _SAMPLE else data[:_SAMPLE] + data[-_SAMPLE:]
    text = sample.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for c in text if c > "\x7f") - bad
    # cp1256 Arabic read as UTF-8 is nearly all invalid; a corrupted UTF-8 file is not.
    return good >= 8 and bad * 4 <= good


def _strict(data: bytes, encoding: str, source: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ReportInputError(source, f"invalid {encoding} text at byte {exc.start}") from exc
    if not looks_like_text(text):
        raise ReportInputError(source, "binary file")
    return text
