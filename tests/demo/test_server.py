from __future__ import annotations

import feedparser
import httpx

from nongrata.demo.content import load_articles, load_outlets
from nongrata.demo.server import DemoServer


def test_serves_every_outlet_feed_with_conditional_get() -> None:
    with DemoServer() as server:
        assert len(server.feed_urls) == len(load_outlets())
        total = 0
        for url in server.feed_urls:
            first = httpx.get(url)
            assert first.status_code == 200
            parsed = feedparser.parse(first.content)
            assert not parsed.bozo, parsed.get("bozo_exception")
            total += len(parsed.entries)
            again = httpx.get(url, headers={"If-None-Match": first.headers["ETag"]})
            assert again.status_code == 304
            assert again.content == b""
        assert total == len(load_articles())


def test_every_entry_links_to_a_page_on_the_server() -> None:
    with DemoServer() as server:
        parsed = feedparser.parse(httpx.get(server.feed_urls[0]).content)
        for entry in parsed.entries:
            page = httpx.get(entry.link)
            assert page.status_code == 200
            assert "text/html" in page.headers["content-type"]
            assert "<article>" in page.text
        assert httpx.get(server.base + "/nope").status_code == 404


def test_hostile_text_is_escaped_in_feeds_and_pages() -> None:
    with DemoServer() as server:
        for url in server.feed_urls:
            assert "<script" not in httpx.get(url).text


def test_sink_collects_posted_alerts() -> None:
    with DemoServer() as server:
        port = server.sink_url.split(":")[2].split("/")[0]
        response = httpx.post(f"http://127.0.0.1:{port}/sink", json={"title": "t", "body": "b"})
        assert response.status_code == 200
        assert server.received == [{"title": "t", "body": "b"}]


def test_conditional_get_follows_the_etag_else_the_date() -> None:
    with DemoServer() as server:
        url = server.feed_urls[0]
        first = httpx.get(url)
        etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
        since = {"If-Modified-Since": modified}
        assert httpx.get(url, headers=since).status_code == 304
        # An entity tag given decides alone: a stale one gets the document again.
        stale = httpx.get(url, headers={**since, "If-None-Match": '"stale"'})
        assert stale.status_code == 200
        assert stale.content == first.content
        both = httpx.get(url, headers={**since, "If-None-Match": etag})
        assert both.status_code == 304
        assert both.headers["ETag"] == etag
        assert both.headers["Last-Modified"] == modified
        older = "Thu, 01 Jan 2026 00:00:00 GMT"
        assert httpx.get(url, headers={"If-Modified-Since": older}).status_code == 200
