"""Persons of an event: names in apposition, in a list after the trigger, named later,
mistagged by the parser, members of the group acted on, and plural references."""

from __future__ import annotations

from tests.support.extraction import extract_text


def test_a_title_in_apposition_to_a_name_gives_the_name() -> None:
    text = (
        "MOSCOW, 9 July 2010 — Russia on Friday freed four men. They were Igor Sutyagin, an "
        "arms control researcher convicted of spying for the United States; and Sergei "
        "Skripal, a former colonel jailed for passing secrets to Britain."
    )
    persons = extract_text(text).persons
    assert "Igor Sutyagin" in persons
    assert "Sergei Skripal" in persons


def test_a_list_after_the_trigger_names_the_people_reported() -> None:
    text = (
        "NEW YORK, 29 June 2010 — The FBI on Sunday arrested ten people suspected of spying "
        "for Russia's foreign intelligence service. The ten included Anna "
        "Chapman, an estate agent from Manhattan; Mikhail Semenko; and Donald Heathfield and "
        "Tracey Foley from Boston."
    )
    persons = extract_text(text).persons
    for name in ("Anna Chapman", "Mikhail Semenko", "Donald Heathfield", "Tracey Foley"):
        assert name in persons
    assert "Boston" not in persons
    assert "Manhattan" not in persons


def test_members_of_the_group_acted_on_are_its_persons() -> None:
    text = (
        "NEW DELHI, 15 October 2024 — India on Monday expelled six Canadian diplomats, among "
        "them acting High Commissioner Stewart Wheeler."
    )
    (event,) = extract_text(text).events
    assert "Stewart Wheeler" in event.persons


def test_named_as_after_the_arrest_is_a_person_of_the_story() -> None:
    text = (
        "LONDON, 11 September 2023 — Two men were arrested in March under the Official "
        "Secrets Act on suspicion of spying for China. Officers searched three addresses. "
        "Both men were released on bail. The arrests had not been disclosed. On Monday the "
        "younger man was named as Chris Cash, 28, a parliamentary researcher."
    )
    assert "Chris Cash" in extract_text(text).persons


def test_a_plural_pronoun_refers_back_to_every_person_named() -> None:
    text = (
        "DENVER, 7 March 2024 — Li Tian, a soldier at Fort Carson, and Ruoyu Duan, a former "
        "soldier, sold military secrets to agents of China, prosecutors said. Both were "
        "arrested on Thursday on suspicion of spying for China."
    )
    persons = extract_text(text).persons
    assert "Li Tian" in persons
    assert "Ruoyu Duan" in persons


def test_an_acting_official_is_no_antecedent_of_they() -> None:
    text = (
        "NEW YORK, 9 July 2010 — Judge Kimba Wood ordered the defendants deported. They had "
        "been arrested by the FBI on June 27 on suspicion of spying for Russia."
    )
    assert "Kimba Wood" not in extract_text(text).persons


def test_a_name_in_a_clause_of_a_listed_person_is_not_listed() -> None:
    text = (
        "LONDON, 14 December 2022 — China withdrew six officials from Britain on Wednesday, "
        "accused of spying for China. Among them was the consul general, Zheng Xiyuan, who "
        "was filmed pulling the hair of Bob Chan outside the consulate."
    )
    persons = extract_text(text).persons
    assert "Bob Chan" not in persons


def test_names_the_parser_hung_on_the_place_of_origin_are_the_patients() -> None:
    text = (
        "JAIPUR, 3 June 2023 — Two men from Rajasthan, Maulana Ramzan and Subhash Jangir, "
        "were arrested in the same operation on suspicion of spying for Pakistan."
    )
    persons = extract_text(text).persons
    assert "Maulana Ramzan" in persons
    assert "Subhash Jangir" in persons
    assert "Rajasthan" not in persons


