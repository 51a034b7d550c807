"""``nongrata demo`` through the CLI: offline, a fresh SQLite database, alerts to a local sink
and a page, one alert for the three-outlet story, none for the near-misses."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from nongrata.cli.app import app
from nongrata.cli.demo import console_command
from nongrata.db import open_database
from nongrata.db.models import Event

runner = CliRunner()

# The console script installed with this interpreter (.venv/bin/nongrata).
NONGRATA = str(Path(sys.executable).parent / "nongrata")


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
    title = re.search(r"Czech Republic expels Belarusian diplomat · (\d+) sources", page)
    assert title is not None
    assert int(title.group(1)) >= 3
    assert "<b>Agencies:</b> KGB (Belarus, foreign)" in page  # whose service it is
    assert "<script" not in page
    # As HTML mail tells it: clickable links without tracking parameters, outlets by name,
    # the evidence, the event's page in `nongrata web`, and the JSON the webhook got.
    assert re.search(r'<a href="http://127\.0\.0\.1:\d+/[^"]+">Czech Republic expels', page)
    assert "utm_" not in page.split("<details>")[0]
    assert "<b>Evidence:</b>" in page
    assert re.search(r'<a href="http://127\.0\.0\.1:8050/events/\d+">', page)
    assert "As the webhook received it (JSON)" in page
    assert "<b>Watchlist matches:</b>" in page
    assert "Central Europe Wire" in page or "Baltic Security Review" in page  # outlets

    db = open_database(f"sqlite:///{folder / 'demo.db'}")
    with db.session() as session:
        events = list(session.scalars(select(Event)))
    db.dispose()
    czech = [e for e in events if e.type == "expulsion" and e.actor_iso == "CZ"]
    assert len(czech) == 1  # three outlets, one event
    assert any(e.actor_iso == "BY" and e.target_iso == "CZ" for e in events)  # retaliation
    assert not any(e.new and e.actor_iso == "GB" for e in events)  # 2018 background

    # A second demo starts from a fresh database. On a narrow terminal, the commands it
    # suggests still come on one line each, to be copied whole; `nongrata` is not on this PATH
    # (as after the README's install), so they name the console script by its path.
    narrow = {**env, "COLUMNS": "60", "PATH": "/usr/bin:/bin"}
    again = runner.invoke(app, ["demo", "--dir", str(folder)], env=narrow)
    assert again.exit_code == 0, again.output
    database = f"NONGRATA_DATABASE_URL=sqlite:///{folder / 'demo.db'}"
    lines = again.stdout.splitlines()
    events_line = f"  · the events:      {database} {NONGRATA} events list"
    assert events_line in lines
    assert f"  · feed health:     {database} {NONGRATA} feeds list" in lines
    assert (
        f"  · the daily job:   {NONGRATA} run (once) or {NONGRATA} serve (on a schedule)" in lines
    )
    assert f"  · the alerts as a subscriber saw them: {folder / 'alerts.html'}" in lines
    assert not any(" nongrata " in line for line in lines if line.startswith("  · "))

    # And they run as printed, in the demo's environment.
    command = events_line.split(":", 1)[1].strip()
    done = subprocess.run(
        ["/bin/sh", "-c", command],
        env={**os.environ, **narrow},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Belarus" in done.stdout, done.stdout


def _script(folder: Path) -> Path:
    """An executable file named nongrata in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "nongrata"
    script.write_text("#!/bin/sh\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def test_commands_name_nongrata_bare_only_when_the_path_finds_this_script(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = _script(tmp_path / "venv" / "bin")
    monkeypatch.setattr(sys, "argv", [str(mine), "demo"])
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    assert console_command() == str(mine)  # not on the PATH: its path
    monkeypatch.setenv("PATH", f"{mine.parent}:/usr/bin:/bin")
    assert console_command() == "nongrata"  # on the PATH: as typed by anyone
    other = _script(tmp_path / "elsewhere")
    monkeypatch.setenv("PATH", f"{other.parent}:{mine.parent}")
    assert console_command() == str(mine)  # the PATH finds another nongrata first

    # As the user ran it (the README's .venv/bin/nongrata): relative to where they are.
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", ["venv/bin/nongrata", "demo"])
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    assert console_command() == "venv/bin/nongrata"

    # A path that needs quoting is quoted for the shell.
    spaced = _script(tmp_path / "my venv" / "bin")
    monkeypatch.setattr(sys, "argv", [str(spaced), "demo"])
    assert console_command() == f"'{spaced}'"
