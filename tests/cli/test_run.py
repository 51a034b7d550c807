"""``nongrata run``, ``rematch`` and ``backfill`` through the CLI, under the one Prefect
harness, over the demo's local outlets."""

from __future__ import annotations

import json
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from nongrata.cli import run as run_commands
from nongrata.cli.app import app
from nongrata.demo.content import load_articles
from nongrata.demo.server import DemoServer
from nongrata.ingest.registry import default_feed_outlines
from nongrata.pipeline import stages as monitor_stages
from nongrata.settings import Settings, bundled_watchlists_dir
from tests.support.ingest import register_at

runner = CliRunner()


def _json(output: str) -> dict[str, Any]:
    """The summary line (Prefect may log around it)."""
    lines = [line for line in output.splitlines() if line.startswith("{")]
    assert lines, output
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        "NONGRATA_DATABASE_URL": f"sqlite:///{tmp_path / 'jobs.db'}",
        "NONGRATA_DATA_DIR": str(tmp_path),
        "NONGRATA_ALLOW_PRIVATE_NETWORKS": "true",
        "NONGRATA_ONLY_HOSTS": "127.0.0.1",
        "NONGRATA_SEED_DEFAULT_FEEDS": "false",
        "NONGRATA_POLL_INTERVAL_MINUTES": "0",
    }


@pytest.mark.usefixtures("prefect_harness")
def test_run_then_rematch_then_backfill(tmp_path: Path) -> None:
    env = _env(tmp_path)
    with DemoServer() as server:
        register_at(env["NONGRATA_DATABASE_URL"], server.feed_urls)

        result = runner.invoke(app, ["run", "--json"], env=env)
        assert result.exit_code == 0, result.output
        summary = _json(result.stdout)
        assert summary["ingest"]["new_articles"] == len(load_articles())
        assert summary["extract"]["events_new"] > 0
        assert summary["rematch"] is None  # first run: nothing to compare with

        table = runner.invoke(app, ["run"], env=env)
        assert table.exit_code == 0, table.output
        assert "not modified (304)" in table.output
        assert "new articles" in table.output

    rematch = runner.invoke(app, ["rematch", "--json"], env=env)
    assert rematch.exit_code == 0, rematch.output
    rematched = _json(rematch.stdout)
    assert rematched["rematch"]["events"] == summary["extract"]["events_new"]
    assert rematched["rematch"]["alerts_queued"] == 0  # nothing changed: nothing owed twice

    backfill = runner.invoke(app, ["backfill", "--json"], env=env)
    assert backfill.exit_code == 0, backfill.output
    redone = _json(backfill.stdout)
    assert redone["forgotten"] == len(load_articles())
    assert redone["extract"]["articles"] == len(load_articles())
    assert redone["extract"]["events_new"] == 0  # the same events, found again
    assert redone["extract"]["alerts_queued"] == 0


def test_a_bad_watchlist_folder_stops_the_run_before_anything_is_fetched(tmp_path: Path) -> None:
    env = _env(tmp_path)
    bad = tmp_path / "lists"
    bad.mkdir()
    (bad / "persons.yaml").write_text("kind: persons\nentries:\n  - id: x\n    nme: typo\n")
    env["NONGRATA_WATCHLISTS"] = str(bad)
    result = runner.invoke(app, ["run"], env=env)
    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    assert "persons.yaml:3: missing required key 'name'" in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.usefixtures("prefect_harness")
def test_run_warms_its_workers_up_while_a_local_api_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With a local API to wait for, ``nongrata run`` starts its worker processes first; the
    # API here stands for one (the flow itself runs on the harness's).
    steps: list[str] = []

    class StartingApi:
        def wait_ready(self) -> None:
            steps.append("api ready")

    def warm_up(settings: Settings) -> None:
        steps.append(f"warm up for {settings.effective_database_url}")

    monkeypatch.setattr(run_commands, "start_prefect_api", StartingApi)
    monkeypatch.setattr(run_commands, "local_api_flow_settings", nullcontext)
    monkeypatch.setattr(monitor_stages, "warm_up_workers", warm_up)
    env = _env(tmp_path)
    result = runner.invoke(app, ["run", "--json"], env=env)
    assert result.exit_code == 0, result.output
    assert steps == [f"warm up for {env['NONGRATA_DATABASE_URL']}", "api ready"]

    # Under a configured API (nothing to wait for), nothing is warmed up ahead.
    steps.clear()
    monkeypatch.setattr(run_commands, "start_prefect_api", lambda: None)
    result = runner.invoke(app, ["run", "--json"], env=env)
    assert result.exit_code == 0, result.output
    assert steps == []


@pytest.mark.usefixtures("prefect_harness")
def test_feeds_added_first_still_get_the_bundled_ones_and_a_run_says_when_nothing_is_due(
    tmp_path: Path, httpserver_ipv4: HTTPServer
) -> None:
    httpserver_ipv4.expect_request("/mine.xml").respond_with_data(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Mine</title></channel></rss>',
        content_type="application/rss+xml",
    )
    mine = httpserver_ipv4.url_for("/mine.xml")
    # The bundled feeds are on real hosts: only_hosts (127.0.0.1) refuses each before any
    # connection, and the run records the refusal as the feed's error.
    env = {
        **_env(tmp_path),
        "NONGRATA_SEED_DEFAULT_FEEDS": "true",
        "NONGRATA_POLL_INTERVAL_MINUTES": "60",
    }
    bundled = len(default_feed_outlines())
    before = runner.invoke(app, ["feeds", "list"], env=env)  # the first use registers them
    assert f"{bundled} feeds (" in before.stdout
    assert "will be registered" not in before.stdout
    assert runner.invoke(app, ["feeds", "add", mine], env=env).exit_code == 0

    first = runner.invoke(app, ["run", "--json"], env=env)
    assert first.exit_code == 0, first.output
    summary = _json(first.stdout)
    assert summary["ingest"]["feeds_polled"] == bundled + 1
    assert summary["ingest"]["feeds_failed"] == bundled
    assert summary["ingest"]["nothing_due"] is None
    assert summary["watchlists_folder"] == f"{bundled_watchlists_dir()} (bundled)"
    after = runner.invoke(app, ["feeds", "list"], env=env)
    assert f"{bundled + 1} feeds" in after.stdout
    assert "bundled default feeds" not in after.stdout

    # Right after: nothing is due, and the run says so, when the next poll is, and how to
    # poll now.
    second = runner.invoke(app, ["run"], env=env)
    assert second.exit_code == 0, second.output
    assert "No feed is due: the next poll is at " in second.stdout
    assert "(use `nongrata run --force` to poll now)." in second.stdout
    assert f"watchlists: {bundled_watchlists_dir()} (bundled)" in second.stdout

    forced = runner.invoke(app, ["run", "--force", "--json"], env=env)
    assert forced.exit_code == 0, forced.output
    again = _json(forced.stdout)
    assert again["ingest"]["feeds_polled"] == bundled + 1  # the backed-off ones too
    assert again["ingest"]["nothing_due"] is None
    assert sum(1 for request, _ in httpserver_ipv4.log if request.path == "/mine.xml") == 2
