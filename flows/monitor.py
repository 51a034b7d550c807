"""The ``monitor`` flow: poll → fetch/clean → extract → match → cluster → alert.

Wiring only: every task is one call into ``nongrata.pipeline.stages``. Tasks never cache
(seen/alerted state lives in nongrata's own tables) and retry only on transient errors.
Extraction is mapped over batches of articles (never one task per article) on the task
runner the settings choose (``nongrata.flows.runners``): by default one batch at a time in
this process; with ``task_runner = "dask"`` on a Dask cluster. Recording (clustering against
stored events) always stays in the flow's process, one batch at a time: as the batches come
back from a cluster, after the last one is extracted when they run in this process.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task, unmapped
from prefect.cache_policies import NO_CACHE
from prefect.futures import wait

from nongrata.flows.common import publish_run_artifact, retry_transient
from nongrata.flows.digest import send_digests
from nongrata.flows.runners import runs_in_process, task_runner_for
from nongrata.pipeline import stages
from nongrata.pipeline.extract_stage import ExtractSummary
from nongrata.pipeline.locks import check_run_lock
from nongrata.settings import Settings
from nongrata.types import ArticleExtraction

Items = list[tuple[int, ArticleExtraction]]


@task(
    name="begin-run",
    timeout_seconds=900,
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=5,
    retry_condition_fn=retry_transient,
)
def begin_run(settings: Settings) -> int:
    return stages.begin_run(settings, "monitor")


@task(
    name="poll-and-fetch",
    timeout_seconds=10800,
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=[10, 60],
    retry_condition_fn=retry_transient,
)
def poll_and_fetch(settings: Settings, run_id: int, force: bool = False) -> dict[str, Any]:
    return asyncio.run(stages.poll_and_fetch(settings, run_id, force=force))


@task(name="pending-batches", timeout_seconds=600, cache_policy=NO_CACHE)
def pending_batches(settings: Settings) -> list[list[int]]:
    return stages.pending_batches(settings)


@task(
    name="extract-articles",
    timeout_seconds=3600,
    cache_policy=NO_CACHE,
    retries=1,
    retry_delay_seconds=10,
    retry_condition_fn=retry_transient,
)
def extract_articles(settings: Settings, article_ids: list[int]) -> Items:
    return stages.extract_articles(settings, article_ids)


@task(
    name="record-events",
    timeout_seconds=1800,
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=10,
    retry_condition_fn=retry_transient,
)
def record_events(settings: Settings, run_id: int, items: Items) -> ExtractSummary:
    return stages.record_articles(settings, run_id, items)


@task(name="rematch-if-watchlists-changed", timeout_seconds=3600, cache_policy=NO_CACHE)
def rematch_if_changed(settings: Settings, run_id: int, fingerprint: str) -> dict[str, Any] | None:
    return stages.rematch_if_watchlists_changed(settings, run_id, fingerprint)


@task(
    name="send-alerts",
    timeout_seconds=3600,
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=[10, 60],
    retry_condition_fn=retry_transient,
)
def send_alerts(settings: Settings) -> dict[str, Any]:
    return stages.send_alerts(settings)


@flow(name="monitor", description="Poll feeds, extract events, alert subscribers on new ones.")
def monitor(
    settings: Settings | None = None, config: str | None = None, force: bool = False
) -> dict[str, Any]:
    """``force``: poll every enabled feed now, whatever its next poll time (not before a
    server's Retry-After)."""
    settings = settings or Settings.load(Path(config) if config else None)
    logger = get_run_logger()
    run_id = begin_run(settings)
    summary: dict[str, Any] = {
        "run_id": run_id,
        "watchlists": stages.fingerprint(settings),
        "watchlists_folder": settings.watchlists_in_use,
    }
    try:
        summary["rematch"] = rematch_if_changed(settings, run_id, summary["watchlists"])
        summary["ingest"] = poll_and_fetch(settings, run_id, force)
        logger.info("polled and fetched: %s", summary["ingest"])
        batches = pending_batches(settings)
        # The runner is chosen per run from the settings (in-process, or a Dask cluster), so
        # deployed and served runs honour NONGRATA_TASK_RUNNER too.
        with task_runner_for(settings) as runner:
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
                {"settings": unmapped(settings), "article_ids": batches},
            )
            if in_process:
                # One interpreter: recording a batch while the next is extracted would only
                # make the two contend for the GIL (both slower); record after extracting.
                wait(extracted)
            parts = [record_events(settings, run_id, future.result()) for future in extracted]
        stages.stop_extraction_workers()
        summary["extract"] = stages.combine(parts)
        logger.info("extracted: %s", summary["extract"])
        check_run_lock(run_id)  # a run that lost its lock stops before sending
        summary["delivery"] = send_alerts(settings)
        logger.info("alerts: %s", summary["delivery"])
        summary["digests"] = send_digests(settings)
    except BaseException as exc:
        stages.abort_run(settings, run_id, exc, summary)
        raise
    stages.end_run(settings, run_id, summary)
    publish_run_artifact(settings, run_id)
    return summary
