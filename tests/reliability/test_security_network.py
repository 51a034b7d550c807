"""The network guard at the pipeline level: with private networks refused, a feed on
127.0.0.1 (in any spelling) gets no request and its health records the refusal; with a
resolver the test controls, names that resolve to private, metadata or mixed addresses are
never connected to, and only the one public address that is allowed ever sees a packet
(through ``LoopbackNat``, the only network these tests can reach)."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable

from pytest_httpserver import HTTPServer
from sqlalchemy import select

from nongrata.db import Article, Drop, Feed, open_database
from nongrata.ingest.ingest import fetch_pending, poll_feeds
from nongrata.ingest.registry import add_feed
from nongrata.net import HttpClient
from nongrata.settings import Settings
from tests.support.backends import LoopbackNat, StaticResolver
from tests.support.ingest import NOW, RSS, article_page, item, rss, run_ingest, start_run

PUBLIC = "93.184.216.34"


def test_guard_off_means_no_request_to_loopback_and_the_refusal_is_recorded(
    httpserver_ipv4: HTTPServer, make_settings: Callable[..., Settings], db_url: str
) -> None:
    httpserver_ipv4.expect_request("/feed").respond_with_data(
        rss(item("http://127.0.0.1/a", "A")), content_type=RSS
    )
    port = httpserver_ipv4.port
    spellings = [
        f"http://127.0.0.1:{port}/feed",
        f"http://2130706433:{port}/feed",
        f"http://0x7f.1:{port}/feed",
        f"http://[::ffff:127.0.0.1]:{port}/feed",
        f"http://[::1]:{port}/feed",
        f"http://0.0.0.0:{port}/feed",
        f"http://169.254.169.254:{port}/feed",
        f"http://10.1.2.3:{port}/feed",
    ]
    settings = make_settings(database_url=db_url, allow_private_networks=False, only_hosts=[])
    db = open_database(db_url)
    with db.session() as session:
        for url in spellings:
            add_feed(session, url)
    summary = run_ingest(db, settings)
    assert summary.feeds_polled == len(spellings)
    assert summary.failures == {"refused-address": len(spellings)}
    assert httpserver_ipv4.log == []
    with db.session() as session:
        feeds = list(session.scalars(select(Feed)))
        refusals = {d.feed_id: d.reason for d in session.scalars(select(Drop))}
    assert len(feeds) == len(spellings)
    for feed in feeds:
        assert feed.last_status is None, feed.url
        assert (feed.last_error or "").startswith("refused-address:"), feed.last_error
        assert "private networks are not allowed" in (feed.last_error or ""), feed.last_error
        assert feed.consecutive_errors == 1
        assert feed.next_poll_at is not None
        assert refusals[feed.id] == "refused-address"
    db.dispose()


def test_names_resolving_to_refused_addresses_are_never_connected_in_a_run(
    httpserver_ipv4: HTTPServer, make_settings: Callable[..., Settings], db_url: str
) -> None:
    """A public feed (news.example → a public address, NAT-ed to the local server) whose
    entries link to hosts that resolve privately, to cloud metadata, to a mix, or redirect
    there: only the allowed pages are fetched, the rest are refused with a reason."""
    links = {
        "http://news.example/ok": "fetched",
        "http://intranet.example/a": "refused",
        "http://metadata.example/latest/meta-data/": "refused",
        "http://rebind.example/x": "refused",
        "http://v6.example/x": "refused",
        "http://[fd00:ec2::254]/latest": "refused",
        "http://news.example/to-metadata": "refused",
        "http://news.example/to-intranet-name": "refused",
    }
    httpserver_ipv4.expect_request("/feed").respond_with_data(
        rss(*(item(link, f"story {n}") for n, link in enumerate(links))), content_type=RSS
    )
    httpserver_ipv4.expect_request("/ok").respond_with_data(
        article_page("Public page"), content_type="text/html"
    )
    httpserver_ipv4.expect_request("/to-metadata").respond_with_data(
        "", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"}
    )
    httpserver_ipv4.expect_request("/to-intranet-name").respond_with_data(
        "", status=302, headers={"Location": "http://intranet.example/admin"}
    )
    resolver = StaticResolver(
        {
            "news.example": [PUBLIC],
            "intranet.example": ["10.0.0.5"],
            "metadata.example": ["169.254.169.254"],
            "rebind.example": [PUBLIC, "127.0.0.1"],
            "v6.example": ["::ffff:192.168.0.1"],
        }
    )
    network = LoopbackNat({PUBLIC: httpserver_ipv4.port})
    settings = make_settings(database_url=db_url, allow_private_networks=False, only_hosts=[])
    db = open_database(db_url)
    with db.session() as session:
        add_feed(session, "http://news.example/feed")

    async def run() -> None:
        async with HttpClient(settings, resolver=resolver, network_backend=network) as client:
            run_id = start_run(db)
            await poll_feeds(db, settings, client, run_id, NOW, rng=random.Random(1))
            await fetch_pending(db, settings, client, run_id, now=NOW)

    asyncio.run(run())
    assert {host for host, _ in network.connects} == {PUBLIC}
    assert {r.path for r, _ in httpserver_ipv4.log} == {
        "/feed",
        "/ok",
        "/to-metadata",
        "/to-intranet-name",
    }
    with db.session() as session:
        stored = {a.url: a for a in session.scalars(select(Article))}
    assert set(stored) == set(links)
    for link, status in links.items():
        article = stored[link]
        assert article.fetch_status == status, (link, article.fetch_error)
        if status == "refused":
            assert (article.fetch_error or "").startswith("refused-address:"), article.fetch_error
    assert "cloud metadata" in (stored["http://news.example/to-metadata"].fetch_error or "")
    assert "10.0.0.5" in (stored["http://news.example/to-intranet-name"].fetch_error or "")
    db.dispose()
