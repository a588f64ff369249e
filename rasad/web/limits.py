"""Guards around the API: one JSON error shape, Host allow-list, size, rate and concurrency
limits, safe headers.

Written as plain ASGI middleware (not BaseHTTPMiddleware) so a guarded request costs
microseconds, which matters for the /api/events latency budget.
"""

from __future__ import annotations

import hmac
import json
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
          405: "method_not_allowed", 413: "payload_too_large", 414: "uri_too_long",
          422: "invalid_parameters", 429: "rate_limited", 500: "internal_error",
          503: "unavailable", 504: "timeout"}


def error_body(status: int, message: str, details: Any = None) -> dict[str, Any]:
    """The one error shape of the API: ``{"error": {"status", "code", "message"[, "details"]}}``."""
    error: dict[str, Any] = {"status": status, "code": _CODES.get(status, "error"),
                             "message": message}
    if details is not None:
        error["details"] = details
    return {"error": error}


async def send_error(send: Send, status: int, message: str,
                     headers: list[tuple[bytes, bytes]] | None = None) -> None:
    body = json.dumps(error_body(status, message)).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()), *(headers or [])]})
    await send({"type": "http.response.body", "body": body})


class TokenBuckets:
    """Requests per minute per client address; thread-safe, bounded in memory."""

    def __init__(self, per_minute: int, max_clients: int = 10_000) -> None:
        self.rate = per_minute / 60.0
        self.capacity = float(max(per_minute, 1))
        self.max_clients = max_clients
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, client: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, last = self._buckets.get(client, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if len(self._buckets) >= self.max_clients and client not in self._buckets:
                self._buckets.clear()  # a flood of addresses: start over rather than grow
            if tokens < 1.0:
                self._buckets[client] = (tokens, now)
                return False
            self._buckets[client] = (tokens - 1.0, now)
            return True


@dataclass(frozen=True, slots=True)
class GuardPolicy:
    """What the guard enforces before a request reaches a route."""

    max_body: int
    per_minute: int  # requests per client and minute; 0 disables the limit
    csp: str
    # Host header values accepted (without port); empty accepts any. Refusing other
    # names stops DNS rebinding (a page on evil.example resolving to 127.0.0.1) and keeps
    # links built from the request's URL on a known host.
    allowed_hosts: frozenset[str] = frozenset({"127.0.0.1", "localhost", "::1"})
    # Peers whose X-Forwarded-For is believed (a reverse proxy): the rate limit then keys
    # on the address the proxy saw, not on the proxy.
    trusted_proxies: frozenset[str] = frozenset()
    max_url: int = 8192  # bytes of path and query string
    max_in_flight: int = 64  # requests being served at once; more get 503
    # Writing routes (method, path) and the operator's token they need. Checked here,
    # before the body is read: an unauthenticated caller learns nothing about bodies.
    write_routes: frozenset[tuple[str, str]] = frozenset()
    write_token: str | None = None


# Paths that neither count against nor are refused by the rate limit (health probes).
_UNLIMITED = frozenset({"/health"})
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


class GuardMiddleware:
    """Host allow-list, URL and body size, rate and concurrency limits, security headers.

    Every refusal uses the API's JSON error shape.
    """

    def __init__(self, app: ASGIApp, *, policy: GuardPolicy) -> None:
        self.app = app
        self.policy = policy
        self.buckets = TokenBuckets(policy.per_minute) if policy.per_minute > 0 else None
        self.in_flight = 0
        self.headers = [
            (b"content-security-policy", policy.csp.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"DENY"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self._refusal(scope)
        if refusal is not None:
            await send_error(send, *refusal)
            return
        if self.in_flight >= self.policy.max_in_flight:
            await send_error(send, 503, "server busy; retry shortly", [(b"retry-after", b"1")])
            return
        self.in_flight += 1
        try:
            await self._guarded(scope, receive, send)
        finally:
            self.in_flight -= 1

    def _refusal(self, scope: Scope) -> tuple[int, str, list[tuple[bytes, bytes]]] | None:
        headers = dict(scope.get("headers") or [])
        url_size = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
        if url_size > self.policy.max_url:
            return 414, f"URL over {self.policy.max_url} bytes", []
        host = host_name(headers.get(b"host", b""))
        if self.policy.allowed_hosts and host not in self.policy.allowed_hosts:
            allowed = ", ".join(sorted(self.policy.allowed_hosts))
            return 400, f"unknown Host header; this server answers to: {allowed}", []
        if self.buckets is not None and scope.get("path") not in _UNLIMITED and \
                not self.buckets.allow(self.client_key(scope, headers)):
            return 429, "too many requests; slow down", [(b"retry-after", b"1")]
        if (scope.get("method"), scope.get("path")) in self.policy.write_routes:
            auth = headers.get(b"authorization")
            return token_refusal(self.policy.write_token,
                                 None if auth is None else auth.decode("latin-1"))
        return None

    def client_key(self, scope: Scope, headers: dict[bytes, bytes]) -> str:
        """The rate limit's key: the peer, or the client a trusted proxy forwarded."""
        peer = str((scope.get("client") or ("?", 0))[0])
        forwarded = headers.get(b"x-forwarded-for")
        if peer not in self.policy.trusted_proxies or not forwarded:
            return peer
        hops = [h.strip() for h in forwarded.decode("latin-1").split(",") if h.strip()]
        # The nearest hop that is not one of our proxies; earlier hops are client-written.
        for hop in reversed(hops):
            if hop not in self.policy.trusted_proxies:
                return hop
        return peer

    async def _guarded(self, scope: Scope, receive: Receive, send: Send) -> None:
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.policy.max_body):
            await send_error(send, 413, f"request body over {self.policy.max_body} bytes")
            return
        if length is None and scope.get("method") in _BODY_METHODS:
            # A chunked body has no announced size: read it here, up to the limit, so an
            # oversize one gets 413 rather than a parse error from the route.
            body = await self._read_body(receive)
            if body is None:
                await send_error(send, 413, f"request body over {self.policy.max_body} bytes")
                return
            receive = _replay(body)
        await self.app(scope, receive, self._with_headers(send))

    async def _read_body(self, receive: Receive) -> bytes | None:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.policy.max_body:
                return None
            chunks.append(chunk)
            if message.get("type") != "http.request" or not message.get("more_body"):
                return b"".join(chunks)

    def _with_headers(self, send: Send) -> Send:
        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers") or []) + self.headers
            await send(message)

        return wrapped


def token_refusal(expected: str | None, authorization: str | None
                  ) -> tuple[int, str, list[tuple[bytes, bytes]]] | None:
    """Why a write is refused (status, message, headers), or None for a valid Bearer token."""
    if not expected:
        return 403, "ingest is disabled: the operator has set no token", []
    scheme, _, given = (authorization or "").strip().partition(" ")
    if scheme.lower() != "bearer" or \
            not hmac.compare_digest(given.strip().encode(), expected.encode()):
        return 401, "missing or wrong token", [(b"www-authenticate", b"Bearer")]
    return None


def host_name(value: bytes) -> str:
    """The host of a Host header, lower case, without port or IPv6 brackets."""
    host = value.decode("latin-1").strip().lower()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _replay(body: bytes) -> Receive:
    sent = [False]

    async def receive() -> Message:
        if sent[0]:
            return {"type": "http.disconnect"}
        sent[0] = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


class BodyTooLarge(Exception):
    """A chunked body grew past the limit while being read."""
