"""Reading a bundled data file: decoding and checked fields, each problem one DataFileError."""

from __future__ import annotations

import pytest

from nongrata.errors import DataFileError, NongrataError
from nongrata.extractors.datafile import Reader, decode


def test_decode_reads_json_and_names_the_line_of_a_syntax_error() -> None:
    assert decode('{"a": [1]}', "x.json") == {"a": [1]}
    with pytest.raises(DataFileError, match=r"^x\.json: line 3: not valid JSON"):
        decode('{\n"a":\n}', "x.json")


def test_the_reader_checks_fields_and_types() -> None:
    r = Reader("x.json", "e", {"s": "a", "l": ["b"], "p": r"\w+"}, {"s", "l", "p", "o"}, {"s"})
    assert r.text("s") == "a"
    assert r.texts("l") == ("b",)
    assert r.texts("o") == ()
    assert r.pattern("p") == r"\w+"
    assert r.pattern("o") == ""
    with pytest.raises(DataFileError, match=r"^x\.json: e: 'l' must be a non-empty string$"):
        r.text("l")
    with pytest.raises(DataFileError, match="'s' must be a list"):
        r.texts("s")


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ([], "must be an object"),
        ({"z": 1, "s": "a"}, "unknown field 'z'"),
        ({}, "missing field 's'"),
    ],
)
def test_a_bad_object_is_one_error(raw: object, reason: str) -> None:
    with pytest.raises(DataFileError) as caught:
        Reader("x.json", "e", raw, {"s"}, {"s"})
    assert isinstance(caught.value, NongrataError)
    assert (caught.value.source, caught.value.entry, caught.value.reason) == ("x.json", "e", reason)
