"""When to poll a feed next: pure functions of its health (no clock, no randomness of their own).

Policy
------
- After a successful poll (200 or 304), the feed is polled again ``poll_interval_minutes``
  later (:func:`next_poll_after_success`).
- After the n-th consecutive failure (n = 1, 2, …; network errors, refused responses, HTTP
  4xx/5xx), the delay is drawn uniformly between ``base`` and the exponential ceiling
  ``min(maximum, base * 2**(n-1))``: exponential backoff with full jitter above the base
  delay. The first retry therefore waits exactly ``base`` seconds, later ones spread out so
  that feeds that failed together (a host outage) do not all come back at the same second,
  and no retry ever comes sooner than ``base``.
- A server's ``Retry-After`` (429/503) is honoured: the delay is never shorter than it.
- Whatever the above gives, the delay is capped at ``maximum`` seconds (a Retry-After longer
  than that is cut to ``maximum``: a feed is always retried within ``backoff_max_seconds``).

With the default settings (base 900 s, maximum 86 400 s) retries come after 15 min, then
15–30 min, 15–60 min, 15–120 min, … and at the latest one day later.

When a feed is due (:func:`poll_due_at`), from what was stored at its last poll:

- a healthy feed: ``poll_interval_minutes`` after its last poll, by the interval set now (a
  lowered interval takes effect at the next run, not after the poll already scheduled);
- a failing feed: when its backoff ends (``feeds.next_poll_at``);
- never before the time a server's ``Retry-After`` asked for (``feeds.retry_after_until``);
- with ``force`` (``nongrata run --force``): at once, but still not before that Retry-After.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

# 2**62 * base is far past any maximum; bounding the exponent keeps the arithmetic small.
_MAX_EXPONENT = 62


def backoff_ceiling(consecutive_errors: int, *, base: int, maximum: int) -> float:
    """The longest delay (seconds) after ``consecutive_errors`` failures, before Retry-After."""
    exponent = min(max(consecutive_errors, 1) - 1, _MAX_EXPONENT)
    return float(min(maximum, base * 2**exponent))


def next_poll_after_error(
    consecutive_errors: int,
    *,
    base: int,
    maximum: int,
    retry_after: float | None,
    now: datetime,
    rng: random.Random,
) -> datetime:
    """When to retry a feed after its ``consecutive_errors``-th failure in a row (see above)."""
    ceiling = backoff_ceiling(consecutive_errors, base=base, maximum=maximum)
    floor = min(float(base), ceiling)
    delay = rng.uniform(floor, ceiling)
    if retry_after is not None and retry_after > delay:
        delay = retry_after
    delay = min(delay, float(maximum))
    return now + timedelta(seconds=delay)


def next_poll_after_success(now: datetime, interval_minutes: int) -> datetime:
    """When to poll a healthy feed again: ``interval_minutes`` after ``now``."""
    return now + timedelta(minutes=max(interval_minutes, 0))


def poll_due_at(
    *,
    last_polled_at: datetime | None,
    consecutive_errors: int,
    next_poll_at: datetime | None,
    retry_after_until: datetime | None,
    interval_minutes: int,
    force: bool = False,
) -> datetime | None:
    """The earliest time a feed may be polled (see above); None when it may be at once."""
    times: list[datetime] = []
    if retry_after_until is not None:
        times.append(retry_after_until)
    if not force:
        if consecutive_errors:
            if next_poll_at is not None:
                times.append(next_poll_at)
        elif last_polled_at is not None:
            times.append(last_polled_at + timedelta(minutes=max(interval_minutes, 0)))
    return max(times) if times else None
