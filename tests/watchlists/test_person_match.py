"""Person matching across transliterations, and the cases that must NOT match."""

from __future__ import annotations

from pathlib import Path

import pytest

from nongrata.evaluation.name_pairs import (
    FALSE_MATCH_TARGET,
    RECALL_TARGET,
    evaluate_pairs,
    load_pairs,
)
from nongrata.watchlists import match_person
from nongrata.watchlists.person_match import match_person_names, match_prepared, prepare_name
from nongrata.watchlists.person_names import parse_name

PAIRS = Path(__file__).parent / "data" / "name_pairs.jsonl"


@pytest.mark.parametrize(
    ("found", "listed", "reason_part"),
    [
        ("Nikolai Dukshta", "Mikalai Dukshta", "given-name variant Nikolai~Mikalai"),
        ("Mykola Dukshta", "Mikalai Dukshta", "given-name variant"),
        ("Mikalai Lukashenka", "Nikolai Lukashenko", "surname transliteration"),
        ("Oleksandr Lukashenko", "Alexander Lukashenko", "given-name variant"),
        ("Siarhei Skripal", "Sergei Skripal", "given-name variant"),
        ("Uladzimir Putin", "Vladimir Putin", "given-name variant"),
        ("Dzmitry Medvedev", "Dmitry Medvedev", "given-name variant"),
        ("Serhiy Skrypal", "Sergei Skripal", "surname transliteration Skrypal~Skripal"),
        ("Сергей Скрипаль", "Sergei Skripal", "transliteration"),
        ("Аляксандр Лукашэнка", "Alexander Lukashenko", "given-name variant"),
        ("Wladimir Putin", "Vladimir Putin", "given-name transliteration"),
        ("Michail Chodorkowski", "Mikhail Khodorkovsky", "surname spelling"),
        ("Alexandru Bălan", "Alexandru Balan", "surname transliteration"),
        ("Ilan Șor", "Ilan Shor", "surname variant"),
        ("Sviatlana Tsikhanouskaya", "Svetlana Tikhanovskaya", "surname variant"),
        ("Pawel Rubzow", "Pavel Rubtsov", "surname variant"),
        ("S. Skripal", "Sergei Skripal", "initial S.~Sergei"),
        ("N. Dukshta", "Mikalai Dukshta", "initial N.~Mikalai"),
        ("Skripal Sergei", "Sergei Skripal", "reordered"),
        ("SKRIPAL, Sergei", "Sergei Skripal", "reordered"),
        ("Путин Владимир Владимирович", "Vladimir Putin", "reordered"),
    ],
)
def test_same_person_in_another_spelling(found: str, listed: str, reason_part: str) -> None:
    match = match_person(found, listed)
    assert match is not None, f"{found} should match {listed}"
    assert 0.8 <= match.score <= 1.0
    assert reason_part in match.reason


def test_the_sanctions_screening_miss_scores_high() -> None:
    match = match_person("Mikalai Lukashenka", "Nikolai Lukashenko")
    assert match is not None
    assert match.score >= 0.9
    assert match.reason == (
        "given-name variant Mikalai~Nikolai; surname transliteration Lukashenka~Lukashenko"
    )


def test_an_identical_name_is_an_exact_alias() -> None:
    match = match_person("mikalai  dukshta", "Mikalai Dukshta")
    assert match is not None
    assert (match.score, match.reason) == (1.0, "alias")


@pytest.mark.parametrize(
    ("found", "listed", "why"),
    [
        ("Yulia Skripal", "Sergei Skripal", "daughter: a different given name"),
        ("Юлия Скрипаль", "Sergei Skripal", "daughter, in Cyrillic"),
        ("Viktor Lukashenko", "Alexander Lukashenko", "son"),
        ("Віктар Лукашэнка", "Alexander Lukashenko", "son, Belarusian Cyrillic"),
        ("Aleksandra Lukashenko", "Aleksandr Lukashenko", "female form of the given name"),
        ("Aleksandr Ivanova", "Aleksandr Ivanov", "feminine surname"),
        ("Siarhei Tsikhanouski", "Sviatlana Tsikhanouskaya", "husband"),
        ("Y. Skripal", "Sergei Skripal", "initial of another name"),
        ("Sergei Skripalenko", "Sergei Skripal", "a longer surname"),
        ("Sergei Lavrov", "Sergei Skripal", "same given name only"),
        ("Vladimir Spiridonovich Putin", "Vladimir Vladimirovich Putin", "patronymics differ"),
        ("Sergei Ivanov Jr.", "Sergei Ivanov Sr.", "Jr. and Sr."),
        ("Anna Petrova", "Anna Petrovna", "a patronymic is not a surname"),
        ("Viktor Orban", "Viktoria Orban", "female given name"),
        ("Lukashenko", "Alexander Lukashenko", "a surname alone"),
    ],
)
def test_different_people_do_not_match(found: str, listed: str, why: str) -> None:
    assert match_person(found, listed) is None, why


def test_a_name_read_once_is_compared_with_many() -> None:
    query = prepare_name("Serhiy Skrypal")
    listed = ["Yulia Skripal", "S. Skripal", "Sergei Skripal", " "]
    scores = [m.score if (m := match_prepared(query, prepare_name(n))) else None for n in listed]
    assert scores[0] is None  # the daughter
    assert scores[3] is None  # a blank name
    low, high = scores[1], scores[2]
    assert low is not None
    assert high is not None
    assert high > low  # the full given name beats the initial
    best = match_person_names("Serhiy Skrypal", listed)
    assert best is not None
    assert (best.candidate, best.score) == ("Sergei Skripal", high)
    single = match_prepared(prepare_name("Скрипаль"), prepare_name("Skripal"))
    assert single is not None
    assert (single.score, single.reason) == (0.95, "transliteration Скрипаль~Skripal")


def test_names_are_read_in_both_orders() -> None:
    readings = parse_name("Skripal Sergei Viktorovich")
    reordered = [r for r in readings if r.reordered]
    assert reordered
    assert reordered[0].surname == "Skripal"
    assert reordered[0].patronymic is not None
    assert reordered[0].patronymic.text == "Viktorovich"
    (comma,) = parse_name("Skripal, Sergei")
    assert (comma.surname, comma.given[0].text) == ("Skripal", "Sergei")
    (particle, *_) = parse_name("Alexander De Croo")
    assert particle.surname == "De Croo"


def test_the_labelled_pairs_meet_the_targets() -> None:
    pairs = load_pairs(PAIRS)
    assert sum(p.same for p in pairs) >= 60
    assert sum(not p.same for p in pairs) >= 60
    report = evaluate_pairs(pairs)
    assert report.recall >= RECALL_TARGET, report.missed
    assert report.false_match_rate <= FALSE_MATCH_TARGET, report.false_matches
    assert report.meets_targets
