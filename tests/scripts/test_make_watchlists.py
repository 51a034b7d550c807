"""scripts/make_watchlists.py: the bundled watchlists are what the country and agency tables
give, and every scalar it writes reads back as itself."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest
from ruamel.yaml import YAML

from nongrata.extractors.agencies import parse_table as parse_agencies
from nongrata.extractors.countries import parse_table as parse_countries
from tests.support.scripts import load_script
from tests.support.tables import norway_table

ROOT = Path(__file__).resolve().parent.parent.parent
SCRIPT = ROOT / "scripts" / "make_watchlists.py"


@pytest.fixture(scope="module")
def script() -> ModuleType:
    return load_script(SCRIPT, "make_watchlists")


def test_the_bundled_watchlists_are_current(script: ModuleType) -> None:
    assert script.main(["make_watchlists.py", "--check"]) == 0


def test_check_fails_on_a_stale_folder(script: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "countries.yaml").write_text("kind: countries\nentries: []\n", encoding="utf-8")
    assert script.main(["make_watchlists.py", "--check", str(tmp_path)]) == 1
    assert script.main(["make_watchlists.py", str(tmp_path)]) == 0
    assert script.main(["make_watchlists.py", "--check", str(tmp_path)]) == 0


@pytest.mark.parametrize(
    "value",
    ["NO", "yes", "People's Republic", "a, b", "[x]", "x: y", "a #b", "-x", "1990", ".5", "MI5"],
)
def test_a_scalar_reads_back_as_itself(script: ModuleType, value: str) -> None:
    flow = YAML(typ="safe").load(f"[{script.scalar(value)}]")
    block = YAML(typ="safe").load(f"k: {script.scalar(value, flow=False)}")
    assert flow == [value]
    assert block == {"k": value}


def test_a_country_entry_comes_from_the_table(script: ModuleType) -> None:
    text = script.countries_yaml(parse_countries("test.json", norway_table()))
    assert text.endswith(
        '  - id: "no"\n    name: Norway\n    aliases: [Kingdom of Norway, Norwegian]\n'
        '    country: "NO"\n    tags: [europe, nato]\n'
    )


def test_agencies_come_under_their_heading_and_unlisted_ones_stay_out(script: ModuleType) -> None:
    listed = {"aliases": ["Police Security Service"], "tags": ["norway"], "group": "Nordic"}
    raw = {
        "agencies": [
            {"id": "no-pst", "name": "PST", "country": "NO", "watchlist": listed},
            {
                "id": "no-nis",
                "name": "NIS",
                "country": "NO",
                "watchlist": {**listed, "note": "x: y"},
            },
            {"id": "us-dia", "name": "DIA", "country": "US"},
        ]
    }
    text = script.agencies_yaml(parse_agencies("test.json", raw, {"NO", "US"}))
    body = text.split("entries:\n", 1)[1]
    assert body.count("  # Nordic\n") == 1
    assert "DIA" not in body
    assert YAML(typ="safe").load(text)["entries"][1] == {
        "id": "no-nis",
        "name": "NIS",
        "aliases": ["Police Security Service"],
        "country": "NO",
        "tags": ["norway"],
        "note": "x: y",
    }
