"""The non-English event finder, on sentences written for these tests (one set per language)."""

from __future__ import annotations

from datetime import date

import pytest

from nongrata.errors import ExtractionError
from nongrata.extractors.multilingual.extractor import (
    detect_events,
    find_agencies,
    find_countries,
    split_sentences,
    supported_languages,
)

PUBLISHED = date(2024, 3, 6)  # a Wednesday

# (lang, text, expected (type, new, actor ISO, target ISO) events)
POSITIVE = [
    (
        "de",
        "Deutschland hat am Montag zwei russische Diplomaten ausgewiesen, die für den "
        "Militärgeheimdienst GRU spioniert haben sollen.",
        [("expulsion", True, "DE", "RU")],
    ),
    (
        "de",
        "Ein Gericht in München hat einen Mann wegen Spionage für China zu sechs Jahren Haft "
        "verurteilt.",
        [("conviction", True, "DE", "CN")],
    ),
    (
        "fr",
        "La France a expulsé mardi six diplomates russes soupçonnés d'espionnage.",
        [("expulsion", True, "FR", "RU")],
    ),
    (
        "fr",
        "La justice française a mis en examen un ingénieur soupçonné d'espionnage au profit de "
        "la Chine.",
        [("charge", True, "FR", "CN")],
    ),
    (
        "pl",
        "ABW zatrzymała obywatela Białorusi, który szpiegował na rzecz Rosji.",
        [("arrest", True, "PL", "RU")],
    ),
    (
        "pl",
        "Polska wydaliła w poniedziałek rosyjskiego dyplomatę podejrzanego o szpiegostwo.",
        [("expulsion", True, "PL", "RU")],
    ),
    (
        "ru",
        "ФСБ задержала гражданина Украины по подозрению в госизмене.",
        [("arrest", True, "RU", "UA")],
    ),
    (
        "ru",
        "Россия выслала в среду двух польских дипломатов.",
        [("expulsion", True, "RU", "PL")],
    ),
    (
        "es",
        "España expulsó hoy a dos diplomáticos rusos acusados de espionaje.",
        [("expulsion", True, "ES", "RU")],
    ),
    (
        "es",
        "La policía española detuvo ayer a un hombre sospechoso de espionaje para Rusia.",
        [("arrest", True, "ES", "RU")],
    ),
    (
        "ro",
        "Autoritățile române au reținut marți un cetățean bulgar suspectat de spionaj "
        "pentru Rusia.",
        [("arrest", True, "RO", "RU")],
    ),
    (
        "ro",
        "Un ofițer a fost condamnat la zece ani de închisoare pentru spionaj în favoarea Rusiei, "
        "a anunțat instanța din București.",
        [("conviction", True, "RO", "RU")],
    ),
    (
        "no",
        "PST har pågrepet en russisk statsborger mistenkt for spionasje i Kirkenes.",
        [("arrest", True, "NO", "RU")],
    ),
    (
        "no",
        "Norge har i dag utvist tre russiske diplomater.",
        [("expulsion", True, "NO", "RU")],
    ),
]

NEGATED = [
    ("de", "Deutschland hat keine russischen Diplomaten ausgewiesen, sagte die Sprecherin."),
    ("de", "Polen droht, russische Diplomaten auszuweisen."),
    ("fr", "La France n'a pas expulsé de diplomates russes, selon le ministère."),
    ("pl", "Polska nie wydaliła rosyjskiego dyplomaty."),
    ("ru", "Россия не выслала польских дипломатов."),
    ("es", "España no expulsó a los diplomáticos rusos."),
    ("ro", "România nu a expulzat niciun diplomat rus."),
    ("no", "Norge har ikke utvist russiske diplomater."),
    ("no", "Regjeringen vurderer å utvise russiske diplomater."),
]

