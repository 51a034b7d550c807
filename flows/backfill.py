"""The ``backfill`` flow: extract stored articles again after an extractor or model upgrade,
without fetching anything. New events found this way alert like any other new event."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from prefect import flow

from nongrata.flows.common import as_tasks, stage_task, transient_retries
from nongrata.pipeline import sequence, stages
from nongrata.settings import Settings

TASKS = {
    "forgotten": stage_task("forget-extractions", timeout_seconds=600),
    "extract": stage_task(
        "extract-and-record",
        timeout_seconds=21600,
        **transient_retries(1, 10),
    ),
}


@flow(name="backfill", description="Re-extract stored articles without fetching.")
def backfill(
    settings: Settings | None = None, config: str | None = None, since: datetime | None = None
) -> dict[str, Any]:
    settings = settings or Settings.load(Path(config) if config else None)
    run = sequence.backfill(since)
    return sequence.run_stages(stages.begin_run(settings, run.kind), run, as_tasks(TASKS))
