"""Control-timeline commands: control, history, actor, commander.

All read the control tables of the database (SQLite file or PostgreSQL URL) through
the store, rebuilding them first when reports were ingested since the last rebuild (``rasad control rebuild`` forces it).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import click

FORMATS = click.Choice(("table", "json"))
REBUILD = "rebuild"

db_option = click.option(
    "--db", type=str, envvar="RASAD_DB", default="rasad.db", show_default=True,
    help="SQLite file or postgresql://user@host/db URL (env RASAD_DB).")
format_option = click.option("--format", "fmt", type=FORMATS, default="table",
                             show_default=True)
at_option = click.option("--at", type=click.DateTime(formats=["%Y-%m-%d"]),
                         help="Answer as of this date (YYYY-MM-DD).")


def _date(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


def _emit(result: dict[str, Any], fmt: str, table: Any) -> None:
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        click.echo(table(result), nl=False)


def _view(db: str) -> Any:
    from ..control import load_view

    return load_view(db)


@click.command("control")
@click.argument("place")
@db_option
@at_option
@format_option
def control_cmd(place: str, db: str, at: datetime | None, fmt: str) -> None:
    """Who holds PLACE and its sites (with sources and evidence).

    `rasad control rebuild` recomputes the control tables from the stored reports.
    """
    from ..control import control, rebuild_control
    from ..control.render import control_table

    if place == REBUILD:
        click.echo(rebuild_control(db).to_text())
        return
    _emit(control(_view(db), place, _date(at)), fmt, control_table)


@click.command("history")
@click.argument("place")
@db_option
@format_option
def history_cmd(place: str, db: str, fmt: str) -> None:
    """Every change of control at PLACE over time."""
    from ..control import history
    from ..control.render import history_table

    _emit(history(_view(db), place), fmt, history_table)


@click.command("actor")
@click.argument("actor_name")
@db_option
@at_option
@format_option
def actor_cmd(actor_name: str, db: str, at: datetime | None, fmt: str) -> None:
    """An actor's footprint, commanders and relations (id, English or Arabic name)."""
    from ..control import actor
    from ..control.render import actor_table

    _emit(actor(_view(db), actor_name, _date(at)), fmt, actor_table)


@click.command("commander")
@click.argument("name", required=False)
@db_option
@format_option
def commander_cmd(name: str | None, db: str, fmt: str) -> None:
    """Commanders named NAME (full name, kunya or part of it); all when NAME is omitted."""
    from ..control import commander
    from ..control.render import commander_table

    _emit(commander(_view(db), name), fmt, commander_table)


def register(group: click.Group) -> None:
    """Add this area's commands to the ``rasad`` group."""
    for command in (control_cmd, history_cmd, actor_cmd, commander_cmd):
        group.add_command(command)
