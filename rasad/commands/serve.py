"""``rasad serve`` (API + web map) and ``rasad export`` (ACLED CSV, GeoJSON, KML, GraphML)."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from ..errors import RasadError
from .vocabulary import event_type_callback, sub_type_callback

EXPORT_FORMATS = ("acled-csv", "geojson", "kml", "graphml", "gexf", "jsonl", "gold")
_DATE = click.DateTime(formats=["%Y-%m-%d"])


def _day(_ctx: click.Context, _param: click.Parameter, value: datetime | None) -> date | None:
    return value.date() if value is not None else None


def _db_option(func: Any) -> Any:
    return click.option("--db", envvar="RASAD_DB", default="rasad.db", show_default=True,
                        help="SQLite file or postgresql://user@host/db URL (env RASAD_DB)."
                        )(func)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command()
@_db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind; anything but loopback exposes the API to the network.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--tiles", "tile_url", envvar="RASAD_TILES",
              help="Raster tile URL template ({z}/{x}/{y}), or 'osm'. Default: offline only.")
@click.option("--tiles-attribution", default="", help="Attribution shown for the tiles.")
@click.option("--boundaries", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              multiple=True, help="GeoJSON boundaries for the offline basemap (repeatable).")
@click.option("--ingest-token", envvar="RASAD_INGEST_TOKEN",
              help="Enables POST /api/documents for requests bearing this token "
                   "(prefer the env RASAD_INGEST_TOKEN).")
@click.option("--published", type=_DATE, callback=_day,
              help="Publication date for ingested reports that give none.")
@click.option("--reviewers", "reviewers_file", envvar="RASAD_REVIEWERS",
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="File of 'name<TAB>token' lines: these reviewers may correct events "
                   "(the ingest token reviews as 'operator').")
@click.option("--rate-limit", type=click.IntRange(min=0), default=600, show_default=True,
              help="Requests per minute per client (0: no limit).")
@click.option("--max-body", type=click.IntRange(min=1), default=1_000_000, show_default=True,
              help="Largest request body in bytes.")
@click.option("--allow-host", "allow_hosts", multiple=True,
              help="A Host name clients use besides 127.0.0.1, localhost and the --host "
                   "address (repeatable; '*' accepts any, e.g. behind a proxy that checks).")
@click.option("--trusted-proxy", "trusted_proxies", multiple=True,
              help="Address of a reverse proxy whose X-Forwarded-For names the client for "
                   "the rate limit (repeatable).")
@click.option("--time-limit", type=click.FloatRange(min=0), default=10.0, show_default=True,
              help="Seconds a request may spend in the database before a 504 (0: no limit).")
def serve(db: str, host: str, port: int, tile_url: str | None, tiles_attribution: str,
          boundaries: tuple[Path, ...], ingest_token: str | None, published: date | None,
          reviewers_file: Path | None, rate_limit: int, max_body: int,
          allow_hosts: tuple[str, ...], trusted_proxies: tuple[str, ...],
          time_limit: float) -> None:
    """Serve the REST API (/docs) and the web map (/) over a rasad database."""
    from ..store import is_postgres_url

    try:
        import uvicorn

        from ..web import ServeConfig, create_app
        from ..web.config import OSM_TILES, load_reviewers
    except ImportError as exc:
        raise RasadError(f"the web server is not installed: {exc}",
                         hint="pip install 'rasad[serve]'") from exc
    if tile_url == "osm":
        tile_url, tiles_attribution = OSM_TILES, tiles_attribution or "© OpenStreetMap"
    config = ServeConfig(
        db=db if is_postgres_url(db) else Path(db), ingest_token=ingest_token or None,
        tile_url=tile_url,
        tile_attribution=tiles_attribution, boundaries=boundaries, max_body_bytes=max_body,
        rate_limit_per_minute=rate_limit,
        reviewers=load_reviewers(reviewers_file) if reviewers_file else (),
        published_default=published.isoformat() if published else None,
        allowed_hosts=served_hosts(host, allow_hosts), trusted_proxies=trusted_proxies,
        time_limit_s=time_limit)
    app = create_app(config)
    if not _is_loopback(host):
        click.echo(f"rasad: warning: listening on {host}: reachable from the network", err=True)
    click.echo(f"rasad: serving {db} on http://{host}:{port}/ (API docs at /docs)", err=True)
    # The app answers overload (JSON 503) and long URLs (JSON 414) itself: uvicorn's own
    # limits, which answer in plain text or reset the connection, sit well above them
    # (request heads: 256 KB with h11; httptools, used when installed, stops at 64 KB).
    uvicorn.run(app, host=host, port=port, log_level="warning", timeout_keep_alive=5,
                limit_concurrency=4 * config.max_in_flight,
                h11_max_incomplete_event_size=_MAX_REQUEST_HEAD)


_MAX_REQUEST_HEAD = 256 * 1024


def served_hosts(host: str, extra: tuple[str, ...]) -> tuple[str, ...]:
    """Host names to accept: loopback names, the bound address, and the operator's."""
    from ..web.config import LOOPBACK_HOSTS

    if "*" in extra:
        return ()
    names = [*LOOPBACK_HOSTS, *extra]
    if host not in ("0.0.0.0", "::", ""):
        names.append(host)
    return tuple(dict.fromkeys(n.lower().strip("[]") for n in names))


