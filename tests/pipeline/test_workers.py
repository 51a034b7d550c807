"""A run's worker processes (``nongrata.pipeline.workers``): the page cleaners started ahead
of a run are the ones it takes, and it stops them, also when nothing is new."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from nongrata.db import Database
from nongrata.pipeline import stages
from nongrata.pipeline.workers import RunWorkers, hand_over, handed_over, take_handed
from nongrata.settings import Settings
from tests.support.ingest import (
    RSS,
    article_page,
    articles,
    item,
    register,
    rss,
    spy_cleaning_pools,
)

MakeSettings = Callable[..., Settings]


def test_workers_handed_over_go_to_the_next_run_only() -> None:
    assert not handed_over()
    first, second = RunWorkers(), RunWorkers()
    hand_over(first)
    hand_over(second)  # the later replaces the earlier
    assert handed_over()
    assert take_handed() is second
    assert not handed_over()
    fresh = take_handed()
    assert (fresh.cleaners, fresh.nlp) == (None, None)


def test_a_run_takes_the_cleaners_started_ahead_and_stops_them_even_with_nothing_new(
    httpserver_ipv4: HTTPServer,
    make_settings: MakeSettings,
    db_url: str,
    db: Database,
    tmp_path: Path,
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
    settings = make_settings(database_url=db_url, nlp_processes=1)
    stages.warm_up_workers(settings)
    stages.warm_up_workers(settings)  # started once
    assert len(started) == 1

    context = stages.begin_run(settings)
    assert context.workers.cleaners is started[0]
    summary = stages.poll_and_fetch(context)
    stages.end_run(context, {})
    assert (summary["new_articles"], summary["pages_fetched"]) == (1, 1)
    (article,) = articles(db)
    assert article.text is not None
    assert "Estonia expels a Russian diplomat" in article.text
    assert len(started) == 1  # cleaned by the warm workers, none started
    with pytest.raises(RuntimeError, match="shutdown"):
        started[0].submit(int)

    # The feed is not due again yet: nothing is polled, the warm workers stop all the same.
    stages.warm_up_workers(settings)
    context = stages.begin_run(settings)
    assert stages.poll_and_fetch(context)["feeds_polled"] == 0
    stages.end_run(context, {})
    assert len(started) == 2
    with pytest.raises(RuntimeError, match="shutdown"):
        started[1].submit(int)
