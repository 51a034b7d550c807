from __future__ import annotations

import pytest

from nongrata.extractors.language import UNDETERMINED, article_language, detect_language


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The Czech Republic expelled two Russian diplomats on Monday, officials said.", "en"),
        (
            "Die Bundesregierung hat zwei russische Diplomaten ausgewiesen, teilte das Amt mit.",
            "de",
        ),
        ("Polska wydaliła rosyjskiego dyplomatę podejrzanego o szpiegostwo na rzecz GRU.", "pl"),
        ("Россия выслала двух чешских дипломатов в ответ на решение Праги.", "ru"),
        ("La France a expulsé plusieurs diplomates russes soupçonnés d'espionnage.", "fr"),
    ],
)
def test_languages_are_iso_639_1_codes(text: str, code: str) -> None:
    assert detect_language(text) == code


@pytest.mark.parametrize("text", [None, "", "ok", "Hello world", "12345 678 90"])
def test_too_short_or_empty_text_has_no_language(text: str | None) -> None:
    assert detect_language(text) is None


ENGLISH = "The Czech Republic expelled two Russian diplomats on Monday, officials said."


def test_article_language_is_the_declared_one_else_detected() -> None:
    assert article_language("fr", ENGLISH) == "fr"
    assert article_language(None, ENGLISH) == "en"
    assert article_language(None, "Hello world") is None


def test_undetermined_declared_is_unknown_without_detecting_again() -> None:
    assert article_language(UNDETERMINED, ENGLISH) is None
