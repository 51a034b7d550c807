"""The multilingual role rules: the article's home state from its dateline."""

from __future__ import annotations

from nongrata.extractors.multilingual.extractor import split_sentences
from nongrata.extractors.multilingual.roles import home_country


def test_a_dateline_after_a_title_and_a_two_sentence_standfirst_is_the_home_state() -> None:
    text = (
        "Fost ofițer, condamnat la 10 ani de închisoare pentru spionaj\n\n"
        "Bărbatul recunoscuse în mai acuzațiile. Fusese arestat în 2020.\n\n"
        "Washington, 19 septembrie 2024\n\n"
        "Un tribunal federal l-a condamnat miercuri la 10 ani de închisoare."
    )
    assert home_country(split_sentences(text), "ro") == "US"


def test_past_the_opening_only_a_short_dated_line_is_a_dateline() -> None:
    text = (
        "Titlu\n\nPrima frază. A doua frază.\n\n"
        "Moscova, care neagă acuzațiile, a răspuns prin expulzarea a doi diplomați, iar "
        "ministerul a convocat ambasadorul pentru a-i transmite un protest ferm."
    )
    assert home_country(split_sentences(text), "ro") is None
