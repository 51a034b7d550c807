"""The flows as deployments on their schedules (``nongrata serve``, and deploy/prefect.yaml
for work pools). Two runs of ``monitor`` never overlap: the deployment's concurrency limit is
1, and a second run waits (``enqueue``) or is cancelled, by the ``monitor_overlap`` setting."""

from __future__ import annotations

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
