"""The agencies of an English article: named, described, or introduced by the text."""

from __future__ import annotations

from tests.support.extraction import extract_text


def test_a_shared_acronym_takes_its_state_from_the_article() -> None:
    text = (
        "Indian police arrested two men in Rajasthan on Monday for passing army secrets to "
        "Pakistan.\n\nOfficers said one of them had been working for the ISI under cover."
    )
    assert "ISI" in extract_text(text).agencies
    alone = "Officers said one of them had been working for the ISI under cover."
    assert "ISI" not in extract_text(alone).agencies  # no state of its own: no agency


def test_a_service_introduced_by_name_and_acronym_is_an_agency() -> None:
    text = (
        "Colombia's National Intelligence Directorate (DNI) tracked the two Russians as they "
        "tried to recruit sources in Cali, and police arrested them on Tuesday for spying."
    )
    assert "DNI" in extract_text(text).agencies


def test_a_committee_with_an_acronym_is_no_agency() -> None:
    text = (
        "Parliament's Intelligence and Security Committee (ISC) said on Tuesday that Britain "
        "had expelled two Russian diplomats for spying."
    )
    assert "ISC" not in extract_text(text).agencies


def test_a_service_described_by_its_state_without_an_english_acronym_is_found() -> None:
    text = (
        "A German army captain was jailed on Monday for offering secrets to Russia. Germany's "
        "military counter-intelligence service had alerted investigators."
    )
    assert "MAD" in extract_text(text).agencies
    stasi = "The former Stasi officer was convicted of spying for East Germany in 1991."
    assert "Stasi" in extract_text(stasi).agencies


def test_an_indefinite_service_is_no_agency_of_the_state_around_it() -> None:
    text = (
        "A court in Düsseldorf convicted a German officer on Monday of passing information "
        "to a foreign intelligence service."
    )
    assert "BND" not in extract_text(text).agencies