def test_an_institution_is_never_a_person_however_it_is_tagged() -> None:
    text = (
        "BRUSSELS, 14 October 2022 — Belgium on Thursday expelled three Russian diplomats. They "
        "were, among others, 57-year-old First Secretary Vladimir I., 44-year-old attaché "
        "Dmitry C. and 42-year-old Andrey G. An IT employee from the embassy also helped. "
        "The Belgian Foreign Ministry did scrap the posts of the diplomats it expelled."
    )
    persons = extract_text(text).persons
    assert not {"Foreign Ministry", "Belgian Foreign Ministry", "Embassy"} & set(persons)


def test_a_name_set_off_after_the_person_acted_on_is_that_person() -> None:
    # the parser hangs "Mark Jones" on the verb, not on "analysts"
    text = (
        "WASHINGTON, 5 March 2024 — The FBI arrested one of its own analysts, Mark Jones, on "
        "Sunday on suspicion of spying for Russia."
    )
    (event,) = extract_text(text).events
    assert "Mark Jones" in event.persons


def test_an_official_set_off_after_the_person_acted_on_is_not_that_person() -> None:
    text = (
        "OSLO, 5 March 2024 — Police arrested a Norwegian embassy guard, prosecutor Anna "
        "Berg said, on suspicion of spying for Russia."
    )
    assert "Anna Berg" not in extract_text(text).persons


def test_the_reference_subject_named_in_apposition_is_the_person_reported() -> None:
    text = (
        "BERLIN, 5 March 2024 — German prosecutors charged a Russian-German man with spying "
        "for Russia on Monday. The suspect, Dieter S., allegedly scouted military sites."
    )
    (event,) = extract_text(text).events
    assert "Dieter S." in event.persons


def test_a_suspect_identified_only_by_surname_is_the_person_reported() -> None:
    text = (
        "SEOUL, 5 March 2024 — South Korea's spy agency said on Monday it had arrested a man "
        "suspected of spying for North Korea. The suspect, identified only by his surname "
        "Kim, is a 52-year-old union official."
    )
    assert "Kim" in extract_text(text).persons


def test_a_name_given_with_an_age_after_the_event_is_its_person() -> None:
    text = (
        "LONDON, 5 March 2024 — Three Bulgarians were convicted on Thursday of spying for "
        "Russia. Orlin Roussev, 46, ran the cell from a guesthouse in Norfolk, the court heard."
    )
    assert "Orlin Roussev" in extract_text(text).persons


def test_a_name_ends_before_the_lower_case_words_the_tagger_ran_on_into() -> None:
    text = (
        "WARSAW, 5 March 2024 — Poland's ABW arrested a Belarusian national on Tuesday on "
        "suspicion of spying for Minsk. The man, named as Aleksander K. under Polish privacy "
        "rules, worked at a port."
    )
    persons = extract_text(text).persons
    assert "Aleksander K." in persons
    assert not any(p.endswith("under") for p in persons)


def test_a_named_officer_of_a_named_service_in_the_case_is_a_person() -> None:
    text = (
        "ALEXANDRIA, Va., 5 March 2024 — A former Army intelligence officer was convicted on "
        "Friday of spying for the Soviet Union. He had met a KGB officer, Victor Okunev, "
        "several times in Tokyo."
    )
    assert "Victor Okunev" in extract_text(text).persons
    speaking = (
        "ALEXANDRIA, Va., 5 March 2024 — A former Army intelligence officer was convicted on "
        "Friday of spying for the Soviet Union. FBI agent John Doe told the court he had "
        "followed the man for months."
    )
    assert "John Doe" not in extract_text(speaking).persons


def test_a_name_tagged_as_an_organisation_but_described_as_a_person_is_a_person() -> None:
    text = (
        "NEW DELHI, 5 March 2024 — Delhi Police on Monday detained Mehmood Akhtar, a staff "
        "member of the Pakistan High Commission, for spying, as he received defence documents."
    )
    assert "Mehmood Akhtar" in extract_text(text).persons
