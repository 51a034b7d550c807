"""``nongrata demo`` through the CLI: offline, a fresh SQLite database, alerts to a local sink
and a page, one alert for the three-outlet story, none for the near-misses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from nongrata.cli.app import app
from nongrata.db import open_database
from nongrata.db.models import Event

runner = CliRunner()


@pytest.mark.usefixtures("prefect_harness")
def test_demo_runs_offline_and_shows_events_and_alerts(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    env = {"NONGRATA_DATA_DIR": str(tmp_path / "data"), "COLUMNS": "200"}
    result = runner.invoke(app, ["demo", "--dir", str(folder)], env=env)
    assert result.exit_code == 0, result.output
    assert "Events found" in result.stdout
    assert "Alerts sent to the local sink (" in result.stdout
    assert "Ruling party expels councillor" in result.stdout  # listed among the quiet ones
    page = (folder / "alerts.html").read_text(encoding="utf-8")
    # The three outlets that report it, and the retaliation story that recalls it.
    title = re.search(r"Czech Republic expels Belarusian diplomat \(KGB\) · (\d+) sources", page)
    assert title is not None
    assert int(title.group(1)) >= 3
    assert "<script" not in page

    db = open_database(f"sqlite:///{folder / 'demo.db'}")
    with db.session() as session:
        events = list(session.scalars(select(Event)))
    db.dispose()
    czech = [e for e in events if e.type == "expulsion" and e.actor_iso == "CZ"]
    assert len(czech) == 1  # three outlets, one event
    assert any(e.actor_iso == "BY" and e.target_iso == "CZ" for e in events)  # retaliation
    assert not any(e.new and e.actor_iso == "GB" for e in events)  # 2018 background

    # A second demo starts from a fresh database. On a narrow terminal, the commands it
    # suggests still come on one line each, to be copied whole.
    again = runner.invoke(app, ["demo", "--dir", str(folder)], env={**env, "COLUMNS": "60"})
    assert again.exit_code == 0, again.output
    database = f"NONGRATA_DATABASE_URL=sqlite:///{folder / 'demo.db'}"
    lines = again.stdout.splitlines()
    assert f"  · the events:      {database} nongrata events list" in lines
    assert f"  · feed health:     {database} nongrata feeds list" in lines
    assert f"  · the alerts as a subscriber saw them: {folder / 'alerts.html'}" in lines
