"""Rewrite the README's quality table (section "Quality, measured") from ``nongrata eval
corpus --json``: a row per language with its dev and locked figures, and each split combined.

Usage::

    python scripts/readme_quality.py                # scores corpus/ (about two minutes)
    python scripts/readme_quality.py --from q.json  # saved `nongrata eval corpus --json`

The table sits between the README's ``<!-- quality table -->`` and ``<!-- /quality table -->``
lines; everything else in the README is left as it is.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
START = "<!-- quality table -->"
END = "<!-- /quality table -->"
SPLITS = ("dev", "locked")
COMBINED = ("all", "all but en")
HEADER = "articles · alert P / R · event F1 · roles · newness · agency R · person R"


def _figure(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def _cell(row: dict[str, Any] | None) -> str:
    if row is None:
        return "—"
    return (
        f"{row['articles']} · {_figure(row['alert_precision'])} / {_figure(row['alert_recall'])}"
        f" · {_figure(row['event_f1'])} · {_figure(row['role_accuracy'])}"
        f" · {_figure(row['newness_accuracy'])} · {_figure(row['agency_recall'])}"
        f" · {_figure(row['person_recall'])}"
    )


def render(corpora: dict[str, dict[str, Any]]) -> str:
    """The table's markdown, from ``eval --json``'s ``corpora`` ("dev/de", "locked: all", …)."""
    languages = sorted(
        {name.split("/", 1)[1] for name in corpora if "/" in name and ":" not in name}
    )
    lines = [
        f"| language | dev: {HEADER} | locked: {HEADER} |",
        "|---|---|---|",
    ]
    for lang in languages:
        cells = " | ".join(_cell(corpora.get(f"{split}/{lang}")) for split in SPLITS)
        lines.append(f"| {lang} | {cells} |")
    for name in COMBINED:
        cells = " | ".join(_cell(corpora.get(f"{split}: {name}")) for split in SPLITS)
        lines.append(f"| **{name}** | {cells} |")
    return "\n".join(lines)


def replace_table(readme: str, table: str) -> str:
    """``readme`` with the text between the markers replaced by ``table``."""
    head, start, rest = readme.partition(START)
    _, end, tail = rest.partition(END)
    if not start or not end:
        raise SystemExit(f"readme_quality: {README.name} has no '{START}' … '{END}' lines")
    return f"{head}{START}\n{table}\n{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--from", dest="source", type=Path, help="saved eval --json output")
    args = parser.parse_args(argv)
    if args.source is not None:
        text = args.source.read_text(encoding="utf-8")
    else:
        nongrata = Path(sys.executable).parent / "nongrata"
        text = subprocess.run(
            [str(nongrata), "eval", str(ROOT / "corpus"), "--json"],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        ).stdout
    corpora = json.loads(text)["corpora"]
    README.write_text(
        replace_table(README.read_text(encoding="utf-8"), render(corpora)), encoding="utf-8"
    )
    print(f"{README.name}: quality table of {len(corpora)} rows written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
