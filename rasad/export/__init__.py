"""Writers: ACLED CSV, JSON Lines, JSON, GeoJSON, KML, GraphML/GEXF, a terminal table and
a pandas DataFrame.

The writers take output-contract dicts (``rasad.serialize.document_to_dict`` or the
events ``rasad.store`` returns), so they serve both ``rasad extract`` and ``rasad events``.
Heavy libraries (fastkml, networkx, pandas) load only with the writer that needs them.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from .acled import (
    ACLED_COLUMNS,
    ACLED_INTEGER_COLUMNS,
    INTER_CODES,
    INTER_LABELS,
    ActorCoding,
    acled_row,
    disorder_type,
    inter_code,
    interaction,
    interaction_label,
    write_acled_csv,
)
from .geojson import geojson_feature, write_geojson
from .jsonio import events_with_doc, write_json, write_jsonl
from .table import format_table

_LAZY = {"write_kml": "kml", "kml_color": "kml", "KML_TYPE_COLORS": "kml",
         "write_graphml": "network", "write_gexf": "network", "network_graph": "network",
         "acled_dataframe": "frame"}

__all__ = [
    "ACLED_COLUMNS",
    "ACLED_INTEGER_COLUMNS",
    "INTER_CODES",
    "INTER_LABELS",
    "KML_TYPE_COLORS",
    "ActorCoding",
    "acled_dataframe",
    "acled_row",
    "disorder_type",
    "events_with_doc",
    "format_table",
    "geojson_feature",
    "inter_code",
    "interaction",
    "interaction_label",
    "kml_color",
    "network_graph",
    "write_acled_csv",
    "write_geojson",
    "write_gexf",
    "write_graphml",
    "write_json",
    "write_jsonl",
    "write_kml",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
