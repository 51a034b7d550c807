"""Helpers for the tests of ``nongrata serve``: the command in a child process with a
schedule due every minute, the Prefect server's scheduler loop shortened, and what its
process tree, nongrata's ``runs`` table and the Prefect API say."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import psutil
from sqlalchemy import create_engine, text

from tests.support.runs import Child, monitor_env, start_child

NONGRATA = Path(sys.executable).with_name("nongrata")
SCHEDULER_LOOP_SECONDS = "5"


def serve_env(database_url: str, data_dir: Path, port: int, **extra: str) -> dict[str, str]:
    """The child's environment: loopback only, monitor and digest due every minute, the
    local Prefect server on ``port``; none of this process's Prefect settings (a test's
    temporary API must not leak into it)."""
    env = monitor_env(
        database_url,
        data_dir,
        schedule_cron="* * * * *",
        digest_cron="* * * * *",
        prefect_server_port=str(port),
        **extra,
    )
    for name in [n for n in env if n.startswith("PREFECT_")]:
        del env[name]
    env.update(
        PREFECT_HOME=str(data_dir / "prefect-client"),
        PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS=SCHEDULER_LOOP_SECONDS,
        DO_NOT_TRACK="1",
    )
    return env


def start_serve(env: dict[str, str], folder: Path, name: str = "serve") -> Child:
    """``nongrata serve`` through its console script, in its own session."""
    return start_child([str(NONGRATA), "serve"], env, folder, name)


def tree(pid: int) -> list[psutil.Process]:
    """The process and every process below it, now."""
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def tree_rss(pid: int) -> int:
    """Resident memory of the process tree, bytes (processes gone meanwhile count 0)."""
    total = 0
    for process in tree(pid):
        try:
            total += process.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return total


def alive(pids: set[int]) -> set[int]:
    """Which of ``pids`` still run (a zombie does not)."""
    running = set()
    for pid in pids:
        try:
            if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                running.add(pid)
        except psutil.NoSuchProcess:
            continue
    return running


def terminate(child: Child, timeout: float = 90) -> int:
    """SIGTERM ``serve`` (only it: what it started is its to stop); its exit code."""
    child.process.send_signal(signal.SIGTERM)
    return child.process.wait(timeout=timeout)


def kill_tree(child: Child) -> None:
    """After a failed test: nothing of it may outlive the test."""
    for process in tree(child.process.pid):
        try:
            process.kill()
        except psutil.NoSuchProcess:
            continue
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.process.pid, signal.SIGKILL)
    child.process.wait(timeout=30)


def finished_runs(database_url: str) -> Counter[str]:
    """Finished runs in nongrata's ``runs`` table, by kind (none before the table exists)."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT kind, status FROM runs WHERE status = 'finished'")
            ).all()
    except Exception:  # the first run creates the database
        return Counter()
    finally:
        engine.dispose()
    return Counter(kind for kind, _ in rows)


def runs(database_url: str) -> list[tuple[int, str, str]]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT id, kind, status FROM runs ORDER BY id"))
            return [(int(i), str(k), str(s)) for i, k, s in rows]
    finally:
        engine.dispose()


def prefect_flow_runs(port: int, flow: str) -> list[dict[str, Any]]:
    """The Prefect server's runs of ``flow`` (any state)."""
    response = httpx.post(
        f"http://127.0.0.1:{port}/api/flow_runs/filter",
        json={"flows": {"name": {"any_": [flow]}}, "limit": 200},
        timeout=10,
    )
    response.raise_for_status()
    result: list[dict[str, Any]] = response.json()
    return result


def completed(port: int, flow: str) -> int:
    return sum(1 for run in prefect_flow_runs(port, flow) if run["state_type"] == "COMPLETED")


def wait_for(what: str, condition: Callable[[], bool], child: Child, limit: float) -> None:
    """Poll ``condition`` every second; fail when serve exits first or the limit passes."""
    deadline = time.monotonic() + limit
    while not condition():
        if not child.running():
            raise AssertionError(
                f"serve ended ({child.process.returncode}) before {what}:\n"
                f"{child.stdout[-2000:]}\n{child.stderr[-4000:]}"
            )
        if time.monotonic() > deadline:
            raise AssertionError(
                f"gave up waiting for {what}:\n{child.stdout[-2000:]}\n{child.stderr[-4000:]}"
            )
        time.sleep(1)
