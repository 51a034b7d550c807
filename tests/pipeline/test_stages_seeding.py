"""The bundled default feeds are registered by the first run of a database, whatever command
came first, once: never again after that, and never with ``seed_default_feeds`` off. The
bundled feeds point at real hosts: under ``only_hosts`` (127.0.0.1) each is refused before any
connection, and the refusal is recorded as the feed's error, not fatal to the run."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytest_httpserver import HTTPServer
from sqlalchemy import select

from nongrata.db import Drop, open_database
from nongrata.ingest.registry import (
    default_feed_outlines,
    default_feeds_seeded,
    list_feeds,
    remove_feed,
)
from nongrata.pipeline.sequence import run_monitor
from nongrata.settings import Settings
from tests.support.ingest import register, rss

MakeSettings = Callable[..., Settings]


def _registered(url: str) -> dict[str, str | None]:
    """Every registered feed's URL and last error."""
    db = open_database(url)
    try:
        with db.session() as session:
            return {h.url: h.last_error for h in list_feeds(session)}
    finally:
        db.dispose()


def test_the_first_run_registers_the_bundled_feeds_beside_one_added_first(
    httpserver_ipv4: HTTPServer, make_settings: MakeSettings, tmp_path: Path
) -> None:
    httpserver_ipv4.expect_request("/mine.xml").respond_with_data(
        rss(), content_type="application/rss+xml"
    )
    mine = httpserver_ipv4.url_for("/mine.xml")
    url = f"sqlite:///{tmp_path / 'seed.db'}"
    settings = make_settings(database_url=url, seed_default_feeds=True)
    db = open_database(url)
    register(db, mine)  # `nongrata feeds add` came first
    db.dispose()
    bundled = {o.url for o in default_feed_outlines()}

    first = run_monitor(settings)

    feeds = _registered(url)
    assert set(feeds) == bundled | {mine}
    assert feeds[mine] is None
    assert first.ingest["feeds_polled"] == len(bundled) + 1
    assert first.ingest["feeds_failed"] == len(bundled)  # refused: not 127.0.0.1
    assert all("only_hosts" in (feeds[u] or "") for u in bundled)
    db = open_database(url)
    with db.session() as session:
        assert default_feeds_seeded(session)
        refused = session.scalars(select(Drop.url).where(Drop.stage == "poll")).all()
        assert set(refused) == bundled
        gone = sorted(bundled)[0]
        remove_feed(session, gone)  # the user removes one of them
    db.dispose()

    run_monitor(settings, force=True)
    assert set(_registered(url)) == (bundled - {gone}) | {mine}  # not seeded again


def test_no_bundled_feeds_when_seeding_is_off(
    httpserver_ipv4: HTTPServer, make_settings: MakeSettings, tmp_path: Path
) -> None:
    httpserver_ipv4.expect_request("/mine.xml").respond_with_data(
        rss(), content_type="application/rss+xml"
    )
    mine = httpserver_ipv4.url_for("/mine.xml")
    url = f"sqlite:///{tmp_path / 'off.db'}"
    db = open_database(url)
    register(db, mine)
    db.dispose()
    summary = run_monitor(make_settings(database_url=url, seed_default_feeds=False))
    assert summary.ingest["feeds_polled"] == 1
    assert set(_registered(url)) == {mine}
    run_monitor(make_settings(database_url=url, seed_default_feeds=False, poll_interval_minutes=0))
    assert set(_registered(url)) == {mine}


def test_an_empty_database_gets_the_bundled_feeds_at_its_first_run(
    make_settings: MakeSettings, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    summary = run_monitor(make_settings(database_url=url, seed_default_feeds=True))
    bundled = {o.url for o in default_feed_outlines()}
    assert set(_registered(url)) == bundled
    assert summary.ingest["feeds_failed"] == len(bundled)
    assert summary.watchlists_folder.endswith("(bundled)")
