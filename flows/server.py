"""The Prefect server ``nongrata serve`` schedules on: the user's (``PREFECT_API_URL``), or a
local one it starts itself as a child process.

Prefect's temporary (ephemeral) API runs flows but never creates scheduled runs: its
scheduler service only runs under ``prefect server start``. The local server here is that
command, bound to 127.0.0.1, on a SQLite database in nongrata's data directory, with its UI;
its own log goes to a file beside the database. Nothing in it calls out (analytics off).

This module does not import Prefect: the server is another process, and this one talks to it
over HTTP only until the flows are served.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from nongrata.errors import ConfigError

# Where the local server keeps its database, UI build and log, below nongrata's data_dir.
PREFECT_SUBDIR = "prefect"
SERVER_LOG = "server.log"
# How long a stopped server may take to finish its requests before it is killed.
STOP_GRACE_SECONDS = 15.0
_LOG_TAIL_LINES = 15


@dataclass
class PrefectServer:
    """A Prefect API to schedule on. ``process`` is set when nongrata started the server (and
    so stops it); ``None`` for the user's own server."""

    api_url: str
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    log_path: Path | None = None

    @property
    def ui_url(self) -> str:
        """The UI's address: the API's without its ``/api`` path."""
        base = self.api_url.rstrip("/")
        return base[: -len("/api")] if base.endswith("/api") else base

    @property
    def started_here(self) -> bool:
        return self.process is not None

    def stop(self) -> None:
        """Stop the server nongrata started (its whole process group), politely first.
        The user's own server is left running."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        _signal_group(process, signal.SIGTERM)
        try:
            process.wait(timeout=STOP_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            _signal_group(process, signal.SIGKILL)
            process.wait()


def local_server_env(home: Path, base: Mapping[str, str]) -> dict[str, str]:
    """The environment of the local server: ``base`` (so a user's PREFECT_SERVER_* settings,
    such as the scheduler's loop, still apply), with its home and database under ``home``
    and every outbound call off."""
    env = dict(base)
    # Not the user's Prefect profile or API: this server is nongrata's own.
    for name in ("PREFECT_API_URL", "PREFECT_API_KEY", "PREFECT_PROFILE"):
        env.pop(name, None)
    env.update(
        {
            "PREFECT_HOME": str(home),
            "PREFECT_SERVER_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{home / 'prefect.db'}",
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT": "false",
            "DO_NOT_TRACK": "1",
            "PREFECT_UI_ENABLED": "true",
            "PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED": "true",
        }
    )
    return env


def start_local_server(data_dir: Path, port: int, *, timeout: float) -> PrefectServer:
    """Start ``prefect server start`` on 127.0.0.1:``port`` with its home in
    ``data_dir/prefect`` and wait until it answers. Raises :class:`ConfigError` when the port
    is taken, or the server exits or does not answer in time (with the end of its log)."""
    home = data_dir / PREFECT_SUBDIR
    home.mkdir(parents=True, exist_ok=True)
    if not _port_free(port):
        raise ConfigError(
            f"port {port} on 127.0.0.1 is taken (another Prefect server or nongrata serve?): "
            "set prefect_server_port (NONGRATA_PREFECT_SERVER_PORT) to a free port, or "
            "PREFECT_API_URL to use a running Prefect server"
        )
    log_path = home / SERVER_LOG
    with log_path.open("ab") as log:
        # A fixed command: this interpreter running Prefect's own CLI. Its own session, so
        # that stopping it stops whatever it starts.
        process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "prefect",
                "server",
                "start",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--analytics-off",
            ],
            env=local_server_env(home, os.environ),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = PrefectServer(f"http://127.0.0.1:{port}/api", process, log_path)
    try:
        wait_until_healthy(server, timeout)
    except BaseException:
        server.stop()
        raise
    return server


def user_server(api_url: str, *, timeout: float) -> PrefectServer:
    """The user's server at ``api_url``, once it answers."""
    server = PrefectServer(api_url)
    wait_until_healthy(server, timeout)
    return server


def wait_until_healthy(server: PrefectServer, timeout: float) -> None:
    """Block until ``GET {api}/health`` answers 200; a started server that exits meanwhile,
    or no answer within ``timeout`` seconds, raises :class:`ConfigError`."""
    deadline = time.monotonic() + timeout
    while not answers_health(server.api_url):
        if server.process is not None and (code := server.process.poll()) is not None:
            raise ConfigError(
                f"the local Prefect server exited with status {code}: {_log_tail(server.log_path)}"
            )
        if time.monotonic() > deadline:
            where = f" (its log: {server.log_path})" if server.log_path else ""
            raise ConfigError(
                f"the Prefect server at {server.api_url} did not answer within {timeout:g} s{where}"
            )
        time.sleep(0.25)


def answers_health(api_url: str) -> bool:
    """Whether the Prefect API at ``api_url`` answers ``GET /health`` with 200 now. A bare
    HTTP request: it is polled often while a server starts, on the CPU the server needs (an
    httpx client builds an SSL context each time, ~50 ms)."""
    parts = urllib.parse.urlsplit(api_url)
    connection_type = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_type(parts.hostname or "127.0.0.1", parts.port, timeout=5)
    try:
        connection.request("GET", parts.path.rstrip("/") + "/health")
        return connection.getresponse().status == 200
    except (OSError, http.client.HTTPException):  # not answering (yet): keep waiting
        return False
    finally:
        connection.close()


def _port_free(port: int) -> bool:
    with socket.socket() as probe:
        # As the server will bind it: a port left in TIME_WAIT by a stopped server is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _signal_group(process: subprocess.Popen[bytes], signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # already gone
        os.killpg(process.pid, signum)


def _log_tail(log_path: Path | None) -> str:
    if log_path is None:
        return "no log"
    try:
        lines = log_path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        return f"its log {log_path} cannot be read: {exc}"
    tail = " | ".join(line.strip() for line in lines[-_LOG_TAIL_LINES:] if line.strip())
    return f"{tail} (log: {log_path})"
