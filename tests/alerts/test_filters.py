from __future__ import annotations

import pytest

from nongrata.alerts.filters import EventFacts, Filters, MatchFacts, accepts, rejection

KGB = MatchFacts("agencies", "kgb-by", "KGB", ("belarus", "intelligence"))
DUKSHTA = MatchFacts("persons", "dukshta-mikalai", "Mikalai Dukshta", ("belarus",))
EVENT = EventFacts(
    type="expulsion",
    new=True,
    actor_iso="CZ",
    target_iso="BY",
    persons=("Mikalai Dukshta",),
    agencies=("KGB",),
    confidence=0.8,
    languages=frozenset({"cs"}),
    matches=(KGB, DUKSHTA),
)
OFF_LIST = EventFacts(type="arrest", new=True, actor_iso="PL", target_iso="CN", confidence=0.6)


def test_no_filter_means_every_new_event_of_the_alert_types() -> None:
    assert accepts(Filters(), EVENT)
    assert accepts(Filters(), OFF_LIST)
    recall = EventFacts(type="recall", new=True, actor_iso="LT", target_iso="BY")
    assert rejection(Filters(), recall) == "type recall"
    assert accepts(Filters(types=("recall",)), recall)  # asked for explicitly


def test_background_events_never_pass() -> None:
    background = EventFacts(type="expulsion", new=False, actor_iso="GB", target_iso="RU")
    assert rejection(Filters(), background) == "not new"


@pytest.mark.parametrize(
    ("filters", "passes", "fails"),
    [
        (Filters(types=("expulsion",)), EVENT, OFF_LIST),
        (Filters(countries=("BY",)), EVENT, OFF_LIST),  # target side counts
        (Filters(countries=("CZ", "US")), EVENT, OFF_LIST),  # actor side counts
        (Filters(actor_countries=("PL",)), OFF_LIST, EVENT),
        (Filters(target_countries=("BY",)), EVENT, OFF_LIST),
        (Filters(agencies=("kgb",)), EVENT, OFF_LIST),
        (Filters(agencies=("kgb-by",)), EVENT, OFF_LIST),  # the watchlist entry's id
        (Filters(persons=("Dukshta",)), EVENT, OFF_LIST),  # a surname matches
        (Filters(persons=("dukshta-mikalai",)), EVENT, OFF_LIST),
        (Filters(tags=("Belarus",)), EVENT, OFF_LIST),
        (Filters(languages=("cs",)), EVENT, OFF_LIST),
        (Filters(min_confidence=0.7), EVENT, OFF_LIST),
        (Filters(watchlist_only=True), EVENT, OFF_LIST),
    ],
)
def test_each_filter(filters: Filters, passes: EventFacts, fails: EventFacts) -> None:
    assert accepts(filters, passes)
    assert not accepts(filters, fails)


def test_every_set_filter_must_pass() -> None:
    assert accepts(Filters(countries=("BY",), agencies=("KGB",)), EVENT)
    assert rejection(Filters(countries=("BY",), agencies=("GRU",)), EVENT) == "agency"


def test_a_person_filter_does_not_match_a_namesake() -> None:
    assert not accepts(Filters(persons=("Ivan Dukshta",)), EVENT)


def test_language_filters_compare_primary_tags() -> None:
    event = EventFacts(
        type="arrest", new=True, actor_iso="DE", target_iso="RU", languages=frozenset({"en-GB"})
    )
    assert accepts(Filters(languages=("en",)), event)


def test_describe_says_what_is_set() -> None:
    assert Filters().describe() == "every new arrest/charge/conviction/expulsion"
    assert Filters(countries=("CZ",), min_confidence=0.5).describe() == "country=CZ confidence>=0.5"


def test_only_watched_countries_make_an_event_touch_the_watchlists() -> None:
    czechia = MatchFacts("countries", "cz", "Czech Republic", ("europe", "eu", "nato"))
    belarus = MatchFacts("countries", "by", "Belarus", ("europe", "cis", "watched"))
    catch_all = EventFacts(
        type="expulsion", new=True, actor_iso="CZ", target_iso="PL", matches=(czechia,)
    )
    assert rejection(Filters(watchlist_only=True), catch_all) == "no watchlist entry"
    watched = EventFacts(
        type="expulsion", new=True, actor_iso="CZ", target_iso="BY", matches=(czechia, belarus)
    )
    assert accepts(Filters(watchlist_only=True), watched)
    # An unwatched state's tags still serve tag filters.
    assert accepts(Filters(tags=("nato",)), catch_all)
