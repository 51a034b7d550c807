"""The one agency table: the bundled file's facts, and a bad file's one clear error."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from nongrata.errors import DataFileError
from nongrata.extractors.agencies import agency_table, parse_table, read_table
from nongrata.extractors.multilingual.mentions import find_agencies
from tests.support.datafile import assert_one_error


def test_the_bundled_table_holds_each_reader_s_names() -> None:
    agencies = {a.id: a for a in agency_table().agencies}
    fsb = agencies["ru-fsb"]
    assert (fsb.name, fsb.short, fsb.country) == ("FSB", "FSB", "RU")
    assert fsb.watchlist is not None
    assert fsb.watchlist.group == "Russia"
    assert fsb.english is not None
    assert "Federal Security Service" in fsb.english.aliases
    assert fsb.multilingual is not None
    assert fsb.multilingual.role == "both"
    assert "ФСБ" in fsb.multilingual.acronyms
    mit = agencies["tr-mit"]
    assert (mit.name, mit.short) == ("MİT", "MIT")
    assert agencies["us-dia"].watchlist is None


def test_multilingual_forms_carry_the_extraction_name() -> None:
    forms = {f.name: f for f in agency_table().multilingual_forms()}
    assert forms["MIT"].acronyms == ("MİT",)
    assert forms["BfV"].iso == "DE"


def _good() -> dict[str, Any]:
    return {
        "agencies": [
            {
                "id": "no-pst",
                "name": "PST",
                "country": "NO",
                "watchlist": {"aliases": ["Police Security Service"], "tags": ["norway"]},
                "english": {"aliases": ["PST"], "context_aliases": [], "descriptors": []},
                "multilingual": {"role": "domestic", "acronyms": ["PST"]},
            }
        ]
    }


def test_a_good_table_parses() -> None:
    (pst,) = parse_table("a.json", _good(), {"NO"}).agencies
    assert pst.watchlist is not None
    assert pst.watchlist.note is None
    assert pst.multilingual is not None
    assert pst.multilingual.names == ""


def _broken(change: str) -> dict[str, Any]:
    raw = _good()
    agency = raw["agencies"][0]
    if change == "bad id":
        agency["id"] = "PST"
    elif change == "unknown country":
        agency["country"] = "XX"
    elif change == "bad role":
        agency["multilingual"]["role"] = "abroad"
    elif change == "no acronyms":
        agency["multilingual"]["acronyms"] = []
        agency["multilingual"].pop("names", None)
    elif change == "bad regex":
        agency["multilingual"]["names"] = "politiets ("
    elif change == "listed twice":
        raw["agencies"].append(copy.deepcopy(agency))
    elif change == "same extraction name":
        other = copy.deepcopy(agency)
        other["id"] = "no-pst2"
        raw["agencies"].append(other)
    elif change == "missing section field":
        del agency["english"]["descriptors"]
    return raw


@pytest.mark.parametrize(
    ("change", "entry", "reason"),
    [
        ("bad id", "agencies[0] (PST)", "'id' must be a lower-case country code"),
        ("unknown country", "agencies[0] (no-pst)", "'XX' is not in the country table"),
        ("bad role", "agencies[0] (no-pst) multilingual", "'role' must be one of"),
        (
            "no acronyms",
            "agencies[0] (no-pst) multilingual",
            "'acronyms' must not be empty without",
        ),
        ("bad regex", "agencies[0] (no-pst) multilingual", "not a regular expression"),
        ("listed twice", "no-pst", "listed twice"),
        ("same extraction name", "no-pst2", "extraction name 'PST' twice"),
        ("missing section field", "agencies[0] (no-pst) english", "missing field 'descriptors'"),
    ],
)
def test_a_bad_entry_is_one_error_naming_file_and_entry(
    change: str, entry: str, reason: str
) -> None:
    source = "extractors/data/agencies.json"
    raw = _broken(change)
    assert_one_error(lambda: parse_table(source, raw, {"NO"}), source, entry, reason)


def test_a_bad_file_is_one_error() -> None:
    with pytest.raises(DataFileError, match=r"^a\.json: line 1: not valid JSON"):
        read_table("{", "a.json", {"NO"})
    with pytest.raises(DataFileError, match="the file: 'agencies' must be a list"):
        parse_table("a.json", {"agencies": {}}, {"NO"})


@pytest.mark.parametrize(
    ("text", "lang", "name"),
    [
        ("Agenți ai Serviciului de Informații și Securitate au reținut un bărbat.", "ro", "SIS"),
        ("Служба информации и безопасности задержала мужчину.", "ru", "SIS"),
        ("Serviciul de Informații Externe a transmis o notă.", "ro", "SIE"),
        ("Fostul ofițer al DIE a fugit în Occident.", "ro", "DIE"),
        ("Bezbednosno-informativna agencija uhapsila je osumnjičenog.", "sr", "BIA"),
        ("Досието му в ДС беше отворено.", "bg", "DS"),
        ("Η ΕΥΠ παρακολουθούσε τον ύποπτο.", "el", "EYP"),
        ("Agenti SOVA so ga aretirali.", "sl", "SOVA"),
        ("Politiets Efterretningstjeneste anholdt en mand.", "da", "PET"),
        ("Forsvarets Efterretningstjeneste advarer.", "da", "FE"),
        ("Etterretningstjenesten har varslet regjeringen.", "nb", "E-tjenesten"),
        ("Er arbeitete für die Stasi und später für die HVA.", "de", "Stasi"),
        ("Spis vedla StB od roku 1975.", "cs", "StB"),
        ("法務部調查局今天移送共諜案。", "zh", "MJIB"),
        ("國安局證實此事。", "zh", "NSB"),
        ("公安調査庁が報告書を公表した。", "ja", "PSIA"),
        ("국정원은 A씨를 체포했다.", "ko", "NIS"),
        ("국군방첩사령부에 따르면", "ko", "DCC"),
        ("정보사 요원이 기밀을 넘겼다.", "ko", "KDIC"),
    ],
)
def test_the_smaller_and_historical_services_are_found(text: str, lang: str, name: str) -> None:
    assert name in find_agencies(text, lang)


@pytest.mark.parametrize(
    ("text", "lang", "name"),
    [
        ("정보사회의 그늘", "ko", "KDIC"),  # an information society
        ("Das chinesische Ministerium für Staatssicherheit", "de", "Stasi"),  # China's MSS
        ("den sovjetiske etterretningstjenesten KGB", "nb", "E-tjenesten"),  # a generic service
        ("菲方表示，调查局将根据调查结果处理。", "zh", "MJIB"),  # the Philippine NBI
    ],
)
def test_generic_names_are_no_service(text: str, lang: str, name: str) -> None:
    assert name not in find_agencies(text, lang)


def test_two_states_services_may_share_a_name_each_found_in_its_own_press() -> None:
    # Slovakia's SIS by its acronym in the Slovak press, Moldova's by its names in Romanian:
    # both are reported as "SIS", each takes the side of its own state in the event
    from nongrata.extractors.multilingual.mentions import find_agencies
    from nongrata.extractors.sides import agency_side, agency_states

    assert find_agencies("Podľa SIS ruskí diplomati vykonávali špionáž.", "sk") == ("SIS",)
    assert find_agencies("Slovenská informačná služba varovala.", "sk") == ("SIS",)
    assert find_agencies("Serviciul de Informații și Securitate a anunțat.", "ro") == ("SIS",)
    assert find_agencies("Ministrul a vorbit despre sis.", "ro") == ()
    assert find_agencies("O SIS colaborou com a Polícia Judiciária.", "pt") == ("SIS",)
    assert agency_states("SIS") >= {"MD", "SK", "PT"}
    assert agency_side("SIS", "SK", "RU") == "actor"
    assert agency_side("SIS", "RU", "MD") == "target"


@pytest.mark.parametrize(
    ("lang", "text", "found"),
    [
        ("cs", "Případ prověřovalo Vojenské zpravodajství.", ("VZ",)),
        ("cs", "Podle ředitele Vojenského zpravodajství jde o agenta.", ("VZ",)),
        ("sk", "Podľa Vojenského spravodajstva ide o ruského agenta.", ("VS",)),
        ("pl", "Zatrzymanie przeprowadziła Służba Wywiadu Wojskowego (SWW).", ("SWW",)),
        ("pl", "Oficer Agencji Wywiadu został odwołany.", ("AW",)),
        ("bg", "Държавна агенция „Разузнаване“ (ДАР) съобщи.", ("DAR",)),
        ("bg", "Военно-информационна служба (ВИС) към министъра на отбраната.", ("VIS",)),
        ("sl", "Obveščevalno varnostna služba (OVS) ministrstva za obrambo.", ("OVS",)),
        ("sr", "Direktor Agencije za nacionalnu bezbjednost je potvrdio.", ("ANB",)),
    ],
)
def test_the_military_and_foreign_services_of_central_europe_and_the_balkans(
    lang: str, text: str, found: tuple[str, ...]
) -> None:
    assert find_agencies(text, lang) == found


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        # a generic "military intelligence" (Russia's) is no state's named service
        ("cs", "Muž pracoval pro ruské vojenské zpravodajství."),
        ("sk", "Ruské vojenské spravodajstvo ho naverbovalo."),
        ("sl", "Ruska obveščevalno-varnostna služba ga je zavrbovala."),
        ("pl", "Rosyjska agencja wywiadu zwerbowała go w Mińsku."),
        # short acronyms that are abbreviations or names of other things
        ("cs", "Útočná puška VZ 58 a vz. 58 z muzea."),
        ("sk", "Platbu s VS 1234 poslal vs. minulý rok."),
        ("pl", "Śmigłowce AW149 i AW 101 dla wojska."),
        ("bg", "Получи дар от дарител."),
        # North Macedonia's ANB has the same Serbian (ekavian) name
        ("sr", "Makedonska Agencija za nacionalnu bezbednost je saopštila."),
    ],
)
def test_no_service_in_generic_names_and_look_alike_abbreviations(lang: str, text: str) -> None:
    assert find_agencies(text, lang) == ()
