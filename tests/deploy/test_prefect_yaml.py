"""deploy/ is consistent: prefect.yaml's deployments name flows that import, on schedules that
parse, on the work pool the scripts create, with settings that exist; the Docker image copies
every package folder; the scripts refuse to start without what they need."""

from __future__ import annotations

import re
import subprocess
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from cronsim import CronSim
from prefect.cli.deploy._models import PrefectYamlModel
from prefect.cli.deploy._schedules import _schedule_config_to_deployment_schedule
from prefect.client.schemas.objects import ConcurrencyLimitStrategy
from prefect.client.schemas.schedules import CronSchedule
from prefect.flows import Flow, load_flow_from_entrypoint
from prefect.utilities.importtools import import_object

from nongrata.settings import Settings
from tests.support.deploy import DEPLOY, EXPECTED_FLOWS, ROOT, clean_environment


def _prefect_yaml() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((DEPLOY / "prefect.yaml").read_text(encoding="utf-8"))
    return data


def _deployments() -> dict[str, dict[str, Any]]:
    return {d["name"]: d for d in _prefect_yaml()["deployments"]}


def _script_pool(script: str) -> str:
    text = (DEPLOY / script).read_text(encoding="utf-8")
    found = re.search(r'^POOL="\$\{NONGRATA_WORK_POOL:-([^}]+)\}"$', text, re.MULTILINE)
    assert found, f"{script} sets no default work pool"
    return found.group(1)


def test_prefect_yaml_is_a_valid_deployment_file() -> None:
    model = PrefectYamlModel.model_validate(_prefect_yaml())
    assert {d.name for d in model.deployments} == set(EXPECTED_FLOWS)


@pytest.mark.parametrize("name", sorted(EXPECTED_FLOWS))
def test_each_entrypoint_is_a_module_path_to_the_flow(name: str) -> None:
    entrypoint = _deployments()[name]["entrypoint"]
    # A module path (no ``file.py:``), so that workers import the installed package and
    # Prefect never looks for flow code storage.
    assert ":" not in entrypoint
    assert entrypoint.startswith("nongrata.flows.")
    flow: Flow[Any, Any] = load_flow_from_entrypoint(entrypoint, use_placeholder_flow=False)
    assert isinstance(flow, Flow)
    assert flow.name == EXPECTED_FLOWS[name]


def test_the_schedules_parse_and_say_what_the_docs_say() -> None:
    deployments = _deployments()
    start = datetime(2026, 11, 22, 5, 0, tzinfo=UTC)

    (monitor,) = [
        _schedule_config_to_deployment_schedule(s)
        for s in deployments["nongrata-monitor"]["schedules"]
    ]
    schedule = monitor["schedule"]
    assert isinstance(schedule, CronSchedule)
    assert (schedule.cron, schedule.timezone) == (Settings().schedule_cron, "UTC")
    runs = CronSim(schedule.cron, start)
    assert [next(runs), next(runs)] == [
        datetime(2026, 11, 22, 6, 0, tzinfo=UTC),
        datetime(2026, 11, 23, 6, 0, tzinfo=UTC),
    ]

    (digest,) = [
        _schedule_config_to_deployment_schedule(s)
        for s in deployments["nongrata-digest"]["schedules"]
    ]
    schedule = digest["schedule"]
    assert isinstance(schedule, CronSchedule)
    assert schedule.cron == Settings().digest_cron
    checks = CronSim(schedule.cron, start)
    first, second = next(checks), next(checks)
    assert (second - first).total_seconds() == 15 * 60

    assert deployments["nongrata-backfill"]["schedules"] == []
    assert deployments["nongrata-rematch"]["schedules"] == []


def test_monitor_runs_never_overlap() -> None:
    limit = _deployments()["nongrata-monitor"]["concurrency_limit"]
    assert limit["limit"] == 1
    assert ConcurrencyLimitStrategy(limit["collision_strategy"]) is ConcurrencyLimitStrategy.ENQUEUE
    digest = _deployments()["nongrata-digest"]["concurrency_limit"]
    assert ConcurrencyLimitStrategy(digest["collision_strategy"]) is (
        ConcurrencyLimitStrategy.CANCEL_NEW
    )


