"""The operator's feed health on the web: a feed whose address answers 404 or 410, or no
longer serves a feed, is marked to replace on /feeds and carries the hint in /api/feeds
(feeds served by a real HTTP server on 127.0.0.1, polled by the real ingestion)."""

from __future__ import annotations

from collections.abc import Callable

from pytest_httpserver import HTTPServer
from starlette.testclient import TestClient

from nongrata.db import Database
from nongrata.settings import Settings
from nongrata.web.app import create_app
from tests.support.ingest import RSS, register, rss, run_ingest


def test_feeds_to_replace_are_marked_with_the_hint(
    httpserver_ipv4: HTTPServer, make_settings: Callable[..., Settings], db: Database
) -> None:
    server = httpserver_ipv4
    server.expect_request("/404.xml").respond_with_data("missing", status=404)
    server.expect_request("/html.xml").respond_with_data(
        "<!DOCTYPE html><html><body>moved</body></html>", content_type="text/html"
    )
    server.expect_request("/ok.xml").respond_with_data(rss(), content_type=RSS)
    missing, html, ok = (server.url_for(p) for p in ("/404.xml", "/html.xml", "/ok.xml"))
    register(db, missing, html, ok)
    settings = make_settings(fetch_pages=False)
    run_ingest(db, settings)

    with TestClient(create_app(db, settings), base_url="http://127.0.0.1") as client:
        page = client.get("/feeds").text
        api = {f["url"]: f for f in client.get("/api/feeds").json()}

    assert "<strong>2 to replace</strong>" in page
    assert page.count('class="error replace"') == 2
    assert "answers 404 Not Found" in page
    assert api[missing]["replace_why"] == "answers 404 Not Found"
    assert api[html]["replace_why"] == "serves an HTML page, not a feed"
    assert api[missing]["replace"].startswith("replace it: `nongrata feeds discover ")
    assert api[missing]["health"] == "failing"
    assert (api[ok]["replace"], api[ok]["replace_why"], api[ok]["health"]) == (None, None, "ok")
