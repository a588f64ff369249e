"""The web map in a real headless browser (Debian's chromium, driven by Selenium).

Loads the map served by ``rasad serve``'s app, moves the time slider across the seed's
handover date with the keyboard, checks the control layer changes holder and colour,
opens a report containing <script> and checks it is shown as text. Screenshots go to
test-artifacts/. Set-up (chromium, chromedriver, Leaflet) is `make test`'s job; without
them the test skips, except in CI (CI=true) where it fails.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from rasad.store import SQLiteStore
from rasad.web.synthetic import HOSTILE_MARKUP, event, handover_record, hostile_record, record

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
HANDOVER = date(2023, 5, 17)


def _missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser test cannot run in CI: {reason} (run `make browser web-assets`)")
    pytest.skip(reason)


def _shared() -> Path:
    return Path(os.environ.get("RASAD_SHARED") or ROOT.parent / "shared")


def unplaced_record() -> dict[str, Any]:
    """A report whose one event no place was found for."""
    unplaced = event("synthetic-unplaced", "Battles", "Armed clash", date(2023, 5, 15),
                     location={"name": "an unnamed hill", "latitude": None, "longitude": None},
                     actor1=[])
    return record("synthetic-unplaced", "Clashes on an unnamed hill.", [unplaced],
                  published="2023-05-15")


def _build_db(path: Path) -> str:
    """The seed report ingested with a publication date, plus a hostile report."""
    seed = sorted((_shared() / "seed").glob("*.txt"))
    with SQLiteStore(path) as store:
        store.ingest(hostile_record())
        store.ingest(unplaced_record())
        if seed:
            from rasad import extract

            text = seed[0].read_text(encoding="utf-8")
            store.ingest(extract(text, published=HANDOVER, doc_id=seed[0].stem))
            return "seed"
        store.ingest(handover_record(HANDOVER))
        return "synthetic"


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """``app`` served by uvicorn on a free local port, in a thread; its base URL."""
    uvicorn = pytest.importorskip("uvicorn")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the test server did not start"
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def require_leaflet() -> None:
    pytest.importorskip("uvicorn")
    if not (ROOT / "rasad/web/static/vendor/leaflet/leaflet.js").is_file():
        _missing("Leaflet is not installed into rasad/web/static/vendor (make web-assets)")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    from rasad.web import ServeConfig, create_app

    require_leaflet()
    db = tmp_path_factory.mktemp("browser") / "map.db"
    kind = _build_db(db)
    with serving(create_app(ServeConfig(db=db))) as url:
        yield url, kind


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _missing("selenium is not installed")
    if not (shutil.which("chromium") or Path(CHROMIUM).exists()) or not Path(CHROMEDRIVER).exists():
        _missing("Debian's chromium and chromium-driver are not installed")
    options = Options()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="rasad-chromium-")
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1500,900",
                "--lang=en-US", f"--user-data-dir={profile}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def wait_for(check: Callable[[], Any], what: str, timeout: float = 15.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def control_rows(driver: Any) -> dict[str, tuple[str, str]]:
    rows = driver.execute_script(
        "return Array.from(document.querySelectorAll('#control-list li[data-place]'))"
        ".map(li => [li.querySelector('.place').textContent, li.dataset.holder,"
        " li.dataset.status]);")
    return {name: (holder, status) for name, holder, status in rows}


def badge_colors(driver: Any) -> set[str]:
    return set(driver.execute_script(
        "return Array.from(document.querySelectorAll('#map .control-marker .pin'))"
        ".map(b => getComputedStyle(b).backgroundColor);"))


def settle(driver: Any) -> None:
    """Wait until no refresh is pending, so list items are not redrawn under a click."""
    time.sleep(0.3)  # a scheduled refresh starts 120 ms after the last change
    wait_for(lambda: not driver.execute_script(
        "return document.body.hasAttribute('data-loading')"), "the map to settle")


def move_slider_to(driver: Any, target: date) -> None:
    """Press arrow keys on the focused slider, as a keyboard user would."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    slider = driver.find_element(By.ID, "slider")
    current = date.fromisoformat(driver.find_element(By.ID, "date-label").text)
    key = Keys.ARROW_RIGHT if target > current else Keys.ARROW_LEFT
    slider.send_keys(*([key] * abs((target - current).days)))
    wait_for(lambda: driver.execute_script(
        "return document.body.dataset.ready") == target.isoformat(), f"the map on {target}")


