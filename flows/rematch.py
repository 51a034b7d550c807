"""The ``rematch`` flow: match stored events against the watchlists again after an edit,
without fetching anything; recent new events that now reach a subscriber alert."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import flow

from nongrata.flows.common import as_tasks, stage_task, transient_retries
from nongrata.flows.monitor import send_alerts
from nongrata.pipeline import stages
from nongrata.pipeline.sequence import REMATCH, run_stages
from nongrata.settings import Settings

TASKS = {
    "rematch": stage_task(
        "rematch-events",
        timeout_seconds=3600,
        **transient_retries(1, 10),
    ),
    "delivery": send_alerts,
}


@flow(name="rematch", description="Match stored events against the watchlists again.")
def rematch(settings: Settings | None = None, config: str | None = None) -> dict[str, Any]:
    settings = settings or Settings.load(Path(config) if config else None)
    return run_stages(stages.begin_run(settings, REMATCH.kind), REMATCH, as_tasks(TASKS))
