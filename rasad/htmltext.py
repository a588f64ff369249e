"""HTML pages to report text with the standard library's parser.

Keeps the title and the visible body text, one paragraph a line; drops scripts, styles
and page furniture (navigation, header, footer, asides), and reads the publication
date, canonical URL and site name from the page's metadata.
"""

from __future__ import annotations

from html.parser import HTMLParser

_SKIP_TAGS = frozenset({"script", "style", "nav", "header", "footer", "aside", "noscript",
                        "template", "svg", "iframe", "form", "button", "select"})
_HARD_SKIP = frozenset({"script", "style", "noscript", "template", "svg"})
_BLOCK_TAGS = frozenset({"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5",
                         "h6", "tr", "td", "th", "table", "article", "section", "main",
                         "blockquote", "pre", "figcaption", "dd", "dt", "hr", "body"})
_PUBLISHED_META = frozenset({"article:published_time", "og:published_time", "pubdate",
                             "publishdate", "date", "dc.date", "dc.date.issued",
                             "datepublished"})


class _HTMLText(HTMLParser):
    """Collects visible body text as lines, plus title and a few metadata fields."""

    def __init__(self, skip: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.skip = skip
        self.depth: dict[str, int] = {}
        self.in_title = False
        self.title: list[str] = []
        self.lines: list[str] = []
        self.current: list[str] = []
        self.meta: dict[str, str] = {}
        self.closing = False
        self.cut_tag: bool | None = None

    def _skipping(self) -> bool:
        return any(self.depth.values())

    def _flush(self) -> None:
        line = " ".join("".join(self.current).split())
        if line:
            self.lines.append(line)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.skip:
            self.depth[tag] = self.depth.get(tag, 0) + 1
        elif tag == "title":
            self.in_title = True
        elif tag == "meta":
            self._meta(dict(attrs))
        elif tag == "link":
            a = dict(attrs)
            if (a.get("rel") or "").lower() == "canonical" and a.get("href"):
                self.meta.setdefault("url", a["href"] or "")
        if tag in _BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if self.depth.get(tag):
            self.depth[tag] -= 1
        elif tag == "title":
            self.in_title = False
        if tag in _BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.closing:
            # close() flushes what feed() held back: text with a pending "&..." is text,
            # but a tag cut off by truncation ("<tit") is markup.
            if self.cut_tag is None:
                self.cut_tag = data.startswith("<")
            if self.cut_tag:
                return
        if self.in_title:
            self.title.append(data)
        elif not self._skipping():
            self.current.append(data)

    def _meta(self, attrs: dict[str, str | None]) -> None:
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "")
        value = attrs.get("content") or ""
        key = key.lower()
        if not value:
            return
        if key in _PUBLISHED_META:
            self.meta.setdefault("published", value)
        elif key == "og:url":
            self.meta.setdefault("url", value)
        elif key == "og:site_name":
            self.meta.setdefault("outlet", value)


def _parse_html(html: str, skip: frozenset[str]) -> _HTMLText:
    parser = _HTMLText(skip)
    parser.feed(html)
    parser.closing = True
    parser.close()
    parser._flush()
    return parser


def _strip_site_name(title: str, site: str | None) -> str:
    # "Headline | Outlet": the outlet is metadata, not part of the report.
    if site:
        for sep in (" | ", " - ", " – ", " — "):
            if title.endswith(sep + site):
                return title[: -len(sep + site)].rstrip()
    return title


def html_to_text(html: str, *, strict: bool = False) -> tuple[str, dict[str, str]]:
    """Visible text of an HTML page (title first, one paragraph a line) and its metadata.

    Boilerplate (navigation, header, footer, asides) is dropped; if that leaves nothing,
    as with a page whose ``<header>`` is never closed, only scripts and styles are,
    unless ``strict`` (web pages, where menus alone are no report).
    """
    parsed = _parse_html(html, _SKIP_TAGS)
    if not parsed.lines and not strict:
        parsed = _parse_html(html, _HARD_SKIP)
    title = _strip_site_name(" ".join("".join(parsed.title).split()), parsed.meta.get("outlet"))
    lines = list(parsed.lines)
    if strict and not lines:
        return "", parsed.meta
    if title and (not lines or lines[0] != title):
        lines.insert(0, title)
    return "\n".join(lines), parsed.meta
