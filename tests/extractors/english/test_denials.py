"""Denied, negated and non-espionage contexts do not make events (issue 20)."""

from __future__ import annotations

from tests.support.extraction import extract_text, triples


def test_negated_subject_shared_by_coordinated_passives() -> None:
    text = "No Russian diplomats have been summoned or expelled, and no arrests were announced."
    assert triples(text) == set()


def test_denied_espionage_word_gives_no_espionage_context() -> None:
    text = "Chinese woman arrested at Florida resort appears in court; no spying charges"
    assert triples(text) == set()


def test_offence_named_by_the_trigger_decides_over_the_sentence() -> None:
    text = (
        "A Turkish court on Thursday acquitted Metin Topuz of espionage but sentenced him "
        "to eight years in prison for aiding an armed terrorist organisation."
    )
    assert triples(text) == set()
    spying = "A Turkish court on Thursday sentenced Metin Topuz to eight years for spying for Iran."
    assert triples(spying) == {("conviction", "TR", "IR")}


def test_evidence_to_convict_is_no_conviction() -> None:
    text = "The court ruled there was insufficient evidence to convict him of espionage for Iran."
    assert triples(text) == set()


def test_headline_infinitive_after_a_call_is_no_event() -> None:
    assert triples("MPs press ministers to throw out Russian ambassador") == set()


def test_a_population_is_not_a_diplomatic_expulsion() -> None:
    text = "Pakistan begins expelling undocumented Afghans as deadline passes"
    assert triples(text) == set()
    counted = "Britain on Tuesday expelled 23 Russians it identified as intelligence officers."
    assert triples(counted) == {("expulsion", "GB", "RU")}


def test_an_execution_for_spying_is_a_conviction() -> None:
    text = (
        "Iran said on Tuesday it had executed a former defence ministry employee "
        "for spying for the CIA."
    )
    assert triples(text) == {("conviction", "IR", "US")}
    assert triples("Police executed a search warrant on Tuesday in the spying case.") == set()


def test_dropped_charges_and_readiness_are_no_events() -> None:
    dropped = (
        "Prosecutors in Germany on Monday dropped charges against a man accused of spying "
        "for Russia."
    )
    assert triples(dropped) == set()
    ready = "Estonia said on Monday it was ready to expel Russian diplomats if necessary."
    assert triples(ready) == set()


def test_asking_another_state_to_withdraw_its_envoy_is_no_recall() -> None:
    text = "Zambia said on Monday it would formally ask Washington to withdraw its ambassador."
    assert triples(text) == set()
    asked_to_leave = "Latvia on Monday asked two Russian diplomats to leave the country."
    assert triples(asked_to_leave) == {("expulsion", "LV", "RU")}


def test_the_persons_of_a_story_without_an_event_are_still_named() -> None:
    """Dropped charges or a call to expel are no event, but the person they are about is
    the story's: analysts look them up (issue 20)."""
    dropped = (
        "Federal prosecutors on Tuesday dropped the espionage charges against Sherry Lin, "
        "an engineer accused of spying for China."
    )
    called = "Lithuanian MPs urged the government to expel Russian diplomat Ivan Petrov for spying."
    for text, person in ((dropped, "Sherry Lin"), (called, "Ivan Petrov")):
        result = extract_text(text)
        assert result.events == ()
        assert result.persons == (person,)


def test_a_present_tense_in_a_clause_of_time_is_to_come() -> None:
    """ "when he is sentenced": what is to come, no event; "when he was sentenced" is one."""
    to_come = "Yeo will appear in a Washington court when he is sentenced for spying for China."
    assert triples(to_come) == set()
    past = "Yeo wept in a Washington court on Friday when he was sentenced for spying for China."
    assert triples(past) == {("conviction", "US", "CN")}


def test_a_measure_by_states_the_sentence_does_not_name_is_no_event() -> None:
    # the reporting state does not stand in for "a number of partners" (genericity)
    unnamed = (
        "Australia said on Thursday that a number of partners had asked Russian embassy "
        "staff to leave."
    )
    assert triples(unnamed) == set()
    named = "Australia said on Thursday that it had asked Russian embassy staff to leave."
    assert triples(named) == {("expulsion", "AU", "RU")}
    reciprocal = "Russia and Estonia on Monday expelled each other's diplomats."
    assert triples(reciprocal) == {("expulsion", "RU", "EE"), ("expulsion", "EE", "RU")}


def test_being_open_to_a_measure_is_no_event() -> None:
    assert triples("Payne keeps door open to expelling Russian diplomats") == set()
    stance = "Australia is open to expelling Russian diplomats, the minister said on Thursday."
    assert triples(stance) == set()
    # "open" as a verb frames nothing
    text = "Estonia opened its border on Monday and expelled two Russian diplomats."
    assert triples(text) == {("expulsion", "EE", "RU")}


def test_a_measure_to_come_under_a_condition_is_no_event() -> None:
    text = (
        "Estonia will expel a Russian diplomat if the allegations are confirmed, the minister "
        "said on Monday."
    )
    assert triples(text) == set()
    done = "Estonia on Monday expelled a Russian diplomat, even if Moscow denies the allegations."
    assert triples(done) == {("expulsion", "EE", "RU")}


def test_a_sentence_for_another_named_offence_is_no_espionage_conviction() -> None:
    text = (
        "A former soldier accused of spying for Iran was sentenced on Monday for escaping "
        "from prison."
    )
    assert triples(text) == set()


def test_holding_back_on_a_measure_is_no_event() -> None:
    assert triples("Portugal holds back on expelling Russian diplomats, for now") == set()
    refrain = "Portugal said on Tuesday it would refrain from expelling Russian diplomats."
    assert triples(refrain) == set()
    # "hold" without the particle frames nothing
    held = "Portugal on Tuesday held talks and expelled two Russian diplomats."
    assert triples(held) == {("expulsion", "PT", "RU")}
