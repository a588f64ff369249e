"""What the operator configures for ``rasad serve``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError

# Used only when the operator passes --tiles default; rasad never contacts it otherwise.
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
# The names a server on this machine is reached by.
LOOPBACK_HOSTS: tuple[str, ...] = ("127.0.0.1", "localhost", "::1")


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
    # Host header names the server answers to (DNS rebinding guard); empty: any name.
    allowed_hosts: tuple[str, ...] = field(default_factory=lambda: LOOPBACK_HOSTS)
    # Reverse proxies whose X-Forwarded-For names the client for the rate limit.
    trusted_proxies: tuple[str, ...] = ()
    max_in_flight: int = 64  # requests served at once; more get a JSON 503
    # Seconds a request waits for a whole-database aggregate (network, places, ...) being
    # computed before it gets a JSON 503 with Retry-After; the computation goes on.
    heavy_wait_s: float = 10.0
    # Seconds a request may run; its SQL is stopped after that (JSON 504), or as soon as
    # its client hangs up. 0 disables the limit.
    time_limit_s: float = 10.0
    # Bytes of whole read-route answers kept for the current data version (0: none).
    response_cache_bytes: int = 64_000_000
    threads: int = 8  # worker threads for the routes that query the database
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
