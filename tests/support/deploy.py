"""Helpers of the deployment tests: fresh PostgreSQL databases, free ports, and background
processes (a Prefect server, a worker) that are always stopped, with their logs at hand."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

from tests.support.postgres import PG_ADMIN_URL

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
VENV_BIN = Path(sys.executable).parent
# The deployments of deploy/prefect.yaml and the flow each one runs.
EXPECTED_FLOWS = {
    "nongrata-monitor": "monitor",
    "nongrata-digest": "digest",
    "nongrata-backfill": "backfill",
    "nongrata-rematch": "rematch",
}


@contextmanager
def fresh_pg_database(prefix: str) -> Iterator[str]:
    """A new, empty database on the machine's PostgreSQL, dropped afterwards; its name."""
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def pg_url(driver: str, database: str) -> str:
    """The SQLAlchemy URL of ``database`` on the test server, with ``driver`` (asyncpg…)."""
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    return base.replace("postgresql://", f"postgresql+{driver}://", 1) + f"/{database}"


def clean_environment(prefect_home: Path, **values: str) -> dict[str, str]:
    """This environment without any PREFECT_*/NONGRATA_* setting, the venv first on PATH,
    its own PREFECT_HOME, then ``values``."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PREFECT_", "NONGRATA_")) and k != "PREFECT"
    }
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    env["PREFECT_HOME"] = str(prefect_home)
    env["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    env.update(values)
    return env


class Background:
    """A command running in its own process group, its output going to a log file."""

    def __init__(self, name: str, args: list[str], env: Mapping[str, str], cwd: Path, log: Path):
        self.name = name
        self.log = log
        self._log_file: IO[bytes] = log.open("wb")
        self.process = subprocess.Popen(
            args,
            env=dict(env),
            cwd=cwd,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def tail(self, lines: int = 40) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return f"--- last lines of the {self.name}'s log ({self.log}):\n" + "\n".join(
            text.splitlines()[-lines:]
        )

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        """Stop the process and every process it started (its own process group)."""
        if self.alive():
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        else:
            # The leader exited; children it left in the group still go.
            with suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
        self._log_file.close()


def wait_until(check: Callable[[], bool], *, timeout: float, what: str, watch: Background) -> None:
    """Poll ``check`` until true; AssertionError naming ``what`` with ``watch``'s log tail when
    the time is up or ``watch`` died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        if not watch.alive():
            raise AssertionError(
                f"{watch.name} exited (code {watch.process.returncode}) before {what}\n"
                + watch.tail()
            )
        time.sleep(1.0)
    raise AssertionError(f"no {what} within {timeout:.0f} s\n" + watch.tail())
