"""Ingestion takes the page cleaners a run started early (``warm_cleaning_pool``) and stops
them, also when nothing is new."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytest_httpserver import HTTPServer

from nongrata.db import Database
from nongrata.ingest.ingest import warm_cleaning_pool
from nongrata.settings import Settings
from tests.support.ingest import (
    RSS,
    article_page,
    articles,
    item,
    register,
    rss,
    run_ingest,
    spy_cleaning_pools,
)

MakeSettings = Callable[..., Settings]


def test_ingest_takes_the_warm_cleaning_workers_and_stops_them_even_with_nothing_new(
    httpserver_ipv4: HTTPServer,
    make_settings: MakeSettings,
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started = spy_cleaning_pools(monkeypatch)
    server = httpserver_ipv4
    server.expect_request("/warm.xml").respond_with_data(
        rss(item(server.url_for("/warm/story"), "Warm story")), content_type=RSS
    )
    server.expect_request("/warm/story").respond_with_data(
        article_page("Estonia expels a Russian diplomat"), content_type="text/html"
    )
    register(db, server.url_for("/warm.xml"))
    warm_cleaning_pool()
    warm_cleaning_pool()  # started once
    assert len(started) == 1

    summary = run_ingest(db, make_settings())
    assert (summary.new_articles, summary.pages_fetched) == (1, 1)
    (article,) = articles(db)
    assert article.text is not None
    assert "Estonia expels a Russian diplomat" in article.text
    assert len(started) == 1  # cleaned by the warm workers, none started
    with pytest.raises(RuntimeError, match="shutdown"):
        started[0].submit(int)

    # The feed is not due again yet: nothing is polled, the warm workers stop all the same.
    warm_cleaning_pool()
    assert run_ingest(db, make_settings()).feeds_polled == 0
    assert len(started) == 2
    with pytest.raises(RuntimeError, match="shutdown"):
        started[1].submit(int)
