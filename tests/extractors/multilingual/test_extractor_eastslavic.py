"""The East Slavic and Baltic rules: case forms that say who acts on whom, participles that
name a detainee, statutory penalties and pending decisions (sentences written for these tests)."""

from __future__ import annotations

from datetime import date

import pytest

from nongrata.extractors.multilingual.extractor import detect_events
from nongrata.extractors.multilingual.mentions import find_mentions

PUBLISHED = date(2024, 3, 6)

# (lang, text, expected (type, new, actor ISO, target ISO) events)
CASES = [
    # a service in the dative or genitive plural is the side served, not the one acting
    (
        "ru",
        "ФСБ задержала жителя Омска, который передавал украинским спецслужбам сведения о заводе.",
        [("arrest", True, "RU", "UA")],
    ),
    (
        "ru",
        "В Москве задержан агент спецслужб Украины.",
        [("arrest", True, "RU", "UA")],
    ),
    (
        "be",
        "КДБ затрымаў грамадзян Беларусі, якіх завербавала адна з польскіх спецслужбаў.",
        [("arrest", True, "BY", "PL")],
    ),
    # a capital's adjective next to an authority names the acting state
    (
        "ru",
        "Московский областной суд приговорил гражданина Украины к 11 годам колонии за шпионаж.",
        [("conviction", True, "RU", "UA")],
    ),
    # ... and next to handlers, the side served
    (
        "uk",
        "СБУ затримала агента, який передавав московським кураторам дані про ЗСУ.",
        [("arrest", True, "UA", "RU")],
    ),
    # a dual national's two states are no list of sides
    (
        "lt",
        "Teismas nuteisė Lietuvos ir Rusijos pilietybes turintį vyrą už šnipinėjimą "
        "Rusijos naudai.",
        [("conviction", True, "LT", "RU")],
    ),
]

NO_EVENT = [
    # the detainee or the convict, named by a full participle, is no new event
    ("ru", "На допросе задержанный признал, что передавал сведения разведке."),
    ("ru", "Адвокат осуждённого за шпионаж обжаловал решение."),
    # the penalty a law provides
    ("ru", "Максимальное наказание по статье о шпионаже составляет двадцать лет лишения свободы."),
    ("uk", "Максимальне покарання за шпигунство становить п'ятнадцять років позбавлення волі."),
    # a decision still pending
    ("uk", "Слідчі СБУ вирішують питання про повідомлення йому про підозру у державній зраді."),
]


@pytest.mark.parametrize(("lang", "text", "expected"), CASES)
def test_sides_from_case_and_structure(
    lang: str, text: str, expected: list[tuple[str, bool, str, str]]
) -> None:
    events = detect_events(text, lang, PUBLISHED)
    assert [(e.type, e.new, e.actor_iso, e.target_iso) for e in events] == expected


@pytest.mark.parametrize(("lang", "text"), NO_EVENT)
def test_no_event(lang: str, text: str) -> None:
    assert detect_events(text, lang, PUBLISHED) == []


@pytest.mark.parametrize(
    ("lang", "text", "iso"),
    [
        ("lt", "Vyrą užverbavo Baltarusijos GRU.", "BY"),
        ("lt", "1983 metais jį suėmė sovietinis KGB.", "RU"),
        ("lv", "Viņu 1975. gadā aizturēja padomju KGB.", "RU"),
        ("ru", "Его задержал белорусский КГБ.", "BY"),
    ],
)
def test_agency_of_the_state_qualifying_it(lang: str, text: str, iso: str) -> None:
    agencies = [m for m in find_mentions(text, lang) if m.kind == "agency"]
    assert [m.iso for m in agencies] == [iso]
