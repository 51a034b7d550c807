"""Lexicon rules of pt, it, es, fr, ro, el and tr learnt from real reporting (issue 19)."""

from __future__ import annotations

from datetime import date

import pytest

from nongrata.extractors.multilingual.extractor import (
    detect_events,
    find_agencies,
    find_countries,
)

PUBLISHED = date(2024, 3, 6)  # a Wednesday


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # A pluperfect dated by a weekday is this week's news.
        (
            "it",
            "L'uomo era stato arrestato domenica dai carabinieri del Ros per spionaggio a "
            "favore della Russia.",
            [("arrest", True)],
        ),
        (
            "pt",
            "O homem tinha sido detido no sábado por espionagem a favor da Rússia.",
            [("arrest", True)],
        ),
        (
            "fr",
            "Le suspect avait été interpellé dimanche par la DGSI pour espionnage au profit de "
            "la Russie.",
            [("arrest", True)],
        ),
        (
            "es",
            "El hombre había sido detenido el domingo por espiar para Rusia.",
            [("arrest", True)],
        ),
        # Romanian news sites still write cedillas.
        (
            "ro",
            "Bărbatul a fost reţinut luni pentru trădare în favoarea Rusiei.",
            [("arrest", True)],
        ),
        # "Declaró a … culpable": a conviction with the name between.
        (
            "es",
            "El tribunal declaró a Yuri Echenko culpable de alta traición por espiar para "
            "Estados Unidos.",
            [("conviction", True)],
        ),
        # Portuguese indictments: "deduziu ontem acusação".
        (
            "pt",
            "O Ministério Público deduziu ontem acusação contra um homem por espionagem a favor "
            "da Rússia.",
            [("charge", True)],
        ),
        # A Greek conditional, a call, a quashed Turkish conviction: no event.
        ("el", "Μια τέτοια κίνηση θα προκαλούσε το κλείσιμο του ελληνικού προξενείου.", []),
        (
            "tr",
            "Mahkumiyet kararları Yargıtay tarafından bozulan casusluk davasında sanıklar "
            "yeniden yargılandı.",
            [],
        ),
        (
            "it",
            "Chi viene arrestato per spionaggio può essere trattenuto in custodia cautelare.",
            [],
        ),
    ],
)
def test_events_as_the_press_writes_them(
    lang: str, text: str, expected: list[tuple[str, bool]]
) -> None:
    found = [(e.type, e.new) for e in detect_events(text, lang, PUBLISHED)]
    assert found == expected


def test_the_vienna_convention_is_no_austrian_mention() -> None:
    assert find_countries("nel rispetto della Convenzione di Vienna", "it") == ()
    assert find_countries("a Convenção de Viena de 1961", "pt") == ()
    assert find_countries("un sommet à Vienne", "fr") == ("AT",)


@pytest.mark.parametrize(
    ("lang", "text", "agency"),
    [
        ("it", "Il fascicolo, istruito dall'Fsb, era stato aperto nel 2023.", "FSB"),
        ("pt", "agentes da Abin teriam invadido computadores", "ABIN"),
        ("el", "στελέχη της Εθνικής Υπηρεσίας Πληροφοριών", "EYP"),
        ("fr", "un ancien cadre du Service canadien du renseignement de sécurité", "CSIS"),
        ("tr", "İsrail iç istihbarat servisi Şin Bet'in başkanı", "Shin Bet"),
        ("ro", "potrivit Serviciului Român de Informaţii", "SRI"),
        ("es", "la Dirección General de Contrainteligencia Militar", "DGCIM"),
    ],
)
def test_national_services_by_their_local_names(lang: str, text: str, agency: str) -> None:
    assert agency in find_agencies(text, lang)


def test_a_romanian_capital_with_its_article_is_the_state_that_acts() -> None:
    events = detect_events("Chișinăul reduce drastic personalul Ambasadei Rusiei.", "ro", PUBLISHED)
    assert [(e.type, e.actor_iso, e.target_iso) for e in events] == [("expulsion", "MD", "RU")]


def test_a_turkish_backdown_is_no_expulsion() -> None:
    text = "10 büyükelçi için 'istenmeyen kişi' krizi geri adımla sona erdi."
    assert detect_events(text, "tr", PUBLISHED) == []
