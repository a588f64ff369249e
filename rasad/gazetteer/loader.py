"""Which gazetteer the pipeline uses: a built SQLite file, or the embedded default.

``Resources(gazetteer_path=...)`` or the environment variable ``RASAD_GAZETTEER`` names it;
a SQLite file is the built gazetteer, a ``.csv`` file a list of user sites and any other
file a table in the curated TSV format, both added to the embedded default.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import GazetteerError
from .embedded import EmbeddedGazetteer, Gazetteer
from .geonames import Entry
from .sources import load_custom_sites
from .sqlite import SqliteGazetteer, is_sqlite

ENV_VAR = "RASAD_GAZETTEER"
PACKAGED_PATH = Path(__file__).resolve().parent / "data" / "default.sqlite"


def gazetteer_path(path: str | Path | None = None) -> str | None:
    """The configured gazetteer path: the argument, else ``$RASAD_GAZETTEER``, else None."""
    chosen = str(path) if path else os.environ.get(ENV_VAR) or None
    return chosen


def open_gazetteer(path: str | Path | None = None) -> Gazetteer:
    chosen = gazetteer_path(path)
    if chosen is None:
        return SqliteGazetteer(PACKAGED_PATH) if PACKAGED_PATH.is_file() else \
            EmbeddedGazetteer.load()
    if not Path(chosen).is_file():
        raise GazetteerError(f"gazetteer file not found: {chosen}",
                             hint=f"build one with `rasad gazetteer build` or unset {ENV_VAR}")
    if is_sqlite(chosen):
        return SqliteGazetteer(chosen)
    if chosen.lower().endswith(".csv"):
        sites = [Entry(r.to_place(), r.all_names(), priority=0)
                 for r in load_custom_sites(chosen)]
        return EmbeddedGazetteer.load(sites=sites)
    return EmbeddedGazetteer.load([chosen])


def describe(path: str | Path | None = None) -> str:
    """Which gazetteer ``open_gazetteer(path)`` opens, in words."""
    chosen = gazetteer_path(path)
    if chosen is not None:
        return str(chosen)
    return "packaged" if PACKAGED_PATH.is_file() else "embedded"
