"""scripts/readme_quality.py: the README's quality table is rendered from `eval --json`'s
rows, a row per language with both splits, and written between its markers only."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from tests.support.scripts import load_script

ROOT = Path(__file__).resolve().parent.parent.parent
SCRIPT = ROOT / "scripts" / "readme_quality.py"


def _row(articles: int, value: float | None) -> dict[str, float | int | None]:
    return {
        "articles": articles,
        "alert_precision": value,
        "alert_recall": 1.0,
        "event_f1": 0.5,
        "role_accuracy": 0.75,
        "newness_accuracy": 1.0,
        "agency_recall": 0.25,
        "person_recall": None,
    }


@pytest.fixture(scope="module")
def script() -> ModuleType:
    return load_script(SCRIPT, "readme_quality")


def test_a_row_per_language_with_both_splits_then_the_combinations(script: ModuleType) -> None:
    table = script.render(
        {
            "dev/de": _row(3, 0.5),
            "locked/de": _row(1, 1.0),
            "dev/en": _row(2, None),
            "dev: all": _row(5, 0.6),
            "dev: all but en": _row(3, 0.5),
            "locked: all": _row(1, 1.0),
        }
    )
    lines = table.splitlines()
    assert lines[2] == (
        "| de | 3 · 0.50 / 1.00 · 0.50 · 0.75 · 1.00 · 0.25 · n/a"
        " | 1 · 1.00 / 1.00 · 0.50 · 0.75 · 1.00 · 0.25 · n/a |"
    )
    assert lines[3].startswith("| en | 2 · n/a / 1.00")
    assert lines[3].endswith("| — |")
    assert lines[4].startswith("| **all** | 5 · 0.60")
    assert lines[5].endswith("| — |")


def test_only_the_text_between_the_markers_changes(script: ModuleType) -> None:
    readme = f"intro\n{script.START}\nold table\n{script.END}\nrest\n"
    expected = f"intro\n{script.START}\nnew\n{script.END}\nrest\n"
    assert script.replace_table(readme, "new") == expected
    with pytest.raises(SystemExit, match="no '<!-- quality table -->'"):
        script.replace_table("no markers", "new")


def test_the_readme_has_the_markers(script: ModuleType) -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert text.count(script.START) == 1
    assert text.count(script.END) == 1
