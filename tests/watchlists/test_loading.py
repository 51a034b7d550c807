"""Validation of watchlist folders: every problem reported as file:line: reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nongrata.errors import WatchlistError
from nongrata.settings import bundled_watchlists_dir
from nongrata.watchlists import check_folder, load_watchlists
from nongrata.watchlists.model import SCHEMA_COMMENT, watchlist_json_schema_text

GOOD = """kind: persons
entries:
  - id: dukshta-mikalai
    name: Mikalai Dukshta
    aliases: [Nikolai Dukshta, Мікалай Дукшта]
    country: BY
    tags: [belarus, kgb]
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(WatchlistError) as caught:
        load_watchlists(folder)
    assert caught.value.problems, "a refused folder names its problems"
    return caught.value.problems


def test_a_valid_folder_loads(tmp_path: Path) -> None:
    write(tmp_path, "persons.yaml", GOOD)
    watchlists = load_watchlists(tmp_path)
    entry = watchlists.entries.get("dukshta-mikalai")
    assert entry is not None
    assert entry.aliases == ["Nikolai Dukshta", "Мікалай Дукшта"]
    assert entry.country == "BY"
    assert watchlists.entries.tags == ("belarus", "kgb")


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        (GOOD.replace("    country: BY\n", "    country: XX\n"), 6, "unknown ISO 3166-1"),
        (GOOD.replace("    country: BY\n", "    country: by\n"), 6, "not an ISO 3166-1 alpha-2"),
        (GOOD.replace("    country: BY\n", "    countries: BY\n"), 6, "unknown key 'countries'"),
        (GOOD.replace("kind: persons", "kind: people"), 1, "kind must be one of"),
        (GOOD.replace("    name: Mikalai Dukshta\n", '    name: ""\n'), 4, "empty name"),
        (GOOD.replace("    name: Mikalai Dukshta\n", "    name: '  '\n"), 4, "empty name"),
        (GOOD.replace("[Nikolai Dukshta, ", '["", '), 5, "empty alias"),
        (GOOD.replace("    name: Mikalai Dukshta\n", ""), 3, "missing required key 'name'"),
        (GOOD.replace("    tags: [belarus, kgb]\n", "    tags: belarus\n"), 7, "expected a list"),
        (GOOD.replace("    tags: [belarus, kgb]\n", "    note: 2024-01-01\n"), 7, "a date"),
        (GOOD + "colour: red\n", 8, "unknown key 'colour' in file"),
        ("- kind: persons\n", 1, "not a mapping"),
        ("kind: persons\nentries:\n  - just a string\n", 3, "expected a mapping"),
        ("kind: persons\nentries:\n  - id: a\n    name: [unclosed\n", 5, "YAML syntax error"),
        ("kind: persons\nentries:\n  - id: a\n    name: A\n    name: B\n", 5, "duplicate key"),
        ("", 1, "empty file"),
        (GOOD.replace("id: dukshta-mikalai", "id: dukshta mikalai"), 3, "without spaces"),
    ],
)
def test_each_problem_is_reported_with_its_line(
    tmp_path: Path, text: str, line: int, reason: str
) -> None:
    path = write(tmp_path, "persons.yaml", text)
    problems = problems_of(tmp_path)
    assert any(p.startswith(f"{path}:{line}: ") and reason in p for p in problems), problems


def test_duplicate_ids_within_a_file(tmp_path: Path) -> None:
    text = GOOD + "  - id: dukshta-mikalai\n    name: Someone Else\n"
    path = write(tmp_path, "persons.yaml", text)
    assert problems_of(tmp_path) == [
        f"{path}:8: duplicate id 'dukshta-mikalai' (first at {path}:3)"
    ]


def test_duplicate_ids_across_files_of_one_kind(tmp_path: Path) -> None:
    first = write(tmp_path, "a.yaml", GOOD)
    second = write(tmp_path, "b.yaml", GOOD.replace("Mikalai Dukshta\n", "Other Person\n"))
    assert problems_of(tmp_path) == [
        f"{second}:3: duplicate id 'dukshta-mikalai' (first at {first}:3)"
    ]


