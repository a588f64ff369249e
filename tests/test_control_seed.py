"""The issue's acceptance check on the seed report: ingest, then control and commander."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from rasad.cli import CliContext, cli
from rasad.control import rebuild_control


def _shared() -> Path:
    env = os.environ.get("RASAD_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    files = sorted((_shared() / "seed").glob("*.txt"))
    if not files:
        pytest.skip("seed report not found (set RASAD_SHARED to the shared folder)")
    db = tmp_path_factory.mktemp("seed") / "seed.db"
    result = CliRunner().invoke(cli, ["ingest", *map(str, files), "--db", str(db)],
                                obj=CliContext(), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return db, files[0].read_text(encoding="utf-8")


def _json(db: Path, *args: str) -> Any:
    result = CliRunner().invoke(cli, [*args, "--db", str(db), "--format", "json"],
                                obj=CliContext(), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_control_tadmur_before_and_after_the_handover(seed_db: tuple[Path, str]) -> None:
    db, text = seed_db
    result = _json(db, "control", "Tadmur")
    [site] = result["sites"]
    assert site["site"]["count"] == 3 and site["site"]["gazetteer_id"] == "geonames:163808"
    control = [c for c in site["holders"] if c["kind"] == "control"]
    assert {c["holder_id"] for c in control} == {"irgc", "regiment-74"}
    assert {c["holder_id"] for c in site["previous"]} == {"liwa-al-quds", "5th-corps"}
    for claim in control + site["previous"]:
        assert claim["evidence"], claim["holder_id"]
        for ev in claim["evidence"]:
            assert text[ev["start"]:ev["end"]] == ev["text"]
    regiment = next(c for c in control if c["holder_id"] == "regiment-74")
    assert any("الفوج 74" in ev["text"] for ev in regiment["evidence"])
    # No publication date: the handover's date is kept as written, not guessed.
    assert regiment["since"]["known"] is False
    assert regiment["since"]["text"] == "منذ صباح الأربعاء"
    assert result["notes"]


def test_arabic_name_and_at_date_are_honest(seed_db: tuple[Path, str]) -> None:
    db, _ = seed_db
    result = _json(db, "control", "تدمر", "--at", "2023-01-01")
    site = result["sites"][0]
    assert not site["holders"] and site["unknown"]
    assert all(c["status_note"] for c in site["unknown"])


def test_positions_in_the_coded_handovers(seed_db: tuple[Path, str]) -> None:
    # The gold codes three handovers (Tadmur 3, al-Bayda 1, Khirbet al-Tiyas 3 positions);
    # the two positions "between al-Bayda and Khirbet al-Tiyas" are a fourth group only when
    # the event filter keeps that telling (the rules always propose it: test_seed.py).
    db, _ = seed_db
    summary = rebuild_control(db)
    counts = {}
    for place in ("Tadmur", "al-Bayda", "Khirbet al-Tiyas"):
        for site in _json(db, "control", place)["sites"]:
            counts[site["site"]["label"]] = site["site"]["count"]
    assert sorted(counts.values()) in ([1, 3, 3], [1, 2, 3, 3])
    assert summary.positions == sum(counts.values()) and summary.sites == len(counts)


def test_all_six_commanders(seed_db: tuple[Path, str]) -> None:
    db, _ = seed_db
    records = _json(db, "commander")["commanders"]
    assert len(records) == 6
    by_name = {r["name"]: r for r in records}
    assert by_name["فياض أبو صقر"]["actors"] == ["regiment-74"]
    assert by_name["فياض أبو صقر"]["kunya"] == "أبو صقر"
    assert by_name["عارف أحمدي"]["areas"] == ["خربة تياس"]
    assert by_name["ديمتري نيكونوف"]["actors"] == ["russian-armed-forces"]
    assert all(r["roles"] and r["roles"][0]["role"] for r in records)
    assert all(r["actors"] and r["areas"] for r in records)


def test_commanders_found_by_an_english_spelling(seed_db: tuple[Path, str]) -> None:
    db, _ = seed_db
    [majdi] = _json(db, "commander", "Majdi")["commanders"]
    assert "مجدي" in majdi["name"]
    [saqr] = _json(db, "commander", "Abu Saqr")["commanders"]
    assert saqr["name"] == "فياض أبو صقر"
    table = CliRunner().invoke(cli, ["commander", "Rahim Tahhan", "--db", str(db)],
                               obj=CliContext(), catch_exceptions=False).output
    assert "رحيم طحان" in table and "of ?" not in table and "in ?" not in table
