"""Finding watchlist entries in articles and events."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nongrata.settings import bundled_watchlists_dir
from nongrata.types import WatchlistHit
from nongrata.watchlists import Watchlists, load_watchlists, match_event

AGENCIES = """kind: agencies
entries:
  - id: cz-bis
    name: BIS
    aliases: [Security Information Service, Bezpečnostní informační služba]
    country: CZ
    tags: [czech-republic]
  - id: gb-sis
    name: MI6
    aliases: [SIS, Secret Intelligence Service]
    country: GB
  - id: md-sis
    name: SIS
    aliases: [Moldovan Intelligence and Security Service]
    country: MD
  - id: no-pst
    name: PST
    country: "NO"
  - id: ru-fsb
    name: FSB
    aliases: [ФСБ, Federal Security Service]
    country: RU
"""
COUNTRIES = """kind: countries
entries:
  - id: gq
    name: Equatorial Guinea
    country: GQ
  - id: gn
    name: Guinea
    aliases: [Guinean]
    country: GN
  - id: tr
    name: Turkey
    aliases: [Turkish]
    country: TR
  - id: md
    name: Moldova
    aliases: [Moldovan]
    country: MD
  - id: gb
    name: United Kingdom
    aliases: [UK, British]
    country: GB
  - id: ru
    name: Russia
    aliases: [Russian]
    country: RU
  - id: by
    name: Belarus
    aliases: [Belarusian]
    country: BY
"""
PERSONS = """kind: persons
entries:
  - id: skripal-sergei
    name: Sergei Skripal
    country: RU
    tags: [gru]
  - id: lukashenko-alexander
    name: Alexander Lukashenko
    aliases: [Lukashenko]
    country: BY
  - id: dukshta-mikalai
    name: Mikalai Dukshta
    country: BY