def test_map_slider_control_and_hostile_report(server: tuple[str, str], browser: Any) -> None:
    from selenium.webdriver.common.by import By

    url, kind = server
    ARTIFACTS.mkdir(exist_ok=True)
    browser.get(url)
    wait_for(lambda: browser.execute_script("return document.body.dataset.ready"), "first load")
    wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "#map .control-marker"),
             "control markers")

    move_slider_to(browser, date(2023, 5, 12))
    before = control_rows(browser)
    colors_before = badge_colors(browser)
    browser.save_screenshot(str(ARTIFACTS / "web-map-before.png"))
    move_slider_to(browser, date(2023, 5, 18))
    settle(browser)
    after = control_rows(browser)
    colors_after = badge_colors(browser)
    browser.save_screenshot(str(ARTIFACTS / "web-map-after.png"))

    tadmur = next(name for name in after if name == "Tadmur")
    assert before[tadmur] == ("liwa-al-quds", "inferred-before")
    assert after[tadmur] == ("irgc", "held")
    assert colors_before != colors_after, "the control layer changes colour on the handover"
    if kind == "seed":
        assert {"al-Bayda (eastern Homs)", "Khirbet al-Tiyas", "Tadmur"} <= set(after)
        assert all(after[p][0] == "irgc" for p in ("Khirbet al-Tiyas", "Tadmur"))

    # The map opens fitted to all the events, Aleppo's report included.
    settle(browser)
    item = wait_for(lambda: browser.find_elements(
        By.CSS_SELECTOR, "#event-list li[data-id='synthetic-hostile']"), "the hostile event")
    item[0].click()
    report = wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "#detail-body .report"),
                      "the report panel")[0]
    assert "<script>window.__pwned = 1</script>" in report.text
    assert [m.text for m in report.find_elements(By.TAG_NAME, "mark")] == [HOSTILE_MARKUP]
    assert not browser.find_elements(By.CSS_SELECTOR, "#detail-body script, #detail-body img")
    assert browser.execute_script("return window.__pwned") is None
    assert not browser.find_elements(By.CSS_SELECTOR, "#detail-body a[href^='javascript']")
    browser.save_screenshot(str(ARTIFACTS / "web-map-hostile.png"))

    transfer = browser.find_elements(By.CSS_SELECTOR, "#event-list li.event-item")
    arabic = next(li for li in transfer if "transfer of territory" in li.text)
    arabic.click()
    wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "#detail-body .report[dir='rtl']"),
             "the Arabic report shown right-to-left")
    time.sleep(0.3)
    browser.save_screenshot(str(ARTIFACTS / "web-map.png"))

    hosts = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => new URL(e.name).host);")
    assert set(hosts) <= {url.split("/")[2]}, f"the page loaded from elsewhere: {set(hosts)}"


def test_network_view_draws_actors(server: tuple[str, str], browser: Any) -> None:
    from selenium.webdriver.common.by import By

    browser.get(server[0])
    wait_for(lambda: browser.execute_script("return document.body.dataset.ready"), "first load")
    browser.find_element(By.ID, "tab-network").click()
    nodes = wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "#network .node text"),
                     "network nodes")
    labels = {n.text for n in nodes}
    assert {"IRGC", "Liwa al-Quds"} <= labels
    browser.save_screenshot(str(ARTIFACTS / "web-network.png"))


def url_state(driver: Any) -> dict[str, str]:
    return dict(driver.execute_script(
        "return Array.from(new URLSearchParams(location.search).entries());"))


def test_map_opens_fitted_to_the_data(server: tuple[str, str], browser: Any) -> None:
    from selenium.webdriver.common.by import By

    url, _ = server
    browser.get(url + "?window=-1")  # all dates, no view: the map chooses it
    wait_for(lambda: browser.execute_script("return document.body.dataset.ready"), "first load")
    lat, lon, zoom = (float(v) for v in url_state(browser)["view"].split(","))
    assert 32 < lat < 37.5 and 35.5 < lon < 42.5, "centred on Syria, where the events are"
    assert zoom >= 6, "not zoomed out to a continent"
    located = server_db_located_count(url)
    # Every located event is drawn in the first view (a later refresh may redraw them).
    wait_for(lambda: len(browser.find_elements(By.CSS_SELECTOR, "#map .event-marker"))
             == located, f"all {located} located events on the map")
    settle(browser)
    assert not browser.find_elements(By.CSS_SELECTOR, "#loading:not(.hidden)"), "spinner gone"
    # The event without coordinates is listed, not silently dropped.
    wait_for(lambda: browser.execute_script(
        "return Array.from(document.querySelectorAll('#unplaced:not(.hidden) #unplaced-list li'))"
        ".map(li => li.dataset.id).join()") == "synthetic-unplaced", "the unplaced event")


def server_db_located_count(url: str) -> int:
    import json
    from urllib.request import urlopen

    with urlopen(url + "api/events?located=true&limit=1000") as response:
        return int(json.load(response)["numberReturned"])


def test_url_restores_date_and_filters(server: tuple[str, str], browser: Any) -> None:
    from selenium.webdriver.common.by import By

    url, _ = server
    browser.get(url + "?date=2023-05-16&window=7&types=Battles&q=Aleppo&conf=0.5"
                      "&view=36.2,37.2,9")
    wait_for(lambda: browser.execute_script("return document.body.dataset.ready")
             == "2023-05-16", "the map on the URL's date")
    assert browser.find_element(By.ID, "date-label").text == "2023-05-16"
    assert browser.find_element(By.ID, "window").get_attribute("value") == "7"
    assert browser.find_element(By.ID, "search").get_attribute("value") == "Aleppo"
    assert browser.find_element(By.ID, "confidence").get_attribute("value") == "0.5"
    checked = browser.execute_script(
        "return Array.from(document.querySelectorAll('#types input:checked'))"
        ".map(i => i.dataset.type);")
    assert checked == ["Battles"]
    assert url_state(browser)["view"] == "36.2000,37.2000,9"
    wait_for(lambda: browser.execute_script(
        "return Array.from(document.querySelectorAll('#event-list li')).map(li => li.dataset.id)"
        ".join()") == "synthetic-hostile", "the filtered event list")

    move_slider_to(browser, date(2023, 5, 18))
    assert url_state(browser)["date"] == "2023-05-18", "the URL follows the slider"
    browser.refresh()
    wait_for(lambda: browser.execute_script("return document.body.dataset.ready")
             == "2023-05-18", "the reloaded map on the same date")
    assert browser.find_element(By.ID, "search").get_attribute("value") == "Aleppo"
