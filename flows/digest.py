"""The ``digest`` flow: send the daily digests that are due (each subscriber has its time),
recorded as a run of kind ``digest``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from nongrata.flows.common import retry_transient
from nongrata.pipeline import stages
from nongrata.settings import Settings


@task(
    name="send-digests",
    timeout_seconds=3600,
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=[10, 60],
    retry_condition_fn=retry_transient,
)
def send_digests(settings: Settings, record: bool = False) -> dict[str, Any]:
    return stages.send_digests(settings, record=record)


@flow(name="digest", description="Send the daily digests that are due.")
def digest(settings: Settings | None = None, config: str | None = None) -> dict[str, Any]:
    settings = settings or Settings.load(Path(config) if config else None)
    return send_digests(settings, record=True)
