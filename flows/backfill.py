"""The ``backfill`` flow: extract stored articles again after an extractor or model upgrade,
without fetching anything. New events found this way alert like any other new event."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from nongrata.flows.common import retry_transient
from nongrata.pipeline import stages
from nongrata.settings import Settings


@task(name="forget-extractions", timeout_seconds=600, cache_policy=NO_CACHE)
def forget_extractions(settings: Settings, since: datetime | None) -> int:
    return stages.forget_extractions(settings, since=since)


@task(
    name="extract-and-record",
    timeout_seconds=21600,
    cache_policy=NO_CACHE,
    retries=1,
    retry_delay_seconds=10,
    retry_condition_fn=retry_transient,
)
def extract_and_record(settings: Settings, run_id: int) -> dict[str, Any]:
    return stages.extract_and_record(settings, run_id)


@flow(name="backfill", description="Re-extract stored articles without fetching.")
def backfill(
    settings: Settings | None = None, config: str | None = None, since: datetime | None = None
) -> dict[str, Any]:
    settings = settings or Settings.load(Path(config) if config else None)
    run_id = stages.begin_run(settings, "backfill")
    summary: dict[str, Any] = {"run_id": run_id, "watchlists_folder": settings.watchlists_in_use}
    try:
        summary["forgotten"] = forget_extractions(settings, since)
        summary["extract"] = extract_and_record(settings, run_id)
    except BaseException as exc:
        stages.abort_run(settings, run_id, exc, summary)
        raise
    stages.end_run(settings, run_id, summary)
    return summary
