"""The multilingual lexicons: one data file per language, checked on load."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from nongrata.errors import DataFileError
from nongrata.extractors.lexicon_file import LEXICON_DIR, lexicon_paths
from nongrata.extractors.multilingual.extractor import split_sentences
from nongrata.extractors.multilingual.lexicon import (
    LanguageLexicon,
    abbreviations,
    language_aliases,
    lexicon_key,
    lexicon_languages,
    lexicons,
    load_lexicon,
    load_lexicons,
    supported_languages,
)
from nongrata.types import EVENT_TYPES
from tests.support.lexicons import assert_refused, bundled, write_lexicon


def test_the_languages_are_the_files_present() -> None:
    files = {p.stem for p in lexicon_paths()} - {"en"}
    assert lexicon_languages() == files
    assert {"de", "fr", "pl", "ru", "es", "ro", "no"} <= files
    assert dict(language_aliases()) == {"nb": "no", "nn": "no", "bs": "sr", "sh": "sr"}
    assert supported_languages() == files | {"nb", "nn", "bs", "sh"}
    assert (lexicon_key("nn"), lexicon_key("de"), lexicon_key("xx")) == ("no", "de", "xx")


def test_every_bundled_lexicon_is_complete_and_compiles() -> None:
    for code, lex in lexicons().items():
        assert lex.language == code
        assert tuple(lex.triggers) == EVENT_TYPES
        assert len(lex.months) == 12
        assert all((lex.numbers, lex.citizen, lex.authority))
        for patterns in (*lex.triggers.values(), lex.espionage, lex.modal, lex.past):
            for pattern in patterns:
                re.compile(pattern)


def test_every_file_s_abbreviations_split_no_sentence() -> None:
    assert {"dr", "bzw", "płk", "ст", "mme", "sra"} <= abbreviations()
    assert abbreviations() == {a for lex in lexicons().values() for a in lex.abbreviations}
    text = "Płk. Nowak został zatrzymany. Dr. Schmidt wurde festgenommen."
    assert [s for _, s in split_sentences(text)] == [
        "Płk. Nowak został zatrzymany.",
        "Dr. Schmidt wurde festgenommen.",
    ]


def test_a_lexicon_is_frozen() -> None:
    lex = lexicons()["de"]
    with pytest.raises(AttributeError):
        lex.months = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        lex.numbers["hundert"] = 100  # type: ignore[index]
    with pytest.raises(TypeError):
        lex.triggers["arrest"] = ()  # type: ignore[index]


def test_adding_a_language_is_adding_a_file(tmp_path: Path) -> None:
    shutil.copy(LEXICON_DIR / "de.yaml", tmp_path / "de.yaml")
    write_lexicon(tmp_path, "lb", bundled("de") | {"aliases": ["ltz"]})
    found = load_lexicons(sorted(tmp_path.glob("*.yaml")))
    assert set(found) == {"de", "lb"}
    assert found["lb"].aliases == ("ltz",)
    assert found["lb"].triggers == lexicons()["de"].triggers


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"colour": "red"}, r"colour: unknown key"),
        ({"triggers": {"kidnapping": ["x"]}}, r"triggers\.kidnapping: unknown event type"),
        ({"triggers": {"arrest": None}}, r"triggers\.arrest: must be a non-empty list"),
        ({"espionage": "spion"}, r"espionage: must be a non-empty list"),
        ({"modal": ["droh\\w*", "(?:unclosed"]}, r"modal\[1\]: regular expression"),
        ({"months": ["januar"]}, r"months: must hold twelve patterns"),
        ({"negation_after": "ja"}, r"negation_after: must be true or false"),
        ({"numbers": {"zwei": "2"}}, r"numbers\.zwei: must map a word to a whole number"),
        ({"beneficiary": ["für"]}, r"beneficiary: must be a non-empty string"),
        ({"month_prefix": "(?:im"}, r"month_prefix: regular expression"),
        ({"aliases": "lux"}, r"aliases: must be a non-empty list"),
        ({"abbreviations": ["Dr"]}, r"abbreviations: must be lower-case words without"),
        ({"abbreviations": ["z. b"]}, r"abbreviations: must hold single words"),
        ({"places": {"XX": {"names": "x"}}}, r"places\.XX: not an ISO 3166 code"),
        ({"places": {"RU": {"adjectives": "russisch"}}}, r"places\.RU: must be a mapping with"),
        ({"places": {"RU": {"names": "r", "capital": "m"}}}, r"places\.RU\.capital: unknown"),
        ({"places": {"RU": {"names": "russ("}}}, r"places\.RU\.names: regular expression"),
        ({"agencies": {"ru-kgb": "kgb"}}, r"agencies\.ru-kgb: not an agency id"),
        ({"boundaries": "letters"}, r"boundaries: must be one of: words, start, none"),
        ({"prefixes": "(?:"}, r"prefixes: regular expression"),
        ({"verb_final": "yes"}, r"verb_final: must be true or false"),
        ({"home": "pl"}, r"home: must be an ISO 3166 code"),
    ],
)
def test_a_bad_entry_is_one_error_naming_the_file_and_the_entry(
    tmp_path: Path, change: dict[str, object], message: str
) -> None:
    data = bundled("de")
    if "triggers" in change:
        data["triggers"] = data["triggers"] | change.pop("triggers")
    assert_refused(load_lexicon, write_lexicon(tmp_path, "xx", data | change), message)


def test_a_missing_event_type_or_entry_is_named(tmp_path: Path) -> None:
    data = bundled("de")
    del data["triggers"]["closure"]
    assert_refused(load_lexicon, write_lexicon(tmp_path, "xx", data), r"triggers\.closure: missing")
    data = bundled("de")
    del data["people"]
    assert_refused(load_lexicon, write_lexicon(tmp_path, "xx", data), r"people: missing")


def test_an_alias_is_read_as_one_language_only(tmp_path: Path) -> None:
    first = write_lexicon(tmp_path, "aa", bundled("de") | {"aliases": ["zz"]})
    second = write_lexicon(tmp_path, "bb", bundled("de") | {"aliases": ["zz"]})
    with pytest.raises(DataFileError, match=r"bb\.yaml: aliases: 'zz' is already read as 'aa'"):
        load_lexicons([first, second])
    third = write_lexicon(tmp_path, "zz", bundled("de"))
    with pytest.raises(DataFileError, match=r"aa\.yaml: aliases: 'zz' has its own file"):
        load_lexicons([first, third])
    own = write_lexicon(tmp_path, "cc", bundled("de") | {"aliases": ["en"]})
    with pytest.raises(DataFileError, match=r"cc\.yaml: aliases: 'en' is already read as 'en'"):
        load_lexicons([own])


def test_a_language_s_word_boundaries_decide_where_a_pattern_matches(tmp_path: Path) -> None:
    def lexicon(**change: object) -> LanguageLexicon:
        return load_lexicon(write_lexicon(tmp_path, "xx", bundled("de") | change))

    def found(lex: LanguageLexicon, text: str) -> list[str]:
        return re.findall(lex.wrap(("spion",)), text)

    assert found(lexicon(), "Spion, Spione, Oberspion") == []
    assert found(lexicon(), "ein spion.") == ["spion"]
    assert found(lexicon(boundaries="start"), "spionin, oberspion") == ["spion"]
    assert found(lexicon(boundaries="none"), "oberspionin") == ["spion"]
    assert lexicon(boundaries="none").spaced is False
    assert found(lexicon(prefixes="wa|bi"), "waspion bispion xspion") == ["waspion", "bispion"]


def test_a_language_s_places_and_agencies_are_read_from_its_file() -> None:
    polish = lexicons()["pl"]
    assert polish.places["RU"].names.startswith("rosj")
    assert polish.places["RU"].cities is not None
    assert all(iso.isupper() and len(iso) == 2 for lex in lexicons().values() for iso in lex.places)


def test_a_former_state_has_places_of_its_own() -> None:
    # A Cold War case is the Soviet Union's, not Russia's: SU is a place code a lexicon takes.
    from nongrata.extractors.multilingual.mentions import find_mentions

    found = {(m.text, m.iso) for m in find_mentions("Sovjetunionen utviste sovjetiske", "no")}
    assert found == {("Sovjetunionen", "SU"), ("sovjetiske", "SU")}
    assert "SU" in lexicons()["de"].places
