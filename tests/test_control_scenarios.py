"""Multi-report scenarios through the real pipeline: extract, ingest, rebuild, query.

The reports are written for these tests in the style of the Syrian opposition outlets
(Arabic). The merging guarantees themselves are tested on hand-built events in
test_control_merge.py; here the point is that real extraction output flows through.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import rasad
from rasad.cli import CliContext, cli
from rasad.control import (
    actor,
    commander,
    control,
    history,
    is_stale,
    load_view,
    rebuild_control,
)
from rasad.store import SQLiteStore

# Outlet A: the handover, three positions near Tadmur, Regiment 74 under Fayyad Abu Saqr.
REPORT_A = (
    "أفادت مصادر خاصة أن ميليشيا (لواء القدس الفلسطيني) أخلت منذ صباح الأربعاء ثلاثة مواقع "
    "عسكرية قرب مدينة تدمر وتم تسليمها إلى قوات (الحرس الثوري الإيراني). وذكرت المصادر أنه "
    "تم تسليم المواقع لعناصر ميليشيا (الفوج 74) بقيادة المدعو (فياض أبو صقر)."
)
# Outlet B: the same handover, four positions, Hezbollah named as receiver; the
# commander appears by his kunya only.
REPORT_B = (
    "ذكرت مصادر محلية أن ميليشيا (لواء القدس الفلسطيني) أخلت يوم الأربعاء أربعة مواقع "
    "عسكرية قرب مدينة تدمر وتم تسليمها إلى قوات (الحرس الثوري الإيراني) وميليشيا (حزب الله "
    "اللبناني). وتسلم المواقع القيادي (أبو صقر) قائد ميليشيا الفوج 74."
)
# Outlet C republishes A with its own credit line.
REPORT_A_COPY = "نقلًا عن مصادر خاصة: " + REPORT_A + " (المصدر: شبكة محلية)"
# Weeks later: the positions go back to Liwa al-Quds.
REPORT_REVERSAL = (
    "أفادت مصادر محلية أن ميليشيا (الحرس الثوري الإيراني) أخلت يوم الأحد ثلاثة مواقع عسكرية "
    "قرب مدينة تدمر وتم تسليمها إلى ميليشيا (لواء القدس الفلسطيني) بأمر من القيادة الروسية."
)

REPORTS = [
    ("outlet-a", "Outlet A", "2023-05-18", REPORT_A),
    ("outlet-b", "Outlet B", "2023-05-19", REPORT_B),
    ("outlet-c", "Outlet C", "2023-05-18", REPORT_A_COPY),
    ("outlet-d", "Outlet D", "2023-06-12", REPORT_REVERSAL),
]


def _ingest(db: Path, reports: list[tuple[str, str, str, str]]) -> None:
    with SQLiteStore(db) as store:
        for doc_id, outlet, published, text in reports:
            store.ingest(rasad.extract(text, published=published, doc_id=doc_id, outlet=outlet))


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("control") / "scenario.db"
    _ingest(path, REPORTS)
    rebuild_control(path)
    return path


def _handovers(view: Any) -> list[dict[str, Any]]:
    return [m for m in view.merged if m["sub_event_type"] == "Non-violent transfer of territory"]


def test_two_outlets_and_a_copy_merge_into_one_handover(db: Path) -> None:
    view = load_view(db)
    handovers = _handovers(view)
    assert len(handovers) == 2  # the May handover and the June reversal
    may = next(m for m in handovers if m["date"]["start"] == "2023-05-17")
    assert sorted(s["doc_id"] for s in may["sources"]) == ["outlet-a", "outlet-b", "outlet-c"]
    assert may["corroboration"] == 2
    copy = next(s for s in may["sources"] if s["doc_id"] == "outlet-c")
    assert copy["copy_of"] == "outlet-a"
    counts = may["fields"]["quantities.sites"]
    assert counts["disputed"]
    assert {v["value"]: sorted(v["sources"]) for v in counts["values"]} == \
        {3: ["outlet-a", "outlet-c"], 4: ["outlet-b"]}


def test_control_over_time_with_reversal(db: Path) -> None:
    view = load_view(db)
    result = control(view, "Tadmur")
    assert result["positions"] == 3  # not 3 + 4 + 3 + 3
    [site] = result["sites"]
    assert site["site"]["count_disputed"]
    assert {c["holder_id"] for c in site["holders"]} == {"liwa-al-quds"}
    may = control(view, "تدمر", at=date(2023, 5, 25))["sites"][0]
    holders = {c["holder_id"]: c for c in may["holders"]}
    assert {"irgc", "regiment-74", "hezbollah"} <= set(holders)
    # Only outlet B names Hezbollah, but B's takers include all of A's (IRGC, Regiment 74
    # from its second sentence): naming more actors does not contradict naming fewer.
    assert not holders["hezbollah"]["disputed"]
    assert [s["doc_id"] for s in holders["hezbollah"]["sources"]] == ["outlet-b"]
    assert all(c["evidence"] for c in holders.values())
    changes = history(view, "Tadmur")["changes"]
    assert [c["date"]["start"] for c in changes] == ["2023-05-17", "2023-06-11"]


def test_commander_by_kunya_and_full_name(db: Path) -> None:
    view = load_view(db)
    [record] = commander(view, "أبو صقر")["commanders"]
    assert record["name"] == "فياض أبو صقر"
    assert record["actors"] == ["regiment-74"]
    assert {s["doc_id"] for s in record["sources"]} == {"outlet-a", "outlet-b", "outlet-c"}
    assert record["corroboration"] == 2
    assert commander(view, "فياض أبو صقر")["commanders"][0]["id"] == record["id"]


def test_actor_footprint_includes_backed_groups(db: Path) -> None:
    result = actor(load_view(db), "الحرس الثوري", at=date(2023, 5, 25))
    assert result["actor_id"] == "irgc"
    assert any(c["holder_id"] == "irgc" for c in result["footprint"]["holders"])
    assert {c["holder_id"] for c in result["via_backed_groups"]["holders"]} >= {"regiment-74"}
    assert any(r["relation"] == "handed_over_to" and r["object"] == "irgc"
               for r in result["relations"])


def test_rebuild_is_idempotent_and_tracks_new_reports(db: Path, tmp_path: Path) -> None:
    first = load_view(db)
    rebuild_control(db)
    second = load_view(db)
    assert first == second
    path = tmp_path / "grow.db"
    _ingest(path, REPORTS[:1])
    assert is_stale(path)
    assert control(load_view(path), "Tadmur")["positions"] == 3
    assert not is_stale(path)
    _ingest(path, REPORTS[3:])
    assert is_stale(path)  # the next query rebuilds
    assert {c["holder_id"] for c in control(load_view(path), "Tadmur")["sites"][0]["holders"]} \
        == {"liwa-al-quds"}


def test_cli_commands(db: Path) -> None:
    def run(*args: str) -> Any:
        result = CliRunner().invoke(cli, [*args, "--db", str(db)], obj=CliContext(),
                                    catch_exceptions=False)
        return result

    out = run("control", "Tadmur", "--format", "json", "--at", "2023-05-25")
    assert out.exit_code == 0
    payload = json.loads(out.output)
    assert payload["at"] == "2023-05-25" and payload["sites"]
    table = run("history", "Tadmur")
    assert table.exit_code == 0 and "2023-06-11" in table.output
    assert "DISPUTED" in run("control", "Tadmur").output
    assert run("actor", "irgc").exit_code == 0
    assert "فياض أبو صقر" in run("commander", "أبو صقر").output
    missing = CliRunner().invoke(cli, ["control", "Nowhere", "--db", str(db)], obj=CliContext())
    assert missing.exit_code == 1 and "no control records" in missing.output
    assert "reports" in run("control", "rebuild").output
