"""Apprise secrets (passwords, tokens in URLs) never appear in logs, CLI output or Prefect
artifacts, for a whole run whose alert target fails."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from nongrata.alerts.subscriptions import SubscriptionSpec, subscribe
from nongrata.cli.app import app
from nongrata.db import Database, open_database
from nongrata.db.models import Delivery
from nongrata.demo.server import DemoServer
from nongrata.ingest.registry import add_feed
from nongrata.pipeline.sequence import run_monitor
from nongrata.settings import Settings
from tests.support.ports import free_port

PASSWORD = "Pa55w0rdSecretXyz"
TOKEN = "T0kenInThePathQ7"  # generic webhooks carry their secret in the path
SECRETS = (PASSWORD, TOKEN)


def failing_target() -> str:
    """A JSON webhook on a closed loopback port, with a password and a path token."""
    return f"json://ops:{PASSWORD}@127.0.0.1:{free_port()}/hook/{TOKEN}"


def prepare(db_url: str, feed_urls: list[str]) -> None:
    db = open_database(db_url)
    with db.session() as session:
        for url in feed_urls:
            add_feed(session, url)
    subscribe(db, SubscriptionSpec(name="desk", urls=[failing_target()]))
    db.dispose()


def assert_no_secret(text: str, where: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{where} shows a secret"


def delivery_errors(db: Database) -> str:
    with db.session() as session:
        return " ".join(str(e) for e in session.scalars(select(Delivery.last_error)))


def cli(db_url: str, tmp_path: Path, *args: str) -> str:
    env = {
        "NONGRATA_DATABASE_URL": db_url,
        "NONGRATA_DATA_DIR": str(tmp_path / "data"),
        "NONGRATA_ALLOW_PRIVATE_NETWORKS": "true",
        "NONGRATA_ONLY_HOSTS": "127.0.0.1",
        "NONGRATA_SEED_DEFAULT_FEEDS": "false",
    }
    result = CliRunner().invoke(app, list(args), env=env)
    return f"{result.output}\n{result.exception or ''}"


def test_a_run_with_a_failing_target_leaks_no_secret(
    db_url: str,
    tmp_path: Path,
    make_settings: Callable[..., Settings],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    settings = make_settings(database_url=db_url)
    with DemoServer() as server:
        prepare(db_url, server.feed_urls)
        summary = run_monitor(settings)
    assert summary.extract["alerts_queued"] > 0
    assert summary.delivery["failed"] > 0
    assert caplog.records
    logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records) + caplog.text
    assert_no_secret(logged, "the log")
    db = open_database(db_url)
    errors = delivery_errors(db)
    db.dispose()
    assert errors.strip()
    assert_no_secret(errors, "a delivery's recorded error")

    for args in (
        ("subscriptions", "list"),
        ("subscriptions", "list", "--json"),
        ("subscriptions", "test", "desk"),
        ("alerts", "list"),
        ("alerts", "list", "--json"),
        ("alerts", "feed"),
    ):
        out = cli(db_url, tmp_path, *args)
        assert out.strip(), args
        assert_no_secret(out, " ".join(args))


@pytest.mark.usefixtures("prefect_harness")
def test_the_run_command_and_its_prefect_artifacts_leak_no_secret(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from prefect.client.orchestration import get_client

    caplog.set_level(logging.DEBUG)
    db_url = f"sqlite:///{tmp_path / 'run.db'}"
    with DemoServer() as server:
        prepare(db_url, server.feed_urls)
        out = cli(db_url, tmp_path, "run")
    assert "alerts failed" in out, out
    assert_no_secret(out, "nongrata run")
    assert_no_secret(caplog.text, "the log of nongrata run")

    async def read_artifacts() -> list[str]:
        async with get_client() as client:
            artifacts = await client.read_artifacts()
            return [f"{a.key} {a.description} {a.data}" for a in artifacts]

    artifacts = asyncio.run(read_artifacts())
    assert any("nongrata-new-events" in a for a in artifacts)
    for artifact in artifacts:
        assert_no_secret(artifact, "a Prefect artifact")
