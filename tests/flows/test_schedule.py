"""``nongrata serve``'s deployments: the right flows on the right schedules, never overlapping."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from cronsim import CronSim
from prefect.client.schemas.objects import ConcurrencyLimitStrategy

from nongrata.flows.schedule import build_deployments
from nongrata.settings import Settings


def _schedule(deployment: object) -> tuple[str, str]:
    schedule = deployment.schedules[0].schedule  # type: ignore[attr-defined]
    return schedule.cron, schedule.timezone


def test_default_schedule_is_monitor_daily_at_six_utc_plus_digests(
    make_settings: Callable[..., Settings],
) -> None:
    monitor, digest = build_deployments(make_settings())
    assert monitor.name == "nongrata-monitor"
    assert monitor.flow_name == "monitor"
    assert _schedule(monitor) == ("0 6 * * *", "UTC")
    assert digest.flow_name == "digest"
    cron, _ = _schedule(digest)
    # The next monitor runs after 2026-11-22 05:00 UTC: today 06:00, then tomorrow 06:00.
    runs = CronSim(_schedule(monitor)[0], datetime(2026, 11, 22, 5, 0, tzinfo=UTC))
    assert next(runs) == datetime(2026, 11, 22, 6, 0, tzinfo=UTC)
    assert next(runs) == datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
    # Digests are checked often enough for any subscriber's own time.
    checks = CronSim(cron, datetime(2026, 11, 22, 5, 0, tzinfo=UTC))
    first, second = next(checks), next(checks)
    assert (second - first).total_seconds() <= 3600


def test_cron_and_time_zone_come_from_settings(make_settings: Callable[..., Settings]) -> None:
    monitor, _ = build_deployments(
        make_settings(schedule_cron="30 7 * * 1-5", schedule_timezone="Europe/Prague")
    )
    assert _schedule(monitor) == ("30 7 * * 1-5", "Europe/Prague")


def test_monitor_runs_never_overlap(make_settings: Callable[..., Settings]) -> None:
    monitor, _ = build_deployments(make_settings())
    assert monitor.concurrency_limit == 1
    assert monitor.concurrency_options is not None
    assert monitor.concurrency_options.collision_strategy == ConcurrencyLimitStrategy.ENQUEUE
    monitor, _ = build_deployments(make_settings(monitor_overlap="cancel"))
    assert monitor.concurrency_options is not None
    assert monitor.concurrency_options.collision_strategy == ConcurrencyLimitStrategy.CANCEL_NEW


def test_the_settings_travel_with_the_deployment(make_settings: Callable[..., Settings]) -> None:
    settings = make_settings(spacy_model="custom-model")
    monitor, _ = build_deployments(settings)
    assert monitor.parameters["settings"]["spacy_model"] == "custom-model"
    assert Settings.model_validate(monitor.parameters["settings"]) == settings
