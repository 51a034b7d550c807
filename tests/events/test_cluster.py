from __future__ import annotations

from datetime import date

from nongrata.events.cluster import (
    Report,
    absorb,
    best_cluster,
    cluster_reports,
    merge_persons,
    persons_compatible,
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
) -> Report:
    return Report(type, actor, target, day, reported, persons, count)


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
