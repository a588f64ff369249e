"""The review page in a real headless browser: a reviewer rejects one event, drags
another's marker on the map, and adds a missed event from a text selection; the API the
map reads, `rasad events` and the ACLED export then show the reviewed events. Without
the token nothing changes. Same set-up and skips as tests/test_web_browser.py."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_web_browser import (  # noqa: F401 (browser: a fixture)
    ARTIFACTS,
    ROOT,
    browser,
    require_leaflet,
    serving,
    wait_for,
)

from rasad.cli import CliContext, cli
from rasad.store import EventFilter, open_store

REPORT = "ex02-idlib-shelling"
TOKEN = "browser-review-token-0123"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    from rasad.web import ServeConfig, create_app

    require_leaflet()
    folder = tmp_path_factory.mktemp("review-browser")
    reports = folder / "reports.jsonl"
    reports.write_text("".join(line + "\n" for line in (ROOT / "examples" / "reports.jsonl")
                               .read_text(encoding="utf-8").splitlines() if REPORT in line),
                       encoding="utf-8")
    db = folder / "review.db"
    _run("ingest", "--input", str(reports), "--db", str(db))
    with serving(create_app(ServeConfig(db=db, reviewers=(("amina", TOKEN),)))) as url:
        yield url, db


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), obj=CliContext(), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def _stored(db: Path, **filters: Any) -> dict[str, dict[str, Any]]:
    with open_store(db) as store:
        return {e["id"]: e for e in store.events(EventFilter(**filters))}


def _press(driver: Any, key: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    driver.execute_script("if (document.activeElement) document.activeElement.blur();")
    ActionChains(driver).send_keys(key).perform()


def _message(driver: Any, starts: str) -> str:
    def ready() -> str | None:
        text = str(driver.find_element("id", "message").text)
        return text if text.startswith(starts) else None

    return str(wait_for(ready, f"message {starts!r}"))


def _current(driver: Any, other_than: str | None = None) -> str:
    def selected() -> str | None:
        found = driver.execute_script(
            "var li = document.querySelector('#queue li.current'); return li && li.dataset.id;")
        return found if found and found != other_than else None

    return str(wait_for(selected, "a selected event"))


def _select_report_text(driver: Any, length: int) -> str:
    """Select ``length`` characters of the first long text run of the report, as a user
    dragging over it would; the selected text."""
    return str(driver.execute_script("""
        var box = document.getElementById('report');
        var walk = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
        var node;
        while ((node = walk.nextNode()) && node.data.trim().length < arguments[0]) {}
        var range = document.createRange();
        range.setStart(node, 0); range.setEnd(node, arguments[0]);
        var sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
        return range.toString();""", length))


def test_a_reviewer_rejects_moves_and_adds_and_every_reader_follows(
        served: tuple[str, Path], request: pytest.FixtureRequest) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.support.ui import Select

    url, db = served
    driver = request.getfixturevalue("browser")
    machine = _stored(db)
    ARTIFACTS.mkdir(exist_ok=True)
    driver.get(url + "review")
    first = _current(driver)
    _press(driver, "r")  # no token yet: refused
    _message(driver, "missing token")
    with open_store(db) as store:
        assert store.reviews() == []

    driver.find_element("id", "token").send_keys(TOKEN + "\n")
    _message(driver, "token set")
    _press(driver, "r")
    _message(driver, f"rejected {first}")

    moved = _current(driver, other_than=first)
    pin = wait_for(lambda: driver.find_elements(
        "css selector", "#review-map .leaflet-marker-icon[title='event location']"),
        "the event's marker")[0]
    driver.save_screenshot(str(ARTIFACTS / "web-review-before-drag.png"))
    placed = driver.find_element("id", "f-location").text
    drag = ActionChains(driver).click_and_hold(pin).move_by_offset(40, 10)
    drag.move_by_offset(40, 20).release().perform()
    wait_for(lambda: driver.find_element("id", "f-location").text != placed, "the moved location")
    _press(driver, "s")
    _message(driver, f"saved {moved}")

    shown = _current(driver, other_than=moved)
    wait_for(lambda: driver.execute_script(
        "return document.getElementById('report').dataset.id;") == shown, "the next report")
    evidence = _select_report_text(driver, 30)
    Select(driver.find_element("id", "f-sub")).select_by_value("Air/drone strike")
    _press(driver, "n")
    added = _message(driver, "added ").removeprefix("added ")
    driver.save_screenshot(str(ARTIFACTS / "web-review.png"))
    assert wait_for(lambda: driver.execute_script(
        "return document.querySelectorAll('#audit tr[data-id]').length;") == 3, "the audit log")

    stored = _stored(db)
    assert first not in stored and added in stored
    old, new = machine[moved]["location"], stored[moved]["location"]
    assert (new["latitude"], new["longitude"]) != (old["latitude"], old["longitude"])
    assert stored[added]["evidence"][0]["text"] == evidence
    assert stored[added]["sub_event_type"] == "Air/drone strike"

    features = {f["id"]: f for f in json.loads(driver.execute_script(
        "var x = new XMLHttpRequest(); x.open('GET', '/api/events?limit=1000', false);"
        " x.send(); return x.responseText;"))["features"]}
    assert first not in features and features[moved]["properties"]["review"] == "edited"
    assert features[moved]["geometry"]["coordinates"] == [new["longitude"], new["latitude"]]
    listed = {json.loads(line)["id"] for line in
              _run("events", "--db", str(db), "--format", "jsonl").splitlines()}
    assert first not in listed and {moved, added} <= listed
    rows = {r["event_id_cnty"]: r for r in csv.DictReader(io.StringIO(
        _run("export", "--db", str(db), "--format", "acled-csv").lstrip("\ufeff")))}
    assert first not in rows and added in rows
    assert float(rows[moved]["latitude"]) == pytest.approx(new["latitude"])
