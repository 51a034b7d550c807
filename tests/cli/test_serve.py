"""``nongrata serve`` really schedules: with a schedule due every minute, a monitor run and a
digest run are recorded in nongrata's ``runs`` table and in Prefect, on the local Prefect
server serve starts (or on the user's, with PREFECT_API_URL); SIGTERM then stops every
process serve started."""

from __future__ import annotations

import json
import re
import socket
from pathlib import Path

import httpx
import pytest

from nongrata.flows.server import start_local_server
from tests.support.ports import free_port
from tests.support.runs import NewsServer, prepare_database
from tests.support.serve import (
    alive,
    completed,
    finished_runs,
    kill_tree,
    serve_env,
    start_serve,
    terminate,
    tree,
    wait_for,
)

pytestmark = pytest.mark.slow

# A run due every minute, the scheduler looking every 5 s, the runner every 10 s: the first
# runs come within two minutes; three is the bound.
FIRST_RUNS_LIMIT = 180.0


def test_serve_runs_monitor_and_digest_on_schedule_and_sigterm_stops_all_it_started(
    tmp_path: Path,
) -> None:
    database_url = f"sqlite:///{tmp_path / 'nongrata.db'}"
    port = free_port()
    with NewsServer() as news:
        prepare_database(database_url, news.feed_urls, [news.hook_url]).dispose()
        child = start_serve(serve_env(database_url, tmp_path / "data", port), tmp_path)
        try:
            wait_for(
                "a finished monitor run and a finished digest run in nongrata's runs table",
                lambda: {"monitor", "digest"} <= set(finished_runs(database_url)),
                child,
                FIRST_RUNS_LIMIT,
            )
            wait_for(
                "both runs completed in Prefect",
                lambda: completed(port, "monitor") >= 1 and completed(port, "digest") >= 1,
                child,
                60,
            )
            # The monitor run did the whole job: the demo outlets' events alerted.
            assert news.hook_posts
            assert {json.loads(body)["title"] for _, body in news.hook_posts}
            # The UI serve printed answers, and shows the server the runs are in.
            assert f"Prefect UI: http://127.0.0.1:{port}" in child.stdout
            assert httpx.get(f"http://127.0.0.1:{port}/", timeout=10).status_code == 200
            pids = {p.pid for p in tree(child.process.pid)}
            assert len(pids) >= 2  # serve and its Prefect server at least
        except BaseException:
            kill_tree(child)
            raise
        code = terminate(child)
    assert code == 0, child.stderr[-4000:]
    assert not alive(pids), f"still running after serve stopped: {alive(pids)}"
    assert "never awaited" not in child.stderr
    assert "Traceback" not in child.stderr, child.stderr[-4000:]
    assert child.stdout.rstrip().endswith("Stopped.")


def test_serve_uses_the_users_server_and_leaves_it_running(tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'nongrata.db'}"
    port = free_port()
    users = start_local_server(tmp_path / "users-server", port, timeout=120)
    try:
        with NewsServer() as news:
            prepare_database(database_url, news.feed_urls, [news.hook_url]).dispose()
            env = serve_env(database_url, tmp_path / "data", free_port())
            env["PREFECT_API_URL"] = users.api_url
            child = start_serve(env, tmp_path)
            try:
                wait_for(
                    "a monitor run recorded by the user's server",
                    lambda: completed(port, "monitor") >= 1,
                    child,
                    FIRST_RUNS_LIMIT,
                )
                assert finished_runs(database_url)["monitor"] >= 1
                assert f"Using the Prefect server at {users.api_url}" in child.stdout
                assert not re.search(r"Starting a local Prefect server", child.stdout)
                assert not (tmp_path / "data" / "prefect" / "prefect.db").exists()
            except BaseException:
                kill_tree(child)
                raise
            assert terminate(child) == 0, child.stderr[-4000:]
        assert users.process is not None
        assert users.process.poll() is None
        assert httpx.get(f"{users.api_url}/health", timeout=10).status_code == 200
    finally:
        users.stop()


def test_serve_refuses_a_taken_port_in_one_line(tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'nongrata.db'}"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        child = start_serve(serve_env(database_url, tmp_path / "data", port), tmp_path)
        code = child.process.wait(timeout=120)
    assert code == 1
    errors = [line for line in child.stderr.splitlines() if line.strip()]
    assert errors == [errors[0]]
    assert errors[0].startswith(f"Error: port {port} on 127.0.0.1 is taken")
