"""The flows as deployments on their schedules (``nongrata serve``, and deploy/prefect.yaml
for work pools). Two runs of ``monitor`` never overlap: the deployment's concurrency limit is
1, and a second run waits (``enqueue``) or is cancelled, by the ``monitor_overlap`` setting."""

from __future__ import annotations

import asyncio
import signal

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
    return [
        _built(
            monitor.to_deployment(
                name="nongrata-monitor",
                schedules=[
                    CronSchedule(cron=settings.schedule_cron, timezone=settings.schedule_timezone)
                ],
                parameters=params,
                concurrency_limit=overlap_limit(settings),
                description="Poll feeds, extract events, alert on new ones.",
                tags=["nongrata"],
            )
        ),
        _built(
            digest.to_deployment(
                name="nongrata-digest",
                schedules=[
                    CronSchedule(cron=settings.digest_cron, timezone=settings.schedule_timezone)
                ],
                parameters=params,
                concurrency_limit=ConcurrencyLimitConfig(
                    limit=1, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW
                ),
                description="Send the daily digests that are due.",
                tags=["nongrata"],
            )
        ),
    ]


def _built(deployment: object) -> RunnerDeployment:
    """``to_deployment`` is typed sync-or-async; called from sync code it is the deployment."""
    assert isinstance(deployment, RunnerDeployment)
    return deployment


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
