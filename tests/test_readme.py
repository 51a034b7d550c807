"""The README's Quickstart is what SPEC.md asks for, and .ci/run runs its test command."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def quickstart_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```(?:bash|sh)?\n(.*?)```", section, re.S)]


def test_quickstart_has_two_one_line_commands() -> None:
    blocks = quickstart_commands()
    assert len(blocks) >= 2
    demo, tests = blocks[0], blocks[1]
    assert "\n" not in demo
    assert "\n" not in tests
    assert demo.endswith("nongrata demo")
    assert "pip install" in demo
    assert "pytest" in tests
    assert "pip install" in tests


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert quickstart_commands()[1] in ci.splitlines()


def test_generated_settings_and_cli_reference_are_current() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_readme.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
