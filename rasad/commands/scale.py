"""``rasad batch``: the pipeline on a distributed engine, one writer, resumable.

Also the options ``ingest`` and ``batch`` share (progress, near-duplicates).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import RasadError
from ..io import DEFAULT_MAX_BYTES

if TYPE_CHECKING:
    from ..scale.engines import PipelineConfig

F = Callable[..., Any]


def ingest_options(func: F) -> F:
    """``--progress/--no-progress``, ``--keep-near-duplicates``, ``--near-threshold``."""
    func = click.option(
        "--near-threshold", type=click.FloatRange(0.1, 1.0), default=0.7, show_default=True,
        help="Estimated word 3-gram Jaccard similarity above which a report is a copy.",
    )(func)
    func = click.option(
        "--keep-near-duplicates", is_flag=True,
        help="Process syndicated copies too (by default they are recorded and skipped).",
    )(func)
    return click.option(
        "--progress/--no-progress", default=None,
        help="Progress bar on stderr (default: when stderr is a terminal).",
    )(func)


def redact_db(db: str) -> str:
    """The --db value for messages, without a password."""
    head, sep, tail = db.partition("@")
    if not sep or "://" not in head or ":" not in head.split("://", 1)[1]:
        return db
    scheme, cred = head.split("://", 1)
    return f"{scheme}://{cred.split(':', 1)[0]}:***@{tail}"


def _to_date(_ctx: click.Context, _param: click.Parameter, value: datetime | None) -> date | None:
    return value.date() if value is not None else None


def _config(ctx: click.Context) -> PipelineConfig:
    """The pipeline workers build, under the group's --time-budget when given."""
    from ..pipeline import Limits
    from ..scale.engines import PipelineConfig

    budget = ctx.find_root().params.get("time_budget")
    if budget is None:
        return PipelineConfig()
    return PipelineConfig(limits=Limits(time_budget_s=budget or None))


@click.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=str))
@click.option("--input", "jsonl", type=click.Path(dir_okay=False, path_type=Path),
              help="JSON Lines file, one report a line.")
@click.option("--db", type=str, envvar="RASAD_DB", default="rasad.db", show_default=True,
              help="SQLite file or postgresql://user@host/db URL (env RASAD_DB).")
@click.option("--engine", type=click.Choice(("dask", "local", "ray")), default="dask",
              show_default=True, help="Where the pipeline runs.")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True,
              help="Worker processes of the local cluster.")
@click.option("--scheduler", help="Address of a running Dask scheduler (tcp://host:8786).")
@click.option("--chunk-size", type=click.IntRange(min=1), default=16, show_default=True,
              help="Reports per task.")
@click.option("--published", type=click.DateTime(formats=["%Y-%m-%d"]), callback=_to_date,
              help="Publication date (YYYY-MM-DD) for reports that do not give one.")
@click.option("--max-bytes", type=click.IntRange(min=1), envvar="RASAD_MAX_BYTES",
              default=DEFAULT_MAX_BYTES, show_default=True, help="Largest report accepted.")
@ingest_options
@click.pass_context
def batch(ctx: click.Context, inputs: tuple[str, ...], jsonl: Path | None, db: str,
          engine: str, workers: int,
          scheduler: str | None, chunk_size: int, published: date | None, max_bytes: int,
          progress: bool | None, keep_near_duplicates: bool, near_threshold: float) -> None:
    """Process INPUTS (files, folders, URLs, feeds) on an engine and store the results.

    Stores exactly what `rasad ingest` would. Interrupted, run it again: stored reports
    are skipped, the rest are processed, nothing is stored twice.
    """
    from ..batch import collect_inputs, run_ingest
    from ..scale.engines import make_engine
    from ..scale.progress import ProgressBar, estimate_total, progress_enabled
    from ..store import open_store

    if not inputs and jsonl is None:
        raise click.UsageError("no input: give INPUT... or --input docs.jsonl")
    show = progress_enabled(progress)
    started = time.perf_counter()
    with open_store(db) as store:
        runner = make_engine(engine, workers=workers, config=_config(ctx), address=scheduler)
        try:
            items = collect_inputs(inputs, jsonl, None, published, max_bytes=max_bytes)
            total = estimate_total(inputs, jsonl) if show else None
            with ProgressBar(total, enabled=show) as bar:
                summary = run_ingest(store, items, runner, chunk_size=chunk_size,
                                     near_dup=not keep_near_duplicates,
                                     threshold=near_threshold, on_progress=bar)
        finally:
            runner.close()
    seconds = time.perf_counter() - started
    from ..cli import report_ingest

    report_ingest(summary, f"{redact_db(db)}; {engine} x{runner.workers}, {seconds:.1f} s")


@click.command("near-duplicates")
@click.option("--db", type=str, envvar="RASAD_DB", default="rasad.db", show_default=True,
              help="SQLite file or postgresql://user@host/db URL (env RASAD_DB).")
def near_duplicates(db: str) -> None:
    """List reports skipped as near-duplicates, with the stored report they copy."""
    from ..store import is_postgres_url, open_store

    if not is_postgres_url(db) and not Path(db).exists():
        raise RasadError(f"{db}: no such database", hint="run `rasad ingest ... --db PATH` first")
    with open_store(db) as store:
        rows = store.near_duplicates()
    for row in rows:
        original = row.get("duplicate_of_id") or row["duplicate_of"][:16]
        click.echo(f"{row['source']}  ~ {original}  ({row['similarity']:.2f})")
    click.echo(f"({len(rows)} near-duplicate{'s' if len(rows) != 1 else ''})")


def register(group: click.Group) -> None:
    """Add this area's commands to the ``rasad`` group."""
    group.add_command(batch)
    group.add_command(near_duplicates)