def test_the_same_id_in_two_kinds_is_allowed(tmp_path: Path) -> None:
    write(tmp_path, "persons.yaml", GOOD)
    write(tmp_path, "agencies.yaml", GOOD.replace("kind: persons", "kind: agencies"))
    watchlists = load_watchlists(tmp_path)
    assert len(watchlists.entries.find_id("dukshta-mikalai")) == 2
    assert watchlists.entries.get("dukshta-mikalai") is None  # ambiguous without a kind
    assert watchlists.entries.get("dukshta-mikalai", "agencies") is not None


def test_every_problem_of_every_file_is_listed(tmp_path: Path) -> None:
    bad_country = write(tmp_path, "a.yaml", GOOD.replace("country: BY", "country: QQ"))
    bad_key = write(
        tmp_path, "b.yaml", GOOD.replace("dukshta-mikalai", "x").replace("tags:", "tagz:")
    )
    broken = write(tmp_path, "c.yaml", "kind: persons\nentries: [\n")
    problems = problems_of(tmp_path)
    assert len(problems) == 3
    assert problems[0].startswith(f"{bad_country}:6: ")
    assert problems[1].startswith(f"{bad_key}:7: unknown key 'tagz'")
    assert problems[2].startswith(f"{broken}:")
    assert "(and 2 more)" in str(WatchlistError(problems))


def test_a_missing_or_empty_folder_is_refused(tmp_path: Path) -> None:
    assert "no such directory" in problems_of(tmp_path / "absent")[0]
    tmp_path.joinpath("empty").mkdir()
    assert "no watchlist files" in problems_of(tmp_path / "empty")[0]


def test_not_utf8_is_refused(tmp_path: Path) -> None:
    tmp_path.joinpath("persons.yaml").write_bytes(b"kind: persons\nentries: []\nnote: \xff\n")
    assert "not UTF-8" in problems_of(tmp_path)[0]


def test_loading_never_constructs_python_objects(tmp_path: Path) -> None:
    marker = tmp_path / "constructed"
    text = (
        "kind: persons\nentries:\n  - id: a\n"
        f"    name: !!python/object/apply:pathlib.Path.touch [{json.dumps(str(marker))}]\n"
    )
    path = write(tmp_path, "persons.yaml", text)
    problems = problems_of(tmp_path)
    assert not marker.exists()
    assert problems[0].startswith(f"{path}:4: ")


@pytest.mark.parametrize("name", ["agencies.yaml", "countries.yaml", "persons.yaml"])
def test_each_bundled_file_validates_on_its_own(tmp_path: Path, name: str) -> None:
    source = bundled_watchlists_dir() / name
    text = source.read_text(encoding="utf-8")
    assert text.startswith(SCHEMA_COMMENT + "\n")
    write(tmp_path, name, text)
    loaded, problems = check_folder(tmp_path)
    assert problems == []
    assert loaded[0].kind == name.removesuffix(".yaml")


def test_the_bundled_folder_validates() -> None:
    watchlists = load_watchlists(bundled_watchlists_dir())
    assert len(watchlists.entries.countries) >= 190
    assert {"ru-fsb", "ru-svr", "ru-gru", "by-kgb", "cz-bis", "gb-sis"} <= {
        e.id for e in watchlists.entries.agencies
    }
    assert {"RU", "BY", "CZ", "GB", "US", "IR", "KP"} <= {
        e.country for e in watchlists.entries.countries
    }


def test_the_shipped_json_schema_is_up_to_date() -> None:
    shipped = (bundled_watchlists_dir() / "watchlist.schema.json").read_text(encoding="utf-8")
    assert shipped == watchlist_json_schema_text(), (
        "regenerate: python -c 'from nongrata.watchlists.model import watchlist_json_schema_text;"
        ' print(watchlist_json_schema_text(), end="")\' > watchlists/watchlist.schema.json'
    )
    schema = json.loads(shipped)
    entry = schema["$defs"]["WatchlistEntry"]
    assert entry["additionalProperties"] is False
    assert set(entry["properties"]) == {"id", "name", "aliases", "country", "tags", "note"}


def test_an_alias_bomb_costs_no_more_than_its_text(tmp_path: Path) -> None:
    lines = ["kind: persons", "a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 10):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    lines.append("entries:\n  - id: a\n    name: A\n    aliases: *a9\n")
    path = write(tmp_path, "persons.yaml", "\n".join(lines))
    problems = problems_of(tmp_path)
    assert problems[0] == f"{path}:2: unknown key 'a0' in file (allowed: kind, entries)"
    assert any("aliases: expected text, got a list" in p for p in problems), problems
    assert len(problems) <= 12
