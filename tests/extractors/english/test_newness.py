"""Fresh news versus background: dates, relative times, tense and disclosure."""

from __future__ import annotations

from datetime import date

from nongrata.extractors.english.newness import classify_time
from tests.support.extraction import PUBLISHED, events_of


def _new(text: str, published: date | None = PUBLISHED) -> list[bool]:
    return [e.new for e in events_of(text, published)]


def test_time_expressions_against_the_publication_date() -> None:
    ref = date(2024, 10, 20)
    assert classify_time("on Thursday", ref).status == "new"
    assert classify_time("last month", ref).status == "old"
    assert classify_time("earlier this year", ref).status == "old"
    assert classify_time("in March", ref).status == "old"
    assert classify_time("in 2018", ref).status == "old"
    assert classify_time("18 October 2024", ref).status == "new"
    assert classify_time("2 September 2024", ref).status == "old"
    assert classify_time("next week", ref).status == "future"
    assert classify_time("a year ago", ref).status == "old"


def test_weekday_report_is_new() -> None:
    assert _new("Latvia expelled a Russian diplomat on Wednesday.") == [True]


def test_past_year_is_background() -> None:
    assert _new("In 2019 Latvia expelled a Russian diplomat over espionage.") == [False]


def test_last_month_is_background() -> None:
    assert _new("Latvia expelled a Russian diplomat last month.") == [False]


def test_month_name_before_publication_is_background() -> None:
    assert _new("In January, Latvia expelled a Russian diplomat.", date(2025, 10, 2)) == [False]


def test_pluperfect_outside_reported_speech_is_background() -> None:
    assert _new("Latvia had previously expelled a Russian diplomat.") == [False]


def test_disclosure_makes_an_old_event_news() -> None:
    text = (
        "Norway revealed on Thursday that it had expelled two Russian intelligence officers "
        "in June."
    )
    events = events_of(text, date(2025, 11, 7))
    assert [(e.type, e.new) for e in events] == [("expulsion", True)]


def test_fresh_retaliation_and_old_cause_in_one_sentence() -> None:
    text = (
        "Chile on Monday expelled a Peruvian diplomat in response to Peru's expulsion of "
        "a Chilean consul in January."
    )
    events = {(e.actor_iso, e.target_iso): e.new for e in events_of(text, date(2025, 6, 4))}
    assert events == {("CL", "PE"): True, ("PE", "CL"): False}


def test_background_and_fresh_events_of_the_same_pair_stay_apart() -> None:
    text = (
        "Latvia expelled two Russian diplomats on Tuesday.\n\n"
        "Latvia expelled a Russian diplomat in 2021 as well."
    )
    assert sorted(_new(text)) == [False, True]


def test_same_month_inherits_the_previous_date() -> None:
    text = (
        "In May 2021 Latvia expelled two Russian diplomats. The same month Estonia ordered "
        "a Russian consul to leave."
    )
    assert _new(text, date(2025, 3, 1)) == [False, False]


def test_event_date_is_set_when_known() -> None:
    (event,) = events_of("Latvia expelled a Russian diplomat on Wednesday.", date(2025, 3, 14))
    assert event.event_date == date(2025, 3, 12)


def test_recent_years_and_similar_grounds_are_background() -> None:
    assert _new("Finland has expelled Russian diplomats in recent years.") == [False]
    assert _new("Sweden and Denmark have expelled Chinese diplomats on similar grounds.") == [
        False,
        False,
    ]
    assert _new("Estonia expelled a Russian diplomat on Monday over spying.") == [True]


def test_last_named_month_is_the_latest_such_month_before_publication() -> None:
    ref = date(2024, 8, 22)
    november = classify_time("last November", ref)
    assert (november.status, november.when) == ("old", date(2023, 11, 1))
    march = classify_time("last March", ref)
    assert (march.status, march.when) == ("old", date(2024, 3, 1))


def test_background_cases_in_different_named_months_stay_apart() -> None:
    text = (
        "Last November, prosecutors in Latvia charged four people with spying for Russia. "
        "In June, Latvian prosecutors charged a border guard with spying for Russia."
    )
    events = events_of(text, date(2025, 8, 20))
    assert [(e.type, e.new) for e in events] == [("charge", False), ("charge", False)]


def test_a_paragraph_dated_in_the_past_tells_background_throughout() -> None:
    text = (
        "In 1962 the KGB arrested a British businessman in Budapest on spying charges. "
        "He was convicted of espionage and sentenced to eight years."
    )
    assert set(_new(text)) == {False}


def test_an_interval_counted_from_an_old_event_is_old() -> None:
    text = (
        "Britain ordered 23 Russian diplomats to leave on March 14 2018. "
        "Moscow answered three days later by ordering 23 British diplomats out."
    )
    assert _new(text, date(2018, 3, 25)) == [False, False]
    fresh = (
        "Latvia expelled a Russian diplomat on Tuesday. "
        "Within hours Russia expelled a Latvian diplomat."
    )
    assert _new(fresh) == [True, True]


def test_a_deadline_long_past_dates_the_measure() -> None:
    text = "Spain told North Korea's ambassador to leave by the end of September."
    assert _new(text, date(2017, 10, 20)) == [False]