NOT_ESPIONAGE = [
    ("de", "Die Polizei hat in Berlin zwei Männer wegen Drogenhandels festgenommen."),
    ("fr", "La police a interpellé trois hommes pour vol à Lyon."),
    ("pl", "Policja zatrzymała w Krakowie dwóch mężczyzn podejrzanych o kradzież."),
    ("ru", "Полиция задержала в Москве двух мужчин за кражу."),
    ("es", "La policía detuvo a dos hombres por robo en Madrid."),
    ("ro", "Poliția a reținut doi bărbați pentru furt în Cluj."),
    ("no", "Politiet har pågrepet to menn for tyveri i Bergen."),
    ("de", "Die CDU hat den Abgeordneten aus der Partei ausgeschlossen und ausgewiesen."),
]

BACKGROUND = [
    ("de", "Im Jahr 2018 hatte Deutschland bereits vier russische Diplomaten ausgewiesen."),
    ("fr", "En 2018, la France avait expulsé quatre diplomates russes."),
    ("pl", "W 2018 roku Polska wydaliła czterech rosyjskich dyplomatów."),
    ("ru", "В прошлом году Россия выслала четырех польских дипломатов."),
    ("es", "El año pasado España expulsó a cuatro diplomáticos rusos."),
    ("ro", "În 2018, România a expulzat patru diplomați ruși."),
    ("no", "Norge utviste i fjor fire russiske diplomater."),
]


def _summary(text: str, lang: str) -> list[tuple[str, bool, str | None, str | None]]:
    return [
        (e.type, e.new, e.actor_iso, e.target_iso) for e in detect_events(text, lang, PUBLISHED)
    ]


@pytest.mark.parametrize(("lang", "text", "expected"), POSITIVE)
def test_finds_events_with_roles_and_newness(
    lang: str, text: str, expected: list[tuple[str, bool, str, str]]
) -> None:
    assert _summary(text, lang) == expected


@pytest.mark.parametrize(("lang", "text"), NEGATED)
def test_negated_or_threatened_actions_are_not_events(lang: str, text: str) -> None:
    assert _summary(text, lang) == []


@pytest.mark.parametrize(("lang", "text"), NOT_ESPIONAGE)
def test_arrests_without_espionage_context_are_not_events(lang: str, text: str) -> None:
    assert _summary(text, lang) == []


@pytest.mark.parametrize(("lang", "text"), BACKGROUND)
def test_background_events_are_not_new(lang: str, text: str) -> None:
    events = detect_events(text, lang, PUBLISHED)
    assert [(e.type, e.new) for e in events] == [("expulsion", False)]


def test_event_fields_name_states_in_english_and_keep_the_evidence() -> None:
    text = "Tschechien hat am Dienstag zwei belarussische Diplomaten ausgewiesen."
    (event,) = detect_events(text, "de", PUBLISHED)
    assert (event.actor, event.target) == ("Czech Republic", "Belarus")
    assert event.count == 2
    assert event.evidence == text
    assert 0.5 < event.confidence <= 0.95


def test_agencies_are_attached_to_the_event() -> None:
    text = "ABW zatrzymała w Warszawie agenta GRU, który szpiegował na rzecz Rosji."
    (event,) = detect_events(text, "pl", PUBLISHED)
    assert event.agencies == ("GRU", "ABW") or set(event.agencies) == {"GRU", "ABW"}
    assert (event.actor_iso, event.target_iso) == ("PL", "RU")


def test_mentions_of_one_event_are_merged_and_headline_counts() -> None:
    text = (
        "Polen weist russischen Diplomaten aus\n\n"
        "Warschau, 5. März 2024 – Polen hat einen russischen Diplomaten ausgewiesen. "
        "Er soll für den Geheimdienst gearbeitet haben."
    )
    events = detect_events(text, "de", None)
    assert [(e.type, e.new, e.actor_iso, e.target_iso) for e in events] == [
        ("expulsion", True, "PL", "RU")
    ]


def test_a_date_more_than_a_week_before_publication_is_background() -> None:
    old = "Am 3. Januar 2024 hatte Polen zwei russische Spione festgenommen."
    fresh = "Am 4. März 2024 hat Polen zwei russische Spione festgenommen."
    assert [e.new for e in detect_events(old, "de", PUBLISHED)] == [False]
    assert [e.new for e in detect_events(fresh, "de", PUBLISHED)] == [True]


