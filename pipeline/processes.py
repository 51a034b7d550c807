"""Worker processes of a run: how many cores it may use, and spawned pools started at once.

Both pools of a run (page cleaning, ``nongrata.ingest.ingest``; spaCy,
``nongrata.pipeline.nlp_workers``) are spawned, not forked: a fork would copy the caller's
threads' locks (Prefect's, the event loop's) in whatever state they were.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity), at least 1."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def spawned_pool(
    count: int,
    ready: Callable[[], Any],
    *,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
) -> tuple[ProcessPoolExecutor, list[Future[Any]]]:
    """A pool of ``count`` spawned workers, all started now (each runs ``initializer``, then
    ``ready``) while the caller goes on; the futures of the ``ready`` calls."""
    pool = ProcessPoolExecutor(
        max_workers=count,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=initializer,
        initargs=initargs,
    )
    # The pool spawns a worker per task submitted while none is idle: one task per worker
    # starts them all at once.
    return pool, [pool.submit(ready) for _ in range(count)]
