"""SQLite schema as numbered migrations; ``schema_version`` records the last applied.

Append a migration to change the schema, never edit an applied one. Column names
``latitude``/``longitude`` let Datasette map the tables as they are.
"""

from __future__ import annotations


def reviews_migration(id_column: str, id_type: str) -> tuple[str, ...]:
    """The reviews table and the events' review columns, in either backend's id type.

    ``before``/``after`` are JSON text on both backends, so both hand back the same
    strings."""
    return (
        "ALTER TABLE events ADD COLUMN review_status TEXT",
        f"ALTER TABLE events ADD COLUMN review_id {id_type}",
        f"""CREATE TABLE reviews (
            id {id_column},
            doc_hash TEXT NOT NULL,
            doc_id TEXT NOT NULL,
            event_id TEXT NOT NULL,
            action TEXT NOT NULL,
            reviewer TEXT NOT NULL,
            created_at TEXT NOT NULL,
            before TEXT,
            after TEXT,
            reason TEXT
        )""",
        "CREATE INDEX reviews_doc ON reviews(doc_hash, id)",
        "CREATE INDEX reviews_event ON reviews(event_id)",
    )


MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: initial schema
    (
        """CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            content_hash TEXT NOT NULL UNIQUE,
            lang TEXT,
            published TEXT,
            url TEXT,
            outlet TEXT,
            text TEXT,
            pipeline TEXT,
            ingested_at TEXT NOT NULL,
            error TEXT
        )""",
        """CREATE TABLE mentions (
            id INTEGER PRIMARY KEY,
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            label TEXT NOT NULL,
            "start" INTEGER,
            "end" INTEGER,
            text TEXT,
            kb_id TEXT,
            extra TEXT
        )""",
        "CREATE INDEX mentions_doc ON mentions(doc_id)",
        "CREATE INDEX mentions_kb ON mentions(label, kb_id)",
        """CREATE TABLE events (
            id TEXT PRIMARY KEY,
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            event_type TEXT NOT NULL,
            sub_event_type TEXT NOT NULL,
            location_name TEXT,
            location_name_ar TEXT,
            latitude REAL,
            longitude REAL,
            admin1 TEXT,
            admin2 TEXT,
            country TEXT,
            geo_precision INTEGER,
            gazetteer_id TEXT,
            location TEXT,
            date_start TEXT,
            date_end TEXT,
            time_precision INTEGER,
            date_text TEXT,
            fatalities INTEGER NOT NULL DEFAULT 0,
            quantities TEXT,
            persons TEXT,
            evidence TEXT,
            confidence REAL,
            extractor TEXT,
            actor1 TEXT,
            actor2 TEXT
        )""",
        "CREATE INDEX events_date ON events(date_start, id)",
        "CREATE INDEX events_type ON events(sub_event_type)",
        "CREATE INDEX events_doc ON events(doc_id)",
        """CREATE TABLE event_actors (
            event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            side INTEGER NOT NULL CHECK (side IN (1, 2)),
            position INTEGER NOT NULL,
            actor_id TEXT,
            name TEXT,
            text TEXT,
            "start" INTEGER,
            "end" INTEGER,
            PRIMARY KEY (event_id, side, position)
        )""",
        "CREATE INDEX event_actors_actor ON event_actors(actor_id)",
        """CREATE TABLE actors (
            id TEXT PRIMARY KEY,
            name TEXT,
            acled_type TEXT,
            country TEXT,
            parent TEXT,
            sponsors TEXT
        )""",
        """CREATE TABLE places (
            gazetteer_id TEXT PRIMARY KEY,
            name TEXT,
            name_ar TEXT,
            latitude REAL,
            longitude REAL,
            admin1 TEXT,
            country TEXT,
            feature TEXT
        )""",
        """CREATE TABLE failures (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            reason TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""",
    ),
    # 2: near-duplicate detection (MinHash signatures, LSH band keys, skipped copies)
    (
        """CREATE TABLE fingerprints (
            doc_hash TEXT PRIMARY KEY,
            signature TEXT NOT NULL
        )""",
        """CREATE TABLE fingerprint_bands (
            key INTEGER NOT NULL,
            doc_hash TEXT NOT NULL,
            PRIMARY KEY (key, doc_hash)
        )""",
        """CREATE TABLE near_duplicates (
            content_hash TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            duplicate_of TEXT NOT NULL,
            similarity REAL NOT NULL,
            created_at TEXT NOT NULL
        )""",
    ),
    # 3: the warnings of each report (a bad publication date, an unknown language, ...)
    ("ALTER TABLE documents ADD COLUMN warnings TEXT",),
    # 4: analysts' reviews (the log) and each event's current review
    reviews_migration("INTEGER PRIMARY KEY", "INTEGER"),
)

SCHEMA_VERSION = len(MIGRATIONS)
