"""The Prefect server ``nongrata serve`` schedules on: a local ``prefect server start`` that
answers, serves its UI, runs its scheduler and is stopped with everything it started; clear
errors when it cannot start or a user's server does not answer."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx
import pytest

from nongrata.errors import ConfigError
from nongrata.flows.server import (
    PREFECT_SUBDIR,
    PrefectServer,
    local_server_env,
    start_local_server,
    user_server,
)
from tests.support.ports import free_port
from tests.support.serve import alive, tree

pytestmark = pytest.mark.slow


def test_a_local_server_answers_serves_its_ui_and_stops_with_all_it_started(
    tmp_path: Path,
) -> None:
    port = free_port()
    server = start_local_server(tmp_path, port, timeout=120)
    try:
        assert server.started_here
        assert server.api_url == f"http://127.0.0.1:{port}/api"
        assert server.ui_url == f"http://127.0.0.1:{port}"
        assert httpx.get(f"{server.api_url}/health", timeout=10).json() is True
        page = httpx.get(server.ui_url, timeout=10)
        assert page.status_code == 200
        assert "<html" in page.text.lower()
        # Its database and log are in nongrata's data directory.
        assert (tmp_path / PREFECT_SUBDIR / "prefect.db").is_file()
        assert server.log_path == tmp_path / PREFECT_SUBDIR / "server.log"
        assert server.process is not None
        pids = {p.pid for p in tree(server.process.pid)}
    finally:
        server.stop()
    assert not alive(pids)
    server.stop()  # stopping twice is harmless


def test_a_taken_port_is_one_clear_error(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ConfigError, match=rf"port {port} .*taken.*prefect_server_port"):
            start_local_server(tmp_path, port, timeout=30)


def test_a_users_server_that_does_not_answer_is_one_clear_error() -> None:
    with pytest.raises(ConfigError, match="did not answer within 1 s"):
        user_server(f"http://127.0.0.1:{free_port()}/api", timeout=1)


def test_a_users_server_is_never_stopped_by_nongrata() -> None:
    server = PrefectServer("http://127.0.0.1:9/api")
    assert not server.started_here
    server.stop()  # nothing to stop: no error


def test_the_local_server_is_nongratas_own_with_every_outbound_call_off(tmp_path: Path) -> None:
    env = local_server_env(
        tmp_path,
        {
            "PREFECT_API_URL": "http://elsewhere:4200/api",
            "PREFECT_PROFILE": "cloud",
            "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "5",
            "PATH": "/usr/bin",
        },
    )
    assert "PREFECT_API_URL" not in env
    assert "PREFECT_PROFILE" not in env
    assert env["PREFECT_HOME"] == str(tmp_path)
    assert env["PREFECT_SERVER_DATABASE_CONNECTION_URL"].endswith(f"{tmp_path}/prefect.db")
    assert env["PREFECT_SERVER_ANALYTICS_ENABLED"] == "false"
    assert env["DO_NOT_TRACK"] == "1"
    assert env["PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED"] == "true"
    # A user's server settings (here the scheduler's loop) still apply.
    assert env["PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS"] == "5"
