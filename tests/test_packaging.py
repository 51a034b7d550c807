"""The package-dir mapping covers every package folder, so nothing is left out of the wheel."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_folder_is_installed() -> None:
    tool = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    mapping: dict[str, str] = tool["package-dir"]
    listed = set(tool["packages"])
    expected: set[str] = set()
    for package, folder in mapping.items():
        base = ROOT / folder
        for init in base.rglob("__init__.py"):
            if "__pycache__" in init.parts:
                continue
            rel = init.parent.relative_to(base).parts
            expected.add(".".join((package, *rel)))
    assert expected == listed


def test_the_package_imports_from_its_one_root() -> None:
    import nongrata.cli.app
    import nongrata.db

    assert nongrata.db.__name__ == "nongrata.db"
    assert nongrata.cli.app.app is not None
