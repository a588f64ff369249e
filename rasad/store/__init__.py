"""Event storage behind one interface: SQLite embedded by default, PostgreSQL later.

    >>> from rasad.store import SQLiteStore
    >>> with SQLiteStore() as store:
    ...     store.counts()["events"]
    0
"""

from __future__ import annotations

from .base import EventFilter, IngestResult, IngestStatus, Store
from .sqlite import SQLiteStore

__all__ = ["EventFilter", "IngestResult", "IngestStatus", "SQLiteStore", "Store"]
