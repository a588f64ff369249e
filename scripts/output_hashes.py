"""Record or compare a hash of the default pipeline's full output for every report.

A change meant to make extraction faster must not change what it extracts. Record the
hashes before the change, compare after it:

    python scripts/output_hashes.py record before.json ../shared/eval/*.jsonl
    python scripts/output_hashes.py compare before.json ../shared/eval/*.jsonl

Each report's output is the output contract's JSON (``serialize.document_to_dict``) with
sorted keys; the file maps "<input file name>:<report id>" to its SHA-256, so it holds
rasad's own outputs only, never the input or gold data. ``compare`` lists the reports
whose output changed and exits 1 when any did.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import rasad
from rasad.serialize import document_to_dict


def _reports(paths: list[Path]) -> Iterator[tuple[str, dict[str, object]]]:
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                record = json.loads(line)
                yield f"{path.name}:{record.get('id', number)}", record


def output_hashes(paths: list[Path]) -> dict[str, str]:
    """The SHA-256 of each report's output, by "<file name>:<report id>"."""
    keyed = list(_reports(paths))
    docs = rasad.default_pipeline().pipe(record for _, record in keyed)
    out: dict[str, str] = {}
    for (key, _), doc in zip(keyed, docs, strict=True):
        text = json.dumps(document_to_dict(doc), ensure_ascii=False, sort_keys=True)
        out[key] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return out


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[0] not in ("record", "compare"):
        sys.stderr.write(__doc__ or "")
        return 2
    store, paths = Path(argv[1]), [Path(p) for p in argv[2:]]
    hashes = output_hashes(paths)
    if argv[0] == "record":
        store.write_text(json.dumps(hashes, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"{len(hashes)} report outputs recorded in {store}")
        return 0
    before = json.loads(store.read_text(encoding="utf-8"))
    changed = sorted(k for k in before.keys() | hashes.keys() if before.get(k) != hashes.get(k))
    for key in changed:
        print(f"changed: {key}")
    print(f"{len(hashes)} reports, {len(changed)} with a different output")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
