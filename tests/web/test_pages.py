"""The web view's pages, downloads and JSON through Starlette's test client, on the database
the demo fills; escaping of hostile text; the token and loopback rules."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner

from nongrata.cli.app import app as cli_app
from nongrata.db import Database, open_database
from nongrata.settings import Settings
from nongrata.web.app import create_app
from nongrata.web.server import is_loopback
from tests.support.notices import dead_feed_and_an_alert

from .conftest import FORMULA, HOSTILE, Demo, web_settings

PAGES = ("/", "/events", "/events/1", "/feeds", "/runs", "/alerts")


def _czech_id(client: TestClient) -> int:
    events = client.get("/api/events", params={"actor": "CZ", "type": "expulsion"}).json()
    assert len(events) == 1
    return int(events[0]["id"])


@pytest.mark.parametrize("path", PAGES)
def test_every_page_is_served_without_scripts(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "<script" not in response.text.lower()
    assert "script-src" not in response.headers["content-security-policy"]  # default 'none'
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert response.headers["referrer-policy"] == "no-referrer"
    # Every asset is served by the view itself: no CDN.
    for url in re.findall(r'(?:href|src)="([^"]+)"', response.text):
        assert url.startswith(("http://127.0.0.1/", "/", "?", "#")) or url.startswith(
            "http://127.0.0.1:"  # the sources' own links, on the demo's loopback outlets
        ), url


def test_overview_shows_chart_map_counts_latest_and_hits(client: TestClient) -> None:
    page = client.get("/").text
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page
    assert 'class="chart"' in page
    assert 'class="map"' in page
    assert "7 new events" in page
    assert 'data-iso="PL"' in page
    assert 'data-iso="RU"' in page
    assert 'class="flow"' in page  # arrows from actor to target
    assert "Poland</a>" in page  # counts by country
    assert "Czech Republic expels Belarusian diplomat" in page
    assert "agencies: KGB" in page  # a watchlist hit among the latest events
    # The hits, one row per entry: agencies before the countries list (which names every
    # state).
    lists = re.findall(r'<tr data-list="(\w+)">', page)
    assert lists[0] == "agencies"
    assert lists.index("countries") > lists.index("agencies")
    assert len(lists) == len(set(re.findall(r'<tr data-list="\w+"><td>\w+</td><td>([^<]+)<', page)))
    world = client.get("/", params={"map": "world", "days": "365"})
    assert world.status_code == 200
    assert client.get("/", params={"days": "12"}).status_code == 400


def test_filter_form_and_paging_links(client: TestClient) -> None:
    page = client.get("/events", params={"type": "arrest"}).text
    assert "Events 1–2 of 2 matching the filters" in page
    assert "Norway arrests suspected Iranian spy" in page
    assert "Czech Republic expels" not in page
    assert '<option value="arrest" selected>' in page
    assert 'href="http://127.0.0.1/events.csv?type=arrest"' in page
    paged = client.get("/events", params={"per_page": "4", "page": "2"}).text
    assert "Events 5–8 of 10" in paged
    assert 'href="http://127.0.0.1/events?page=3&amp;per_page=4"' in paged
    assert 'href="http://127.0.0.1/events?per_page=4"' in paged  # back to page 1
    bad = client.get("/events", params={"from": "last week"})
    assert bad.status_code == 400
    assert "Cannot filter: from: &#39;last week&#39; is not a date (use YYYY-MM-DD)" in bad.text


def test_downloads_hold_exactly_what_is_shown(client: TestClient) -> None:
    params = {"new": "1", "per_page": "3", "page": "2"}
    shown = re.findall(
        r'<tr class="event" data-id="(\d+)"', client.get("/events", params=params).text
    )
    assert len(shown) == 3
    as_json = client.get("/events.json", params=params)
    assert "attachment" in as_json.headers["content-disposition"]
    assert [str(e["id"]) for e in as_json.json()] == shown
    as_csv = client.get("/events.csv", params=params)
    assert as_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert [r["id"] for r in rows] == shown
    assert all(r["new"] == "yes" and "utm_" not in r["urls"] for r in rows)
    api = client.get("/api/events", params=params)
    assert [str(e["id"]) for e in api.json()] == shown
    assert api.headers["x-total-count"] == "7"
    assert 'rel="next"' in api.headers["link"]


def test_api_events_is_a_list_of_events_each_with_its_id(client: TestClient) -> None:
    events = client.get("/api/events").json()
    assert isinstance(events, list)
    assert len(events) == 10
    assert all(isinstance(e["id"], int) for e in events)
    czech = next(e for e in events if e["actor_iso"] == "CZ")
    assert czech["page"] == f"/events/{czech['id']}"
    assert {s["outlet"] for s in czech["sources"]} >= {"Central Europe Wire", "Diplomatic Dispatch"}
    assert all(s["evidence"] for s in czech["sources"])
    assert czech["agency_sides"] == {"KGB": "target"}
    one = client.get(f"/api/events/{czech['id']}").json()
    assert any("retaliation" in r["why"] for r in one["related"])
    assert client.get("/api/events/9999").status_code == 404
    assert client.get("/api/events/9999").json() == {"error": "no such event"}
    assert client.get("/api/events", params={"type": "x"}).status_code == 400
    for path in ("/api/overview", "/api/feeds", "/api/runs", "/api/alerts", "/api/digests"):
        assert client.get(path).status_code == 200, path
    assert len(client.get("/api/feeds").json()) == 3
    assert client.get("/api/runs").json()[0]["summary"]["extract"]["events_new"] == 10
    assert {a["state"] for a in client.get("/api/alerts").json()} == {"delivered"}


def test_event_page_tells_the_whole_event(client: TestClient) -> None:
    event_id = _czech_id(client)
    page = client.get(f"/events/{event_id}").text
    assert "<h1>Czech Republic expels Belarusian diplomat · 4 sources</h1>" in page
    assert 'Czech Republic (CZ)</span> <span aria-label="acted against">→</span>' in page
    for outlet in ("Baltic Security Review", "Central Europe Wire", "Diplomatic Dispatch"):
        assert f"<strong>{outlet}</strong>" in page
    links = re.findall(r'<a href="([^"]+)" rel="noopener noreferrer nofollow">', page)
    assert len(links) == 4
    assert not any("utm_" in link for link in links)
    assert page.count('<blockquote class="evidence">') >= 4
    assert "<dd>KGB (Belarus, foreign)</dd>" in page  # whose service it is
    assert "target state BY" in page  # why a watchlist entry matched: Belarus is watched
    assert "actor state CZ" not in page  # the catch-all countries list is no reason
    assert "Also in the countries list, not watched: Czech Republic" in page
    assert "Belarus expels Czech diplomat" in page  # the retaliation, related
    assert client.get("/events/9999").status_code == 404
    assert client.get("/events/abc").status_code == 404


def test_feeds_runs_alerts_and_the_atom_feed(client: TestClient) -> None:
    feeds = client.get("/feeds").text
    assert feeds.count('data-health="ok"') >= 3
    for column in ("country", "language", "kind"):  # each feed's tags (issue 22)
        assert f'<th scope="col">{column}</th>' in feeds
    assert {"country", "language", "kind", "source"} <= set(client.get("/api/feeds").json()[0])
    assert "Baltic Security Review" in feeds
    runs = client.get("/runs").text
    assert "Run 1 <small>monitor" in runs
    assert "events new" in runs
    alerts = client.get("/alerts").text
    assert alerts.count('<tr class="alert" data-state="delivered">') == 6
    assert "json://127.0.0.1" in alerts  # the target, in apprise's privacy form
    atom = client.get("/alerts.atom")
    assert atom.headers["content-type"].startswith("application/atom+xml")
    entries = ET.fromstring(atom.content).findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 6
    for entry in entries:  # each links to its event's page in this web view
        (page,) = entry.findall("{http://www.w3.org/2005/Atom}link[@rel='alternate']")
        assert re.fullmatch(r"http://127\.0\.0\.1/events/\d+", page.get("href", ""))


def test_only_reads(client: TestClient) -> None:
    assert client.post("/events").status_code == 405
    assert client.delete("/events/1").status_code == 405


def test_hostile_text_is_escaped_everywhere(hostile_client: TestClient) -> None:
    event_id = _czech_id(hostile_client)
    for path in (*PAGES, f"/events/{event_id}", "/events?person=script"):
        page = hostile_client.get(path).text
        assert "<script>" not in page, path
        assert "<img src=x" not in page, path
        assert "javascript:" not in page, path
    page = hostile_client.get(f"/events/{event_id}").text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    events = hostile_client.get("/api/events").json()
    assert any(HOSTILE in e["persons"] for e in events)  # JSON keeps the text as it is
    rows = list(csv.DictReader(io.StringIO(hostile_client.get("/events.csv").text)))
    (czech,) = [r for r in rows if r["id"] == str(event_id)]
    assert czech["agencies"] == "'" + FORMULA  # a spreadsheet shows it, does not run it
    assert czech["persons"] == HOSTILE
    feeds = hostile_client.get("/feeds").text
    assert "&lt;img src=x onerror=alert(1)&gt;" in feeds


def test_a_token_is_asked_of_every_request(demo_db: Database, demo: Demo) -> None:
    settings = web_settings(demo.folder, web_token="s3cret-token")
    app = create_app(demo_db, settings)
    with TestClient(app, base_url="http://203.0.113.9") as anon:
        refused = anon.get("/events")
        assert refused.status_code == 401
        assert "?token=" in refused.text
        assert anon.get("/api/events").json()["error"].startswith("this view needs its token")
        assert anon.get("/events", params={"token": "wrong"}).status_code == 401
        # ?token= once: a redirect to the same address without it, and a cookie.
        first = anon.get(
            "/events", params={"token": "s3cret-token", "type": "arrest"}, follow_redirects=False
        )
        assert first.status_code == 303
        assert first.headers["location"] == "/events?type=arrest"
        cookie = first.headers["set-cookie"]
        assert "HttpOnly" in cookie
        assert "SameSite=strict" in cookie
        assert "s3cret-token" not in cookie  # only a hash of it
        assert anon.get("/events", params={"type": "arrest"}).status_code == 200
    with TestClient(app, base_url="http://203.0.113.9") as script:
        headers = {"Authorization": "Bearer s3cret-token"}
        assert script.get("/api/events", headers=headers).status_code == 200
        assert (
            script.get("/api/events", headers={"Authorization": "Bearer nope"}).status_code == 401
        )


def test_without_a_token_only_loopback_names_are_answered(demo_db: Database, demo: Demo) -> None:
    app = create_app(demo_db, demo.settings)
    for base in ("http://localhost:8050", "http://127.0.0.1:8050", "http://[::1]:8050"):
        with TestClient(app, base_url=base) as c:
            assert c.get("/").status_code == 200, base
    with TestClient(app, base_url="http://rebound.example:8050") as c:
        refused = c.get("/")
        assert refused.status_code == 421
        assert "serves loopback only" in refused.text


def test_nongrata_web_refuses_a_public_address_without_a_token(demo: Demo) -> None:
    runner = CliRunner()
    env = {"NONGRATA_DATABASE_URL": demo.url, "NONGRATA_DATA_DIR": str(demo.folder)}
    result = runner.invoke(cli_app, ["web", "--host", "0.0.0.0"], env=env)
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: --host 0.0.0.0 is not a loopback address: set a token first (web_token in "
        "nongrata.toml or NONGRATA_WEB_TOKEN), every request will then need it"
    ]
    bad_port = runner.invoke(cli_app, ["web", "--port", "70000"], env=env)
    assert bad_port.exit_code == 1
    assert "Error: --port 70000: not a TCP port (1-65535)" in bad_port.output


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("127.8.0.1", True), ("localhost", True), ("::1", True),
     ("[::1]", True), ("0.0.0.0", False), ("::", False), ("192.168.1.5", False),
     ("example.org", False)],
)  # fmt: skip
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_an_empty_database_shows_every_page(tmp_path: Path, demo: Demo) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'empty.db'}")
    try:
        with TestClient(create_app(db, demo.settings), base_url="http://127.0.0.1") as c:
            for path in PAGES[:2] + PAGES[3:]:
                assert c.get(path).status_code == 200, path
            assert "No events yet" in c.get("/").text
            assert "No new events in this window" in c.get("/").text
            assert "No events" in c.get("/events").text
            assert "No feeds registered" in c.get("/feeds").text
            assert c.get("/api/events").json() == []
            assert c.get("/events.csv").text.startswith("id,type,new,")
            assert c.get("/alerts.atom").status_code == 200
    finally:
        db.dispose()


def test_operational_notices_are_on_the_alerts_page(
    tmp_path: Path, demo: Demo, make_settings: Callable[..., Settings]
) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'ops.db'}")
    try:
        dead_feed_and_an_alert(db, make_settings())
        with TestClient(create_app(db, demo.settings), base_url="http://127.0.0.1") as c:
            page = c.get("/alerts").text
            assert '<tr class="notice" data-state="failed" data-kind="feed-dead">' in page
            assert "<strong>feed dead: World news</strong>" in page
            assert "HTTP 500 Internal Server Error" in page
            assert "last successful poll: 2025-09-01 06:00 UTC" in page
            rows = c.get("/api/alerts").json()
            assert rows[0]["kind"] == "notice"
            assert rows[0]["title"] == "feed dead: World news"
            assert {r["kind"] for r in rows[1:]} == {"alert"}
    finally:
        db.dispose()
