"""Whose service each agency is: the pure function, and every event extraction gives,
English and other languages alike (``agency_sides`` in ``extract --json``)."""

from __future__ import annotations

from dataclasses import replace

from nongrata.extractors.agencies import read_table
from nongrata.extractors.countries import country_table
from nongrata.extractors.extract import Extractor
from nongrata.extractors.sides import (
    agency_side,
    agency_sides,
    side_among,
    states_by_name,
    with_sides,
)
from nongrata.types import ArticleInput, ExtractedEvent
from tests.support.extraction import PUBLISHED, extract_text


def _arrest(agencies: tuple[str, ...]) -> ExtractedEvent:
    return ExtractedEvent(
        type="arrest",
        new=True,
        actor="Norway",
        actor_iso="NO",
        target="Russia",
        target_iso="RU",
        agencies=agencies,
    )


def test_the_acting_states_service_the_foreign_one_and_neither() -> None:
    assert agency_sides(["PST", "SVR", "MSS", "NATO"], "NO", "RU") == {
        "PST": "actor",
        "SVR": "target",
        "MSS": None,  # China's: neither side's
        "NATO": None,  # no agency the table knows
    }
    assert agency_side("pst", "no", "ru") == "actor"  # names and codes in any case
    assert agency_side("PST", None, None) is None


def test_a_name_two_states_use_takes_the_side_of_the_one_involved() -> None:
    raw = (
        '{"agencies": [{"id": "md-sis", "name": "SIS", "country": "MD"},'
        ' {"id": "gb-sis", "name": "SIS", "country": "GB"}]}'
    )
    table = read_table(raw, "agencies.json", set(country_table().by_iso))
    states = states_by_name(table)
    assert states["sis"] == {"MD", "GB"}
    assert side_among(states["sis"], "MD", "RU") == "actor"
    assert side_among(states["sis"], "RU", "GB") == "target"
    assert side_among(states["sis"], "RU", "UA") is None


def test_with_sides_keeps_the_agencies_and_their_order() -> None:
    event = with_sides(_arrest(("SVR", "PST")))
    assert event.agencies == ("SVR", "PST")
    assert event.agency_sides == (("SVR", "target"), ("PST", "actor"))
    assert event.to_json()["agency_sides"] == {"SVR": "target", "PST": "actor"}
    assert event.to_json()["agencies"] == ["SVR", "PST"]
    assert replace(event, agencies=()).to_json()["agency_sides"] == {
        "SVR": "target",
        "PST": "actor",
    }
    assert with_sides(_arrest(())).to_json()["agency_sides"] == {}


def test_english_events_carry_their_agencies_sides() -> None:
    text = (
        "Norway's Police Security Service (PST) arrested a man in Oslo on Thursday on "
        "suspicion of spying for Russia's foreign intelligence service, the SVR."
    )
    extraction = extract_text(text)
    (event,) = [e for e in extraction.events if e.type == "arrest"]
    assert (event.actor_iso, event.target_iso) == ("NO", "RU")
    assert event.sides == {a: {"PST": "actor", "SVR": "target"}[a] for a in event.agencies}
    assert set(event.agencies) == {"PST", "SVR"}
    json_event = extraction.to_json()["events"][0]
    assert json_event["agency_sides"] == {"PST": "actor", "SVR": "target"}
    assert json_event["agencies"] == list(event.agencies)


def test_other_languages_events_carry_their_agencies_sides() -> None:
    text = "ABW zatrzymała w Warszawie agenta GRU, który szpiegował na rzecz Rosji."
    extraction = Extractor().extract_one(
        ArticleInput(id="pl", text=text, published=PUBLISHED, lang="pl")
    )
    (event,) = extraction.events
    assert (event.actor_iso, event.target_iso) == ("PL", "RU")
    assert event.sides == {"ABW": "actor", "GRU": "target"}
    assert extraction.to_json()["events"][0]["agency_sides"] == {"ABW": "actor", "GRU": "target"}
