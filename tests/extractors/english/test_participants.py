"""Mentions of one type, actor and target that are different events (different people)."""

from __future__ import annotations

from tests.support.extraction import events_of


def _arrests(text: str) -> list[tuple[str | None, str | None, int | None]]:
    return [(e.actor_iso, e.target_iso, e.count) for e in events_of(text) if e.type == "arrest"]


def test_two_groups_of_people_in_one_sentence_are_two_arrests() -> None:
    text = (
        "Slovak police on Monday arrested two Ukrainian men suspected of spying for Russia, a day "
        "after the arrest of three Slovak soldiers accused of passing secrets to Russia."
    )
    assert sorted(_arrests(text), key=str) == [("SK", "RU", 2), ("SK", "RU", 3)]


def test_fresh_arrests_on_different_named_days_are_two_arrests() -> None:
    text = (
        "Dutch police said on Thursday they had arrested a Moroccan man suspected of spying for "
        "Russia. On Tuesday, police said a Turkish woman had been arrested in Utrecht on "
        "suspicion of spying for Russia."
    )
    assert _arrests(text) == [("NL", "RU", 1), ("NL", "RU", 1)]


def test_a_separate_case_is_a_second_charge() -> None:
    text = (
        "Prosecutors in Germany on Monday charged Karl Weber with spying for China. In a separate "
        "case, prosecutors charged two brothers with passing secrets to China."
    )
    charges = [(e.count, e.persons) for e in events_of(text) if e.type == "charge"]
    assert charges == [(1, ("Karl Weber",)), (2, ())]


def test_references_back_to_the_suspect_stay_one_arrest() -> None:
    for text in (
        "Police in Austria arrested a man on Monday on suspicion of spying for Russia. The man "
        "was detained at his flat in Graz and is accused of photographing barracks.",
        "Czech police said on Friday they had detained a man suspected of spying for Russia. "
        "He was arrested in Brno on Wednesday, officers said.",
    ):
        assert len(_arrests(text)) == 1, text


def test_background_convictions_of_other_named_people_in_one_month_stay_one_event() -> None:
    text = (
        "In March 2023 a London court convicted Ivan Petrov of spying for Russia. In March 2023 "
        "Maria Ivanova was convicted in London of spying for Russia as well."
    )
    old = [(e.type, e.actor_iso, e.target_iso, e.new) for e in events_of(text)]
    assert old == [("conviction", "GB", "RU", False)]


def test_fresh_reports_about_other_named_people_are_two_events() -> None:
    text = (
        "A court in London on Monday convicted Ivan Petrov of spying for Russia. A court in "
        "London also convicted Maria Ivanova of spying for Russia."
    )
    convictions = [e.persons for e in events_of(text) if e.type == "conviction"]
    assert convictions == [("Ivan Petrov",), ("Maria Ivanova",)]


TWO_SUSPECTS = (
    "Polish police on Sunday arrested a Gdansk-based engineer for allegedly spying for Russia, "
    "two days after border guards arrested the blogger Anna Kowalska in a separate case. "
    "Investigators identified the engineer as Piotr Nowak. He was arrested in Gdynia and held "
    "for three months. Kowalska, 41, who runs a travel channel, was arrested in Lublin on "
    "Friday and remains in custody."
)


def test_a_suspect_named_later_is_the_unnamed_arrest_not_the_named_one() -> None:
    arrests = [(e.actor_iso, e.target_iso, e.persons) for e in events_of(TWO_SUSPECTS)]
    assert sorted(arrests, key=str) == [
        ("PL", "RU", ("Anna Kowalska",)),
        ("PL", "RU", ("Piotr Nowak",)),
    ]


def test_a_place_joined_to_based_is_no_person() -> None:
    persons = {p for e in events_of(TWO_SUSPECTS) for p in e.persons}
    assert "Gdansk" not in persons
