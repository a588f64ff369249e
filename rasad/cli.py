"""The ``rasad`` command line: a thin shell over the library.

Each command parses options, calls the library and writes the result. A RasadError
becomes one line on stderr (plus a hint) and exit code 1, never a traceback.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

import click

from . import __version__
from .commands import register_all
from .commands.scale import ingest_options, redact_db
from .commands.vocabulary import event_type_callback, sub_type_callback
from .errors import RasadError
from .io import DEFAULT_MAX_BYTES

DEFAULT_DB = "rasad.db"
EXTRACT_FORMATS = ("jsonl", "json", "csv", "table")


def _default_pipeline(gazetteer: str | None = None) -> Any:
    from . import DEFAULT_STEPS, Pipeline, Resources, default_pipeline

    # RASAD_EVENT_MODEL: event-filter weights written by `rasad train` (default: shipped).
    model = os.environ.get("RASAD_EVENT_MODEL") or None
    if gazetteer is None and model is None:
        return default_pipeline()
    return Pipeline.from_names(DEFAULT_STEPS, Resources(gazetteer_path=gazetteer,
                                                        event_model_path=model))


@dataclass(slots=True)
class CliContext:
    """What commands get from outside; tests inject a fake pipeline here."""

    pipeline_factory: Callable[..., Any] = field(default=_default_pipeline)
    stdin: IO[Any] | None = None  # binary stream; sys.stdin.buffer when None
    gazetteer: str | None = None  # a built gazetteer or a CSV of sites; None: embedded
    time_budget: float | None = None  # seconds per report; None: the pipeline's default

    def pipeline(self) -> Any:
        try:
            if self.gazetteer is not None:
                pipeline = self.pipeline_factory(self.gazetteer)
            else:
                pipeline = self.pipeline_factory()
        except ImportError as exc:
            raise RasadError(
                f"the extraction pipeline cannot be loaded: {exc}",
                hint="reinstall rasad: pip install -e .",
            ) from exc
        if self.time_budget is None or not hasattr(pipeline, "with_limits"):
            return pipeline
        from dataclasses import replace

        return pipeline.with_limits(replace(pipeline.limits, time_budget_s=self.time_budget or None))

    def stdin_stream(self) -> IO[Any]:
        return self.stdin if self.stdin is not None else sys.stdin.buffer


class UserError(click.ClickException):
    """A RasadError shown as ``rasad: error: ...`` with its hint."""

    def __init__(self, error: RasadError) -> None:
        super().__init__(str(error))
        self.hint = error.hint

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"rasad: error: {self.message}", err=True)
        if self.hint:
            click.echo(f"hint: {self.hint}", err=True)


class RasadGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except RasadError as exc:
            raise UserError(exc) from exc


def _obj(ctx: click.Context) -> CliContext:
    if not isinstance(ctx.obj, CliContext):
        ctx.obj = CliContext()
    return ctx.obj


def _to_date(_ctx: click.Context, _param: click.Parameter, value: datetime | None) -> date | None:
    return value.date() if value is not None else None


DATE = click.DateTime(formats=["%Y-%m-%d"])
db_option = click.option(
    # A plain string: click.Path would turn postgresql://host into postgresql:/host.
    "--db", type=str, envvar="RASAD_DB", default=DEFAULT_DB, show_default=True,
    help="SQLite file or postgresql://user@host/db URL (env RASAD_DB).",
)
published_option = click.option(
    "--published", type=DATE, callback=_to_date,
    help="Publication date (YYYY-MM-DD) for reports that do not give one.",
)
input_option = click.option(
    "--input", "jsonl", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="JSON Lines file, one report a line ('-' reads stdin).",
)
max_bytes_option = click.option(
    "--max-bytes", type=click.IntRange(min=1), envvar="RASAD_MAX_BYTES",
    default=DEFAULT_MAX_BYTES, show_default=True, help="Largest report accepted.",
)


@click.group(cls=RasadGroup)
@click.version_option(__version__, prog_name="rasad")
@click.option("--gazetteer", type=click.Path(exists=True, dir_okay=False),
              help="A gazetteer built by `rasad gazetteer build` (or a CSV of sites) for "
                   "every command; env RASAD_GAZETTEER works too. Default: embedded.")
@click.option("--time-budget", type=click.FloatRange(min=0), envvar="RASAD_TIME_BUDGET",
              help="Seconds one report may take before it fails into the failures table "
                   "(default 30; 0: no limit; env RASAD_TIME_BUDGET).")
@click.pass_context
def cli(ctx: click.Context, gazetteer: str | None, time_budget: float | None) -> None:
    """rasad: Arabic and English conflict reports to ACLED-coded events."""
    _obj(ctx).gazetteer = gazetteer
    _obj(ctx).time_budget = time_budget


def _inputs(ctx: click.Context, files: tuple[str, ...], jsonl: Path | None,
            published: date | None, max_bytes: int) -> Iterator[Any]:
    from .batch import collect_inputs

    obj = _obj(ctx)
    stdin = None
    if (not files and jsonl is None) or str(jsonl) == "-":
        stdin = obj.stdin_stream()
        if obj.stdin is None and sys.stdin.isatty():
            raise click.UsageError("no input: give FILE..., --input docs.jsonl, or pipe a report")
        if published is None and jsonl is None:
            click.echo("rasad: warning: stdin has no publication date; relative dates "
                       "(yesterday, on Wednesday) stay unresolved without --published", err=True)
    return collect_inputs(files, jsonl, stdin, published, max_bytes=max_bytes)


# FILES may be files, folders, or http(s) URLs of articles and RSS/Atom feeds.
files_argument = click.argument("files", nargs=-1, type=click.Path(path_type=str))


@cli.command()
@files_argument
@input_option
@click.option("--format", "fmt", type=click.Choice(EXTRACT_FORMATS), default="jsonl",
              show_default=True)
@published_option
@click.option("--output", "-o", type=click.Path(dir_okay=False, allow_dash=True),
              default="-", help="Write here instead of stdout.")
@max_bytes_option
@click.pass_context
def extract(ctx: click.Context, files: tuple[str, ...], jsonl: Path | None, fmt: str,
            published: date | None, output: str, max_bytes: int) -> None:
    """Extract events from reports (files, folders, URLs, --input JSONL, or stdin)."""
    from .batch import run_pipeline
    from .export import events_with_doc, format_table, write_acled_csv, write_json, write_jsonl
    from .serialize import document_to_dict

    items = _inputs(ctx, files, jsonl, published, max_bytes)
    pipeline = _obj(ctx).pipeline()
    errors: list[tuple[str, str]] = []
    seen = [0]

    def dicts() -> Iterator[dict[str, Any]]:
        for doc in run_pipeline(pipeline, items):
            seen[0] += 1
            if doc.error is not None:
                errors.append((doc.id, doc.error))
            yield document_to_dict(doc)

    with click.open_file(output, "w", encoding="utf-8") as out:
        if fmt == "jsonl":
            write_jsonl(dicts(), out)
        elif fmt == "json":
            write_json(dicts(), out)
        elif fmt == "csv":
            write_acled_csv(events_with_doc(dicts()), out)
        else:
            out.write(format_table(events_with_doc(dicts()), errors,
                                   max_width=_terminal_width(output)))
    for _source, reason in errors if fmt != "table" else []:
        click.echo(f"rasad: {reason}", err=True)
    if errors:
        click.echo(f"rasad: {len(errors)} of {seen[0]} reports failed", err=True)
    exit_on_failures(len(errors))


def exit_on_failures(failed: int) -> None:
    """Exit status 1 when any report failed: the others were still written (as ``cp``
    copies what it can and still reports the files it could not)."""
    if failed:
        raise click.exceptions.Exit(1)


def _terminal_width(output: str) -> int | None:
    """The terminal's width when the table goes to one; None (no cutting) otherwise."""
    if output != "-" or not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size().columns