def test_every_deployment_uses_the_pool_the_scripts_create() -> None:
    pools = {d["work_pool"]["name"] for d in _deployments().values()}
    assert pools == {_script_pool("worker.sh")} == {_script_pool("deploy.sh")}


def test_the_pull_step_is_a_real_step_that_stays_put() -> None:
    (step,) = _prefect_yaml()["pull"]
    ((name, inputs),) = step.items()
    assert name == "prefect.deployments.steps.set_working_directory"
    assert callable(import_object(name))
    assert inputs == {"directory": "."}


def test_the_env_job_variables_are_settings_that_deploy_sh_provides() -> None:
    deploy_sh = (DEPLOY / "deploy.sh").read_text(encoding="utf-8")
    for name, deployment in _deployments().items():
        env: dict[str, str] = deployment["work_pool"]["job_variables"]["env"]
        assert "NONGRATA_DATABASE_URL" in env, name
        for variable, value in env.items():
            assert variable.startswith("NONGRATA_")
            assert variable.removeprefix("NONGRATA_").lower() in Settings.model_fields
            assert value == "{{ $" + variable + " }}"
            # deploy.sh requires or defaults each one, so no placeholder is left unfilled.
            assert re.search(rf"\b{variable}\b", deploy_sh), variable


def test_the_image_installs_every_package_folder() -> None:
    mapping: dict[str, str] = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"][
        "setuptools"
    ]["package-dir"]
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    copied = set(re.findall(r"^COPY (\S+)/ \1/$", dockerfile, re.MULTILINE))
    assert set(mapping.values()) <= copied
    assert re.search(r'^RUN pip install "\.\[dask\]"', dockerfile, re.MULTILINE)


def test_compose_runs_the_scripts_on_the_same_databases() -> None:
    compose: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.yaml").read_text("utf-8"))
    services = compose["services"]
    assert services["prefect-server"]["command"] == ["bash", "deploy/server.sh"]
    assert services["worker"]["command"] == ["bash", "deploy/worker.sh"]
    assert services["deploy"]["command"] == ["bash", "deploy/deploy.sh"]
    server_db = services["prefect-server"]["environment"]["PREFECT_API_DATABASE_CONNECTION_URL"]
    assert server_db.startswith("postgresql+asyncpg://")
    app_db = services["worker"]["environment"]["NONGRATA_DATABASE_URL"]
    assert app_db.startswith("postgresql+psycopg://")
    assert app_db.endswith("@postgres:5432/nongrata")
    assert "CREATE DATABASE nongrata" in (DEPLOY / "postgres-init.sql").read_text("utf-8")
    for service in ("prefect-server", "worker", "deploy"):
        assert services[service]["build"]["dockerfile"] == "deploy/Dockerfile"


@pytest.mark.parametrize(
    ("script", "env", "message"),
    [
        ("server.sh", {}, "PREFECT_API_DATABASE_CONNECTION_URL"),
        (
            "server.sh",
            {"PREFECT_API_DATABASE_CONNECTION_URL": "postgresql://u@db/prefect"},
            "postgresql+asyncpg://",
        ),
        ("worker.sh", {}, "PREFECT_API_URL"),
        ("deploy.sh", {}, "PREFECT_API_URL"),
        ("deploy.sh", {"PREFECT_API_URL": "http://127.0.0.1:9/api"}, "NONGRATA_DATABASE_URL"),
    ],
)
def test_the_scripts_refuse_to_start_without_what_they_need(
    script: str, env: dict[str, str], message: str, tmp_path: Path
) -> None:
    # PREFECT points at a command that fails loudly: nothing may get as far as running it.
    result = subprocess.run(
        ["bash", str(DEPLOY / script)],
        env=clean_environment(tmp_path, PREFECT="/bin/false", **env),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stderr.count("\n") == 1  # one clear line
