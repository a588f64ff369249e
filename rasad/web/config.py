"""What the operator configures for ``rasad serve``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError

# Used only when the operator passes --tiles default; rasad never contacts it otherwise.
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


@dataclass(slots=True)
class ServeConfig:
    """Settings of one served database. Defaults are the safe ones: read-only, offline."""

    db: Path | str
    # POST /api/documents is enabled only when a token is set (sent as "Bearer <token>").
    ingest_token: str | None = None
    # The review routes accept these (name, token) pairs, and the ingest token as
    # "operator"; with neither, reviewing is off and the API stays read-only.
    reviewers: tuple[tuple[str, str], ...] = ()
    # Raster tile URL template ({z}/{x}/{y}); None means the offline basemap only.
    tile_url: str | None = None
    tile_attribution: str = ""
    # GeoJSON files of boundaries to draw offline (e.g. OCHA admin1); optional.
    boundaries: tuple[Path, ...] = field(default_factory=tuple)
    max_body_bytes: int = 1_000_000
    rate_limit_per_minute: int = 600  # per client address; 0 disables
    max_page: int = 5000
    default_page: int = 1000
    published_default: str | None = None  # publication date for ingested reports without one
    spatial_index: bool = True  # in-memory R*Tree for bbox queries (see rasad.web.spatial)


def load_reviewers(path: Path) -> tuple[tuple[str, str], ...]:
    """(name, token) pairs from a file of "name<TAB>token" lines (# starts a comment)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the reviewers file: {exc}") from exc
    out = []
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, _, token = line.partition("\t")
        if not name.strip() or len(token.strip()) < 16:
            raise InputError(f"{path}:{number}: expected 'name<TAB>token' with a token of "
                             "16 characters or more")
        out.append((name.strip(), token.strip()))
    return tuple(out)