@cli.command()
@files_argument
@input_option
@db_option
@published_option
@max_bytes_option
@ingest_options
@click.option("--replace", is_flag=True,
              help="Process reports already stored again and replace their events (after "
                   "`rasad train`); analysts' reviews are kept and applied again.")
@click.pass_context
def ingest(ctx: click.Context, files: tuple[str, ...], jsonl: Path | None, db: str,
           published: date | None, max_bytes: int, progress: bool | None,
           keep_near_duplicates: bool, near_threshold: float, replace: bool) -> None:
    """Extract events from reports and store them (re-ingesting is a no-op, unless
    --replace)."""
    from .batch import ingest_reports
    from .scale.progress import ProgressBar, estimate_total, progress_enabled
    from .store import open_store

    items = _inputs(ctx, files, jsonl, published, max_bytes)
    show = progress_enabled(progress)
    total = estimate_total(files, jsonl) if show else None
    with open_store(db) as store, ProgressBar(total, enabled=show) as bar:
        summary = ingest_reports(store, _obj(ctx).pipeline(), items, on_progress=bar,
                                 near_dup=not keep_near_duplicates, threshold=near_threshold,
                                 replace=replace)
    report_ingest(summary, redact_db(db))


def report_ingest(summary: Any, where: str) -> None:
    """Counts on stdout, each failure on stderr; exit 1 when any report failed."""
    click.echo(f"inserted {summary.inserted}, duplicates {summary.duplicates}, "
               f"failed {summary.failed}, near-duplicates {summary.near_duplicates}"
               f" ({where})")
    for reason in summary.failures:
        click.echo(f"rasad: {reason}", err=True)
    exit_on_failures(summary.failed)


def _open_existing(db: str) -> Any:
    from .store import is_postgres_url, open_store

    if not is_postgres_url(db) and db != ":memory:" and not Path(db).exists():
        raise RasadError(f"{db}: no such database", hint="run `rasad ingest ... --db PATH` first")
    return open_store(db)


