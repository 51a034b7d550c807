"""Regenerate the README's generated sections: the settings table (from ``Settings``) and the
CLI reference (from every command's ``--help``). ``--check`` exits 1 when they are stale
(tests/test_readme.py runs the same check).

Usage: python scripts/gen_readme.py [--check]
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def settings_table() -> str:
    from pydantic_core import PydanticUndefined

    from nongrata.settings import Settings

    lines = [
        "| setting (`nongrata.toml` key) | environment variable | default | what it does |",
        "|---|---|---|---|",
    ]
    for name, field in Settings.model_fields.items():
        if field.default_factory is not None:
            default = {"data_dir": "`~/.local/share/nongrata`", "only_hosts": "(none)"}.get(
                name, "(computed)"
            )
        elif field.default is PydanticUndefined or field.default is None:
            default = "(none)"
        else:
            default = f"`{field.default}`"
        description = (field.description or "").replace("|", "\\|")
        lines.append(f"| `{name}` | `NONGRATA_{name.upper()}` | {default} | {description} |")
    return "\n".join(lines)


def _command_paths(command: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = [prefix]
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        paths.extend(_command_paths(sub, (*prefix, name)))
    return paths


def cli_reference() -> str:
    os.environ["TERMINAL_WIDTH"] = "100"
    os.environ["NO_COLOR"] = "1"
    import typer
    from typer.testing import CliRunner

    from nongrata.cli.app import app

    runner = CliRunner()
    parts = []
    for path in _command_paths(typer.main.get_command(app)):
        result = runner.invoke(
            app, [*path, "--help"], env={"TERMINAL_WIDTH": "100", "NO_COLOR": "1"}
        )
        text = "\n".join(line.rstrip() for line in result.output.strip().splitlines())
        title = " ".join(("nongrata", *path))
        parts.append(f"### `{title}`\n\n```text\n{text}\n```")
    return "\n\n".join(parts)


def _replacement(content: str) -> Callable[[re.Match[str]], str]:
    def replace(match: re.Match[str]) -> str:
        return match.group(1) + content + "\n" + match.group(2)

    return replace


def render(readme: str) -> str:
    for name, content in (("settings", settings_table()), ("cli", cli_reference())):
        pattern = re.compile(
            rf"(<!-- BEGIN GENERATED: {name} -->\n)(?:.*?\n)?(<!-- END GENERATED: {name} -->)", re.S
        )
        if not pattern.search(readme):
            raise SystemExit(f"README.md has no generated section {name!r}")
        readme = pattern.sub(_replacement(content), readme)
    return readme


def main() -> int:
    current = README.read_text(encoding="utf-8")
    fresh = render(current)
    if "--check" in sys.argv[1:]:
        if fresh != current:
            print("README.md's generated sections are stale: run python scripts/gen_readme.py")
            return 1
        return 0
    README.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
