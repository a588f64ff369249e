"""JSON bodies of the API, encoded by orjson.

Under concurrent load, encoding the larger answers (a place's control history, the
basemap, a report with its mentions) with the standard library held the interpreter lock
for most of the server's busy time, delaying every other request. orjson writes the same
JSON (UTF-8, no spaces, non-ASCII as is) several times faster.
"""

from __future__ import annotations

from typing import Any

import orjson

# Integer keys (counts by year and the like) are written as strings, as `json` does.
_OPTIONS = orjson.OPT_NON_STR_KEYS


def encode(content: Any) -> bytes:
    """``content`` as compact UTF-8 JSON."""
    return orjson.dumps(content, option=_OPTIONS)