"""


@pytest.fixture
def watchlists(tmp_path: Path) -> Watchlists:
    for name, text in (("agencies", AGENCIES), ("countries", COUNTRIES), ("persons", PERSONS)):
        tmp_path.joinpath(f"{name}.yaml").write_text(text, encoding="utf-8")
    return load_watchlists(tmp_path)


def found(hits: list[WatchlistHit], kind: str) -> dict[str, WatchlistHit]:
    return {h.entry_id: h for h in hits if h.list == kind}


def test_acronyms_match_only_in_capitals(watchlists: Watchlists) -> None:
    text = "The BIS said so. Also a bis repetition, a Pst! and PSTs, but PST warned."
    hits = found(watchlists.find(text), "agencies")
    assert set(hits) == {"cz-bis", "no-pst"}
    assert hits["cz-bis"].text == "BIS"


def test_names_match_in_any_case_when_written_as_names(watchlists: Watchlists) -> None:
    hits = found(watchlists.find("officers of the FEDERAL SECURITY SERVICE and ФСБ"), "agencies")
    assert hits["ru-fsb"].text == "FEDERAL SECURITY SERVICE"
    assert found(watchlists.find("we ate turkey"), "countries") == {}
    assert "tr" in found(watchlists.find("Turkey said"), "countries")


def test_names_in_their_own_language(watchlists: Watchlists) -> None:
    text = "Bezpečnostní informační služba varovala."
    assert found(watchlists.find(text), "agencies")["cz-bis"].score == 1.0


def test_the_longest_alias_wins(watchlists: Watchlists) -> None:
    hits = found(watchlists.find("Equatorial Guinea expelled a diplomat."), "countries")
    assert set(hits) == {"gq"}


def test_demonyms_name_their_country(watchlists: Watchlists) -> None:
    hits = found(watchlists.find("a Belarusian diplomat and Russian spies"), "countries")
    assert set(hits) == {"by", "ru"}


def test_a_shared_alias_goes_to_the_country_named_next_to_it(watchlists: Watchlists) -> None:
    text = "The UK is far away. Since leaving Moldova's SIS service, he travelled."
    hits = found(watchlists.find(text), "agencies")
    assert set(hits) == {"md-sis"}
    assert hits["md-sis"].score == 0.9
    assert "next to MD" in hits["md-sis"].reason


def test_a_shared_alias_without_context_is_ambiguous(watchlists: Watchlists) -> None:
    hits = found(watchlists.find("The SIS declined to comment."), "agencies")
    assert set(hits) == {"gb-sis", "md-sis"}
    assert all(h.score == 0.5 and "ambiguous" in h.reason for h in hits.values())


def test_persons_in_running_text(watchlists: Watchlists) -> None:
    text = (
        "Belarusian President Aliaksandr Lukashenka met Nikolai Dukshta. "
        "Later S. Skripal said nothing."
    )
    hits = found(watchlists.find(text), "persons")
    assert set(hits) == {"lukashenko-alexander", "dukshta-mikalai", "skripal-sergei"}
    assert hits["lukashenko-alexander"].text == "Aliaksandr Lukashenka"
    assert "given-name variant" in hits["dukshta-mikalai"].reason
    assert hits["skripal-sergei"].tags == ("gru",)


def test_a_son_is_not_matched_as_his_father(watchlists: Watchlists) -> None:
    text = "Viktor Lukashenko and Yulia Skripal attended."
    assert found(watchlists.find(text), "persons") == {}


def test_a_one_word_alias_matches_only_standing_alone(watchlists: Watchlists) -> None:
    hits = found(watchlists.find("President Lukashenko's decree"), "persons")
    assert hits["lukashenko-alexander"].score == 1.0
    assert found(watchlists.find("Dmitry Lukashenko, his son"), "persons") == {}


def test_persons_in_cyrillic_text(watchlists: Watchlists) -> None:
    hits = found(watchlists.find("Сергей Скрипаль был отравлен."), "persons")
    assert hits["skripal-sergei"].text == "Сергей Скрипаль"


def test_a_name_asked_twice_gets_the_same_hits(watchlists: Watchlists) -> None:
    first = watchlists.match_person("Aliaksandr Lukashenka")
    assert [h.entry_id for h in first] == ["lukashenko-alexander"]
    first.clear()  # the caller's list, not the remembered one
    again = watchlists.match_person("Aliaksandr Lukashenka")
    assert [h.entry_id for h in again] == ["lukashenko-alexander"]
    assert watchlists.match_person("Quentin Blake") == []
    text = "Sergei Skripal met Mikalai Dukshta."
    assert watchlists.find(text) == watchlists.find(text)


def test_extracted_names_and_codes(watchlists: Watchlists) -> None:
    hits = watchlists.find(
        "", persons=["Serhiy Skrypal"], agencies=["Federal Security Service"], countries=["BY"]
    )
    assert [(h.list, h.entry_id) for h in hits] == [
        ("agencies", "ru-fsb"),
        ("persons", "skripal-sergei"),
        ("countries", "by"),
    ]
    assert hits[2].reason == "country code BY"
    assert json.dumps([h.to_json() for h in hits], ensure_ascii=False)


def test_one_hit_per_entry_the_best(watchlists: Watchlists) -> None:
    hits = watchlists.find("Sergei Skripal, also S. Skripal", persons=["Sergei Skripal"])
    persons = [h for h in hits if h.list == "persons"]
    assert len(persons) == 1
    assert persons[0].score == 1.0


def test_entity_patterns_cover_every_alias(watchlists: Watchlists) -> None:
    patterns = watchlists.entity_patterns()
    assert {"label": "ORG", "pattern": "ФСБ", "id": "ru-fsb"} in patterns
    assert {"label": "PERSON", "pattern": "Lukashenko", "id": "lukashenko-alexander"} in patterns
    assert {"label": "GPE", "pattern": "Moldova", "id": "md"} in patterns
    assert {"label": "NORP", "pattern": "Moldovan", "id": "md"} in patterns
    total = sum(len(e.all_names) for _, e in watchlists.entries)
    assert len(patterns) == total


def test_entries_by_kind_id_tag_and_country(watchlists: Watchlists) -> None:
    entries = watchlists.entries
    assert [e.id for e in entries.persons][:1] == ["skripal-sergei"]
    assert entries.get("ru-fsb") is not None
    assert entries.get("nope") is None
    assert [e.id for e in entries.with_tag("gru")] == ["skripal-sergei"]
    assert {e.id for e in entries.with_country("MD")} == {"md-sis", "md"}
    source = entries.source("agencies", "no-pst")
    assert source is not None
    assert source.line == 16
    assert len(entries) == 15


def test_match_event_says_which_entries_an_event_touches(watchlists: Watchlists) -> None:
    hits = match_event(
        watchlists,
        persons=["Nikolai Dukshta", "Michal Koudelka"],
        agencies=["SIS", "FSB"],
        actor_iso="GB",
        target_iso="BY",
    )
    assert [(h.list, h.entry_id) for h in hits] == [
        ("agencies", "ru-fsb"),
        ("agencies", "gb-sis"),  # SIS is shared with Moldova: the actor state decides
        ("persons", "dukshta-mikalai"),
        ("countries", "by"),
        ("countries", "gb"),
    ]
    assert [h.score for h in hits][:2] == [1.0, 0.8]
    assert {h.reason for h in hits if h.list == "countries"} == {
        "actor state GB",
        "target state BY",
    }
    assert match_event(watchlists) == []


def test_the_seed_stories_find_their_people_and_agencies(shared_dir: Path) -> None:
    watchlists = load_watchlists(bundled_watchlists_dir())
    listed_persons = {e.name for e in watchlists.entries.persons}
    listed_agencies = {e.name for e in watchlists.entries.agencies}
    labels = shared_dir / "seeds" / "labels.jsonl"
    for line in labels.read_text(encoding="utf-8").splitlines():
        label = json.loads(line)
        text = (shared_dir / "seeds" / "articles" / f"{label['id']}.txt").read_text()
        hits = watchlists.find(text)
        persons = {h.entry for h in hits if h.list == "persons"}
        agencies = {h.entry for h in hits if h.list == "agencies" and h.score >= 0.8}
        assert set(label["persons"]) & listed_persons <= persons, label["id"]
        assert set(label["agencies"]) & listed_agencies <= agencies, label["id"]


def test_the_bundled_countries_list_watches_a_few_states() -> None:
    bundled = load_watchlists(bundled_watchlists_dir())
    watched = {e.country for e in bundled.entries.with_tag("watched", "countries")}
    assert watched == {"RU", "BY", "CN", "IR", "KP"}
    assert len(bundled.entries.countries) > 150  # every state is listed, for tag filters
    assert not bundled.watches_every_country
    hits = found(match_event(bundled, actor_iso="CZ", target_iso="BY"), "countries")
    assert "watched" in hits["by"].tags
    assert "watched" not in hits["cz"].tags
    assert "nato" in hits["cz"].tags


def test_a_countries_list_that_marks_none_watches_every_state(watchlists: Watchlists) -> None:
    assert watchlists.watches_every_country
    hits = found(match_event(watchlists, actor_iso="GB", target_iso="BY"), "countries")
    assert all("watched" in h.tags for h in hits.values())
    assert set(hits) == {"gb", "by"}