def test_a_sentence_saying_the_arrests_were_not_disclosed_makes_them_news() -> None:
    text = (
        "British police confirmed on Saturday that two men had been arrested on 13 March on "
        "suspicion of spying for China. The arrests had not previously been disclosed."
    )
    assert _new(text, date(2023, 9, 11)) == [True]


def test_carrying_out_a_death_sentence_for_spying_is_a_fresh_conviction() -> None:
    text = (
        "Iran's judiciary said on Monday it had carried out the death sentence against "
        "Mahmoud Mousavi-Majd, who was convicted of spying for the CIA."
    )
    events = events_of(text, date(2020, 7, 20))
    assert ("conviction", "IR", "US", True) in {
        (e.type, e.actor_iso, e.target_iso, e.new) for e in events
    }


def test_neither_charged_is_no_charge() -> None:
    text = "Two men arrested for spying were released on bail, and neither has been charged."
    assert "charge" not in {e.type for e in events_of(text)}


def test_in_a_history_piece_undated_events_are_background() -> None:
    text = (
        "Sixty years on: the morning the Cold War traded spies on a Berlin bridge\n\n"
        "On a freezing morning on 10 February 1962, two men walked across the bridge.\n\n"
        "One was Rudolf Abel, who had been arrested by the FBI in June 1957.\n\n"
        "The other was Francis Gary Powers, whose plane was shot down in May 1960.\n\n"
        "Abel was convicted of spying for the Soviet Union by a US court."
    )
    assert set(_new(text, date(2022, 2, 10))) == {False}


def test_an_offence_of_forgery_is_no_espionage_charge() -> None:
    text = (
        "Several intelligence officials in South Korea have been indicted for fabricating "
        "evidence in a spy case."
    )
    assert "charge" not in {e.type for e in events_of(text)}


def test_the_month_may_is_a_date_and_the_modal_is_not() -> None:
    published = date(2024, 9, 13)
    assert classify_time("May", published).status == "old"
    assert classify_time("may", published).status == "none"


def test_an_anniversary_piece_tells_its_events_as_history() -> None:
    text = (
        "Thirty years on: the morning of the bridge swap\n\n"
        "Thirty years ago today, Anatoly Shcharansky walked across the bridge.\n\n"
        "On the same morning the United States expelled Karl Koecher, a Czechoslovak spy.\n\n"
        "Today the bridge is a tourist attraction."
    )
    assert _new(text, date(2016, 2, 11)) == [False]


def test_background_cases_of_paragraphs_dated_apart_stay_apart() -> None:
    text = (
        "Expulsions between London and Moscow follow a pattern.\n\n"
        "The 1996 case. Russia expelled four British diplomats it accused of running an "
        "agent; Britain answered by sending home four Russian diplomats.\n\n"
        "The Litvinenko case came in July 2007. Britain expelled four Russian diplomats. "
        "Russia expelled four British diplomats days later."
    )
    events = [e for e in events_of(text, date(2019, 7, 15)) if e.type == "expulsion"]
    russia_expels = [e for e in events if (e.actor_iso, e.target_iso) == ("RU", "GB")]
    assert len(russia_expels) == 2
    assert not any(e.new for e in events)


def test_an_undated_arrest_told_after_a_later_court_step_is_background() -> None:
    trial = (
        "Trial opens in spy case\n\nThe trial of a former army officer accused of spying for "
        "China opened in Paris on Tuesday. The officer was arrested at his home and charged "
        "with treason. He denies the charges."
    )
    assert {(e.type, e.new) for e in events_of(trial)} == {("arrest", False), ("charge", False)}
    bail = (
        "Bail for spy suspect\n\nA German court on Tuesday granted bail to a woman accused of "
        "spying for Iran. She was detained at Frankfurt airport and charged with espionage."
    )
    assert {e.new for e in events_of(bail)} == {False}
    # an arrest told before the court step, or dated fresh, stays news
    fresh = (
        "Spy suspect held\n\nThe trial of a former army officer accused of spying for China "
        "opened in Paris on Tuesday. Police arrested a second man on Monday on suspicion of "
        "spying for China."
    )
    assert ("arrest", True) in {(e.type, e.new) for e in events_of(fresh)}


def test_an_undated_event_retold_by_a_review_memoir_or_film_is_background() -> None:
    review = (
        "Security service reports rise in spying\n\nIn its annual review published on Tuesday, "
        "the Swedish Security Service said it had arrested four people for spying for Russia."
    )
    assert {(e.type, e.new) for e in events_of(review)} == {("arrest", False)}
    film = (
        "New film\n\nThe film, which premiered on Friday in Berlin, tells how East German "
        "agents arrested a British spy."
    )
    assert {e.new for e in events_of(film)} == {False}
    # a statement is no retelling work: its news stays fresh
    statement = (
        "Spies held\n\nIn a statement on Tuesday, the Swedish Security Service said it had "
        "arrested four people for spying for Russia."
    )
    assert {(e.type, e.new) for e in events_of(statement)} == {("arrest", True)}
