"""ACLED rows as a pandas DataFrame, with ACLED's integer columns as integers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..errors import RasadError
from .acled import ACLED_COLUMNS, ACLED_INTEGER_COLUMNS, acled_context, acled_row
from .jsonio import events_with_doc

JsonDict = dict[str, Any]


def acled_dataframe(items: Iterable[Any], *, labels: bool = False,
                    actor_types: Mapping[str, object] | None = None,
                    default_country: str | None = None) -> Any:
    """A DataFrame with ACLED's 31 columns from Documents, output-contract document dicts
    or events with their ``document``. Integer columns are pandas' nullable ``Int64``
    (empty only where rasad cannot know the value, e.g. an event never placed)."""
    try:
        import pandas as pd
    except ImportError as exc:
        raise RasadError("acled_dataframe needs pandas",
                         hint="pip install 'rasad[pandas]'") from exc
    context = acled_context(actor_types, labels=labels, default_country=default_country)
    rows = [acled_row(event, context) for event in _events(items)]
    frame = pd.DataFrame(rows, columns=list(ACLED_COLUMNS))
    frame = frame.replace({"": None})
    integers = [c for c in ACLED_INTEGER_COLUMNS
                if not labels or c not in ("inter1", "inter2", "interaction")]
    for column in integers:
        frame[column] = pd.to_numeric(frame[column]).astype("Int64")
    for column in ("latitude", "longitude"):
        frame[column] = pd.to_numeric(frame[column]).astype("float64")
    return frame


def _events(items: Iterable[Any]) -> Iterable[JsonDict]:
    from ..serialize import document_to_dict
    from ..types import Document

    for item in items:
        if isinstance(item, Document):
            yield from events_with_doc([document_to_dict(item)])
        elif isinstance(item, Mapping) and "events" in item:
            yield from events_with_doc([dict(item)])
        else:
            yield dict(item)
