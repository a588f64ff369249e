"""Reports from the web: article URLs and RSS/Atom feeds, behind a small Fetcher interface.

:class:`HttpFetcher` does real HTTP(S) with the standard library; tests and offline
runs pass :class:`FakeFetcher` (URL -> bytes). Articles are extracted with trafilatura
(main text and metadata), falling back to rasad's own HTML reader when it finds
nothing; feeds are parsed with feedparser and each entry's article is fetched.
Every failure is a ReportInputError naming the URL, so it reaches the dead-letter table.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from ..errors import InputError
from ..htmltext import html_to_text
from ..io import ReportInputError, decode_bytes
from ..metadata import parse_published
from ..types import Document

DEFAULT_TIMEOUT = 20.0
_FEED_MARKS = (b"<rss", b"<feed", b"<rdf:rdf")


@dataclass(slots=True, frozen=True)
class Fetched:
    url: str
    content: bytes
    content_type: str = ""


class Fetcher(Protocol):
    def fetch(self, url: str) -> Fetched:
        """The body at ``url``; raises ReportInputError naming it on any failure."""
        ...


@dataclass(slots=True)
class HttpFetcher:
    """HTTP(S) GET with a timeout, a size limit and one retry on transient errors."""

    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = 20 * 1024 * 1024
    user_agent: str = "rasad/0.1 (+conflict report monitoring)"
    retries: int = 1

    def fetch(self, url: str) -> Fetched:
        for attempt in range(self.retries + 1):
            try:
                return self._get(url)
            except _Transient as exc:
                if attempt == self.retries:
                    raise ReportInputError(url, str(exc)) from None
                time.sleep(1.0 + attempt)
        raise AssertionError("unreachable")

    def _get(self, url: str) -> Fetched:
        import urllib.error
        import urllib.request

        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read(self.max_bytes + 1)
                kind = response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            if exc.code >= 500 or exc.code == 429:
                raise _Transient(f"HTTP {exc.code} {exc.reason}") from None
            raise ReportInputError(url, f"HTTP {exc.code} {exc.reason}") from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            raise _Transient(f"cannot fetch: {getattr(exc, 'reason', exc)}") from None
        if len(body) > self.max_bytes:
            raise ReportInputError(url, f"page too large (> {self.max_bytes} bytes)")
        return Fetched(url, body, kind)


class _Transient(Exception):
    pass


@dataclass(slots=True)
class FakeFetcher:
    """Serves fixed pages (URL -> bytes); any other URL is an HTTP 404."""

    pages: Mapping[str, bytes] = field(default_factory=dict)
    requested: list[str] = field(default_factory=list)

    def fetch(self, url: str) -> Fetched:
        self.requested.append(url)
        if url not in self.pages:
            raise ReportInputError(url, "HTTP 404 Not Found")
        return Fetched(url, self.pages[url], "")


def is_url(spec: object) -> bool:
    return str(spec).lower().startswith(("http://", "https://"))


def looks_like_feed(content: bytes) -> bool:
    head = content[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return any(mark in head for mark in _FEED_MARKS)


def _url_id(url: str) -> str:
    return "url-" + hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"'")
    return None


def _decode(fetched: Fetched) -> str:
    charset = _charset(fetched.content_type)
    if charset:
        try:
            return fetched.content.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong header is common: fall back to detection
    return decode_bytes(fetched.content, fetched.url)


def _extract(html: str, url: str) -> tuple[str, dict[str, str]]:
    """Main text (title first) and metadata: trafilatura, else rasad's HTML reader."""
    try:
        import trafilatura
    except ImportError:
        return html_to_text(html, strict=True)
    result = trafilatura.bare_extraction(html, url=url, with_metadata=True,
                                        include_comments=False)
    found: Any = result  # trafilatura returns a Document (2.x), a dict, or None
    data: dict[str, Any] = found.as_dict() if hasattr(found, "as_dict") else dict(found or {})
    body = (data.get("text") or "").strip()
    if not body:
        return html_to_text(html, strict=True)
    title = (data.get("title") or "").strip()
    text = body if not title or body.startswith(title) else f"{title}\n{body}"
    meta = {"published": data.get("date") or "", "outlet": data.get("sitename") or "",
            "url": data.get("url") or url}
    return text, {k: v for k, v in meta.items() if v}


def article_document(
    fetched: Fetched, published: date | None = None, defaults: Mapping[str, Any] | None = None,
) -> Document:
    """One report from an article page; ``defaults`` (feed entry metadata) fill gaps."""
    text, meta = _extract(_decode(fetched), fetched.url)
    if not text.strip():
        raise ReportInputError(fetched.url, "no article text found on the page")
    given = dict(defaults or {})
    doc = Document(text=text, id=str(given.get("id") or _url_id(fetched.url)),
                   url=given.get("url") or meta.get("url") or fetched.url,
                   outlet=meta.get("outlet") or given.get("outlet"))
    for value in (meta.get("published"), given.get("published")):
        try:
            doc.published = parse_published(value)
        except (TypeError, ValueError):
            continue
        if doc.published is not None:
            break
    if doc.published is None:
        doc.published = published
    return doc


def _entry_date(entry: Mapping[str, Any]) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return date(*parsed[:3]).isoformat() if parsed else None


def iter_feed(
    fetched: Fetched, fetcher: Fetcher, published: date | None = None
) -> Iterator[Document | InputError]:
    """The articles an RSS/Atom feed links to, each fetched and extracted."""
    import feedparser

    feed = feedparser.parse(fetched.content)
    if not feed.entries:
        reason = f"malformed feed: {feed.get('bozo_exception')}" if feed.get("bozo") \
            else "feed has no entries"
        yield ReportInputError(fetched.url, reason)
        return
    outlet = feed.feed.get("title")
    for number, entry in enumerate(feed.entries, 1):
        link = entry.get("link")
        if not link:
            yield ReportInputError(f"{fetched.url}#{number}", "feed entry has no link")
            continue
        defaults = {"url": link, "outlet": outlet, "published": _entry_date(entry),
                    "id": _url_id(link)}
        try:
            yield article_document(fetcher.fetch(link), published, defaults)
        except InputError as exc:
            yield exc


def iter_url(
    url: str, fetcher: Fetcher, published: date | None = None
) -> Iterator[Document | InputError]:
    """Reports behind a URL: one article, or every article of a feed."""
    try:
        fetched = fetcher.fetch(url)
        if looks_like_feed(fetched.content):
            yield from iter_feed(fetched, fetcher, published)
        else:
            yield article_document(fetched, published)
    except InputError as exc:
        yield exc
