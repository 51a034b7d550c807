"""The feed backoff policy."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from nongrata.net.backoff import backoff_ceiling, next_poll_after_error, next_poll_after_success

NOW = datetime(2025, 3, 1, 6, 0, tzinfo=UTC)


def delay(
    errors: int,
    *,
    base: int = 900,
    maximum: int = 86_400,
    retry_after: float | None = None,
    seed: int = 1,
) -> float:
    when = next_poll_after_error(
        errors,
        base=base,
        maximum=maximum,
        retry_after=retry_after,
        now=NOW,
        rng=random.Random(seed),
    )
    return (when - NOW).total_seconds()


def test_first_retry_waits_exactly_the_base() -> None:
    assert delay(1) == 900.0


def test_ceiling_doubles_then_caps() -> None:
    assert [backoff_ceiling(n, base=900, maximum=86_400) for n in (1, 2, 3, 4, 5, 6, 7, 8)] == [
        900.0,
        1800.0,
        3600.0,
        7200.0,
        14_400.0,
        28_800.0,
        57_600.0,
        86_400.0,
    ]
    assert backoff_ceiling(10_000, base=900, maximum=86_400) == 86_400.0
    assert backoff_ceiling(0, base=900, maximum=86_400) == 900.0


def test_jitter_spreads_feeds_that_failed_together() -> None:
    delays = {delay(5, seed=seed) for seed in range(20)}
    assert len(delays) > 10
    assert all(900 <= d <= 14_400 for d in delays)


def test_retry_after_is_honoured() -> None:
    assert delay(1, retry_after=3600) == 3600.0


def test_retry_after_shorter_than_the_backoff_does_not_shorten_it() -> None:
    assert delay(1, retry_after=5) == 900.0


def test_retry_after_is_capped_at_the_maximum() -> None:
    assert delay(1, retry_after=10 * 86_400) == 86_400.0


def test_base_above_maximum_gives_the_maximum() -> None:
    assert delay(3, base=5000, maximum=1000) == 1000.0


def test_after_success() -> None:
    assert next_poll_after_success(NOW, 60) == NOW + timedelta(hours=1)
    assert next_poll_after_success(NOW, 0) == NOW


@given(
    errors=st.integers(-5, 10_000),
    base=st.integers(1, 100_000),
    maximum=st.integers(1, 1_000_000),
    retry_after=st.none() | st.floats(0, 10**9, allow_nan=False),
    seed=st.integers(0, 2**32),
)
def test_delay_is_within_bounds(
    errors: int, base: int, maximum: int, retry_after: float | None, seed: int
) -> None:
    d = delay(errors, base=base, maximum=maximum, retry_after=retry_after, seed=seed)
    assert 0 < d <= maximum
    assert d >= min(base, maximum)
    if retry_after is not None:
        assert d >= min(retry_after, maximum)
