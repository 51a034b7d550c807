"""Two monitor runs started together on one database (child processes over the demo
outlets): the run lock lets one record at a time, so no article, event, alert or message is
duplicated — whether the second run waits for the first or is cancelled."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from nongrata.db import Article, Run
from nongrata.db.models import Alert, Delivery
from tests.support.runs import (
    NewsServer,
    assert_consistent,
    event_keys,
    finish,
    hook_events,
    monitor_env,
    prepare_database,
    start_monitor,
)

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("overlap", ["wait", "cancel"])
def test_two_runs_started_together_duplicate_nothing(
    db_url: str, tmp_path: Path, overlap: str
) -> None:
    with NewsServer() as news:
        db = prepare_database(db_url, news.feed_urls, [news.hook_url])
        env = monitor_env(db_url, tmp_path / "data", monitor_overlap=overlap)
        first = start_monitor(env, tmp_path, "first")
        second = start_monitor(env, tmp_path, "second")
        codes = [finish(first), finish(second)]
        received = hook_events(news, down=False)
    children = [first, second]
    with db.session() as session:
        runs = list(session.scalars(select(Run).order_by(Run.id)))
        articles = session.scalar(select(func.count()).select_from(Article))
        alerts = session.scalar(select(func.count()).select_from(Alert))
        delivered = session.scalar(
            select(func.count()).select_from(Delivery).where(Delivery.status == "delivered")
        )
    if overlap == "wait":
        assert codes == [0, 0], [c.stderr[-2000:] for c in children]
        assert [r.status for r in runs] == ["finished", "finished"]
        # The second run started recording only after the first had finished.
        finished = runs[0].finished_at
        assert finished is not None
        assert runs[1].started_at >= finished
        assert runs[1].summary["ingest"]["new_articles"] == 0
        assert runs[1].summary["extract"]["articles"] == 0
        assert any("waiting for another nongrata run" in c.stderr for c in children)
    else:
        assert sorted(codes) == [0, 1], [c.stderr[-2000:] for c in children]
        loser = children[codes.index(1)]
        lines = [line for line in loser.stderr.splitlines() if line.startswith("Error:")]
        assert len(lines) == 1
        assert "is in progress; this run is cancelled (monitor_overlap = cancel)" in lines[0]
        assert [r.status for r in runs] == ["finished"]  # the cancelled run recorded nothing
    assert articles == len(news.articles)
    assert max(event_keys(db).values()) == 1
    assert alerts
    assert delivered == alerts
    assert len(received) == alerts
    assert max(Counter(received).values()) == 1
    assert_consistent(db)
    db.dispose()