def test_dateline_date_stands_in_for_a_missing_publication_date() -> None:
    text = "Oslo, 6. mars 2024 – Norge har utvist tre russiske diplomater. Det skjedde i 2019 også."
    events = detect_events(text, "no", None)
    assert [(e.type, e.new, e.actor_iso) for e in events] == [("expulsion", True, "NO")]


def test_recall_and_closure_are_found() -> None:
    recall = "Die Ukraine hat ihren Botschafter aus Minsk zu Konsultationen zurückgerufen."
    closure = "Polen ordnete die Schließung des russischen Konsulats in Posen an."
    assert [e.type for e in detect_events(recall, "de", PUBLISHED)] == ["recall"]
    (event,) = detect_events(closure, "de", PUBLISHED)
    assert (event.type, event.actor_iso, event.target_iso) == ("closure", "PL", "RU")


def test_norwegian_variants_share_the_lexicon() -> None:
    text = "Noreg har i dag utvist tre russiske diplomatar."
    assert {"no", "nb", "nn"} <= supported_languages()
    assert [e.type for e in detect_events(text, "nn", PUBLISHED)] == ["expulsion"]


def test_unsupported_language_is_a_clear_error() -> None:
    with pytest.raises(ExtractionError, match="'xx' is not supported"):
        detect_events("Suomi karkotti diplomaatteja.", "xx", PUBLISHED)


def test_sentence_splitting_keeps_abbreviations_initials_and_ordinals() -> None:
    text = "Titel ohne Punkt\nAm 16. März wurde Ilona W. festgenommen. Dr. Weber schwieg. Ende."
    assert [s for _, s in split_sentences(text)] == [
        "Titel ohne Punkt",
        "Am 16. März wurde Ilona W. festgenommen.",
        "Dr. Weber schwieg.",
        "Ende.",
    ]


def test_find_countries_and_agencies() -> None:
    text = "Die ФСБ und der BfV: Russland, polnische Behörden und Moskau; dazu Kanada."
    assert find_countries(text, "de") == ("RU", "PL", "CA")
    assert find_agencies(text) == ("FSB", "BfV")


def test_a_target_not_in_the_trigger_s_sentence_comes_from_its_neighbours_or_the_article() -> None:
    neighbour = (
        "Festnahme in Berlin\n\n"
        "Ein Mann wurde am Montag in Berlin festgenommen. "
        "Er soll jahrelang für Russland spioniert haben."
    )
    (event,) = detect_events(neighbour, "de", date(2024, 3, 5))
    assert (event.type, event.actor_iso, event.target_iso) == ("arrest", "DE", "RU")
    article = (
        "Spionage für China: Anklage erhoben\n\n"
        "Die Bundesanwaltschaft hat Anklage gegen einen Mitarbeiter erhoben.\n\n"
        "Er soll Informationen über Drohnen an chinesische Stellen weitergegeben haben."
    )
    events = detect_events(article, "de", date(2024, 3, 5))
    assert {(e.type, e.target_iso) for e in events} == {("charge", "CN")}


def test_an_event_never_has_one_state_on_both_sides() -> None:
    text = (
        "Deutschland hat einen Diplomaten ausgewiesen. "
        "Die Bundesregierung wies am Montag in Berlin einen Diplomaten aus Deutschland aus."
    )
    for event in detect_events(text, "de", date(2024, 3, 5)):
        assert event.actor_iso is None or event.actor_iso != event.target_iso


def test_a_question_reports_no_event() -> None:
    assert detect_events("Hat Deutschland russische Diplomaten ausgewiesen?", "de", PUBLISHED) == []


def test_in_verb_second_order_the_state_after_the_verb_is_the_actor() -> None:
    text = "Am Montag wies Deutschland zwei russische Diplomaten aus."
    (event,) = detect_events(text, "de", PUBLISHED)
    assert (event.type, event.actor_iso, event.target_iso) == ("expulsion", "DE", "RU")


