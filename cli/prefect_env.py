"""Prefect's process settings for the commands that run flows, applied before Prefect is
imported. Users' own PREFECT_* variables always win (these are defaults only)."""

from __future__ import annotations

import os


def prepare_prefect(*, quiet: bool = False) -> None:
    # Prefect's ephemeral API migrates its own database on a first start; on a slow or busy
    # machine that takes longer than Prefect's 20 s default.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    # nongrata's own log lines (feed failures, deliveries…) go to each run's Prefect log.
    os.environ.setdefault("PREFECT_LOGGING_EXTRA_LOGGERS", "nongrata")
    if quiet:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
