"""Adding and removing entries keeps the file's comments and order; bad edits write nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from nongrata.errors import WatchlistError
from nongrata.settings import bundled_watchlists_dir
from nongrata.watchlists import load_watchlists
from nongrata.watchlists.editing import add_entry, init_folder, remove_entry, suggest_id
from nongrata.watchlists.model import SCHEMA_COMMENT

PERSONS = """# yaml-language-server: $schema=./watchlist.schema.json
# People we follow.
kind: persons
entries:
  # Belarus
  - id: dukshta-mikalai
    name: Mikalai Dukshta
    aliases: [Nikolai Dukshta, Мікалай Дукшта]   # Czech expulsion
    country: BY
  # Russia
  - id: skripal-sergei
    name: Sergei Skripal   # GRU
  # Moldova
  - id: balan-alexandru
    name: Alexandru Balan
    note: "former deputy head of SIS"
# end of list
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "lists"
    target.mkdir()
    (target / "persons.yaml").write_text(PERSONS, encoding="utf-8")
    return target


def test_add_appends_and_keeps_everything_else(folder: Path) -> None:
    entry, path = add_entry(
        folder,
        "persons",
        "Ivan Tertel",
        aliases=["Іван Тэртэль"],
        country="by",
        tags=["kgb", "head-of-service"],
        note="Chairman of the Belarusian KGB",
    )
    assert (entry.id, entry.country) == ("tertel-ivan", "BY")
    assert path == folder / "persons.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(PERSONS.removesuffix("# end of list\n"))
    assert text.endswith(
        "  - id: tertel-ivan\n"
        "    name: Ivan Tertel\n"
        "    aliases: [Іван Тэртэль]\n"
        "    country: BY\n"
        "    tags: [kgb, head-of-service]\n"
        "    note: Chairman of the Belarusian KGB\n"
        "# end of list\n"
    )
    ids = [e.id for e in load_watchlists(folder).entries.persons]
    assert ids == ["dukshta-mikalai", "skripal-sergei", "balan-alexandru", "tertel-ivan"]


def test_remove_keeps_the_other_entries_and_every_comment(folder: Path) -> None:
    kind, entry, path = remove_entry(folder, "skripal-sergei")
    assert (kind, entry.name) == ("persons", "Sergei Skripal")
    text = path.read_text(encoding="utf-8")
    assert text == PERSONS.replace("  - id: skripal-sergei\n    name: Sergei Skripal   # GRU\n", "")


def test_remove_then_add_round_trip(folder: Path) -> None:
    remove_entry(folder, "balan-alexandru")
    add_entry(folder, "persons", "Alexandru Balan", note="former deputy head of SIS")
    text = (folder / "persons.yaml").read_text(encoding="utf-8")
    for comment in ("# People we follow.", "# Belarus", "# Russia", "# Moldova", "# GRU"):
        assert comment in text
    assert text.index("# Belarus") < text.index("dukshta-mikalai") < text.index("# Russia")
    assert text.rstrip().endswith("# end of list")


def test_duplicates_are_refused_and_nothing_is_written(folder: Path) -> None:
    before = (folder / "persons.yaml").read_text(encoding="utf-8")
    with pytest.raises(WatchlistError, match="already exists"):
        add_entry(folder, "persons", "Someone Else", entry_id="skripal-sergei")
    with pytest.raises(WatchlistError, match="already in persons as 'dukshta-mikalai'"):
        add_entry(folder, "persons", "Nikolai Dukshta")
    assert (folder / "persons.yaml").read_text(encoding="utf-8") == before


def test_invalid_entries_are_refused(folder: Path) -> None:
    with pytest.raises(WatchlistError, match="unknown ISO 3166-1 alpha-2 country code 'QQ'"):
        add_entry(folder, "persons", "New Person", country="QQ")
    with pytest.raises(WatchlistError, match="empty alias"):
        add_entry(folder, "persons", "New Person", aliases=[" "])
    with pytest.raises(WatchlistError, match="no entry with id 'nobody'"):
        remove_entry(folder, "nobody")


def test_an_invalid_folder_is_not_edited(folder: Path) -> None:
    (folder / "broken.yaml").write_text("kind: persons\nentries: [\n", encoding="utf-8")
    with pytest.raises(WatchlistError, match=r"broken\.yaml"):
        add_entry(folder, "persons", "New Person")


def test_a_new_kind_gets_its_own_file(folder: Path) -> None:
    entry, path = add_entry(folder, "agencies", "KGB", country="BY", aliases=["КГБ"])
    assert path == folder / "agencies.yaml"
    assert entry.id == "by-kgb"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(SCHEMA_COMMENT + "\nkind: agencies\nentries:\n  - id: by-kgb\n")
    assert load_watchlists(folder).entries.get("by-kgb", "agencies") is not None


def test_the_bundled_lists_are_read_only() -> None:
    with pytest.raises(WatchlistError, match="NONGRATA_WATCHLISTS"):
        add_entry(bundled_watchlists_dir(), "persons", "New Person")
    with pytest.raises(WatchlistError, match="watchlist init"):
        remove_entry(bundled_watchlists_dir(), "putin-vladimir")


def test_init_copies_the_bundled_lists(tmp_path: Path) -> None:
    copied = init_folder(tmp_path / "mine")
    assert {p.name for p in copied} == {
        "agencies.yaml",
        "countries.yaml",
        "persons.yaml",
        "watchlist.schema.json",
    }
    assert len(load_watchlists(tmp_path / "mine")) == len(load_watchlists(bundled_watchlists_dir()))
    with pytest.raises(WatchlistError, match="already holds watchlist files"):
        init_folder(tmp_path / "mine")


@pytest.mark.parametrize(
    ("kind", "name", "country", "expected"),
    [
        ("persons", "Mikalai Dukshta", None, "dukshta-mikalai"),
        ("persons", "Céline Berthon", "FR", "berthon-celine"),
        ("agencies", "Security Information Service", "CZ", "cz-security-information-service"),
        ("countries", "Belarus", "BY", "by"),
    ],
)
def test_suggested_ids(kind: str, name: str, country: str | None, expected: str) -> None:
    assert suggest_id(kind, name, country) == expected  # type: ignore[arg-type]
