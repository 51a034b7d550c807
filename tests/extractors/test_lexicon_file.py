"""A lexicon file's generic checks: readable YAML, a mapping, known keys, typed entries."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nongrata.errors import DataFileError, NongrataError
from nongrata.extractors.lexicon_file import LEXICON_DIR, LexiconFile, lexicon_paths
from tests.support.lexicons import write_lexicon


def test_the_bundled_files_are_one_per_language() -> None:
    assert {p.stem for p in lexicon_paths()} >= {"en", "de", "fr", "pl", "ru", "es", "ro", "no"}
    assert all(p.parent == LEXICON_DIR for p in lexicon_paths())
    assert (LEXICON_DIR / "README.md").is_file()


def test_a_file_that_is_not_yaml_is_one_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "xx.yaml"
    path.write_text("triggers: [unclosed\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"xx\.yaml: cannot be read") as caught:
        LexiconFile(path, ("triggers",), ())
    assert isinstance(caught.value, NongrataError)


def test_a_file_that_is_not_a_mapping_is_refused(tmp_path: Path) -> None:
    path = write_lexicon(tmp_path, "xx", ["a", "b"])
    with pytest.raises(DataFileError, match=r"xx\.yaml: must be a mapping"):
        LexiconFile(path, ("a",), ())


def test_unknown_and_missing_keys_are_named(tmp_path: Path) -> None:
    path = write_lexicon(tmp_path, "xx", {"colour": "red"})
    with pytest.raises(DataFileError, match=r"xx\.yaml: colour: unknown key \(known: a, b\)"):
        LexiconFile(path, ("a", "b"), ())
    path = write_lexicon(tmp_path, "xx", {"a": "x"})
    with pytest.raises(DataFileError, match=r"xx\.yaml: b: missing"):
        LexiconFile(path, ("a", "b"), ("b",))


def test_entries_are_checked_as_read(tmp_path: Path) -> None:
    data = {
        "words": "not a list",
        "empty": [],
        "bad": ["ok", "(unclosed"],
        "flag": "yes",
        "numbers": {"one": 1, "two": "2", "yes": True},
        "section": {"a": ["x"], "c": ["y"]},
    }
    file = LexiconFile(write_lexicon(tmp_path, "xx", data), tuple(data), ())
    with pytest.raises(DataFileError, match=r"xx\.yaml: words: must be a non-empty list"):
        file.patterns("words")
    with pytest.raises(DataFileError, match=r"empty: must be a non-empty list"):
        file.patterns("empty")
    with pytest.raises(DataFileError, match=r"bad\[1\]: regular expression '\(unclosed' does"):
        file.patterns("bad")
    with pytest.raises(DataFileError, match=r"flag: must be true or false"):
        file.flag("flag", False)
    with pytest.raises(DataFileError, match=r"numbers\.two: must map a word to a whole number"):
        file.numbers("numbers")
    with pytest.raises(DataFileError, match=r"section\.c: unknown colour \(known: a, b\)"):
        file.section("section", ("a", "b"), "colour")
    with pytest.raises(DataFileError, match=r"empty: must be a non-empty string"):
        file.pattern("empty")
    assert file.pattern("absent", r"(?!)") == r"(?!)"
    assert file.flag("absent", True) is True


def test_a_section_must_hold_every_name(tmp_path: Path) -> None:
    file = LexiconFile(write_lexicon(tmp_path, "xx", {"s": {"a": 1}}), ("s",), ())
    with pytest.raises(DataFileError, match=r"xx\.yaml: s\.b: missing"):
        file.section("s", ("a", "b"), "entry")


def test_numbers_are_words_to_whole_numbers(tmp_path: Path) -> None:
    file = LexiconFile(write_lexicon(tmp_path, "xx", {"n": {"zwei": 2, "drei": 3}}), ("n",), ())
    assert dict(file.numbers("n")) == {"zwei": 2, "drei": 3}
    file = LexiconFile(write_lexicon(tmp_path, "xx", {"n": {"ja": True}}), ("n",), ())
    with pytest.raises(DataFileError, match=r"n\.ja: must map a word to a whole number"):
        file.numbers("n")


@pytest.mark.parametrize(
    "bad",
    [r"(?<!\w+)spy", r"(?<=a|bc)x", "spy\\", "a)|(b", r"(a)\2", "x{2,1}", r"[z-a]", "*x"],
)
def test_a_pattern_is_refused_exactly_when_re_compile_refuses_it(tmp_path: Path, bad: str) -> None:
    # Checked by parsing (compiling only a look-behind, whose width only the compiler checks):
    # every error re.compile raises, the look-behind's included, is still one naming the entry.
    with pytest.raises(re.error):
        re.compile(bad)
    file = LexiconFile(write_lexicon(tmp_path, "xx", {"p": ["ok\\w*", bad]}), ("p",), ())
    with pytest.raises(DataFileError, match=r"xx\.yaml: p\[1\]: regular expression .* does not"):
        file.patterns("p")


def test_valid_patterns_pass_as_written(tmp_path: Path) -> None:
    good = [r"(?<!\w)spy\w*", r"(?<=a|b)x", r"(?P<name>\w+)容疑者", r"(a)\1", r"(?i:MI6)"]
    file = LexiconFile(write_lexicon(tmp_path, "xx", {"p": good}), ("p",), ())
    assert file.patterns("p") == tuple(good)
