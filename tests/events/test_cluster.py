from __future__ import annotations

from datetime import date

from nongrata.events.cluster import (
    Report,
    absorb,
    best_cluster,
    cluster_reports,
    merge_persons,
    persons_compatible,
    persons_fit_count,
    same_person,
    side_key,
    start_cluster,
)

DAY = date(2025, 9, 10)


def report(
    actor: str = "CZ",
    target: str = "BY",
    *,
    type: str = "expulsion",
    day: date = DAY,
    reported: bool = False,
    persons: tuple[str, ...] = (),
    count: int | None = None,
    further: bool = False,
    reliable: bool = True,
) -> Report:
    return Report(type, actor, target, day, reported, persons, count, further, reliable)


def test_reports_from_several_outlets_over_two_days_are_one_event() -> None:
    reports = [
        report(persons=("Mikalai Dukshta",), count=1),
        report(day=date(2025, 9, 11)),  # next day, no names
        report(day=date(2025, 9, 11), persons=("Dukshta",)),  # surname only
        report(day=date(2025, 9, 12), persons=("Nikolai Dukshta",), count=1),
    ]
    assert cluster_reports(reports) == [0, 0, 0, 0]


def test_retaliation_is_a_different_event() -> None:
    reports = [report("CZ", "RU"), report("RU", "CZ", day=date(2025, 9, 12))]
    assert cluster_reports(reports) == [0, 1]


def test_different_types_are_different_events() -> None:
    assert cluster_reports([report(type="arrest"), report(type="charge")]) == [0, 1]


def test_dates_outside_the_window_are_different_events() -> None:
    reports = [report(day=date(2025, 9, 1)), report(day=date(2025, 9, 9))]
    assert cluster_reports(reports, window_days=7) == [0, 1]
    assert cluster_reports(reports, window_days=8) == [0, 0]


def test_contradicting_persons_are_different_events() -> None:
    reports = [report(persons=("Ivan Petrov",)), report(persons=("Mikalai Dukshta",))]
    assert cluster_reports(reports) == [0, 1]


def test_counts_must_agree_unless_one_is_unknown() -> None:
    assert cluster_reports([report(count=2), report(count=3)]) == [0, 1]
    assert cluster_reports([report(count=2), report(count=None), report(count=2)]) == [0, 0, 0]


def test_person_names_match_by_surname_and_transliteration_not_by_first_name() -> None:
    assert same_person("Mikalai Dukshta", "Dukshta")
    assert same_person("Sergei Skripal", "Sergey Skrypal")
    assert not same_person("Sergei Skripal", "Sergei Ivanov")
    assert not same_person("Anna Petrova", "Boris Petrova")  # same surname, other person
    assert persons_compatible([], ["Anyone"])
    assert persons_compatible(["Dukshta", "Ivan Petrov"], ["Mikalai Dukshta"])


def test_merging_keeps_the_fullest_form_of_a_name() -> None:
    assert merge_persons(["Dukshta"], ["Mikalai Dukshta", "Ivan Petrov"]) == [
        "Mikalai Dukshta",
        "Ivan Petrov",
    ]


def test_a_reported_event_date_wins_over_publication_dates() -> None:
    cluster = start_cluster(1, report(day=date(2025, 9, 11)))
    cluster = absorb(cluster, report(day=date(2025, 9, 9), reported=True))
    assert (cluster.day, cluster.day_reported, cluster.mentions) == (date(2025, 9, 9), True, 2)
    cluster = absorb(cluster, report(day=date(2025, 9, 8)))  # a publication date: ignored
    assert cluster.day == date(2025, 9, 9)


def test_the_closest_compatible_event_is_chosen() -> None:
    early = start_cluster(1, report(day=date(2025, 9, 1)))
    late = start_cluster(2, report(day=date(2025, 9, 8)))
    found = best_cluster([early, late], report(day=date(2025, 9, 7)))
    assert found is not None
    assert found.ref == 2
    assert best_cluster([early, late], report(day=date(2025, 9, 30))) is None


def test_side_keys_prefer_iso_codes_then_names() -> None:
    assert side_key("cz", "Czech Republic") == "CZ"
    assert side_key(None, "European  Union") == "european union"
    assert side_key(None, None) == ""


# Distinct persons are distinct events (issue 20) ---------------------------------------


def arrest(day: int, *, persons: tuple[str, ...] = (), **kw: object) -> Report:
    """Norway arrests someone spying for Russia on 2025-09-``day``."""
    return report("NO", "RU", type="arrest", day=date(2025, 9, day), persons=persons, **kw)  # type: ignore[arg-type]


def test_two_suspects_arrested_two_days_apart_are_two_events() -> None:
    reports = [
        arrest(8, persons=("Ivan Petrov",), count=1),
        arrest(8),  # another outlet, no name: the same arrest
        arrest(10, persons=("Oleg Sidorov",), count=1),
        arrest(11, persons=("O. Sidorov",)),  # the second arrest, told again next day
    ]
    assert cluster_reports(reports) == [0, 0, 1, 1]


