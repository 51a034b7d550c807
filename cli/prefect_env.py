"""Prefect's process settings for the commands that run flows, applied before Prefect is
imported, and the local Prefect API those commands report to. Users' own PREFECT_* variables
always win (these are defaults only)."""

from __future__ import annotations

import atexit
import os
import socket
import subprocess
import sys
import time

import httpx

from nongrata.errors import ConfigError

# uvicorn's exit status when it cannot start (here: the port was taken meanwhile).
_STARTUP_FAILURE = 3
_PORT_ATTEMPTS = 3


def prepare_prefect(*, quiet: bool = False) -> None:
    # Prefect's ephemeral API migrates its own database on a first start; on a slow or busy
    # machine that takes longer than Prefect's 20 s default.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    # nongrata's own log lines (feed failures, deliveries…) go to each run's Prefect log.
    os.environ.setdefault("PREFECT_LOGGING_EXTRA_LOGGERS", "nongrata")
    # The local API's usage reports: nothing leaves the machine unasked (offline, the lookup
    # fails and logs an error on every start).
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    if quiet:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


class LocalPrefectApi:
    """A Prefect API server for this process alone, as Prefect's own ephemeral API: the same
    server app in ephemeral mode, on the database in PREFECT_HOME, stopped at exit.

    Prefect starts its ephemeral API when the first flow runs, after importing its whole
    server into this process first (~2 s) only to launch it. Started here before the flows are
    imported, its start-up (seconds) overlaps theirs, and this process imports none of it.
    """

    def __init__(self, server_env: dict[str, str], timeout: float) -> None:
        self._env = server_env
        self._timeout = timeout
        self._process: subprocess.Popen[bytes] | None = None
        self.url = ""
        self._launch()
        # Stopped at exit, after Prefect's log and event services (drained at thread
        # shutdown, before exit hooks) have sent it the run's last records.
        atexit.register(self.stop)

    def _launch(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}/api"
        import prefect

        # A fixed command: this interpreter running Prefect's server app.
        self._process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--app-dir",
                str(prefect.__module_path__.parent),
                "--factory",
                "prefect.server.api.server:create_app",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--log-level",
                "error",
                "--lifespan",
                "on",
            ],
            env=self._env,
        )

    def wait_ready(self) -> None:
        """Block until the server answers, then point this process's Prefect client at it."""
        deadline = time.monotonic() + self._timeout
        attempts = 1
        while not self._healthy():
            assert self._process is not None
            code = self._process.poll()
            if code == _STARTUP_FAILURE and attempts < _PORT_ATTEMPTS:
                attempts += 1
                self._launch()
            elif code is not None:
                raise ConfigError(
                    f"Prefect's local API server exited with status {code} (its error is "
                    "above); or set PREFECT_API_URL to a running Prefect server"
                )
            elif time.monotonic() > deadline:
                self.stop()
                raise ConfigError(
                    f"Prefect's local API server did not start within {self._timeout:g} s "
                    "(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS); or set "
                    "PREFECT_API_URL to a running Prefect server"
                )
            time.sleep(0.1)
        # In the environment too, so that worker processes (a local Dask cluster) use it.
        os.environ["PREFECT_API_URL"] = self.url
        from prefect.context import refresh_global_settings_context

        refresh_global_settings_context()

    def _healthy(self) -> bool:
        try:
            return httpx.get(f"{self.url}/health", timeout=5).status_code == 200
        except httpx.TransportError:  # not listening yet: keep waiting
            return False

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def start_prefect_api() -> LocalPrefectApi | None:
    """Start the local Prefect API now, in the background, unless Prefect is configured with
    an API (PREFECT_API_URL, in the environment or the Prefect profile; a test harness) or
    forbids ephemeral ones: then Prefect's usual behaviour applies and this returns None.
    Call ``wait_ready`` before running a flow. Imports Prefect: call ``prepare_prefect``
    first."""
    from prefect.settings import get_current_settings

    current = get_current_settings()
    if current.api.url or not current.server.ephemeral.enabled:
        return None
    server_env = {
        # Not registering Prefect's block types at each start (a fifth of it): nongrata's
        # flows use no blocks (a `prefect server` on this database registers them itself).
        "PREFECT_API_BLOCKS_REGISTER_ON_START": "false",
        "PREFECT_MEMOIZE_BLOCK_AUTO_REGISTRATION": "false",
        **os.environ,
        # As Prefect starts its ephemeral server: no UI, ephemeral services only.
        "PREFECT_UI_ENABLED": "0",
        "PREFECT__SERVER_EPHEMERAL": "1",
        "PREFECT__SERVER_FINAL": "1",
        **current.to_environment_variables(exclude_unset=True),
    }
    return LocalPrefectApi(server_env, float(current.server.ephemeral.startup_timeout_seconds))
