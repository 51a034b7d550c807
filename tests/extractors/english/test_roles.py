"""Role resolution: demonyms, capitals, agencies, fallbacks, persons and counts."""

from __future__ import annotations

from tests.support.extraction import events_of, extract_text, triples


def test_dateline_gives_the_actor_when_the_sentence_names_none() -> None:
    text = (
        "OSLO, 12 March 2025 — Two men were arrested on Tuesday on suspicion of spying "
        "for Iran, police said."
    )
    (event,) = events_of(text)
    assert (event.actor_iso, event.target_iso) == ("NO", "IR")


def test_work_for_a_state_beats_nationality() -> None:
    text = "Britain charged three Bulgarian nationals on Thursday with spying for Russia."
    (event,) = events_of(text)
    assert event.target_iso == "RU"
    assert event.count == 3


def test_vague_quantities_have_no_count() -> None:
    (event,) = events_of("Belgium expelled dozens of Russian diplomats on Monday.")
    assert event.count is None
    (event,) = events_of("Belgium expelled several Russian diplomats on Monday.")
    assert event.count is None


def test_coordinated_named_people_are_counted_and_listed() -> None:
    text = "Ivan Popov and Olga Smirnova were charged on Monday in Austria with spying for Russia."
    (event,) = events_of(text)
    assert event.count == 2
    assert event.persons == ("Ivan Popov", "Olga Smirnova")


def test_officials_are_not_listed_as_persons() -> None:
    text = (
        "Foreign Minister Anna Lind said on Monday that Sweden had expelled Li Wei, a Chinese "
        "diplomat, over espionage."
    )
    result = extract_text(text)
    assert "Anna Lind" not in result.persons
    assert "Li Wei" in result.persons


def test_eu_actor_has_no_iso_code() -> None:
    (event,) = events_of(
        "The European Union on Monday declared a Russian diplomat persona non grata."
    )
    assert event.actor == "European Union"
    assert event.actor_iso is None
    assert event.target_iso == "RU"


def test_agencies_descriptive_and_named() -> None:
    text = (
        "Canada's spy agency said on Monday that Russian military intelligence ran the plot, "
        "and the Federal Bureau of Prisons moved the suspect. Local police detained him."
    )
    result = extract_text(text)
    assert set(result.agencies) == {"CSIS", "GRU"}


def test_generic_plural_agencies_are_not_listed() -> None:
    result = extract_text("Western security agencies warned of Russian sabotage on Monday.")
    assert result.agencies == ()


def test_countries_lists_iso_codes_mentioned() -> None:
    result = extract_text("Estonia expelled a Russian diplomat on Tuesday.")
    assert set(result.countries) == {"EE", "RU"}


def test_the_title_of_the_person_acted_on_does_not_make_them_an_official() -> None:
    (event,) = events_of("Norway on Monday expelled Iran's ambassador, Ali Rezaei, over the plot.")
    assert event.persons == ("Ali Rezaei",)


def test_bare_mass_noun_intelligence_is_not_an_agency() -> None:
    text = "In several countries, including Russia, foreign intelligence is a separate branch."
    assert extract_text(text).agencies == ()


def test_description_of_a_named_service_is_not_another_states_agency() -> None:
    text = (
        "The Belarusian KGB works as a domestic police and a foreign intelligence agency, much "
        "like its Soviet predecessor."
    )
    assert extract_text(text).agencies == ("KGB",)


def test_working_for_a_state_beats_the_demonym_on_the_spy_cell() -> None:
    text = (
        "The leader of a Hungarian spy cell working for China was jailed for nine years by a "
        "court in Vienna on Monday."
    )
    (event,) = events_of(text)
    assert (event.type, event.actor_iso, event.target_iso) == ("conviction", "AT", "CN")


def test_a_pronoun_or_definite_patient_names_the_person_told_before() -> None:
    from tests.support.extraction import events_of

    text = (
        "Mikhail Bochkaryov, an adviser to Russia's upper house, attended a seminar in Oslo. "
        "He was arrested on Monday by Norwegian police on suspicion of spying for Russia."
    )
    (event,) = events_of(text)
    assert event.persons == ("Mikhail Bochkaryov",)


def test_the_recruiting_state_is_the_target_not_the_passport() -> None:
    from tests.support.extraction import triples

    text = "A Ukrainian man recruited by Russia's FSB was arrested in Poland on Monday."
    assert triples(text) == {("arrest", "PL", "RU")}


def test_states_named_without_a_watchlist_entry_still_act() -> None:
    from tests.support.extraction import triples

    text = (
        "Rwanda on Monday ordered all Belgian diplomats to leave the country, and Mali's "
        "government ordered the French ambassador to leave within 72 hours."
    )
    assert {("expulsion", "RW", "BE"), ("expulsion", "ML", "FR")} <= triples(text)


def test_he_finds_the_person_named_a_few_sentences_before() -> None:
    text = (
        "Former US ambassador jailed for spying for Cuba\n\n"
        "Victor Rocha, a former US ambassador, was sentenced on Friday to 15 years in prison "
        "for spying for Cuba. The judge also ordered him to pay a fine. Prosecutors called "
        "the case one of the longest-running betrayals of the US government. Agents recorded "
        "his meetings for months. He was arrested at his Miami home in December on charges "
        "of acting as an agent of Cuba."
    )
    arrests = [e for e in events_of(text) if e.type == "arrest"]
    assert arrests
    assert all(e.persons == ("Victor Rocha",) for e in arrests)


def test_names_in_a_relative_clause_or_a_hometown_are_not_the_person() -> None:
    text = (
        "LONDON, 13 March 2025\n\n"
        "A 58-year-old man from Kent who once told friends he wanted to be like Sherlock Holmes "
        "has been found guilty of helping Russian intelligence. Martin Hale, of Dover, was "
        "convicted at the Old Bailey on Thursday of assisting a foreign intelligence service."
    )
    convictions = [e for e in events_of(text) if e.type == "conviction"]
    assert [(e.actor_iso, e.target_iso, e.persons) for e in convictions] == [
        ("GB", "RU", ("Martin Hale",))
    ]


def test_a_bare_number_counts_the_noun_it_leaves_out() -> None:
    text = (
        "Italy said it was expelling 30 Russian diplomats on Tuesday, after Germany kicked out 40."
    )
    assert triples(text) == {("expulsion", "IT", "RU"), ("expulsion", "DE", "RU")}


def test_spying_on_people_for_a_state_serves_that_state_not_the_passport() -> None:
    # the parser hangs "for Iran's …" on "refugees"; the man's birthplace is no beneficiary
    text = (
        "STOCKHOLM, 5 March 2024 — Swedish police arrested an Iraqi-born man on Monday "
        "suspected of spying on refugees for Iran's intelligence ministry."
    )
    events = extract_text(text).events
    assert [(e.type, e.actor, e.target) for e in events] == [("arrest", "Sweden", "Iran")]
