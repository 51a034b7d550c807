"""``nongrata run`` as users run it, with no Prefect API configured: it starts Prefect's API
for itself (``nongrata.flows.prefect_env``), records the flow run in PREFECT_HOME's database,
and leaves no server behind. Under a configured API (the test harness) it starts none."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from nongrata.demo.content import load_articles
from nongrata.demo.server import DemoServer
from tests.support.ingest import register_at

NONGRATA = str(Path(sys.executable).parent / "nongrata")


def _environment(tmp_path: Path, prefect_home: Path) -> dict[str, str]:
    """This environment without PREFECT_*/NONGRATA_* settings, plus the job's own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "NONGRATA_"))}
    env.update(
        {
            "PREFECT_HOME": str(prefect_home),
            "NONGRATA_DATABASE_URL": f"sqlite:///{tmp_path / 'jobs.db'}",
            "NONGRATA_DATA_DIR": str(tmp_path),
            "NONGRATA_ALLOW_PRIVATE_NETWORKS": "true",
            "NONGRATA_ONLY_HOSTS": "127.0.0.1",
            "NONGRATA_SEED_DEFAULT_FEEDS": "false",
        }
    )
    return env


def _nongrata(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """``nongrata ARGS`` run as a user runs it, which must succeed."""
    done = subprocess.run(
        [NONGRATA, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=400
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return done


def _processes_with_home(prefect_home: Path) -> list[psutil.Process]:
    """Running processes whose environment has this PREFECT_HOME (a leftover server)."""
    found = []
    for process in psutil.process_iter():
        try:
            if process.environ().get("PREFECT_HOME") == str(prefect_home):
                found.append(process)
        except psutil.Error:  # gone meanwhile, or not ours to read
            continue
    return found


@pytest.mark.slow
def test_run_starts_its_own_prefect_api_records_the_flow_and_stops_it(tmp_path: Path) -> None:
    prefect_home = tmp_path / "prefect"
    env = _environment(tmp_path, prefect_home)
    with DemoServer() as server:
        register_at(env["NONGRATA_DATABASE_URL"], server.feed_urls)
        done = _nongrata(["run", "--json"], env, tmp_path)
    summary = json.loads([line for line in done.stdout.splitlines() if line.startswith("{")][-1])
    assert summary["ingest"]["new_articles"] == len(load_articles())
    assert summary["extract"]["articles"] == len(load_articles())

    # The flow and its tasks were recorded by a server on PREFECT_HOME's database.
    prefect_db = sqlite3.connect(prefect_home / "prefect.db")
    try:
        flows = prefect_db.execute(
            "SELECT flow.name, flow_run.state_type FROM flow_run JOIN flow"
            " ON flow.id = flow_run.flow_id"
        ).fetchall()
        tasks = {row[0] for row in prefect_db.execute("SELECT task_key FROM task_run")}
    finally:
        prefect_db.close()
    assert flows == [("monitor", "COMPLETED")]
    assert any("extract_articles" in key for key in tasks), tasks
    assert _processes_with_home(prefect_home) == []


@pytest.mark.usefixtures("prefect_harness")
def test_no_api_is_started_when_prefect_has_one() -> None:
    from nongrata.flows.prefect_env import start_prefect_api

    assert start_prefect_api() is None


def _unconfigured(tmp_path: Path, env: dict[str, str]) -> bool:
    """``_unconfigured()`` in a fresh interpreter (where Prefect is not imported yet)."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from nongrata.flows.prefect_env import _unconfigured; print(_unconfigured())",
        ],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout.strip() == "True"


def test_the_api_is_launched_before_prefect_is_imported_only_when_nothing_configures_it(
    tmp_path: Path,
) -> None:
    home = tmp_path / "prefect"
    home.mkdir()
    env = _environment(tmp_path, home)
    assert _unconfigured(tmp_path, env)  # no profiles.toml: Prefect's "ephemeral" profile
    assert not _unconfigured(tmp_path, {**env, "PREFECT_API_URL": "http://127.0.0.1:9/api"})
    assert not _unconfigured(tmp_path, {**env, "PREFECT_PROFILE": "local"})

    profiles = home / "profiles.toml"
    profiles.write_text(
        'active = "mine"\n[profiles.mine]\nPREFECT_SERVER_EPHEMERAL_ENABLED = "true"\n'
    )
    assert _unconfigured(tmp_path, env)
    profiles.write_text('active = "mine"\n[profiles.mine]\nPREFECT_API_URL = "http://x/api"\n')
    assert not _unconfigured(tmp_path, env)
    profiles.write_text('active = "mine"\n[profiles.mine]\n')  # ephemeral APIs not allowed
    assert not _unconfigured(tmp_path, env)
    profiles.unlink()

    (tmp_path / "prefect.toml").write_text('[api]\nurl = "http://x/api"\n')
    assert not _unconfigured(tmp_path, env)


@pytest.mark.usefixtures("prefect_harness")
def test_flows_on_the_local_api_send_no_heartbeats_unless_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from prefect.settings import get_current_settings

    from nongrata.flows.prefect_env import local_api_flow_settings

    monkeypatch.delenv("PREFECT_FLOWS_HEARTBEAT_FREQUENCY", raising=False)
    default = get_current_settings().flows.heartbeat_frequency
    with local_api_flow_settings():
        assert get_current_settings().flows.heartbeat_frequency is None
    assert get_current_settings().flows.heartbeat_frequency == default
    monkeypatch.setenv("PREFECT_FLOWS_HEARTBEAT_FREQUENCY", "60")
    with local_api_flow_settings():
        assert get_current_settings().flows.heartbeat_frequency == default


# What Prefect's console lines look like, and a link to the local API (gone after the command).
PREFECT_LINE = re.compile(r"\| INFO +\| (Flow|Task) run '")
LOCAL_API_LINK = re.compile(r"http://127\.0\.0\.1:\d+/(api|runs)|View at http|temporary server")


@pytest.mark.slow
def test_prefect_lines_only_with_verbose_and_never_a_link_to_the_local_api(
    tmp_path: Path,
) -> None:
    env = {**_environment(tmp_path, tmp_path / "prefect"), "COLUMNS": "120"}

    def nongrata(*args: str) -> str:
        done = _nongrata(list(args), env, tmp_path)
        output = done.stdout + done.stderr
        assert not LOCAL_API_LINK.search(output), output
        return done.stderr

    with DemoServer() as server:
        register_at(env["NONGRATA_DATABASE_URL"], server.feed_urls)
        quiet = nongrata("run")
        assert not PREFECT_LINE.search(quiet), quiet
        assert "Finished in state" not in quiet
        loud = nongrata("run", "--force", "--verbose")
        assert "Finished in state Completed()" in loud, loud
        assert re.search(r"Beginning flow run '[\w-]+' for flow 'monitor'", loud), loud
    assert not PREFECT_LINE.search(nongrata("rematch"))
    assert "for flow 'rematch'" in nongrata("rematch", "-v")
    assert "for flow 'backfill'" in nongrata("backfill", "-v")
    assert not PREFECT_LINE.search(nongrata("demo", "--dir", str(tmp_path / "demo")))
    assert "for flow 'monitor'" in nongrata("demo", "-v", "--dir", str(tmp_path / "demo"))
    assert _processes_with_home(tmp_path / "prefect") == []
