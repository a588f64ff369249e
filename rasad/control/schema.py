"""Tables of the control timeline, in the same database as the store (SQLite or PostgreSQL).

Written in SQL both backends accept and owned by this package: the store's own
migrations never touch them. Every row is derived: :func:`rebuild_control` drops,
recreates and refills them all from the stored reports, in one transaction. Each table keeps
the full JSON record plus the columns queries filter on (and ``latitude``/``longitude``
for Datasette).
"""

from __future__ import annotations

CONTROL_SCHEMA_VERSION = 3  # a new version rebuilds stored tables on the next query

TABLES = ("control_meta", "control_merged_events", "control_merged_sources", "control_sites",
          "control_site_names", "control_claims", "control_commanders",
          "control_commander_names", "control_relations")

# Derived data: dropped and created afresh on each rebuild, so a changed layout never
# meets rows of an older one.
STATEMENTS: tuple[str, ...] = tuple(f"DROP TABLE IF EXISTS {t}" for t in TABLES) + (
    """CREATE TABLE IF NOT EXISTS control_meta (
        key TEXT PRIMARY KEY,
        value TEXT
    )""",
    """CREATE TABLE IF NOT EXISTS control_merged_events (
        id TEXT PRIMARY KEY,
        sub_event_type TEXT NOT NULL,
        location_name TEXT,
        latitude REAL,
        longitude REAL,
        date_start TEXT,
        corroboration INTEGER NOT NULL,
        disputed TEXT,
        record TEXT NOT NULL,
        seq INTEGER NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS control_merged_sources (
        merged_id TEXT NOT NULL,
        event_id TEXT,
        doc_id TEXT NOT NULL,
        copy_of TEXT
    )""",
    "CREATE INDEX IF NOT EXISTS control_merged_sources_doc ON control_merged_sources(doc_id)",
    """CREATE TABLE IF NOT EXISTS control_sites (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        count INTEGER,
        label TEXT,
        gazetteer_id TEXT,
        latitude REAL,
        longitude REAL,
        uncertainty_km REAL,
        record TEXT NOT NULL,
        seq INTEGER NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS control_site_names (
        site_id TEXT NOT NULL,
        key TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS control_site_names_key ON control_site_names(key)",
    """CREATE TABLE IF NOT EXISTS control_claims (
        id TEXT PRIMARY KEY,
        site_id TEXT,
        place TEXT,
        holder_id TEXT,
        kind TEXT NOT NULL,
        valid_from TEXT,
        valid_to TEXT,
        open INTEGER NOT NULL,
        disputed INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        record TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS control_claims_site ON control_claims(site_id)",
    "CREATE INDEX IF NOT EXISTS control_claims_holder ON control_claims(holder_id)",
    """CREATE TABLE IF NOT EXISTS control_commanders (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        kunya TEXT,
        record TEXT NOT NULL,
        seq INTEGER NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS control_commander_names (
        commander_id TEXT NOT NULL,
        key TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS control_relations (
        subject TEXT NOT NULL,
        relation TEXT NOT NULL,
        object TEXT NOT NULL,
        record TEXT NOT NULL,
        seq INTEGER NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS control_relations_subject ON control_relations(subject)",
    "CREATE INDEX IF NOT EXISTS control_relations_object ON control_relations(object)",
)
