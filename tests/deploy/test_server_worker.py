"""The newsroom setup, for real: a Prefect server on PostgreSQL (deploy/server.sh), a process
worker (deploy/worker.sh), the deployments of deploy/prefect.yaml (deploy/deploy.sh), and a
``monitor`` run picked up by the worker that stores its events in a PostgreSQL app database.

Every process runs from the deploy/ scripts, in a clean environment of its own; the demo's
news server on 127.0.0.1 stands in for the outlets."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from nongrata.db import Article, Run, open_database
from nongrata.db.models import Event, Mention
from nongrata.demo.content import load_articles
from nongrata.demo.server import DemoServer
from tests.support.deploy import (
    DEPLOY,
    EXPECTED_FLOWS,
    Background,
    clean_environment,
    fresh_pg_database,
    pg_url,
    wait_until,
)
from tests.support.ingest import register_at
from tests.support.ports import free_port

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

SERVER_START_SECONDS = 120
RUN_SECONDS = 150
POOL = "nongrata-pool"


@pytest.fixture
def prefect_server(pg_server: str, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A Prefect server on a fresh PostgreSQL database: (its API URL, its PREFECT_HOME)."""
    home = tmp_path / "prefect-home"
    home.mkdir()
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    with fresh_pg_database("nongrata_prefect") as database:
        env = clean_environment(
            home,
            PREFECT_API_DATABASE_CONNECTION_URL=pg_url("asyncpg", database),
            PREFECT_SERVER_API_HOST="127.0.0.1",
            PREFECT_SERVER_API_PORT=str(port),
            PREFECT_UI_ENABLED="false",
            # Runs start only when the test asks: no cron run (or digest) in the middle.
            PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED="false",
        )
        server = Background(
            "Prefect server",
            ["bash", str(DEPLOY / "server.sh")],
            env,
            tmp_path,
            tmp_path / "server.log",
        )
        try:
            wait_until(
                lambda: _healthy(api),
                timeout=SERVER_START_SECONDS,
                what="healthy Prefect API at " + api,
                watch=server,
            )
            yield api, home
        finally:
            server.stop()


def _healthy(api: str) -> bool:
    try:
        return httpx.get(f"{api}/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def _api(api: str, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    response = httpx.request(method, f"{api}{path}", json=body, timeout=10)
    response.raise_for_status()
    return response.json()


def _pool_exists(api: str) -> bool:
    response = httpx.get(f"{api}/work_pools/{POOL}", timeout=5)
    return response.status_code == 200


@pytest.fixture
def app_database(pg_server: str) -> Iterator[str]:
    """A fresh PostgreSQL app database (psycopg URL), migrated on first use."""
    with fresh_pg_database("nongrata_app") as database:
        yield pg_url("psycopg", database)


def test_a_worker_runs_the_deployed_monitor_on_postgresql(
    prefect_server: tuple[str, Path], app_database: str, tmp_path: Path
) -> None:
    api, home = prefect_server
    with DemoServer() as news:
        register_at(app_database, news.feed_urls)

        worker_dir = tmp_path / "worker"
        worker_dir.mkdir()
        worker_env = clean_environment(
            home,
            PREFECT_API_URL=api,
            PREFECT_WORKER_QUERY_SECONDS="2",
            NONGRATA_WORKER_NAME="test-worker",
            # The machine's settings, passed down to every flow run the worker starts.
            NONGRATA_ALLOW_PRIVATE_NETWORKS="true",
            NONGRATA_ONLY_HOSTS="127.0.0.1",
            NONGRATA_SEED_DEFAULT_FEEDS="false",
            NONGRATA_HTTP_TIMEOUT="10",
            NONGRATA_DATA_DIR=str(tmp_path / "worker-data"),
        )
        worker = Background(
            "worker",
            ["bash", str(DEPLOY / "worker.sh")],
            worker_env,
            worker_dir,
            tmp_path / "worker.log",
        )
        try:
            wait_until(
                lambda: _pool_exists(api), timeout=60, what=f"work pool {POOL}", watch=worker
            )
            deployed = subprocess.run(
                ["bash", str(DEPLOY / "deploy.sh")],
                env=clean_environment(
                    home, PREFECT_API_URL=api, NONGRATA_DATABASE_URL=app_database
                ),
                cwd=tmp_path,
                capture_output=True,
                text=True,
                timeout=180,
                check=False,
            )
            assert deployed.returncode == 0, (
                f"deploy.sh failed ({deployed.returncode}):\n{deployed.stdout}\n{deployed.stderr}"
            )

            deployment = _api(api, "GET", "/deployments/name/monitor/nongrata-monitor")
            assert deployment["entrypoint"] == "nongrata.flows.monitor.monitor"
            assert deployment["work_pool_name"] == POOL
            assert deployment["job_variables"]["env"]["NONGRATA_DATABASE_URL"] == app_database
            names = {d["name"] for d in _api(api, "POST", "/deployments/filter", {})}
            assert set(EXPECTED_FLOWS) <= names

            flow_run = _api(api, "POST", f"/deployments/{deployment['id']}/create_flow_run", {})
            state = _wait_for_final_state(api, flow_run["id"], worker)
            assert state["type"] == "COMPLETED", (
                f"the monitor run ended {state['type']}: {state.get('message')}\n"
                + _flow_run_logs(api, flow_run["id"])
                + "\n"
                + worker.tail()
            )
        finally:
            worker.stop()

    db = open_database(app_database)
    try:
        with db.session() as session:
            runs = list(session.scalars(select(Run)))
            assert [(r.kind, r.status) for r in runs] == [("monitor", "finished")]
            assert session.scalar(select(func.count()).select_from(Article)) == len(load_articles())
            events = session.scalar(select(func.count()).select_from(Event)) or 0
            assert events > 0
            assert runs[0].summary["ingest"]["new_articles"] == len(load_articles())
            reported = session.scalar(select(func.count(func.distinct(Mention.event_id))))
            assert reported == events
    finally:
        db.dispose()


def _wait_for_final_state(api: str, flow_run_id: str, worker: Background) -> dict[str, Any]:
    deadline = time.monotonic() + RUN_SECONDS
    state: dict[str, Any] = {}
    while time.monotonic() < deadline:
        state = _api(api, "GET", f"/flow_runs/{flow_run_id}")["state"] or {}
        if state.get("type") in {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}:
            return state
        if not worker.alive():
            raise AssertionError(
                f"the worker exited (code {worker.process.returncode}) while the run was "
                f"{state.get('type')}\n" + worker.tail()
            )
        time.sleep(2.0)
    raise AssertionError(
        f"the monitor run was still {state.get('type')} ({state.get('name')}) after "
        f"{RUN_SECONDS} s\n" + _flow_run_logs(api, flow_run_id) + "\n" + worker.tail()
    )


def _flow_run_logs(api: str, flow_run_id: str) -> str:
    try:
        logs = _api(
            api,
            "POST",
            "/logs/filter",
            {"logs": {"flow_run_id": {"any_": [flow_run_id]}}, "sort": "TIMESTAMP_ASC"},
        )
    except httpx.HTTPError as exc:
        return f"--- the flow run's logs could not be read: {exc}"
    return "--- the flow run's logs:\n" + "\n".join(
        f"{entry['level']}: {entry['message']}" for entry in logs[-40:]
    )
