"""Soak: ``nongrata serve`` on a one-minute schedule for ten monitor runs against a local
site whose feeds change, fail (500, 429 with Retry-After, a stalled answer) and recover, and
whose webhook goes down and comes back, between runs. Every run is recorded, no alert is sent
twice, no article is lost, and the memory of serve's long-lived processes (serve itself and
its Prefect server) is measured at each run and does not grow run over run (the figures are
printed; nothing is timed)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import psutil
import pytest
from sqlalchemy import select

from nongrata.db import Feed, open_database
from tests.support.ports import free_port
from tests.support.runs import (
    NewsServer,
    assert_consistent,
    event_of,
    fetched_and_extracted,
    prepare_database,
)
from tests.support.serve import (
    completed,
    finished_runs,
    kill_tree,
    runs,
    serve_env,
    start_serve,
    terminate,
    tree,
    tree_rss,
    wait_for,
)

MONITOR_RUNS = 10
RUN_LIMIT = 180.0  # one run is due every minute; three minutes without one is a failure
MB = 1024 * 1024


def _long_lived_rss(serve_pid: int) -> int:
    """serve's own memory and its Prefect server's (flow runs come and go)."""
    total = 0
    for process in tree(serve_pid):
        try:
            command = " ".join(process.cmdline())
            if process.pid == serve_pid or "server start" in command:
                total += process.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return total


def _plan(news: NewsServer) -> dict[int, Callable[[], None]]:
    """What changes on the site once N monitor runs have finished."""
    paths = [url.removeprefix(news.base) for url in news.feed_urls]
    articles = news.articles

    def publish(count: int) -> None:
        news.publish(articles[:count])

    def after_first() -> None:
        publish(5)
        news.feed_faults.update({paths[0]: "500", paths[1]: "429"})

    def after_second() -> None:
        # The third run finds the articles the faults held back (a retaliation, a charge, a
        # conviction, an arrest): their alerts meet the webhook down, for two runs.
        publish(7)
        news.feed_faults.clear()
        news.feed_faults[paths[2]] = "stall"
        news.hook_down = True

    def after_third() -> None:
        publish(9)
        news.feed_faults.clear()

    def after_fourth() -> None:
        publish(len(articles))
        news.hook_down = False

    return {1: after_first, 2: after_second, 3: after_third, 4: after_fourth}


@pytest.mark.soak
@pytest.mark.slow
@pytest.mark.timeout(MONITOR_RUNS * RUN_LIMIT + 600)
def test_ten_scheduled_runs_through_faults_record_everything_and_alert_once(
    tmp_path: Path,
) -> None:
    database_url = f"sqlite:///{tmp_path / 'nongrata.db'}"
    port = free_port()
    with NewsServer() as news:
        news.retry_after = 20  # less than the schedule's minute: the next run polls it
        news.stall_seconds = 6.0  # longer than the runs' http_timeout
        news.publish(news.articles[:3])
        prepare_database(database_url, news.feed_urls, [news.hook_url]).dispose()
        env = serve_env(
            database_url,
            tmp_path / "data",
            port,
            http_timeout="3",
            backoff_base_seconds="1",
            backoff_max_seconds="30",
            alert_retry_base_seconds="1",
            alert_retry_max_seconds="5",
        )
        child = start_serve(env, tmp_path)
        plan = _plan(news)
        memory: list[tuple[int, int, int]] = []  # (run, long-lived RSS, whole tree RSS)
        try:
            for done in range(1, MONITOR_RUNS + 1):
                wait_for(
                    f"monitor run {done} to finish",
                    lambda n=done: finished_runs(database_url)["monitor"] >= n,  # type: ignore[misc]
                    child,
                    RUN_LIMIT,
                )
                if done in plan:
                    plan[done]()
                memory.append(
                    (done, _long_lived_rss(child.process.pid), tree_rss(child.process.pid))
                )
            # Prefect recorded each run as completed too.
            wait_for(
                "Prefect to record the monitor runs completed",
                lambda: completed(port, "monitor") >= MONITOR_RUNS,
                child,
                60,
            )
        except BaseException:
            kill_tree(child)
            raise
        code = terminate(child)
        assert code == 0, child.stderr[-4000:]
        requests = dict(news.requests)
        feed_paths = [url.removeprefix(news.base) for url in news.feed_urls]
        posts = list(news.hook_posts)

    print("\nrun  serve+server RSS (MB)  whole tree RSS (MB)")
    for run, long_lived, whole in memory:
        print(f"{run:>3}  {long_lived / MB:>21.0f}  {whole / MB:>19.0f}")

    # Every run recorded, in nongrata and in Prefect, and none failed.
    recorded = runs(database_url)
    statuses = Counter(status for _, kind, status in recorded if kind == "monitor")
    assert statuses["finished"] >= MONITOR_RUNS
    assert set(statuses) == {"finished"}, recorded
    assert {status for _, kind, status in recorded if kind == "digest"} <= {"finished"}

    db = open_database(database_url)
    try:
        # No article lost: every published article is stored, fetched and extracted.
        total = len(news.articles)
        assert fetched_and_extracted(db) == (total, total, total)
        assert_consistent(db)
        # Every feed recovered from its fault.
        with db.session() as session:
            feeds = list(session.scalars(select(Feed)))
        assert all(feed.disabled_reason is None for feed in feeds)
        assert all(feed.last_status in (200, 304) for feed in feeds), [
            (feed.url, feed.last_status, feed.last_error) for feed in feeds
        ]
    finally:
        db.dispose()
    # Every feed was asked for at (nearly) every run, through its fault and after it.
    assert all(requests[path] >= MONITOR_RUNS - 1 for path in feed_paths), requests
    # No alert delivered twice; those that met the webhook down were delivered later.
    delivered = Counter(event_of(json.loads(body)["title"]) for down, body in posts if not down)
    assert delivered
    assert max(delivered.values()) == 1, delivered
    refused = {event_of(json.loads(body)["title"]) for down, body in posts if down}
    assert refused
    assert refused <= set(delivered)
    # The memory of the long-lived processes does not grow run over run: the last runs'
    # figures stay within a margin of the figures after the first runs (warm-up).
    settled = max(long_lived for run, long_lived, _ in memory if 2 <= run <= 4)
    last = max(long_lived for run, long_lived, _ in memory if run > MONITOR_RUNS - 3)
    assert last <= settled * 1.25 + 50 * MB, memory
