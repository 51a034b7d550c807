"""``nongrata web`` in a real browser: headless Chromium from the distribution's packages,
driven by Selenium through chromedriver, against the command itself serving the database the
demo fills on 127.0.0.1. Each page is opened, a filter is used, an event is followed; the
screenshots land in docs/screenshots/ (the README shows two of them).

Skipped, saying why, where Chromium, its driver or Selenium is absent
(``apt-get install chromium chromium-driver``; ``.ci/run`` installs them).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import Demo

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = Path(os.environ.get("NONGRATA_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("NONGRATA_CHROMEDRIVER", "/usr/bin/chromedriver"))
WIDTH = 1280
# The console script installed beside this Python (the command a user runs).
NONGRATA = str(Path(sys.executable).with_name("nongrata"))


def _follow(driver: Any, element: Any) -> None:
    """Click a link or a submit button and wait until the next page has replaced this one
    (a click returns before the navigation it starts has finished)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    page = driver.find_element(By.TAG_NAME, "html")
    element.click()
    wait = WebDriverWait(driver, 30)
    wait.until(expected_conditions.staleness_of(page))
    wait.until(lambda d: d.execute_script("return document.readyState") == "complete")


def _missing() -> str | None:
    for path in (CHROMIUM, CHROMEDRIVER):
        if not path.exists():
            return f"{path} is absent (apt-get install chromium chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[dev]')"
    return None


