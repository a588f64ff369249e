"""The same reports give byte-identical output in separate processes.

``scripts/output_hashes.py`` records a hash of each report's full JSON output; two
processes with different string-hash seeds must record the same hashes on every report
of ../shared/eval (a set iterated in its per-process order would show here). The second
process reads the files in the reverse order: what extraction remembers from report to
report (normalized words, phrase heads, cue forms) must never change a report's output.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import shared_dir

ROOT = Path(__file__).resolve().parents[1]


def _record(seed: str, out: Path, inputs: list[Path]) -> dict[str, str]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run([sys.executable, str(ROOT / "scripts" / "output_hashes.py"), "record",
                    str(out), *map(str, inputs)], check=True, env=env, capture_output=True)
    return json.loads(out.read_text(encoding="utf-8"))


def test_outputs_identical_across_hash_seeds_and_report_orders(tmp_path: Path) -> None:
    inputs = sorted((shared_dir() / "eval").glob("*.jsonl"))
    if not inputs:
        pytest.skip(f"no eval files under {shared_dir() / 'eval'} (../shared is absent)")
    first = _record("1", tmp_path / "a.json", inputs)
    second = _record("2", tmp_path / "b.json", inputs[::-1])
    assert len(first) >= len(inputs)
    assert [k for k in first if first[k] != second.get(k)] == []
    assert first.keys() == second.keys()
