"""``rasad train``: fit the learned event filter on gold files."""

from __future__ import annotations

from pathlib import Path

import click

GOLD = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.command("train")
@click.argument("gold", nargs=-1, required=True, type=GOLD)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              required=True, help="Where to write the weights (JSON).")
@click.option("--c", "c", type=float, default=None, help="Inverse L2 strength (default 0.5).")
@click.option("--threshold", type=float, default=None,
              help="Least event probability kept when the rules trust the candidate "
                   "(default 0.25).")
@click.option("--rescue-threshold", "rescue", type=float, default=None,
              help="Least event probability kept when the rules alone would drop the "
                   "candidate (default 0.6).")
@click.pass_context
def train_cmd(ctx: click.Context, gold: tuple[Path, ...], output: Path, c: float | None,
              threshold: float | None, rescue: float | None) -> None:
    """Fit the event filter (events.filter.v1) on GOLD files in the SCHEMA format.

    Use the weights with RASAD_EVENT_MODEL=PATH; `rasad evaluate --cv 5 GOLD...` tells
    how well the same training generalizes.
    """
    from ..learn import train_files

    gazetteer = getattr(ctx.obj, "gazetteer", None)
    model = train_files(gold, gazetteer, c, threshold, rescue)
    model.save(output)
    click.echo(f"wrote {output}: {model.meta.get('candidates')} candidates from "
               f"{model.meta.get('reports')} reports, {len(model.weights)} features")


def register(group: click.Group) -> None:
    group.add_command(train_cmd)
