"""Feeds' tags (country, language, kind, source) through OPML import and export, and the
bundled sources selected by them (``feeds add --country``, ``feeds sources``)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from nongrata.db import Database, open_database
from nongrata.errors import FeedError
from nongrata.ingest.registry import add_feed, export_opml, import_opml, list_feeds, parse_opml
from nongrata.ingest.sources import (
    SourceFilter,
    add_bundled,
    bundled_outlines,
    list_bundled,
    seed_on_first_use,
)
from nongrata.settings import Settings

TAGGED = (
    '<opml version="2.0"><body>'
    '<outline text="PAP" xmlUrl="https://a.example/rss" country="pl" language="PL"'
    ' kind="Agency" source="https://a.example/rss-page"/>'
    '<outline text="Plain" xmlUrl="https://b.example/rss"/>'
    '<outline text="Bad" xmlUrl="https://c.example/rss" country="Poland"/>'
    '<outline text="Odd" xmlUrl="https://d.example/rss" kind="blog"/>'
    "</body></opml>"
)


def test_import_keeps_the_tags_and_export_writes_them(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "tagged.opml"
    path.write_text(TAGGED)
    with db.session() as session:
        result = import_opml(session, path)
    assert result.added == ["https://a.example/rss", "https://b.example/rss"]
    assert result.invalid == [
        "https://c.example/rss: country 'Poland': not a two-letter ISO 3166-1 code (e.g. PL)",
        "https://d.example/rss: kind 'blog': not one of agency, outlet, ministry, prosecutor,"
        " service",
    ]
    with db.session() as session:
        tagged, plain = list_feeds(session)
        document = export_opml(session)
    assert (tagged.country, tagged.language, tagged.kind, tagged.source) == (
        "PL",
        "pl",
        "agency",
        "https://a.example/rss-page",
    )
    assert (plain.country, plain.language, plain.kind, plain.source) == (None,) * 4
    (again, untagged) = parse_opml(document.encode(), source="export")
    assert (again.country, again.language, again.kind) == ("PL", "pl", "agency")
    assert again.source == "https://a.example/rss-page"
    assert untagged.country is None
    assert "country=" not in document.split("https://b.example/rss")[1].split("/>")[0]


def test_a_registered_feed_gains_the_tags_it_lacks_and_keeps_its_own(
    db: Database, tmp_path: Path
) -> None:
    with db.session() as session:
        add_feed(session, "https://a.example/rss", title="Mine")
    path = tmp_path / "tagged.opml"
    path.write_text(TAGGED)
    with db.session() as session:
        result = import_opml(session, path)
        assert result.already_registered == ["https://a.example/rss"]
    path.write_text(
        '<opml version="2.0"><body><outline text="x" xmlUrl="https://a.example/rss"'
        ' country="CZ" language="cs" kind="outlet" source="elsewhere"/></body></opml>'
    )
    with db.session() as session:
        import_opml(session, path)
        feed = next(f for f in list_feeds(session) if f.url == "https://a.example/rss")
    assert (feed.title, feed.country, feed.kind) == ("Mine", "PL", "agency")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"countries": ["POL"]}, "country 'POL': not a two-letter ISO 3166-1 code (e.g. PL)"),
        ({"languages": ["polish"]}, "language 'polish': not a two-letter ISO 639-1 code"),
        ({"kinds": ["newspaper"]}, "kind 'newspaper': not one of agency, outlet"),
    ],
)
def test_a_bad_filter_is_named(args: dict[str, list[str]], message: str) -> None:
    with pytest.raises(FeedError, match=message.replace("(", r"\(").replace(")", r"\)")):
        SourceFilter.of(**args)


def test_add_bundled_registers_the_matching_sources_once(db: Database) -> None:
    wanted = SourceFilter.of(countries=["pl"], kinds=["agency,outlet"])
    expected = {
        o.url for o in bundled_outlines() if o.country == "PL" and o.kind in {"agency", "outlet"}
    }
    assert len(expected) >= 3
    with db.session() as session:
        first = add_bundled(session, wanted)
        second = add_bundled(session, wanted)
        feeds = list_feeds(session)
    assert set(first.added) == expected
    assert second.added == []
    assert set(second.already_registered) == expected
    assert {f.country for f in feeds} == {"PL"}
    assert all(f.source for f in feeds)


def test_add_bundled_needs_a_filter_that_matches(db: Database) -> None:
    with db.session() as session, pytest.raises(FeedError, match="give a country"):
        add_bundled(session, SourceFilter.of())
    with db.session() as session, pytest.raises(FeedError, match="no bundled source for"):
        add_bundled(session, SourceFilter.of(countries=["AQ"]))


def test_list_bundled_groups_by_country_and_says_what_is_registered(db: Database) -> None:
    with db.session() as session:
        add_bundled(session, SourceFilter.of(countries=["UA"], kinds=["outlet"]))
        groups = list_bundled(session, SourceFilter.of(languages=["uk", "cs"]))
    assert list(groups) == ["CZ", "UA"]
    assert all(s.outline.language in {"uk", "cs"} for g in groups.values() for s in g)
    assert all(s.registered for s in groups["UA"] if s.outline.kind == "outlet")
    assert not any(s.registered for s in groups["CZ"])


def test_two_commands_opening_a_fresh_database_together_register_the_list_once(
    db_url: str, make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings(database_url=db_url, seed_default_feeds=True)
    bases = [open_database(db_url) for _ in range(2)]
    start = threading.Barrier(len(bases))
    results: list[int | None] = []
    errors: list[BaseException] = []

    def first_use(base: Database) -> None:
        start.wait()
        try:
            results.append(seed_on_first_use(base, settings))
        except BaseException as exc:  # reported below, with the test's failure
            errors.append(exc)

    threads = [threading.Thread(target=first_use, args=(base,)) for base in bases]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        added = [n for n in results if n is not None]
        assert added == [len(bundled_outlines())]  # one registered them, the other found that
        with bases[0].session() as session:
            assert len(list_feeds(session)) == len(bundled_outlines())
        assert seed_on_first_use(bases[0], settings) is None  # never again
    finally:
        for base in bases:
            base.dispose()


def test_no_registration_with_seeding_off(
    db: Database, make_settings: Callable[..., Settings]
) -> None:
    assert seed_on_first_use(db, make_settings(seed_default_feeds=False)) is None
    with db.session() as session:
        assert list_feeds(session) == []
