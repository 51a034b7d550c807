"""The ``rematch`` flow: match stored events against the watchlists again after an edit,
without fetching anything; recent new events that now reach a subscriber alert."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from nongrata.flows.common import retry_transient
from nongrata.flows.monitor import send_alerts
from nongrata.pipeline import stages
from nongrata.settings import Settings


@task(
    name="rematch-events",
    timeout_seconds=3600,
    cache_policy=NO_CACHE,
    retries=1,
    retry_delay_seconds=10,
    retry_condition_fn=retry_transient,
)
def rematch_events(settings: Settings, run_id: int) -> dict[str, Any]:
    return stages.rematch(settings, run_id)


@flow(name="rematch", description="Match stored events against the watchlists again.")
def rematch(settings: Settings | None = None, config: str | None = None) -> dict[str, Any]:
    settings = settings or Settings.load(Path(config) if config else None)
    run_id = stages.begin_run(settings, "rematch")
    summary: dict[str, Any] = {
        "run_id": run_id,
        "watchlists": stages.fingerprint(settings),
        "watchlists_folder": settings.watchlists_in_use,
    }
    try:
        summary["rematch"] = rematch_events(settings, run_id)
        summary["delivery"] = send_alerts(settings)
    except BaseException as exc:
        stages.abort_run(settings, run_id, exc, summary)
        raise
    stages.end_run(settings, run_id, summary)
    return summary
