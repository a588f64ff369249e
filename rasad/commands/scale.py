"""Commands of this area (none yet)."""

from __future__ import annotations

import click


def register(group: click.Group) -> None:
    """Add this area's commands to the ``rasad`` group."""
    del group
