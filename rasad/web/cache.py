"""Whole answers of the read routes, kept for one data version and served from the event loop.

A read route's answer depends only on its URL and the data. Under fifty concurrent clients
the server spent most of its time making the same bytes again (a month of events, a
place's control history, a report with its mentions) in worker threads that compete with
the event loop for the interpreter lock. This middleware keeps each 200 answer and serves
it again without routing, validation, SQL or encoding:

- the key is the scheme, Host, path and query string (`next` links name the host);
- every entry belongs to one version (the database file's, and the day: `/api/control`
  without a date means today); a new version empties the cache;
- concurrent misses on one key wait for the first one's answer (single flight);
- each kept answer carries an ETag, and a matching ``If-None-Match`` gets 304;
- a request sent with ``Cache-Control: no-cache`` is computed afresh (and refreshes the
  entry); an answer marked ``Cache-Control: no-store`` (an aggregate's previous version,
  served while the current one is computed) is passed on, not kept.

It sits inside :class:`rasad.web.limits.GuardMiddleware`, so a kept answer is still subject
to the Host allow-list and the rate limit, and gets the security headers.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from .limits import ASGIApp, Message, Receive, Scope, Send

Key = tuple[str, bytes, str, bytes]
_HIT_TIMING = (b"server-timing", b'cache;desc="hit"')
_REVALIDATE = (b"cache-control", b"no-cache")


@dataclass(frozen=True, slots=True)
class CachePolicy:
    """Which answers are kept, for how long, and how many bytes in all."""

    version: Callable[[], Hashable]  # changes whenever an answer may change
    paths: frozenset[str]  # routes kept: these paths and the paths below them
    max_bytes: int = 64_000_000
    max_entry: int = 8_000_000  # a larger answer (a 5000-event page) is not kept


@dataclass(frozen=True, slots=True)
class Entry:
    headers: tuple[tuple[bytes, bytes], ...]  # as the route sent them, with the ETag
    body: bytes
    etag: bytes

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(k) + len(v) for k, v in self.headers)


class ResponseCache:
    """ASGI middleware keeping whole GET answers of read routes (see the module's notes)."""

    def __init__(self, app: ASGIApp, *, policy: CachePolicy) -> None:
        self.app = app
        self.policy = policy
        self._entries: OrderedDict[Key, Entry] = OrderedDict()  # least recently used first
        self._bytes = 0
        self._version: Hashable = None
        self._pending: dict[Key, asyncio.Future[Entry | None]] = {}

    def _kept(self, path: str) -> bool:
        if path in self.policy.paths:
            return True
        parent = path.rsplit("/", 1)[0]
        return parent in self.policy.paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET" or \
                not self._kept(scope.get("path", "")):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        key: Key = (str(scope.get("scheme")), headers.get(b"host", b""), scope["path"],
                    scope.get("query_string") or b"")
        version = self._current_version()
        afresh = b"no-cache" in headers.get(b"cache-control", b"").lower()
        entry = None if afresh else self._entries.get(key)
        if entry is None and not afresh and key in self._pending:
            entry = await asyncio.shield(self._pending[key])
        if entry is not None:
            if key in self._entries:
                self._entries.move_to_end(key)
            await _send_entry(entry, headers.get(b"if-none-match"), send, (_HIT_TIMING,))
            return
        await self._fill(key, version, headers.get(b"if-none-match"), scope, receive, send)

    def _current_version(self) -> Hashable:
        version = self.policy.version()
        if version != self._version:  # the data changed: every kept answer may be wrong
            self._entries.clear()
            self._bytes = 0
            self._version = version
        return version

    async def _fill(self, key: Key, version: Hashable, if_none_match: bytes | None,
                    scope: Scope, receive: Receive, send: Send) -> None:
        leader = key not in self._pending
        future: asyncio.Future[Entry | None] = asyncio.get_running_loop().create_future()
        if leader:
            self._pending[key] = future
        recorder = _Recorder(send, if_none_match)
        try:
            await self.app(scope, receive, recorder.send)
        finally:
            entry = recorder.entry
            if entry is not None and version == self._version:
                self._store(key, entry)
            if leader:
                del self._pending[key]
                future.set_result(entry)

    def _store(self, key: Key, entry: Entry) -> None:
        if entry.size > self.policy.max_entry:
            return
        old = self._entries.pop(key, None)
        if old is not None:
            self._bytes -= old.size
        self._entries[key] = entry
        self._bytes += entry.size
        while self._bytes > self.policy.max_bytes:
            _, dropped = self._entries.popitem(last=False)
            self._bytes -= dropped.size


class _Recorder:
    """Passes an answer on, adding an ETag to a keepable one, and keeps a copy of it."""

    def __init__(self, send: Send, if_none_match: bytes | None) -> None:
        self._send = send
        self._if_none_match = if_none_match
        self._start: Message | None = None
        self.entry: Entry | None = None

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start" and _keepable(message):
            self._start = message  # held back until the body gives the ETag
            return
        if self._start is None or message["type"] != "http.response.body":
            await self._send(message)
            return
        start, self._start = self._start, None
        body = bytes(message.get("body", b""))
        if message.get("more_body"):  # streamed: pass on as it comes, do not keep
            await self._send(start)
            await self._send(message)
            return
        headers = tuple((k, v) for k, v in start.get("headers") or [] if k != b"etag")
        etag = b'"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'
        self.entry = Entry((*headers, (b"etag", etag), _REVALIDATE), body, etag)
        await _send_entry(self.entry, self._if_none_match, self._send, ())


def _keepable(start: Message) -> bool:
    if start.get("status") != 200:
        return False
    control = dict(start.get("headers") or []).get(b"cache-control", b"")
    return b"no-store" not in control.lower()


async def _send_entry(entry: Entry, if_none_match: bytes | None, send: Send,
                      extra: tuple[tuple[bytes, bytes], ...]) -> None:
    if if_none_match is not None and _matches(if_none_match, entry.etag):
        await send({"type": "http.response.start", "status": 304,
                    "headers": [(b"etag", entry.etag), _REVALIDATE, *extra]})
        await send({"type": "http.response.body", "body": b""})
        return
    headers = [(k, v) for k, v in entry.headers if not extra or k != b"server-timing"]
    await send({"type": "http.response.start", "status": 200, "headers": headers + list(extra)})
    await send({"type": "http.response.body", "body": entry.body})


def _matches(if_none_match: bytes, etag: bytes) -> bool:
    """RFC 9110's weak comparison: ``*``, or one of the listed tags with or without ``W/``."""
    tags = [t.strip().removeprefix(b"W/") for t in if_none_match.split(b",")]
    return b"*" in tags or etag in tags