def test_a_day_and_month_soon_after_publication_is_ahead_not_last_year() -> None:
    text = (
        "Die Diplomaten müssen Deutschland bis zum 24. Februar verlassen, teilte das "
        "Auswärtige Amt mit: Berlin weist zwei russische Diplomaten aus."
    )
    events = detect_events(text, "de", date(2024, 1, 23))
    assert [e.new for e in events if e.type == "expulsion"] == [True]


def test_the_dateline_taken_off_the_text_names_the_home_state() -> None:
    text = "Ein Mann wurde wegen Spionage für China festgenommen."
    (event,) = detect_events(text, "de", PUBLISHED, dateline="MOSKAU, 5. März")
    assert (event.actor_iso, event.target_iso) == ("RU", "CN")


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        # A definition or a procedure: no state expelled anyone.
        ("sv", 'Uttrycket persona non grata betyder "icke önskvärd person" och gäller diplomater.'),
        ("ru", "Статус «персона нон грата» означает, что дипломат должен покинуть страну."),
        ("pl", "Wydalenie dyplomaty oznacza, że musi on opuścić Polskę w ciągu kilku dni."),
        # Fiction.
        ("fi", "Kirjailijan romaaneissa venäläisiä vakoojia pidätetään Helsingissä."),
    ],
)
def test_a_definition_or_fiction_tells_no_event(lang: str, text: str) -> None:
    assert detect_events(text, lang, PUBLISHED) == []


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("pt", "Em Moscovo, o porta-voz do Kremlin lamentou as expulsões de diplomatas russos."),
        ("de", "Das Außenministerium in Moskau kritisierte die Ausweisung russischer Diplomaten."),
    ],
)
def test_a_state_reacting_to_an_expulsion_does_not_expel(lang: str, text: str) -> None:
    assert detect_events(text, lang, PUBLISHED) == []


def test_a_negation_at_the_end_of_a_verb_second_clause_governs_the_noun_before() -> None:
    text = "Eine Ausweisung von russischen Diplomaten ordnete die Bundesregierung jedoch nicht an."
    assert detect_events(text, "de", PUBLISHED) == []


def test_a_cover_name_is_no_fiction() -> None:
    text = "Die Polizei nahm am Montag einen russischen Spion fest, der einen fiktiven Namen trug."
    assert [e.type for e in detect_events(text, "de", PUBLISHED)] == ["arrest"]


def test_a_postposition_after_a_state_makes_it_the_side_spied_for() -> None:
    text = (
        "A londoni bíróság szerdán hat bolgár állampolgárt ítélt börtönre az Oroszország "
        "javára végzett kémkedés miatt."
    )
    assert {(e.type, e.target_iso) for e in detect_events(text, "hu", PUBLISHED)} == {
        ("conviction", "RU")
    }


def test_a_home_service_in_the_title_names_where_an_unattributed_arrest_happens() -> None:
    text = (
        "ABW zatrzymała szpiega, Moskwa milczy\n"
        "Mężczyznę zatrzymano we wtorek pod zarzutem szpiegostwa na rzecz Rosji."
    )
    events = detect_events(text, "pl", PUBLISHED)
    assert {(e.type, e.actor_iso, e.target_iso) for e in events} == {("arrest", "PL", "RU")}


def test_an_arrest_whose_sentence_names_no_state_keeps_the_last_named_actor() -> None:
    text = (
        "BERLIN – Die britische Staatsanwaltschaft hat am Montag in London zwei Männer wegen "
        "Spionage für China angeklagt. Beide waren im vergangenen Jahr festgenommen worden."
    )
    arrests = [e for e in detect_events(text, "de", PUBLISHED) if e.evidence.startswith("Beide")]
    assert [(e.type, e.actor_iso) for e in arrests] == [("arrest", "GB")]


