"""The ``monitor`` flow: poll → fetch/clean → extract → match → cluster → alert.

Wiring only: the run's stages are ``nongrata.pipeline.sequence.MONITOR``, each run as a task
here. Tasks never cache (seen/alerted state lives in nongrata's own tables) and retry only on
transient errors. Extraction is mapped over batches of articles (never one task per article)
on the task runner the settings choose (``nongrata.flows.runners``): by default one batch at
a time in this process; with ``task_runner = "dask"`` on a Dask cluster. Recording
(clustering against stored events) always stays in the flow's process, one batch at a time:
as the batches come back from a cluster, after the last one is extracted when they run in
this process.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task, unmapped
from prefect.cache_policies import NO_CACHE
from prefect.futures import wait

from nongrata.flows.common import (
    NETWORK_RETRIES,
    as_tasks,
    publish_feeds_to_replace,
    publish_run_artifact,
    stage_task,
    transient_retries,
)
from nongrata.flows.digest import send_digests
from nongrata.flows.runners import runs_in_process, task_runner_for
from nongrata.pipeline import stages
from nongrata.pipeline.context import RunContext
from nongrata.pipeline.extract_stage import ExtractSummary
from nongrata.pipeline.sequence import MONITOR, Stage, run_stages
from nongrata.settings import Settings

Items = stages.Items


@task(name="begin-run", timeout_seconds=900, cache_policy=NO_CACHE, **transient_retries(2, 5))
def begin_run(settings: Settings, force: bool = False) -> RunContext:
    return stages.begin_run(settings, MONITOR.kind, force=force)


poll_and_fetch = stage_task("poll-and-fetch", timeout_seconds=10800, **NETWORK_RETRIES)
rematch_if_changed = stage_task("rematch-if-watchlists-changed", timeout_seconds=3600)
send_alerts = stage_task("send-alerts", timeout_seconds=3600, **NETWORK_RETRIES)
send_feed_notices = stage_task("send-feed-notices", timeout_seconds=3600, **NETWORK_RETRIES)


@task(name="pending-batches", timeout_seconds=600, cache_policy=NO_CACHE)
def pending_batches(context: RunContext) -> list[list[int]]:
    return stages.pending_batches(context)


@task(
    name="extract-articles", timeout_seconds=3600, cache_policy=NO_CACHE, **transient_retries(1, 10)
)
def extract_articles(context: RunContext, article_ids: list[int]) -> Items:
    return stages.extract_articles(context, article_ids)


@task(name="record-events", timeout_seconds=1800, cache_policy=NO_CACHE, **transient_retries(2, 10))
def record_events(context: RunContext, items: Items) -> ExtractSummary:
    return stages.record_articles(context, items)


def extract_mapped(context: RunContext, batches: list[list[int]]) -> Iterator[Items]:
    """Each batch's extraction, on the runner the settings choose (per run, so deployed and
    served runs honour NONGRATA_TASK_RUNNER too)."""
    with task_runner_for(context.settings) as runner:
        in_process = runs_in_process(runner)
        # A timeout cannot interrupt a task in one of this process's threads (Prefect
        # warns so for every batch): it applies where the batches run elsewhere (Dask).
        # (``with_options`` keeps the timeout on None; a Task takes 0 as none.)
        extract = (
            extract_articles.with_options(timeout_seconds=0) if in_process else extract_articles
        )
        extracted = runner.map(
            # Prefect types map's task as returning "R | Coroutine[R]" (invariantly).
            extract,  # type: ignore[arg-type]
            {"context": unmapped(context), "article_ids": batches},
        )
        if in_process:
            # One interpreter: recording a batch while the next is extracted would only
            # make the two contend for the GIL (both slower); record after extracting.
            wait(extracted)
        for future in extracted:
            yield future.result()


def extract_and_record(stage: Stage, context: RunContext) -> dict[str, Any]:
    return stages.extract_in_batches(context, pending_batches, extract_mapped, record_events)


TASKS = {
    "rematch": rematch_if_changed,
    "ingest": poll_and_fetch,
    "extract": extract_and_record,
    "delivery": send_alerts,
    "notices": send_feed_notices,
    "digests": send_digests,
}


@flow(name="monitor", description="Poll feeds, extract events, alert subscribers on new ones.")
def monitor(
    settings: Settings | None = None, config: str | None = None, force: bool = False
) -> dict[str, Any]:
    """``force``: poll every enabled feed now, whatever its next poll time (not before a
    server's Retry-After)."""
    settings = settings or Settings.load(Path(config) if config else None)
    logger = get_run_logger()
    context = begin_run(settings, force)
    summary = run_stages(
        context, MONITOR, as_tasks(TASKS, lambda key, result: logger.info("%s: %s", key, result))
    )
    assert context.run_id is not None
    publish_run_artifact(settings, context.run_id)
    publish_feeds_to_replace(context.run_id, summary)
    return summary
