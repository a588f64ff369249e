"""ACLED's event types and sub-types as command options: any case, never silently unknown."""

from __future__ import annotations

from difflib import get_close_matches

import click

from ..types import ACLED_TAXONOMY

EVENT_TYPES: tuple[str, ...] = tuple(ACLED_TAXONOMY)
SUB_EVENT_TYPES: tuple[str, ...] = tuple(s for subs in ACLED_TAXONOMY.values() for s in subs)


def _canonical(value: str | None, known: tuple[str, ...], what: str) -> str | None:
    """``value`` spelled as ACLED does, matched without regard to case or spacing; an
    unknown value is a usage error listing the closest names."""
    if value is None:
        return None
    by_key = {" ".join(k.lower().split()): k for k in known}
    key = " ".join(value.lower().split())
    if key in by_key:
        return by_key[key]
    close = get_close_matches(key, list(by_key), n=3, cutoff=0.5)
    suggestion = ("did you mean: " + "; ".join(by_key[c] for c in close) if close
                  else "known: " + "; ".join(known))
    raise click.BadParameter(f"unknown ACLED {what} {value!r}; {suggestion}")


def acled_sub_type(value: str | None) -> str | None:
    return _canonical(value, SUB_EVENT_TYPES, "sub-event type")


def acled_event_type(value: str | None) -> str | None:
    return _canonical(value, EVENT_TYPES, "event type")


def sub_type_callback(_ctx: click.Context, _param: click.Parameter,
                      value: str | tuple[str, ...] | None) -> str | tuple[str, ...] | None:
    """Click callback for ``--sub-type`` (one value or repeated)."""
    if isinstance(value, tuple):
        return tuple(v for v in (acled_sub_type(x) for x in value) if v)
    return acled_sub_type(value)


def event_type_callback(_ctx: click.Context, _param: click.Parameter,
                        value: str | tuple[str, ...] | None) -> str | tuple[str, ...] | None:
    """Click callback for ``--type`` (one value or repeated)."""
    if isinstance(value, tuple):
        return tuple(v for v in (acled_event_type(x) for x in value) if v)
    return acled_event_type(value)