def _bbox(_ctx: click.Context, _param: click.Parameter, value: str | None
          ) -> tuple[float, float, float, float] | None:
    from ..store.base import parse_bbox

    try:
        return parse_bbox(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


def _country(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    if len(value) != 2 or not value.isalpha():
        raise click.BadParameter(f"{value!r} is not an ISO 3166-1 alpha-2 code such as SY")
    return value.upper()


@click.command("export")
@_db_option
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="acled-csv",
              show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="Write here instead of stdout.")
@click.option("--bbox", callback=_bbox, help="min_lon,min_lat,max_lon,max_lat")
@click.option("--since", type=_DATE, callback=_day, help="YYYY-MM-DD")
@click.option("--until", type=_DATE, callback=_day, help="YYYY-MM-DD")
@click.option("--type", "event_types", multiple=True, callback=event_type_callback,
              help="ACLED event type (repeatable, any case).")
@click.option("--sub-type", "sub_event_types", multiple=True, callback=sub_type_callback,
              help="Sub-event type (repeatable, any case).")
@click.option("--actor", help="Actor id, or part of an actor's name.")
@click.option("--source", help="Document id, or part of its outlet or URL.")
@click.option("--min-confidence", type=click.FloatRange(0, 1))
@click.option("--search", "q", help="Free text: place, actors, evidence.")
@click.option("--limit", type=click.IntRange(min=0))
@click.option("--labels", is_flag=True,
              help="inter1/inter2/interaction as ACLED's labels ('State forces') "
                   "instead of its numeric codes.")
@click.option("--country", "default_country", callback=_country,
              help="ISO alpha-2 code (e.g. SY) for events neither place nor actor locates.")
def export(db: str, fmt: str, output: str, labels: bool, default_country: str | None,
           **filters: Any) -> None:
    """Export stored events with the API's filters (ACLED CSV, GeoJSON, KML, GraphML/GEXF,
    JSONL), or the fully reviewed reports as gold annotations (gold: no filters)."""
    from ..store import is_postgres_url
    from ..web.queries import EventQuery, ReadOnlyDB
    from ..web.store_source import StoreSource

    if fmt == "gold":
        count = _export_gold(db, output)
        click.echo(f"rasad: exported {count} reviewed reports (gold)", err=True)
        return
    query = EventQuery(**{**filters, "event_types": tuple(filters["event_types"]),
                          "sub_event_types": tuple(filters["sub_event_types"])})
    source = StoreSource(db) if is_postgres_url(db) else ReadOnlyDB(db)
    style = ExportStyle(labels=labels, default_country=default_country)
    with click.open_file(output, "w", encoding="utf-8") as out:
        count = write_export(source, query, fmt, out, style)
    noun = "nodes" if fmt in ("graphml", "gexf") else "events"
    click.echo(f"rasad: exported {count} {noun} ({fmt})", err=True)


def _export_gold(db: str, output: str) -> int:
    from ..export.gold import write_gold
    from ..store import open_store

    with open_store(db) as store, click.open_file(output, "w", encoding="utf-8") as out:
        return write_gold(store, out)


@dataclass(frozen=True, slots=True)
class ExportStyle:
    """How ACLED columns are written: codes or labels, and a country for unplaced events."""

    labels: bool = False
    default_country: str | None = None


def write_export(db: Any, query: Any, fmt: str, out: Any,
                 style: ExportStyle = ExportStyle()) -> int:
    """Write ``query``'s events from ``db`` (a ReadOnlyDB or StoreSource) in ``fmt``;
    returns the count."""
    from .. import export as ex

    events = db.iter_events(query)
    if fmt == "acled-csv":
        return int(ex.write_acled_csv(events, out, labels=style.labels,
                                      default_country=style.default_country))
    if fmt == "geojson":
        return int(ex.write_geojson(events, out, labels=style.labels,
                                    default_country=style.default_country))
    if fmt == "jsonl":
        return int(ex.write_jsonl(events, out))
    if fmt == "kml":
        return int(ex.write_kml(events, out, control=_kml_holdings(db)))
    from ..web.graph import actor_index, build_network

    network = build_network(events, actor_index(db))
    return int(ex.write_gexf(network, out) if fmt == "gexf" else ex.write_graphml(network, out))



def _kml_holdings(db: Any) -> list[dict[str, Any]]:
    """Control periods (holder from one transition to the next) for Google Earth's slider."""
    from ..web.control import ControlTimeline, library_transitions
    from ..web.graph import actor_index
    from ..web.queries import ReadOnlyDB

    index = actor_index(db)
    if isinstance(db, ReadOnlyDB):
        by_place = ControlTimeline(db).history()
    else:  # another store: the control library reads it by its URL
        by_place = {}
        for step in library_transitions(db) or []:
            by_place.setdefault(step.place, []).append(step)
    out = []
    for steps in by_place.values():
        for i, step in enumerate(steps):
            out.append({"name": step.name or step.place, "longitude": step.longitude,
                        "latitude": step.latitude, "holder": step.holder_name,
                        "begin": step.date, "end": steps[i + 1].date if i + 1 < len(steps) else None,
                        "color": index.describe(step.holder, step.holder_name)["bloc_color"]})
    return out


def register(group: click.Group) -> None:
    """Add ``serve`` and ``export`` to the ``rasad`` group."""
    group.add_command(serve)
    group.add_command(export)

