"""Prefect's process settings for the commands that run flows, applied before Prefect is
imported, and the local Prefect API those commands report to. Users' own PREFECT_* variables
always win (these are defaults only)."""

from __future__ import annotations

import atexit
import importlib.util
import os
import socket
import subprocess
import sys
import time
import tomllib
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

from nongrata.errors import ConfigError
from nongrata.flows.server import answers_health

# uvicorn's exit status when it cannot start (here: the port was taken meanwhile).
_STARTUP_FAILURE = 3
_PORT_ATTEMPTS = 3


def prepare_prefect(*, verbose: bool = False) -> None:
    # Prefect's ephemeral API migrates its own database on a first start; on a slow or busy
    # machine that takes longer than Prefect's 20 s default.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    # nongrata's own log lines (feed failures, deliveries…) go to each run's Prefect log.
    os.environ.setdefault("PREFECT_LOGGING_EXTRA_LOGGERS", "nongrata")
    # The local API's usage reports: nothing leaves the machine unasked (offline, the lookup
    # fails and logs an error on every start).
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    # The Prefect client's own usage reports (its "first flow run" milestones…), likewise.
    os.environ.setdefault("DO_NOT_TRACK", "1")
    # Prefect's own lines on the terminal (run links, task states…) only with --verbose: a
    # command's result is its summary, and the links of a local API die with the command.
    # The runs' logs still reach the API (the UI of a server shows them).
    if not verbose:
        os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")


def configured_api_url() -> str | None:
    """The Prefect API the user configured (PREFECT_API_URL in the environment, a Prefect
    settings file or the active profile), or None."""
    if os.environ.get("PREFECT_API_URL"):
        return os.environ["PREFECT_API_URL"]
    if _unconfigured():
        return None
    from prefect.settings import get_current_settings

    return get_current_settings().api.url or None


def point_prefect_at(api_url: str) -> None:
    """Make this process's Prefect client, and the processes it starts (served flow runs),
    use the API at ``api_url``."""
    os.environ["PREFECT_API_URL"] = api_url
    if "prefect" in sys.modules:
        from prefect.context import refresh_global_settings_context

        refresh_global_settings_context()


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
        self._port = 0
        self.url = ""
        self._launch()
        # Stopped at exit, after Prefect's log and event services (drained at thread
        # shutdown, before exit hooks) have sent it the run's last records.
        atexit.register(self.stop)

    def _launch(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self._port = port
        self.url = f"http://127.0.0.1:{port}/api"
        # Where Prefect is installed, without importing it.
        origin = getattr(importlib.util.find_spec("prefect"), "origin", None)
        assert origin is not None, "prefect is installed"

        # A fixed command: this interpreter running Prefect's server app.
        self._process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--app-dir",
                str(Path(origin).parent.parent),
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
        while not answers_health(self.url):
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
        # No links to the runs in Prefect's log lines ("View at http://127.0.0.1:…", shown
        # with --verbose): this API has no UI, and is gone after the command.
        os.environ.setdefault("PREFECT_UI_URL", "")
        from prefect.context import refresh_global_settings_context

        refresh_global_settings_context()

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


def local_api_flow_settings() -> AbstractContextManager[object]:
    """Prefect settings to run the flows under, on the API ``start_prefect_api`` started: no
    flow-run heartbeats (a flow run's engine waits up to a second for its heartbeat thread at
    the end, and this API, stopped with the process, has nobody to watch them), unless
    PREFECT_FLOWS_HEARTBEAT_FREQUENCY is set."""
    if "PREFECT_FLOWS_HEARTBEAT_FREQUENCY" in os.environ:
        return nullcontext()
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    return temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None})


def start_prefect_api() -> LocalPrefectApi | None:
    """Start the local Prefect API now, in the background, unless Prefect is configured with
    an API (PREFECT_API_URL, in the environment or the Prefect profile; a test harness) or
    forbids ephemeral ones: then Prefect's usual behaviour applies and this returns None.
    Call ``wait_ready`` before running a flow. Imports Prefect: call ``prepare_prefect``
    first.

    Importing Prefect takes a second or more; when nothing configures Prefect (see
    ``_unconfigured``), the server is launched before that, and stopped again should
    Prefect's settings, once imported, ask for no local API after all.
    """
    early = LocalPrefectApi(_server_env({}), _timeout()) if _unconfigured() else None
    from prefect.settings import get_current_settings

    current = get_current_settings()
    if current.api.url or not current.server.ephemeral.enabled:
        if early is not None:
            early.stop()
        return None
    if early is not None:
        return early
    return LocalPrefectApi(
        _server_env(current.to_environment_variables(exclude_unset=True)),
        float(current.server.ephemeral.startup_timeout_seconds),
    )


def _timeout() -> float:
    try:
        return float(os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"])
    except (KeyError, ValueError):
        return 180.0


# Environment variables that configure Prefect's API or choose another profile.
_API_VARIABLES = (
    "PREFECT_API_",
    "PREFECT_PROFILE",
    "PREFECT_SERVER_EPHEMERAL_ENABLED",
    "PREFECT_SERVER_ALLOW_EPHEMERAL_MODE",
)


def _unconfigured() -> bool:
    """Whether Prefect, not imported yet, will surely ask for a local API: no API or profile
    in the environment, no Prefect settings file here (``.env``, ``prefect.toml``,
    ``pyproject.toml``'s ``[tool.prefect]``), and the active profile of PREFECT_HOME's
    ``profiles.toml`` (Prefect's default when there is none) allows an ephemeral API and
    names no other. Anything else is left to Prefect's own settings."""
    if "prefect" in sys.modules or any(name.startswith(_API_VARIABLES) for name in os.environ):
        return False
    here = Path.cwd()
    if (here / ".env").exists() or (here / "prefect.toml").exists():
        return False
    try:
        if "tool.prefect" in (here / "pyproject.toml").read_text(encoding="utf-8"):
            return False
    except FileNotFoundError:
        pass
    except (OSError, UnicodeDecodeError):
        return False
    home = Path(os.environ.get("PREFECT_HOME", "~/.prefect")).expanduser()
    try:
        profiles = tomllib.loads((home / "profiles.toml").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return True  # Prefect's default profile: "ephemeral"
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    active = profiles.get("profiles", {}).get(profiles.get("active", "ephemeral"))
    if not isinstance(active, dict) or any("API_URL" in str(key) for key in active):
        return False
    allowed = active.get("PREFECT_SERVER_EPHEMERAL_ENABLED") or active.get(
        "PREFECT_SERVER_ALLOW_EPHEMERAL_MODE"
    )
    return str(allowed).strip().lower() in ("1", "true", "yes", "on")


def _server_env(settings: dict[str, str]) -> dict[str, str]:
    """The server's environment: this one, plus ``settings`` (Prefect's from files)."""
    return {
        # Not registering Prefect's block types at each start (a fifth of it): nongrata's
        # flows use no blocks (a `prefect server` on this database registers them itself).
        "PREFECT_API_BLOCKS_REGISTER_ON_START": "false",
        "PREFECT_MEMOIZE_BLOCK_AUTO_REGISTRATION": "false",
        **os.environ,
        # As Prefect starts its ephemeral server: no UI, ephemeral services only.
        "PREFECT_UI_ENABLED": "0",
        "PREFECT__SERVER_EPHEMERAL": "1",
        "PREFECT__SERVER_FINAL": "1",
        **settings,
    }
