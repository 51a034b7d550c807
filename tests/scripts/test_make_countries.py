"""scripts/make_countries.py: the bundled countries watchlist is what the country table gives."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pytest

from nongrata.extractors.countries import parse_table
from tests.support.scripts import load_script

ROOT = Path(__file__).resolve().parent.parent.parent
SCRIPT = ROOT / "scripts" / "make_countries.py"


@pytest.fixture(scope="module")
def script() -> ModuleType:
    return load_script(SCRIPT, "make_countries")


def test_the_bundled_countries_watchlist_is_current(script: ModuleType) -> None:
    assert script.main(["make_countries.py", "--check"]) == 0


def test_check_fails_on_a_stale_file(script: ModuleType, tmp_path: Path) -> None:
    stale = tmp_path / "countries.yaml"
    stale.write_text("kind: countries\nentries: []\n", encoding="utf-8")
    assert script.main(["make_countries.py", "--check", str(stale)]) == 1
    assert script.main(["make_countries.py", str(stale)]) == 0
    assert script.main(["make_countries.py", "--check", str(stale)]) == 0


def test_an_entry_comes_from_the_table(script: ModuleType) -> None:
    raw = {
        "memberships": {"nato": ["NO"]},
        "multilingual_display_names": [],
        "countries": [
            {
                "iso": "NO",
                "name": "Norway",
                "watchlist_aliases": ["Norwegian"],
                "regions": ["europe"],
            }
        ],
        "bodies": [],
    }
    text = script.build(parse_table("test.json", json.loads(json.dumps(raw))))
    assert text.endswith(
        '  - id: "no"\n    name: Norway\n    aliases: [Kingdom of Norway, Norwegian]\n'
        '    country: "NO"\n    tags: [europe, nato]\n'
    )