def test_a_security_service_arresting_for_a_bribe_reports_no_espionage_event() -> None:
    bribe = (
        "Сотрудники ФСБ задержали заместителя министра. "
        "Он подозревается в получении взятки в особо крупном размере."
    )
    assert detect_events(bribe, "ru", PUBLISHED) == []
    spy = "Сотрудники ФСБ задержали заместителя министра по подозрению в шпионаже."
    assert [e.type for e in detect_events(spy, "ru", PUBLISHED)] == ["arrest"]


OLD_ARREST = "В ноябре 2012 года в Витебске задержали активиста по подозрению в шпионаже."
FRESH_ARREST = "Во вторник в Витебске задержали активиста по подозрению в шпионаже."
CHARGE = "Ему предъявили обвинение в государственной измене."


@pytest.mark.parametrize(
    ("text", "charge_new"),
    [
        (f"{OLD_ARREST} {CHARGE}", False),  # goes on telling the 2012 case
        (f"{FRESH_ARREST} {CHARGE}", True),
        (f"{OLD_ARREST}\n{CHARGE}", True),  # a new paragraph: no time carried over
    ],
)
def test_a_sentence_without_a_time_of_its_own_continues_the_old_event_before_it(
    text: str, charge_new: bool
) -> None:
    events = detect_events(text, "ru", PUBLISHED)
    charges = [e.new for e in events if e.type == "charge"]
    assert charges == [charge_new]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        (
            "pl",
            "We wtorek, w czasie wojny w Ukrainie, ABW zatrzymała mężczyznę podejrzanego o "
            "szpiegostwo na rzecz Rosji.",
        ),
        (
            "ru",
            "Во вторник на фоне войны в Украине ФСБ задержала мужчину по подозрению в "
            "шпионаже в пользу Эстонии.",
        ),
    ],
)
def test_the_state_a_war_is_in_is_no_side_of_the_event(lang: str, text: str) -> None:
    (event,) = detect_events(text, lang, PUBLISHED)
    assert event.actor_iso != "UA"
    assert event.target_iso != "UA"


def test_one_sentence_tells_one_verdict_and_not_the_charge_it_was_on() -> None:
    text = (
        "退役中將林大同被控替中共發展組織，台灣高等法院5日宣判，依違反國家安全法判處"
        "林大同有期徒刑8年，同案的兩名退役軍官也分別被判刑。"
    )
    events = detect_events(text, "zh", PUBLISHED)
    assert [(e.type, e.new, e.actor_iso, e.target_iso) for e in events] == [
        ("conviction", True, "TW", "CN")
    ]


def test_a_charge_in_its_own_sentence_beside_a_verdict_stays() -> None:
    text = (
        "台灣高等法院5日依國家安全法判處退役中將林大同有期徒刑8年。"
        "高檢署去年以國安法起訴林大同等6人，指他們替中共發展組織。"
    )
    events = detect_events(text, "zh", PUBLISHED)
    assert {(e.type, e.new) for e in events} == {("conviction", True), ("charge", False)}


def test_a_tally_since_a_date_is_background() -> None:
    # "since the war began, ABW has detained 30 people": a running count, no fresh arrest
    events = detect_events(
        "Od czasu wybuchu wojny ABW zatrzymała już 30 osób podejrzanych o szpiegostwo "
        "na rzecz Rosji.",
        "pl",
        date(2024, 3, 6),
    )
    assert events
    assert not any(e.new for e in events)


def test_a_season_is_background() -> None:
    # "in spring it only recalled its ambassador", in a December report: months old
    events = detect_events(
        "Slovensko na jar po otrave nevyhostilo žiadneho ruského diplomata, na konzultácie "
        "si len povolalo veľvyslanca z Moskvy.",
        "sk",
        date(2018, 12, 5),
    )
    assert [(e.type, e.new) for e in events if e.type == "recall"] == [("recall", False)]


def test_a_negation_early_in_a_verb_second_clause_negates_its_final_participle() -> None:
    text = (
        "Bern hat im Gegensatz zu den meisten europäischen Hauptstädten bisher keinen "
        "einzigen russischen Diplomaten des Landes verwiesen."
    )
    assert not [e for e in detect_events(text, "de", date(2022, 6, 29)) if e.type == "expulsion"]
