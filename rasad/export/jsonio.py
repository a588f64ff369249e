"""JSON Lines and JSON arrays, written item by item; events paired with their document."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from .acled import events_country

JsonDict = dict[str, Any]


def events_with_doc(doc_dicts: Iterable[JsonDict]) -> Iterator[JsonDict]:
    """Each event of each output-contract document, with the ``document`` header added
    (and the country most of the document's places are in, for events left unplaced)."""
    for doc in doc_dicts:
        header = {**(doc.get("document") or {}), "country": events_country(doc)}
        for event in doc.get("events") or []:
            yield {**event, "document": header}


def write_jsonl(objects: Iterable[JsonDict], stream: IO[str]) -> int:
    count = 0
    for obj in objects:
        stream.write(json.dumps(obj, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_json(objects: Iterable[JsonDict], stream: IO[str]) -> int:
    """A JSON array written item by item, so large outputs need not sit in memory."""
    count = 0
    stream.write("[")
    for obj in objects:
        stream.write(("," if count else "") + "\n  " + json.dumps(obj, ensure_ascii=False))
        count += 1
    stream.write("\n]\n" if count else "]\n")
    return count
