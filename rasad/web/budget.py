"""A time limit per request that reaches into SQLite, and stops the work of a client that left.

A free-text search scans every event; without a limit, a few such requests (or clients
that send one and hang up) keep worker threads and the database busy for nothing. The
middleware gives each request a :class:`Budget`, seen by the route's thread through a
context variable (Starlette copies the context into its worker threads). The read-only
connections of :class:`rasad.web.queries.ReadOnlyDB` call :func:`over_budget` every
:data:`CHECK_EVERY` SQLite instructions, and SQLite stops the statement when it answers
true: ``sqlite3.OperationalError("interrupted")``, which the app turns into a JSON 504.
Work outside a request (the whole-database aggregates, exports) has no budget.
"""

from __future__ import annotations

import asyncio
import time
from contextvars import ContextVar
from dataclasses import dataclass

from .limits import ASGIApp, Message, Receive, Scope, Send

# SQLite virtual-machine instructions between two checks: a few milliseconds of work.
# Each check takes the interpreter lock, so checking much more often would slow queries
# down when many threads compete for it.
CHECK_EVERY = 100_000


@dataclass(slots=True)
class Budget:
    """When a request's work must stop: its deadline passed, or its client went away."""

    deadline: float  # time.monotonic()
    gone: bool = False

    def exhausted(self) -> bool:
        return self.gone or time.monotonic() > self.deadline


CURRENT: ContextVar[Budget | None] = ContextVar("rasad_request_budget", default=None)


def over_budget() -> int:
    """SQLite's progress handler: non-zero stops the running statement."""
    budget = CURRENT.get()
    return 1 if budget is not None and budget.exhausted() else 0


def exhausted() -> bool:
    """Whether the current request's budget is spent (False outside a request)."""
    budget = CURRENT.get()
    return budget is not None and budget.exhausted()


class BudgetMiddleware:
    """Sets each request's budget; for a GET, watches for the client hanging up."""

    def __init__(self, app: ASGIApp, *, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.seconds <= 0:
            await self.app(scope, receive, send)
            return
        budget = Budget(time.monotonic() + self.seconds)
        token = CURRENT.set(budget)
        try:
            if scope.get("method") != "GET":  # a body to read: the route reads it
                await self.app(scope, receive, send)
                return
            watcher = _Watcher(receive, budget)
            try:
                await self.app(scope, watcher.receive, send)
            finally:
                watcher.stop()
        finally:
            CURRENT.reset(token)


class _Watcher:
    """Reads the client's messages while the route runs; a disconnect spends the budget.

    The route still gets every message, through :meth:`receive`.
    """

    def __init__(self, receive: Receive, budget: Budget) -> None:
        self._messages: asyncio.Queue[Message] = asyncio.Queue()
        self._budget = budget
        self._task = asyncio.get_running_loop().create_task(self._watch(receive))

    async def _watch(self, receive: Receive) -> None:
        while True:
            message = await receive()
            await self._messages.put(message)
            if message["type"] == "http.disconnect":
                self._budget.gone = True
                return

    async def receive(self) -> Message:
        if self._budget.gone and self._messages.empty():
            return {"type": "http.disconnect"}
        return await self._messages.get()

    def stop(self) -> None:
        self._task.cancel()
