"""nongrata's daily job, stage by stage and timed, without Prefect (the stages of
``nongrata.pipeline.sequence.MONITOR``, as ``run_monitor`` runs them). Settings come from
the environment (``NONGRATA_*``), as for ``nongrata run``.

    python bench/nongrata_run.py setup FEEDS_FILE [SINK_URL]   # register feeds (+ a subscriber)
    python bench/nongrata_run.py run                           # one timed run, JSON on stdout
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path
from typing import Any


def setup(feeds_file: Path, sink_url: str | None) -> dict[str, Any]:
    from nongrata.alerts.subscriptions import SubscriptionSpec, subscribe
    from nongrata.db import stage_db
    from nongrata.ingest.registry import add_feed
    from nongrata.settings import Settings

    settings = Settings.load()
    urls = [u for u in feeds_file.read_text().split() if u]
    with stage_db(settings) as db:
        with db.session() as session:
            for url in urls:
                add_feed(session, url)
        if sink_url:
            subscribe(db, SubscriptionSpec(name="bench", urls=[sink_url]))
    return {"feeds": len(urls)}


def run() -> dict[str, Any]:
    started = time.perf_counter()
    from nongrata.pipeline.sequence import MONITOR, Stage, run_stages
    from nongrata.pipeline.stages import RunContext, begin_run
    from nongrata.settings import Settings

    imported = time.perf_counter()
    settings = Settings.load()
    stages: dict[str, float] = {}
    # The benchmark's name for the time of each stage (polling and fetching time themselves,
    # as "poll" and "fetch+clean"); starting the run counts with the first.
    laps = {
        "rematch": "start",
        "extract": "extract",
        "delivery": "alert",
        "notices": "alert",
        "digests": "alert",
    }
    clock = [time.perf_counter()]

    def timed(stage: Stage, context: RunContext) -> Any:
        result = stage.run(context)
        now = time.perf_counter()
        if stage.key in laps:
            stages[laps[stage.key]] = round(stages.get(laps[stage.key], 0.0) + now - clock[0], 3)
        clock[0] = now
        return result

    context = begin_run(settings, MONITOR.kind, seconds=stages)
    summary = run_stages(context, MONITOR, timed)
    stages["finish"] = round(time.perf_counter() - clock[0], 3)
    ingest, extract, delivery = summary["ingest"], summary["extract"], summary["delivery"]
    seconds = extract.get("seconds", {})
    for key in ("load", "prefilter", "nlp", "match", "store"):
        stages[key] = round(float(seconds.get(key, 0.0)), 3)
    return {
        "seconds": time.perf_counter() - imported,
        "imports": imported - started,
        "stages": stages,
        "ingest": ingest,
        "extract": extract,
        "delivery": delivery,
        "alerting": alerting_urls(settings.effective_database_url),
        "maxrss_self_mb": _maxrss(resource.RUSAGE_SELF),
        "maxrss_children_mb": _maxrss(resource.RUSAGE_CHILDREN),
    }


def alerting_urls(database_url: str) -> list[str]:
    """The pages of stored articles whose extraction found a new alertable event."""
    from sqlalchemy import select

    from nongrata.db import Article, open_database
    from nongrata.db.models import ArticleExtractionState

    db = open_database(database_url, migrate=False)
    try:
        with db.session() as session:
            rows = session.execute(
                select(Article.url)
                .join(ArticleExtractionState, ArticleExtractionState.article_id == Article.id)
                .where(ArticleExtractionState.alert.is_(True))
            )
            return sorted(str(url) for (url,) in rows)
    finally:
        db.dispose()


def _maxrss(who: int) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)  # Linux: KiB


if __name__ == "__main__":
    if sys.argv[1] == "setup":
        result = setup(Path(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else None)
    elif sys.argv[1] == "alerting":
        from nongrata.settings import Settings

        result = {"alerting": alerting_urls(Settings.load().effective_database_url)}
    else:
        result = run()
    print(json.dumps(result, default=str))