pytestmark = pytest.mark.skipif(_missing() is not None, reason=str(_missing()))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(demo: Demo, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``nongrata web`` on a free loopback port, as a user starts it."""
    port = _free_port()
    log = tmp_path_factory.mktemp("web-server") / "server.log"
    env = {
        **os.environ,
        "NONGRATA_DATABASE_URL": demo.url,
        "NONGRATA_DATA_DIR": str(demo.folder / "data"),
    }
    env.pop("NONGRATA_WEB_TOKEN", None)
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [NONGRATA, "web", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=demo.folder,
        )
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                pytest.fail(f"nongrata web exited {proc.returncode}: {log.read_text()}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"nongrata web did not listen on {port}: {log.read_text()}")
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    assert "Traceback" not in log.read_text(), log.read_text()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        f"--window-size={WIDTH},1000",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=str(CHROMEDRIVER))
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def _screenshot(driver: Any, name: str) -> Path:
    """The whole page, as tall as its content."""
    from selenium.webdriver.common.by import By

    height = driver.find_element(By.TAG_NAME, "html").size["height"]
    driver.set_window_size(WIDTH, max(600, int(height) + 140))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    assert driver.save_screenshot(str(path)), path
    driver.set_window_size(WIDTH, 1000)
    assert path.stat().st_size > 10_000
    return path


def _no_console_errors(driver: Any) -> None:
    """Nothing failed to load, nothing was refused by the page's security policy."""
    severe = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert severe == []


def test_each_page_filter_and_event_in_chromium(server: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    driver = browser
    # The overview: its chart, its map, the counts, the latest events.
    driver.get(server + "/")
    assert driver.find_element(By.TAG_NAME, "h1").text == "Overview"
    chart = driver.find_element(By.CSS_SELECTOR, "svg.chart")
    assert chart.size["width"] > 500
    assert len(chart.find_elements(By.TAG_NAME, "rect")) >= 7
    world = driver.find_element(By.CSS_SELECTOR, "svg.map")
    assert world.is_displayed()
    assert world.size["width"] > 400
    states = {a.get_attribute("data-iso") for a in world.find_elements(By.CSS_SELECTOR, "a.state")}
    assert {"CZ", "BY", "PL", "RU", "NO", "IR", "EE", "LT"} <= states
    assert len(world.find_elements(By.CSS_SELECTOR, "path.flow")) >= 6
    counts = driver.find_element(By.CSS_SELECTOR, "table.countries").text
    assert "Poland" in counts
    assert "Czech Republic expels Belarusian diplomat" in driver.page_source
    _no_console_errors(driver)
    _screenshot(driver, "overview")

    # The events: use a filter through the form.
    _follow(driver, driver.find_element(By.LINK_TEXT, "Events"))
    rows = driver.find_elements(By.CSS_SELECTOR, "table.events tbody tr")
    assert len(rows) == 10
    Select(driver.find_element(By.NAME, "type")).select_by_visible_text("arrest")
    _follow(driver, driver.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]"))
    assert "type=arrest" in driver.current_url
    rows = driver.find_elements(By.CSS_SELECTOR, "table.events tbody tr")
    assert len(rows) == 2
    assert all("arrest" in row.text for row in rows)
    assert (
        "Events 1–2 of 2 matching the filters"
        in driver.find_element(By.CSS_SELECTOR, "p.summary").text
    )
    _no_console_errors(driver)
    _screenshot(driver, "events")

    # Follow an event found by a person's name.
    person = driver.find_element(By.NAME, "person")
    Select(driver.find_element(By.NAME, "type")).select_by_visible_text("any")
    person.send_keys("Voronets")
    _follow(driver, driver.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]"))
    rows = driver.find_elements(By.CSS_SELECTOR, "table.events tbody tr")
    assert len(rows) == 1
    _follow(driver, rows[0].find_element(By.CSS_SELECTOR, "td a"))
    assert driver.find_element(By.TAG_NAME, "h1").text.startswith(
        "Czech Republic expels Belarusian diplomat"
    )
    assert driver.find_element(By.CSS_SELECTOR, "p.direction").text == (
        "Czech Republic (CZ) → Belarus (BY)"
    )
    sources = driver.find_elements(By.CSS_SELECTOR, "li.source")
    assert len(sources) == 4
    outlets = {s.find_element(By.CSS_SELECTOR, "p.outlet strong").text for s in sources}
    assert outlets == {"Baltic Security Review", "Central Europe Wire", "Diplomatic Dispatch"}
    for source in sources:
        link = source.find_element(By.CSS_SELECTOR, "p.title a").get_attribute("href")
        assert link.startswith("http://127.0.0.1:")
        assert "utm_" not in link
        assert source.find_element(By.CSS_SELECTOR, "blockquote.evidence").text
    related = driver.find_element(By.CSS_SELECTOR, "ul.related")
    assert "Belarus expels Czech diplomat" in related.text
    _no_console_errors(driver)
    _screenshot(driver, "event")
    _follow(driver, related.find_element(By.TAG_NAME, "a"))
    assert driver.find_element(By.TAG_NAME, "h1").text.startswith("Belarus expels Czech diplomat")

    # The operator's pages.
    _follow(driver, driver.find_element(By.LINK_TEXT, "Feeds"))
    health = driver.find_elements(By.CSS_SELECTOR, "tr.feed span.health")
    assert [h.text for h in health] == ["ok", "ok", "ok"]
    _screenshot(driver, "feeds")
    _follow(driver, driver.find_element(By.LINK_TEXT, "Runs"))
    assert "Run 1" in driver.find_element(By.CSS_SELECTOR, "article.run h2").text
    assert "events new" in driver.find_element(By.CSS_SELECTOR, "table.numbers").text
    _screenshot(driver, "runs")
    _follow(driver, driver.find_element(By.LINK_TEXT, "Alerts"))
    states_shown = {s.text for s in driver.find_elements(By.CSS_SELECTOR, "tr.alert span.state")}
    assert states_shown == {"delivered"}
    assert len(driver.find_elements(By.CSS_SELECTOR, "tr.alert")) == 6
    notices = driver.find_element(By.ID, "notices")  # the operational notices' section
    assert notices.text == "Operational notices"
    assert "No operational notices" in driver.page_source  # the demo's feeds are all well
    _no_console_errors(driver)
    _screenshot(driver, "alerts")


def test_the_demo_alerts_and_a_digest_read_in_chromium(
    demo: Demo, browser: Any, tmp_path: Path
) -> None:
    """The demo's alerts.html as HTML mail tells each alert (clickable clean links, the
    event's page), and a digest preview whose trend chart (a PNG) the browser draws."""
    from selenium.webdriver.common.by import By

    driver = browser
    driver.get((demo.folder / "alerts.html").as_uri())
    alerts = driver.find_elements(By.CSS_SELECTOR, "article")
    assert len(alerts) == 6
    for alert in alerts:
        links = [a.get_attribute("href") for a in alert.find_elements(By.CSS_SELECTOR, "li a")]
        assert links, alert.text
        assert all(link.startswith("http://127.0.0.1:") for link in links)
        assert not any("utm_" in link for link in links)
        page = alert.find_element(By.PARTIAL_LINK_TEXT, "the event's page")
        assert page.get_attribute("href").startswith("http://127.0.0.1:8050/events/")
        assert "Evidence:" in alert.text
    _no_console_errors(driver)
    _screenshot(driver, "demo-alerts")

    output = tmp_path / "digest.html"
    env = {**os.environ, "NONGRATA_DATABASE_URL": demo.url}
    done = subprocess.run(
        [NONGRATA, "digest", "--preview", "--period", "week", "--output", str(output)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    driver.get(output.as_uri())
    chart = driver.find_element(By.CSS_SELECTOR, "img[src^='data:image/png']")
    assert driver.execute_script("return arguments[0].naturalWidth", chart) == 760
    assert chart.size["height"] == 260
    _no_console_errors(driver)
    _screenshot(driver, "digest")


def test_screenshots_folder_holds_what_the_readme_shows() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("overview", "event"):
        assert f"docs/screenshots/{name}.png" in readme
    assert shutil.which("chromium") or CHROMIUM.exists()
