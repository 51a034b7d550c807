"""The ``monitor`` flow: poll → fetch/clean → extract → match → cluster → alert.

Wiring only: every task is one call into ``nongrata.pipeline.monitor``. Tasks never cache
(seen/alerted state lives in nongrata's own tables) and retry only on transient errors.
Extraction is mapped over batches of articles (never one task per article): on the default
task runner the batches run one at a time in this process; with ``task_runner = "dask"`` they
run on a Dask cluster, while recording (clustering against stored events) stays here.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task, unmapped
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from nongrata.extractors.types import ArticleExtraction
from nongrata.flows.common import publish_run_artifact, retry_transient
from nongrata.pipeline import monitor as stages
from nongrata.pipeline.extract_stage import ExtractSummary
from nongrata.settings import Settings

Items = list[tuple[int, ArticleExtraction]]


@task(
    name="begin-run",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=5,
    retry_condition_fn=retry_transient,
)
def begin_run(settings: Settings) -> int:
    return stages.begin_run(settings, "monitor")


@task(
    name="poll-and-fetch",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=[10, 60],
    retry_condition_fn=retry_transient,
)
def poll_and_fetch(settings: Settings, run_id: int) -> dict[str, Any]:
    return asyncio.run(stages.poll_and_fetch(settings, run_id))


@task(name="pending-batches", cache_policy=NO_CACHE)
def pending_batches(settings: Settings) -> list[list[int]]:
    return stages.pending_batches(settings, settings.nlp_batch_size * 2)


@task(
    name="extract-articles",
    cache_policy=NO_CACHE,
    retries=1,
    retry_delay_seconds=10,
    retry_condition_fn=retry_transient,
)
def extract_articles(settings: Settings, article_ids: list[int]) -> Items:
    return stages.extract_articles(settings, article_ids)


@task(
    name="record-events",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=10,
    retry_condition_fn=retry_transient,
)
def record_events(settings: Settings, run_id: int, items: Items) -> ExtractSummary:
    return stages.record_articles(settings, run_id, items)


@task(
    name="send-alerts",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=[10, 60],
    retry_condition_fn=retry_transient,
)
def send_alerts(settings: Settings) -> dict[str, Any]:
    return stages.send_alerts(settings)


@flow(
    name="monitor",
    description="Poll feeds, extract events, alert subscribers on new ones.",
    task_runner=ThreadPoolTaskRunner(max_workers=1),
)
def monitor(settings: Settings | None = None, config: str | None = None) -> dict[str, Any]:
    settings = settings or Settings.load(Path(config) if config else None)
    logger = get_run_logger()
    run_id = begin_run(settings)
    summary: dict[str, Any] = {"run_id": run_id}
    try:
        summary["ingest"] = poll_and_fetch(settings, run_id)
        logger.info("polled and fetched: %s", summary["ingest"])
        batches = pending_batches(settings)
        extracted = extract_articles.map(unmapped(settings), batches)
        parts = [record_events(settings, run_id, future.result()) for future in extracted]
        summary["extract"] = stages.combine(parts)
        logger.info("extracted: %s", summary["extract"])
        summary["delivery"] = send_alerts(settings)
        logger.info("alerts: %s", summary["delivery"])
    except BaseException as exc:
        stages.abort_run(settings, run_id, exc, summary)
        raise
    stages.end_run(settings, run_id, summary)
    publish_run_artifact(settings, run_id)
    return summary
