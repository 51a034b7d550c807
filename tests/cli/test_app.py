from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from nongrata import __version__
from nongrata.cli.app import app

runner = CliRunner()


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_db_upgrade_creates_and_reports_the_schema(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    result = runner.invoke(app, ["db", "upgrade"], env={"NONGRATA_DATABASE_URL": url})
    assert result.exit_code == 0, result.output
    assert "at revision" in result.output
    assert (tmp_path / "x.db").exists()


def test_library_errors_are_one_line_and_exit_1(tmp_path: Path) -> None:
    result = runner.invoke(app, ["db", "upgrade"], env={"NONGRATA_DATABASE_URL": "bogus"})
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines == ["Error: not a database URL: 'bogus'"]


def test_bad_config_is_one_line(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text("wat = 1\n")
    result = runner.invoke(app, ["--config", str(cfg), "db", "upgrade"])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {cfg}: wat: unknown setting"
