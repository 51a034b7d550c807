"""The flows as deployments on their schedules (``nongrata serve``, and deploy/prefect.yaml
for work pools). Two runs of ``monitor`` never overlap: the deployment's concurrency limit is
1, and a second run waits (``enqueue``) or is cancelled, by the ``monitor_overlap`` setting."""

from __future__ import annotations

import asyncio
import signal
from typing import Any

from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
from prefect.client.schemas.schedules import CronSchedule
from prefect.deployments.runner import RunnerDeployment

from nongrata.flows.digest import digest
from nongrata.flows.monitor import monitor
from nongrata.settings import Settings


def overlap_limit(settings: Settings) -> ConcurrencyLimitConfig:
    strategy = (
        ConcurrencyLimitStrategy.CANCEL_NEW
        if settings.monitor_overlap == "cancel"
        else ConcurrencyLimitStrategy.ENQUEUE
    )
    return ConcurrencyLimitConfig(limit=1, collision_strategy=strategy)


def build_deployments(settings: Settings) -> list[RunnerDeployment]:
    """``monitor`` on ``schedule_cron`` and ``digest`` on ``digest_cron``, in the set time zone."""
    params = {"settings": settings.model_dump(mode="json")}

    def scheduled(
        flow: Any, name: str, cron: str, limit: ConcurrencyLimitConfig, description: str
    ) -> RunnerDeployment:
        deployment = flow.to_deployment(
            name=name,
            schedules=[CronSchedule(cron=cron, timezone=settings.schedule_timezone)],
            parameters=params,
            concurrency_limit=limit,
            description=description,
            tags=["nongrata"],
        )
        assert isinstance(deployment, RunnerDeployment)  # typed sync-or-async: here, sync
        return deployment

    return [
        scheduled(
            monitor,
            "nongrata-monitor",
            settings.schedule_cron,
            overlap_limit(settings),
            "Poll feeds, extract events, alert on new ones.",
        ),
        scheduled(
            digest,
            "nongrata-digest",
            settings.digest_cron,
            ConcurrencyLimitConfig(limit=1, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW),
            "Send the daily digests that are due.",
        ),
    ]


def serve_deployments(settings: Settings) -> None:
    """Register the deployments with the Prefect API in use and run their scheduled runs in
    this process's runner until SIGINT (Ctrl-C) or SIGTERM; then stop the runner cleanly
    (its schedules paused on the server, runs in flight cancelled) and return."""
    asyncio.run(_serve_until_signalled(build_deployments(settings)))


async def _serve_until_signalled(deployments: list[RunnerDeployment]) -> None:
    from prefect.runner import Runner

    runner = Runner(pause_on_shutdown=True)
    for deployment in deployments:
        await runner.aadd_deployment(deployment)
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    running = asyncio.create_task(runner.start())
    # The runner's start sets a SIGTERM handler of its own that exits the process from
    # inside the loop (and leaves its stop coroutine unawaited): once it has, this loop's
    # handlers take both signals over.
    await asyncio.sleep(0)
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    stopping = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait({running, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if stop.is_set() and runner.started:
            await runner.astop()
        await running
    finally:
        stopping.cancel()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
