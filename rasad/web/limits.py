"""Guards around the API: one JSON error shape, body size and rate limits, safe headers.

Written as plain ASGI middleware (not BaseHTTPMiddleware) so a guarded request costs
microseconds, which matters for the /api/events latency budget.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
          405: "method_not_allowed", 413: "payload_too_large", 422: "invalid_parameters",
          429: "rate_limited", 500: "internal_error", 503: "unavailable"}


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


class GuardMiddleware:
    """Rate limit, request size limit and security headers for every HTTP request."""

    def __init__(self, app: ASGIApp, *, max_body: int, per_minute: int,
                 csp: str) -> None:
        self.app = app
        self.max_body = max_body
        self.buckets = TokenBuckets(per_minute) if per_minute > 0 else None
        self.headers = [
            (b"content-security-policy", csp.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"DENY"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("?", 0))[0]
        if self.buckets is not None and not self.buckets.allow(client):
            await send_error(send, 429, "too many requests; slow down",
                             [(b"retry-after", b"1")])
            return
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await send_error(send, 413, f"request body over {self.max_body} bytes")
            return
        await self.app(scope, self._limited(receive), self._with_headers(send))

    def _limited(self, receive: Receive) -> Receive:
        seen = [0]

        async def wrapped() -> Message:
            message = await receive()
            seen[0] += len(message.get("body", b""))
            if seen[0] > self.max_body:
                raise BodyTooLarge()
            return message

        return wrapped

    def _with_headers(self, send: Send) -> Send:
        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers") or []) + self.headers
            await send(message)

        return wrapped


class BodyTooLarge(Exception):
    """A chunked body grew past the limit while being read."""
