"""PostgreSQL schema as numbered migrations, the same tables as SQLite's with real types.

Dates are DATE, JSON columns JSONB, coordinates DOUBLE PRECISION. When PostGIS is
available, :data:`POSTGIS_DDL` adds a generated ``geom`` point (SRID 4326) with a GiST
index to ``events`` and ``places``; lat/lon columns stay the source of truth, so both
set-ups export identical data.
"""

from __future__ import annotations

from .schema import reviews_migration

PG_MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: initial schema
    (
        """CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            content_hash TEXT NOT NULL UNIQUE,
            lang TEXT,
            published DATE,
            url TEXT,
            outlet TEXT,
            text TEXT,
            pipeline JSONB,
            ingested_at TIMESTAMPTZ NOT NULL,
            error TEXT
        )""",
        """CREATE TABLE mentions (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            label TEXT NOT NULL,
            "start" INTEGER,
            "end" INTEGER,
            text TEXT,
            kb_id TEXT,
            extra JSONB
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
            latitude DOUBLE PRECISION,
            longitude DOUBLE PRECISION,
            admin1 TEXT,
            admin2 TEXT,
            country TEXT,
            geo_precision INTEGER,
            gazetteer_id TEXT,
            location JSONB,
            date_start DATE,
            date_end DATE,
            time_precision INTEGER,
            date_text TEXT,
            fatalities INTEGER NOT NULL DEFAULT 0,
            quantities JSONB,
            persons JSONB,
            evidence JSONB,
            confidence DOUBLE PRECISION,
            extractor TEXT,
            actor1 TEXT,
            actor2 TEXT
        )""",
        'CREATE INDEX events_date ON events(date_start, id COLLATE "C")',
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
            sponsors JSONB
        )""",
        """CREATE TABLE places (
            gazetteer_id TEXT PRIMARY KEY,
            name TEXT,
            name_ar TEXT,
            latitude DOUBLE PRECISION,
            longitude DOUBLE PRECISION,
            admin1 TEXT,
            country TEXT,
            feature TEXT
        )""",
        """CREATE TABLE failures (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            source TEXT NOT NULL,
            reason TEXT NOT NULL,
            created_at TIMESTAMPTZ NOT NULL
        )""",
    ),
    # 2: near-duplicate detection
    (
        """CREATE TABLE fingerprints (
            doc_hash TEXT PRIMARY KEY,
            signature TEXT NOT NULL
        )""",
        """CREATE TABLE fingerprint_bands (
            key BIGINT NOT NULL,
            doc_hash TEXT NOT NULL,
            PRIMARY KEY (key, doc_hash)
        )""",
        """CREATE TABLE near_duplicates (
            content_hash TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            duplicate_of TEXT NOT NULL,
            similarity DOUBLE PRECISION NOT NULL,
            created_at TIMESTAMPTZ NOT NULL
        )""",
    ),
    # 3: the warnings of each report
    ("ALTER TABLE documents ADD COLUMN warnings JSONB",),
    # 4: analysts' reviews (the log) and each event's current review
    reviews_migration("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY", "BIGINT"),
)

PG_SCHEMA_VERSION = len(PG_MIGRATIONS)

_POINT = (
    "geometry(Point, 4326) GENERATED ALWAYS AS (CASE WHEN longitude IS NOT NULL AND"
    " latitude IS NOT NULL THEN ST_SetSRID(ST_MakePoint(longitude, latitude), 4326) END) STORED"
)

POSTGIS_DDL: tuple[str, ...] = (
    f"ALTER TABLE events ADD COLUMN IF NOT EXISTS geom {_POINT}",
    "CREATE INDEX IF NOT EXISTS events_geom ON events USING GIST (geom)",
    f"ALTER TABLE places ADD COLUMN IF NOT EXISTS geom {_POINT}",
    "CREATE INDEX IF NOT EXISTS places_geom ON places USING GIST (geom)",
)
