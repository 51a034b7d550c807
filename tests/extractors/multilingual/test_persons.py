"""The named people of a non-English event (``multilingual.persons``), on sentences written
for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from nongrata.extractors.multilingual.extractor import detect_events
from nongrata.extractors.multilingual.lexicon import lexicons
from nongrata.extractors.multilingual.mentions import find_mentions
from nongrata.extractors.multilingual.persons import lower_words, sentence_persons

PUBLISHED = date(2024, 3, 6)


def _persons(lang: str, text: str) -> set[str]:
    return {p for event in detect_events(text, lang, PUBLISHED) for p in event.persons}


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # a full name, as written in the text (an inflected form stays inflected)
        (
            "pl",
            "ABW zatrzymała w poniedziałek Mariana Zacharskiego, podejrzanego o szpiegostwo "
            "na rzecz Rosji.",
            {"Mariana Zacharskiego"},
        ),
        # a given name and an initial; the month and the agency break no name into two
        (
            "de",
            "Die Bundesanwaltschaft hat am 3. März Thomas H. wegen Spionage für Russland "
            "festnehmen lassen.",
            {"Thomas H."},
        ),
        # Cyrillic; the sentence-final full stop is no part of the name
        (
            "ru",
            "ФСБ задержала по подозрению в шпионаже в пользу Украины Карину Цуркан.",
            {"Карину Цуркан"},
        ),
        # a Turkish case suffix after an apostrophe is dropped
        (
            "tr",
            "ABD'de Linda Sun'un Çin adına casusluk yaptığı gerekçesiyle tutuklandığı açıklandı.",
            {"Linda Sun"},
        ),
    ],
)
def test_event_persons(lang: str, text: str, expected: set[str]) -> None:
    assert _persons(lang, text) == expected


def test_title_of_no_subject_is_skipped() -> None:
    # the minister announces; only the arrested man is the event's person
    text = (
        "Minister Tomasz Siemoniak poinformował, że ABW zatrzymała Jana Kowalskiego "
        "podejrzanego o szpiegostwo na rzecz Rosji."
    )
    assert _persons("pl", text) == {"Jana Kowalskiego"}


def test_sentence_initial_common_word_is_no_name() -> None:
    sentence = "Wczoraj Jan Kowalski został zatrzymany za szpiegostwo."
    lower = lower_words("Zatrzymanie nastąpiło wczoraj rano.\n" + sentence)
    found = sentence_persons(sentence, find_mentions(sentence, "pl"), lexicons()["pl"], lower)
    assert found == ("Jan Kowalski",)


def test_places_and_acronyms_are_no_names() -> None:
    sentence = "Nowa Zelandia i NATO: Jan Kowalski został zatrzymany za szpiegostwo."
    found = sentence_persons(sentence, find_mentions(sentence, "pl"), lexicons()["pl"], frozenset())
    assert "Jan Kowalski" in found
    assert all("Zelandia" not in name and "NATO" not in name for name in found)


def test_no_event_no_persons() -> None:
    assert _persons("pl", "Jan Kowalski pojechał na wakacje do Gdańska.") == set()


def test_uncased_script_names_from_the_lexicon() -> None:
    # Japanese: the name before a suspect's title, not the word before it ("元社員")
    text = (
        "警視庁公安部は5日、ロシアのスパイに機密情報を渡したとして、元社員荒木豊容疑者を逮捕した。"
    )
    assert _persons("ja", text) == {"荒木豊"}


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # Korean: a name before 씨 with the age between; a word ending in a particle is none
        ("ko", "법원은 북한 간첩 혐의로 기소된 손모(51)씨에게 징역 5년을 선고했다.", {"손모"}),
        # Chinese: a name withheld to its surname after a person noun
        ("zh", "国家安全机关破获一起间谍案，涉案人员曾某某已被依法逮捕。", {"曾某某"}),
        # Chinese: a sentenced defendant before 有期徒刑, a name after a rank
        (
            "zh",
            "台湾高等法院今天依共谍罪判处前空军中校副主任樓文卿有期徒刑12年。",
            {"樓文卿"},
        ),
        (
            "zh",
            "退役中将高安国涉共谍案，台湾高等法院今天判处他有期徒刑7年6个月。",
            {"高安国"},
        ),
        # Arabic: two words after a title and its adjectives; no cue word ("بتهمة") joins them
        (
            "ar",
            "ألقت السلطات الروسية القبض على المواطن الأمريكي جون سميث بتهمة التجسس لصالح "
            "الولايات المتحدة.",
            {"جون سميث"},
        ),
        ("ar", "اعتقلت إيران رجلاً يُدعى كريم رحيمي بتهمة التجسس لصالح إسرائيل.", {"كريم رحيمي"}),
        # Persian: a name in apposition before a person noun
        (
            "fa",
            "به گفته دادستان، حمید رضایی، شهروند دوتابعیتی، به اتهام جاسوسی برای اسرائیل "
            "بازداشت شد.",
            {"حمید رضایی"},
        ),
        # Hebrew: after a suspect's title; before "a resident of"
        ("he", "החשוד יוסי כהן נעצר בחשד לריגול עבור איראן.", {"יוסי כהן"}),
        ("he", "נגד דני לוי, תושב חיפה, הוגש כתב אישום בגין ריגול עבור איראן.", {"דני לוי"}),
    ],
)
def test_uncased_scripts(lang: str, text: str, expected: set[str]) -> None:
    assert _persons(lang, text) == expected


def test_title_names_the_events_person() -> None:
    # the headline names the man; the report's sentence only says "the officer"
    text = (
        "Wojciech Nowak zatrzymany\n"
        "Funkcjonariusze ABW zatrzymali w poniedziałek oficera podejrzanego o szpiegostwo "
        "na rzecz Rosji."
    )
    assert _persons("pl", text) == {"Wojciech Nowak"}


def test_common_word_opening_a_run_is_dropped() -> None:
    # "La" is written in lower case elsewhere: "La Gendarmerie" is no name; "A." stays an
    # initial although "a" is a word
    sentence = "Selon La Gendarmerie, A. M. a été arrêté pour espionnage."
    lower = lower_words("selon la police, la justice a dit\n" + sentence)
    found = sentence_persons(sentence, find_mentions(sentence, "fr"), lexicons()["fr"], lower)
    assert found == ("A. M.",)


def test_title_with_its_office_before_a_name() -> None:
    # "the minister of Foreign Affairs Luigi Rossi": two words of office between title and name
    text = (
        "Il ministro degli Esteri Luigi Rossi ha espulso due diplomatici russi accusati "
        "di spionaggio."
    )
    assert _persons("it", text) == set()


def test_only_person_name_patterns_give_reliable_persons() -> None:
    # a capitalised run in a cased script is no sure name: clustering does not split on it
    polish = detect_events(
        "ABW zatrzymała w poniedziałek Mariana Zacharskiego, podejrzanego o szpiegostwo "
        "na rzecz Rosji.",
        "pl",
        PUBLISHED,
    )
    assert polish
    assert all(not e.persons_reliable for e in polish)
    korean = detect_events(
        "법원은 북한 간첩 혐의로 기소된 손모(51)씨에게 징역 5년을 선고했다.", "ko", PUBLISHED
    )
    assert korean
    assert all(e.persons_reliable for e in korean)


def test_an_abbreviated_surname_closes_the_name() -> None:
    # "Tomasza W. Obaj …": the sentence split missed the initial's period; the capitalised
    # word after a full name's abbreviated surname opens a new sentence
    sentence = "Prokuratura oskarżyła o szpiegostwo Tomasza W. Obaj mężczyźni pracowali w porcie."
    found = sentence_persons(sentence, find_mentions(sentence, "pl"), lexicons()["pl"], frozenset())
    assert found == ("Tomasza W.",)
    # initials first stay one name
    sentence = "Policja zatrzymała J. K. Nowaka za szpiegostwo."
    found = sentence_persons(sentence, find_mentions(sentence, "pl"), lexicons()["pl"], frozenset())
    assert found == ("J. K. Nowaka",)


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # the lead says "a Belarusian"; the next sentence names him after his nationality
        (
            "pl",
            "ABW zatrzymała mężczyznę podejrzanego o szpiegostwo na rzecz Rosji.\n\n"
            "Zatrzymany to 40-letni obywatel Białorusi Ihar P., który mieszkał w Gdyni.",
            {"Ihar P."},
        ),
        # … or after a noun saying who he is (a diplomat, an attaché)
        (
            "sl",
            "Slovenija je izgnala ruskega diplomata zaradi vohunjenja. Gre za namestnika "
            "vojaškega atašeja Olega Smirnova.",
            {"Olega Smirnova"},
        ),
        # a name the next sentence gives without saying who he is is no subject
        (
            "pl",
            "ABW zatrzymała mężczyznę podejrzanego o szpiegostwo na rzecz Rosji. "
            "Sprawę skomentował w radiu Marek Nowicki.",
            set(),
        ),
    ],
)
def test_next_sentence_identifies_the_person(lang: str, text: str, expected: set[str]) -> None:
    assert _persons(lang, text) == expected


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # the name after an attribution verb is the source
        (
            "pl",
            "ABW zatrzymała dwóch obywateli Rosji podejrzanych o szpiegostwo – powiedział "
            "w piątek Jacek Markowski.",
            set(),
        ),
        # … but not before a "that" clause, whose subject it may be
        (
            "pl",
            "Prokuratura potwierdziła, że Jan K. został zatrzymany za szpiegostwo na rzecz Rosji.",
            {"Jan K."},
        ),
        (
            "hr",
            "Uhićen je zbog špijunaže za Rusiju, rekao je Ivan Horvatić.",
            set(),
        ),
        # a capitalised office is no person
        (
            "pl",
            "Mazowiecki Wydział Zamiejscowy Prokuratury Krajowej przedstawił zatrzymanemu zarzut "
            "szpiegostwa na rzecz Rosji.",
            set(),
        ),
    ],
)
def test_sources_and_offices_are_no_persons(lang: str, text: str, expected: set[str]) -> None:
    assert _persons(lang, text) == expected


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # Hungarian writes the title after the name
        (
            "hu",
            "A TEK őrizetbe vett egy ukrán kémet, közölte Szijjártó Péter külügyminiszter, "
            "a férfi Kovács Béla néven élt Budapesten.",
            {"Kovács Béla"},
        ),
        # an apposition after a comma; a compound title ("justitieminister")
        (
            "sv",
            "Säpo grep i måndags Anna Berg för spioneri åt Ryssland, bekräftar "
            "Gunnar Strömmer, justitieminister.",
            {"Anna Berg"},
        ),
        # a compound title before the name ("presstalesperson")
        (
            "sv",
            "Säpo grep Anna Berg misstänkt för spioneri, säger Säpos presstalesperson Karin Lutz.",
            {"Anna Berg"},
        ),
    ],
)
def test_titles_after_a_name_and_compound_titles(lang: str, text: str, expected: set[str]) -> None:
    assert _persons(lang, text) == expected


def test_a_title_closing_an_earlier_names_apposition_leaves_the_next_name() -> None:
    # "volt titokminiszter" is Szilvásy's title; Galambos after the comma is charged too
    text = (
        "Az ügyészség kémkedés miatt emelt vádat Szilvásy György volt titokminiszter, "
        "Galambos Lajos és Laborc Sándor ellen."
    )
    assert {"Szilvásy György", "Galambos Lajos", "Laborc Sándor"} <= _persons("hu", text)
