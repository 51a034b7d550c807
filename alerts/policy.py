"""The numbers that govern clustering and delivery, read once from the settings
(``cluster_window_days``, ``rematch_window_days``, ``alert_retry_base_seconds``,
``alert_retry_max_seconds``, ``alert_max_attempts``, ``alert_lease_seconds``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from nongrata.settings import Settings


@dataclass(frozen=True)
class AlertPolicy:
    cluster_window_days: int = 7  # reports this many days apart can be one event
    rematch_window_days: int = 7  # a newly touched watchlist entry alerts on events this recent
    retry_base_seconds: int = 60  # first retry delay of a failed delivery
    retry_max_seconds: int = 6 * 3600  # longest retry delay
    max_attempts: int = 12  # then the delivery is given up (status failed, no next attempt)
    lease_seconds: int = 900  # a delivery left "sending" this long is retried (crash)

    def retry_delay(self, attempts: int) -> timedelta:
        """Exponential backoff after ``attempts`` failed attempts (1 → base, 2 → 2×base …)."""
        exponent = max(attempts - 1, 0)
        seconds = min(self.retry_base_seconds * (2 ** min(exponent, 30)), self.retry_max_seconds)
        return timedelta(seconds=seconds)

    @property
    def lease(self) -> timedelta:
        return timedelta(seconds=self.lease_seconds)


def alert_policy(settings: Settings) -> AlertPolicy:
    """The policy the settings ask for."""
    return AlertPolicy(
        cluster_window_days=settings.cluster_window_days,
        rematch_window_days=settings.rematch_window_days,
        retry_base_seconds=settings.alert_retry_base_seconds,
        retry_max_seconds=settings.alert_retry_max_seconds,
        max_attempts=settings.alert_max_attempts,
        lease_seconds=settings.alert_lease_seconds,
    )
