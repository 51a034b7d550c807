"""Run mypy over the installed package layout.

mypy cannot follow setuptools' ``package-dir`` mapping (the design card's folders become
``nongrata.flows``, ``nongrata.db``…), so this lays the same mapping out as a tree of
symbolic links in ``.typecheck/`` and checks that tree. Usage: ``python scripts/typecheck.py``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build_tree() -> Path:
    mapping: dict[str, str] = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"][
        "setuptools"
    ]["package-dir"]
    tree = ROOT / ".typecheck"
    shutil.rmtree(tree, ignore_errors=True)
    for package, folder in sorted(mapping.items()):
        target = tree.joinpath(*package.split("."))
        target.mkdir(parents=True, exist_ok=True)
        # Link each entry, never the folder itself: sub-packages are real folders here, so
        # nothing is ever created inside the source tree.
        for entry in (ROOT / folder).iterdir():
            if entry.name != "__pycache__" and not (target / entry.name).exists():
                (target / entry.name).symlink_to(entry)
    return tree


def main() -> int:
    tree = build_tree()
    targets = [str(tree / "nongrata"), str(ROOT / "tests"), str(ROOT / "scripts")]
    targets += [str(ROOT / "bench")] if any((ROOT / "bench").glob("*.py")) else []
    cmd = [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"), *targets]
    return subprocess.call(cmd, cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main())