def test_a_surname_and_its_feminine_form_are_two_persons() -> None:
    assert not same_person("Petrov", "Petrova")
    assert not same_person("Ivan Petrov", "Anna Petrova")
    assert cluster_reports([arrest(8, persons=("Petrov",)), arrest(9, persons=("Petrova",))]) == [
        0,
        1,
    ]


def test_names_spelled_differently_or_in_another_script_are_one_person() -> None:
    assert same_person("Sergei Skripal", "Сергей Скрипаль")
    assert same_person("Mikalai Dukshta", "M. Dukshta")
    assert same_person("Skrypal", "Sergei Skripal")
    reports = [
        arrest(8, persons=("Aleksandr Ivanov",), count=1),
        arrest(9, persons=("Александр Иванов",)),
        arrest(9, persons=("Alexander Ivanov",), count=1),
    ]
    assert cluster_reports(reports) == [0, 0, 0]


def test_persons_beyond_the_count_cannot_be_the_same_event() -> None:
    assert not persons_fit_count(["Ivan Petrov"], ["Ivan Petrov", "Oleg Sidorov"], 1, None)
    assert persons_fit_count(["Ivan Petrov"], ["Petrov"], 1, None)
    assert persons_fit_count(["Ivan Petrov"], ["Ivan Petrov", "Oleg Sidorov"], None, None)
    # a side that alone names more than its count is no evidence (a handler named too)
    assert persons_fit_count(["Ivan Petrov"], ["Ivan Petrov", "Oleg Sidorov"], None, 1)
    reports = [
        arrest(8, persons=("Ivan Petrov",), count=1),
        arrest(10, persons=("Ivan Petrov", "Oleg Sidorov")),
    ]
    assert cluster_reports(reports) == [0, 1]
    pair = [
        arrest(8, persons=("Ivan Petrov", "Oleg Sidorov"), count=2),
        arrest(9, persons=("Sidorov",)),
    ]
    assert cluster_reports(pair) == [0, 0]  # one of two named: the same pair


def test_a_further_person_is_a_further_event_even_unnamed() -> None:
    reports = [
        arrest(8),  # "a man was arrested"
        arrest(8, count=1),  # another outlet
        arrest(10, further=True),  # "a second man was arrested"
        arrest(10, further=True),  # another outlet: the same second arrest
        arrest(11),  # a follow-up with no cue: the latest event, closest in date
    ]
    assert cluster_reports(reports) == [0, 0, 1, 1, 1]


def test_a_further_report_still_joins_its_own_event() -> None:
    # the same day (one outlet said "a second suspect", another did not)
    assert cluster_reports([arrest(10), arrest(10, further=True)]) == [0, 0]
    # the same person named on both
    named = [arrest(8, persons=("Oleg Sidorov",)), arrest(10, persons=("Sidorov",), further=True)]
    assert cluster_reports(named) == [0, 0]
    # a report of the first arrest after the second was known, dated before it
    assert cluster_reports([arrest(10, further=True), arrest(8)]) == [0, 1]
    # expulsions: "another diplomat" is the growing count of one expulsion, handled by counts
    expulsions = [report(day=date(2025, 9, 8)), report(day=date(2025, 9, 10), further=True)]
    assert cluster_reports(expulsions) == [0, 0]


def test_an_unreliable_wrong_name_does_not_split_the_same_event() -> None:
    # the arrest reported in English, then in Polish where a capitalised run ("Agencja
    # Wywiadu") was taken for a second person
    english = report("PL", "RU", type="arrest", persons=("Pavel Rubtsov",), count=1)
    polish = report(
        "PL", "RU", type="arrest", persons=("Pawel Rubcow", "Agencja Wywiadu"), reliable=False
    )
    assert cluster_reports([english, polish]) == [0, 0]
    assert cluster_reports([polish, english]) == [0, 0]
    # a Polish report whose only name is wrong joins too
    wrong = report("PL", "RU", type="arrest", persons=("Dziennik Gazeta",), reliable=False)
    assert cluster_reports([english, wrong]) == [0, 0]


def test_two_different_named_suspects_in_english_stay_apart() -> None:
    first = report("PL", "RU", type="arrest", persons=("Pavel Rubtsov",))
    second = report("PL", "RU", type="arrest", persons=("Anna Nowak",))
    assert cluster_reports([first, second]) == [0, 1]
    # an unreliable report joins the one it shares a name with, not the first in date
    polish = report(
        "PL", "RU", type="arrest", persons=("Anna Nowak", "Biuro Prasowe"), reliable=False
    )
    assert cluster_reports([first, second, polish]) == [0, 1, 1]


def test_unreliable_persons_are_merged_but_do_not_split_later_reports() -> None:
    polish = report("PL", "RU", type="arrest", persons=("Agencja Wywiadu",), reliable=False)
    cluster = start_cluster(0, polish)
    assert cluster.persons == ("Agencja Wywiadu",)
    assert cluster.reliable_persons == ()
    english = report("PL", "RU", type="arrest", persons=("Pavel Rubtsov",), count=1)
    assert best_cluster([cluster], english) == cluster
    merged = absorb(cluster, english)
    assert merged.reliable_persons == ("Pavel Rubtsov",)
    other = report("PL", "RU", type="arrest", persons=("Anna Nowak",))
    assert best_cluster([merged], other) is None
