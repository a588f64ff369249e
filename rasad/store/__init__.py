"""Event storage behind one interface: SQLite embedded by default, PostgreSQL on a server.

    >>> from rasad.store import SQLiteStore
    >>> with SQLiteStore() as store:
    ...     store.counts()["events"]
    0

:func:`open_store` picks the backend from ``--db``: a ``postgresql://`` URL opens
:class:`~rasad.store.postgres.PostgresStore` (psycopg is imported only then), anything
else is a SQLite file path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .base import EventFilter, Fingerprint, IngestResult, IngestStatus, Store
from .sqlite import SQLiteStore


def is_postgres_url(value: object) -> bool:
    return str(value).startswith(("postgresql://", "postgres://"))


def open_store(db: str | Path, **kwargs: Any) -> Any:
    """The store for a SQLite path or a ``postgresql://`` URL (a Store; closes on exit)."""
    if is_postgres_url(db):
        from .postgres import PostgresStore

        return PostgresStore(str(db), **kwargs)
    return SQLiteStore(db, **kwargs)


__all__ = ["EventFilter", "Fingerprint", "IngestResult", "IngestStatus", "SQLiteStore", "Store",
           "is_postgres_url", "open_store"]