@cli.command()
@db_option
@click.option("--type", "event_type", callback=event_type_callback,
              help="ACLED event type, e.g. 'Battles' (any case).")
@click.option("--sub-type", "sub_event_type", callback=sub_type_callback,
              help="ACLED sub-event type, e.g. 'Air/drone strike' (any case).")
@click.option("--actor", help="Actor id, or part of an actor's name.")
@click.option("--since", type=DATE, callback=_to_date, help="YYYY-MM-DD")
@click.option("--until", type=DATE, callback=_to_date, help="YYYY-MM-DD")
@click.option("--min-confidence", type=click.FloatRange(0, 1))
@click.option("--limit", type=click.IntRange(min=0))
@click.option("--format", "fmt", type=click.Choice(("table", "json", "jsonl", "csv")),
              default="table", show_default=True)
def events(db: str, event_type: str | None, sub_event_type: str | None, actor: str | None,
           since: date | None, until: date | None, min_confidence: float | None,
           limit: int | None, fmt: str) -> None:
    """List stored events."""
    from .export import format_table, write_acled_csv, write_json, write_jsonl
    from .store import EventFilter

    filters = EventFilter(sub_event_type=sub_event_type, event_type=event_type, actor=actor,
                          since=since, until=until, min_confidence=min_confidence, limit=limit)
    out = sys.stdout
    with _open_existing(db) as store:
        rows = store.iter_events(filters)
        if fmt == "table":
            out.write(format_table(rows, max_width=_terminal_width("-")))
        elif fmt == "csv":
            write_acled_csv(rows, out)
        elif fmt == "json":
            write_json(rows, out)
        else:
            write_jsonl(rows, out)


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(("table", "jsonl")), default="table",
              show_default=True)
@click.option("--warnings", "show_warnings", is_flag=True,
              help="List the warnings of stored reports instead (a bad publication date, "
                   "an unknown language, ...).")
def failures(db: str, fmt: str, show_warnings: bool) -> None:
    """List reports that failed (the dead-letter table), or stored reports' warnings."""
    from .export import write_jsonl

    with _open_existing(db) as store:
        rows = store.warnings() if show_warnings else store.failures()
    if fmt == "jsonl":
        write_jsonl(rows, sys.stdout)
        return
    for row in rows:
        if show_warnings:
            click.echo(f"{row['ingested_at']}  {row['doc_id']}: {row['warning']}")
        else:
            # Readers put the source in front of their reason: name it once.
            reason = str(row["reason"]).removeprefix(f"{row['source']}: ")
            click.echo(f"{row['created_at']}  {row['source']}: {reason}")
    noun = "warning" if show_warnings else "failure"
    click.echo(f"({len(rows)} {noun}{'s' if len(rows) != 1 else ''})")


@cli.command()
@click.argument("gold", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text",
              show_default=True)
@click.option("--cv", "folds", type=click.IntRange(min=2), default=None,
              help="K-fold cross-validation of the learned filter, folds by report.")
@click.pass_context
def evaluate(ctx: click.Context, gold: tuple[Path, ...], fmt: str, folds: int | None) -> None:
    """Score the pipeline against gold annotations (JSON Lines).

    With --cv K, the learned event filter is fitted on K-1 folds and scores the held-out
    fold, over every report of the GOLD files: per-file and pooled figures.
    """
    if folds is not None:
        from .learn import cross_validate_files

        cv = cross_validate_files(gold, folds, _obj(ctx).gazetteer)
        click.echo(json.dumps(cv.to_dict(), ensure_ascii=False, indent=2) if fmt == "json"
                   else cv.to_text())
        return
    from .evaluate import evaluate_file

    for path in gold:
        report = evaluate_file(path, _obj(ctx).pipeline())
        if fmt == "json":
            click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        else:
            click.echo((f"== {path}\n" if len(gold) > 1 else "") + report.to_text().rstrip("\n"))


@cli.command()
def steps() -> None:
    """List registered pipeline steps (* = in the default pipeline)."""
    from .pipeline import DEFAULT_STEPS, registered_steps

    try:
        names = registered_steps()
    except ImportError as exc:
        raise RasadError(f"pipeline steps cannot be loaded: {exc}") from exc
    for name in names:
        click.echo(f"{'*' if name in DEFAULT_STEPS else ' '} {name}")


register_all(cli)


def _show_library_warnings() -> None:
    # The library logs what a user should see while it goes on ("another writer holds
    # the database; retrying"); the script shows it on stderr like its own messages.
    log = logging.getLogger("rasad")
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("rasad: warning: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.WARNING)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``rasad`` script."""
    _show_library_warnings()
    try:
        cli.main(args=argv, prog_name="rasad", obj=CliContext())
    except BrokenPipeError:
        # Output piped into `head`: stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
