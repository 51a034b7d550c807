"""Finding names in running text: alias scanning and person-name candidates."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nongrata.watchlists.text_scan import (
    AliasScanner,
    name_candidates,
    not_name_words,
    read_not_name_words,
)
from tests.support.datafile import assert_one_error

ALIASES = [
    ("SIS", "gb-sis"),
    ("Sis", "other-sis"),
    ("BIS", "cz-bis"),
    ("ФСБ", "ru-fsb"),
    ("Guinea", "gn"),
    ("Equatorial Guinea", "gq"),
    ("Guinean", "gn"),
    ("U.S.", "us"),
    ("A&B", "ab"),
    ("Kelvin", "k"),
    ("İstanbul", "tr"),
    ("ſtate", "st"),
]


def _one_alternation(
    scanner: AliasScanner, text: str
) -> list[tuple[int, int, str, tuple[str, ...]]]:
    """The scan as first written: one case-insensitive alternation of every alias, longest
    first, searched from every position on."""
    body = "|".join(re.escape(name) for name in scanner._names)
    pattern = re.compile(rf"(?<![\w&])(?:{body})(?![\w&])", re.IGNORECASE)
    out = []
    position = 0
    while position <= len(text):
        match = pattern.search(text, position)
        if match is None:
            break
        accepted = scanner._accept(match.group(0))
        if accepted is not None:
            out.append((match.start(), match.end(), *accepted))
        position = match.start() + 1
    return out


pieces = st.sampled_from(
    [alias for alias, _ in ALIASES]
    + ["sis", "SIS's", "guinea", "EQUATORIAL", "K", "ſ", "ı", "i", "&", "the", "фсб", "s"]
)
separators = st.sampled_from([" ", "", "-", "&", "_", ".", ", ", "\n", "1", "'s "])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(pieces, separators, st.sampled_from(["", "lower", "upper", "swap"]))))
def test_scanning_letter_by_letter_finds_what_one_alternation_finds(
    parts: list[tuple[str, str, str]],
) -> None:
    changed: dict[str, Callable[[str], str]] = {
        "": str,
        "lower": str.lower,
        "upper": str.upper,
        "swap": str.swapcase,
    }
    text = "".join(changed[case](piece) + separator for piece, separator, case in parts)
    scanner = AliasScanner(ALIASES)
    assert scanner._all_matches(text) == _one_alternation(scanner, text)


def test_acronyms_in_capitals_names_as_names_longest_first() -> None:
    scanner = AliasScanner(ALIASES)
    text = "Equatorial Guinea and the SIS, not sis; the ФСБ in İSTANBUL and the U.S. too."
    found = [(hit.text, hit.targets) for hit in scanner.scan(text)]
    assert found == [
        ("Equatorial Guinea", ("gq",)),
        ("SIS", ("gb-sis",)),
        ("ФСБ", ("ru-fsb",)),
        ("İSTANBUL", ("tr",)),
        ("U.S.", ("us",)),
    ]


def test_an_empty_scanner_finds_nothing() -> None:
    assert AliasScanner([]).scan("Anything at all") == []


def test_name_candidates_split_at_breaks_and_keep_initials() -> None:
    text = "Sergei Skripal's daughter met S. Skripal in Moscow. Putin said - Lavrov agreed"
    spans = [(span.text, span.start) for span in name_candidates(text)]
    assert spans == [
        ("Sergei Skripal", 0),
        ("S. Skripal", 30),
        ("Moscow", 44),
        ("Putin", 52),
        ("Lavrov", 65),
    ]


def test_name_candidates_keep_particles_inside_and_drop_titles() -> None:
    text = "Ursula von der Leyen, President Emmanuel Macron and Jean-Luc Mélenchon’s ally"
    spans = [span.text for span in name_candidates(text)]
    assert spans == ["Ursula von der Leyen", "Emmanuel Macron", "Jean-Luc Mélenchon"]


def test_the_bundled_not_name_words_hold_titles_months_and_news_words() -> None:
    assert {"president", "january", "monday", "said"} <= not_name_words()
    assert "may" not in not_name_words()  # a given name too


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"words": []}', "'words' must not be empty"),
        ('{"words": ["a"], "extra": 1}', "unknown field 'extra'"),
        ('{"words": "a"}', "'words' must be a list"),
    ],
)
def test_a_bad_not_name_words_file_is_one_error(text: str, reason: str) -> None:
    source = "watchlists/data/not_name_words.json"
    assert_one_error(lambda: read_not_name_words(text, source), source, "the file", reason)
