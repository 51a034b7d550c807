"""The one agency table: the bundled file's facts, and a bad file's one clear error."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from nongrata.errors import DataFileError
from nongrata.extractors.agencies import agency_table, parse_table, read_table
from tests.support.datafile import assert_one_error


def test_the_bundled_table_holds_each_reader_s_names() -> None:
    agencies = {a.id: a for a in agency_table().agencies}
    fsb = agencies["ru-fsb"]
    assert (fsb.name, fsb.short, fsb.country) == ("FSB", "FSB", "RU")
    assert fsb.watchlist is not None
    assert fsb.watchlist.group == "Russia"
    assert fsb.english is not None
    assert "Federal Security Service" in fsb.english.aliases
    assert fsb.multilingual is not None
    assert fsb.multilingual.role == "both"
    assert "ФСБ" in fsb.multilingual.acronyms
    mit = agencies["tr-mit"]
    assert (mit.name, mit.short) == ("MİT", "MIT")
    assert agencies["us-dia"].watchlist is None


def test_multilingual_forms_carry_the_extraction_name() -> None:
    forms = {f.name: f for f in agency_table().multilingual_forms()}
    assert forms["MIT"].acronyms == ("MİT",)
    assert forms["BfV"].iso == "DE"


def _good() -> dict[str, Any]:
    return {
        "agencies": [
            {
                "id": "no-pst",
                "name": "PST",
                "country": "NO",
                "watchlist": {"aliases": ["Police Security Service"], "tags": ["norway"]},
                "english": {"aliases": ["PST"], "context_aliases": [], "descriptors": []},
                "multilingual": {"role": "domestic", "acronyms": ["PST"]},
            }
        ]
    }


def test_a_good_table_parses() -> None:
    (pst,) = parse_table("a.json", _good(), {"NO"}).agencies
    assert pst.watchlist is not None
    assert pst.watchlist.note is None
    assert pst.multilingual is not None
    assert pst.multilingual.names == ""


def _broken(change: str) -> dict[str, Any]:
    raw = _good()
    agency = raw["agencies"][0]
    if change == "bad id":
        agency["id"] = "PST"
    elif change == "unknown country":
        agency["country"] = "XX"
    elif change == "bad role":
        agency["multilingual"]["role"] = "abroad"
    elif change == "no acronyms":
        agency["multilingual"]["acronyms"] = []
    elif change == "bad regex":
        agency["multilingual"]["names"] = "politiets ("
    elif change == "listed twice":
        raw["agencies"].append(copy.deepcopy(agency))
    elif change == "same extraction name":
        other = copy.deepcopy(agency)
        other["id"] = "no-pst2"
        raw["agencies"].append(other)
    elif change == "missing section field":
        del agency["english"]["descriptors"]
    return raw


@pytest.mark.parametrize(
    ("change", "entry", "reason"),
    [
        ("bad id", "agencies[0] (PST)", "'id' must be a lower-case country code"),
        ("unknown country", "agencies[0] (no-pst)", "'XX' is not in the country table"),
        ("bad role", "agencies[0] (no-pst) multilingual", "'role' must be one of"),
        ("no acronyms", "agencies[0] (no-pst) multilingual", "'acronyms' must not be empty"),
        ("bad regex", "agencies[0] (no-pst) multilingual", "not a regular expression"),
        ("listed twice", "no-pst", "listed twice"),
        ("same extraction name", "no-pst2", "extraction name 'PST' twice"),
        ("missing section field", "agencies[0] (no-pst) english", "missing field 'descriptors'"),
    ],
)
def test_a_bad_entry_is_one_error_naming_file_and_entry(
    change: str, entry: str, reason: str
) -> None:
    source = "extractors/data/agencies.json"
    raw = _broken(change)
    assert_one_error(lambda: parse_table(source, raw, {"NO"}), source, entry, reason)


def test_a_bad_file_is_one_error() -> None:
    with pytest.raises(DataFileError, match=r"^a\.json: line 1: not valid JSON"):
        read_table("{", "a.json", {"NO"})
    with pytest.raises(DataFileError, match="the file: 'agencies' must be a list"):
        parse_table("a.json", {"agencies": {}}, {"NO"})
