"""Every command's help, as a new user reads it: ``-h`` as ``--help``, no type placeholders for
flags (Typer shows ``<bool>``), no RST markup, paragraphs that flow at any terminal width, and
a first line short enough for the command lists."""

from __future__ import annotations

import re
from typing import Any

import pytest
import typer
from typer import rich_utils
from typer.testing import CliRunner

from nongrata.cli.app import app

runner = CliRunner()

# Typer's type names, as it shows them between angle brackets.
TYPE_PLACEHOLDER = re.compile(r"<(bool|str|int|float|path|Path|datetime|list\[[^\]]*\])>")
PANEL_TITLE = re.compile(r"^╭─ (\w+) ─")


def _paths(command: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = [prefix]
    for name, sub in getattr(command, "commands", {}).items():
        paths.extend(_paths(sub, (*prefix, name)))
    return paths


def _commands(command: Any, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    found = [(prefix, command)]
    for name, sub in getattr(command, "commands", {}).items():
        found.extend(_commands(sub, (*prefix, name)))
    return found


ROOT = typer.main.get_command(app)
PATHS = _paths(ROOT)


def _help(monkeypatch: pytest.MonkeyPatch, path: tuple[str, ...], width: int, flag: str) -> str:
    monkeypatch.setattr(rich_utils, "MAX_WIDTH", width)
    result = runner.invoke(app, [*path, flag], env={"NO_COLOR": "1", "COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    return "\n".join(line.rstrip() for line in result.output.splitlines())


def _description(text: str) -> list[list[str]]:
    """The paragraphs between the usage line and the first panel, each as its lines."""
    top = text.split("╭", 1)[0]
    lines = [line.strip() for line in top.splitlines()]
    lines = [line for line in lines if not line.startswith("Usage:")]
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return [p for p in paragraphs if p]


def _panel_rows(text: str) -> dict[str, int]:
    """How many lines each panel (Arguments, Options, Commands) has."""
    rows: dict[str, int] = {}
    panel = None
    for line in text.splitlines():
        title = PANEL_TITLE.match(line)
        if title is not None:
            panel = title.group(1)
            rows[panel] = 0
        elif line.startswith("╰"):
            panel = None
        elif panel is not None:
            rows[panel] += 1
    return rows


def _entries(path: tuple[str, ...]) -> dict[str, int]:
    """How many arguments, options and sub-commands the command at ``path`` shows."""
    command: Any = ROOT
    for name in path:
        command = command.commands[name]
    shown = [p for p in command.params if not getattr(p, "hidden", False)]
    entries = {
        "Arguments": sum(1 for p in shown if p.param_type_name == "argument"),
        "Options": sum(1 for p in shown if p.param_type_name == "option") + 1,  # and -h
        "Commands": len(getattr(command, "commands", {})),
    }
    return {panel: count for panel, count in entries.items() if count}


def test_every_command_is_walked() -> None:
    assert ("subscriptions", "edit") in PATHS
    assert ("run",) in PATHS
    assert len(PATHS) > 30


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "nongrata")
def test_help_reads_well(monkeypatch: pytest.MonkeyPatch, path: tuple[str, ...]) -> None:
    text = _help(monkeypatch, path, 100, "--help")
    assert _help(monkeypatch, path, 100, "-h") == text
    assert "-h" in text  # listed with --help
    assert not TYPE_PLACEHOLDER.search(text), text
    assert "``" not in text, text

    # Wide enough for anything: each paragraph and each panel row on one line (a docstring's
    # own line breaks would show as more).
    wide = _help(monkeypatch, path, 1000, "--help")
    assert all(len(p) == 1 for p in _description(wide)), wide
    assert _panel_rows(wide) == _entries(path), wide

    # The same sentences at any width.
    for width in (100, 60):
        paragraphs = [" ".join(p) for p in _description(_help(monkeypatch, path, width, "-h"))]
        assert paragraphs == [p[0] for p in _description(wide)]


@pytest.mark.parametrize(
    ("path", "command"),
    _commands(typer.main.get_command(app))[1:],
    ids=lambda value: " ".join(value) if isinstance(value, tuple) else "",
)
def test_first_line_fits_the_command_list(path: tuple[str, ...], command: Any) -> None:
    first = (command.short_help or command.help or "").split("\n\n")[0]
    assert first, f"{' '.join(path)} has no help"
    assert "\n" not in first
    assert len(first) <= 80, first
    assert first.endswith("."), first


def test_flags_show_no_placeholder_and_values_a_name(monkeypatch: pytest.MonkeyPatch) -> None:
    text = _help(monkeypatch, ("subscriptions", "edit"), 100, "-h")
    assert re.search(r"--digest +--no-digest +One daily digest", text), text
    assert re.search(r"--url +URL +An apprise URL", text), text
    assert re.search(r"--min-confidence +NUMBER +Only events", text), text
    assert re.search(r"--help +-h +Show this message", text), text
    assert re.search(r"\* +name +TEXT +The subscriber's name", text), text


@pytest.mark.parametrize("path", [("run",), ("rematch",), ("backfill",), ("demo",), ("serve",)])
def test_commands_that_run_flows_take_verbose(
    monkeypatch: pytest.MonkeyPatch, path: tuple[str, ...]
) -> None:
    text = _help(monkeypatch, path, 100, "-h")
    assert re.search(r"--verbose +-v +Show Prefect's own log lines", text), text
