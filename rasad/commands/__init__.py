"""Command groups beyond the core commands in :mod:`rasad.cli`, one module per area.

Each module defines ``register(group)`` adding its commands; heavy imports (web
frameworks, engines, database drivers) happen inside the command functions, so that
``rasad --help`` stays fast.
"""

from __future__ import annotations

from importlib import import_module

import click

_MODULES = ("gazetteer", "control", "serve", "scale", "learn")


def register_all(group: click.Group) -> None:
    for name in _MODULES:
        import_module(f"{__name__}.{name}").register(group)
