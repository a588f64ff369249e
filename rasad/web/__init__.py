"""rasad's web side: a read-only REST API and an offline web map over a rasad SQLite file.

    from rasad.web import ServeConfig, create_app
    app = create_app(ServeConfig(db="rasad.db"))   # an ASGI app (FastAPI)

FastAPI is imported only by :func:`create_app`, so ``import rasad.web`` stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .config import ServeConfig
from .queries import EventQuery, ReadOnlyDB

if TYPE_CHECKING:
    from fastapi import FastAPI


def create_app(config: ServeConfig) -> FastAPI:
    """The ASGI application for ``config`` (raises RasadError for a missing database)."""
    from .app import build_app

    return build_app(config)


__all__ = ["EventQuery", "ReadOnlyDB", "ServeConfig", "create_app"]
