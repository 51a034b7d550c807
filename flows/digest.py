"""The ``digest`` flow: send the daily digests that are due (each subscriber has its time),
recorded as a run of kind ``digest``; and the monitor run's digest stage as a task."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from nongrata.flows.common import NETWORK_RETRIES, stage_task
from nongrata.pipeline import stages
from nongrata.settings import Settings

RETRIES: dict[str, Any] = {"timeout_seconds": 3600, **NETWORK_RETRIES}

send_digests = stage_task("send-digests", **RETRIES)


@task(name="send-digests", cache_policy=NO_CACHE, **RETRIES)
def digest_run(settings: Settings) -> dict[str, Any]:
    return stages.digest_run(settings)


@flow(name="digest", description="Send the daily digests that are due.")
def digest(settings: Settings | None = None, config: str | None = None) -> dict[str, Any]:
    settings = settings or Settings.load(Path(config) if config else None)
    return digest_run(settings)
