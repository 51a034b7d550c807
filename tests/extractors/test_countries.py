"""The one country table: the bundled file's facts, and a bad file's one clear error."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from nongrata.errors import DataFileError
from nongrata.extractors.countries import country_table, parse_table, read_table
from tests.support.datafile import assert_one_error
from tests.support.tables import norway_table


def test_the_bundled_table_holds_each_kind_of_fact() -> None:
    table = country_table()
    russia = table.country("ru")
    assert russia is not None
    assert russia.name == "Russia"
    assert russia.adjective == "Russian"
    assert russia.english is not None
    assert "Kremlin" in russia.english.capitals
    assert table.adjective("US") == "US"
    assert table.adjective("BF") is None
    assert table.country("ZZ") is None
    assert len(table.countries) >= 190
    assert {b.code for b in table.bodies} >= {"EU", "NATO"}
    assert "RU" in table.memberships["cis"]


def test_a_good_table_parses() -> None:
    table = parse_table("t.json", norway_table())
    norway = table.country("NO")
    assert norway is not None
    assert norway.english is not None
    assert norway.english.cities == ()


def _broken(change: str) -> dict[str, Any]:
    raw = norway_table()
    country = raw["countries"][0]
    if change == "unknown field":
        country["capital"] = "Oslo"
    elif change == "missing field":
        del country["regions"]
    elif change == "bad iso":
        country["iso"] = "Nor"
    elif change == "listed twice":
        raw["countries"].append(copy.deepcopy(country))
    elif change == "unknown member":
        raw["memberships"]["nato"] = ["NO", "XX"]
    elif change == "empty name":
        country["name"] = " "
    elif change == "not a list":
        country["english"]["demonyms"] = "Norwegian"
    return raw


@pytest.mark.parametrize(
    ("change", "entry", "reason"),
    [
        ("unknown field", "countries[0] (NO)", "unknown field 'capital'"),
        ("missing field", "countries[0] (NO)", "missing field 'regions'"),
        ("bad iso", "countries[0] (Nor)", "ISO 3166-1 alpha-2"),
        ("listed twice", "NO", "listed twice"),
        ("unknown member", "memberships nato", "'XX' is not a country"),
        ("empty name", "countries[0] (NO)", "'name' must be a non-empty string"),
        ("not a list", "countries[0] (NO) english", "'demonyms' must be a list"),
    ],
)
def test_a_bad_entry_is_one_error_naming_file_and_entry(
    change: str, entry: str, reason: str
) -> None:
    source = "extractors/data/countries.json"
    assert_one_error(lambda: parse_table(source, _broken(change)), source, entry, reason)


def test_a_file_that_is_not_json_is_one_error() -> None:
    with pytest.raises(DataFileError, match=r"^c\.json: line 2: not valid JSON"):
        read_table('{\n"countries": [,]}', "c.json")


def test_a_file_without_its_sections_is_one_error() -> None:
    with pytest.raises(DataFileError, match="the file: missing field 'bodies'"):
        parse_table("c.json", {k: v for k, v in norway_table().items() if k != "bodies"})
    with pytest.raises(DataFileError, match="the file: must be an object"):
        parse_table("c.json", [])
