from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from nongrata.db import Database, Feed
from nongrata.errors import FeedError
from nongrata.ingest.registry import (
    add_feed,
    default_feed_outlines,
    default_feeds_seeded,
    export_opml,
    import_opml,
    list_feeds,
    parse_opml,
    remove_feed,
    seed_default_feeds,
    seeding_notice,
)


def test_add_list_remove(db: Database) -> None:
    with db.session() as session:
        feed = add_feed(session, "  HTTPS://Feeds.Example.COM/world.xml#top ", title="World")
        assert feed.url == "https://feeds.example.com/world.xml"
    with db.session() as session:
        (health,) = list_feeds(session)
        assert (health.url, health.title, health.consecutive_errors) == (feed.url, "World", 0)
        assert health.last_status is None
        assert health.next_poll_at is None
        remove_feed(session, "https://feeds.example.com/world.xml")
    with db.session() as session:
        assert list_feeds(session) == []


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("ftp://example.com/feed", r"not an http\(s\) URL"),
        ("example.com/feed", r"not an http\(s\) URL"),
        ("http:///feed", "no host"),
        ("http://example.com:99999999/", "not a valid URL"),
        ("http://exa mple.com/", "spaces"),
        ("http://example.com/" + "a" * 3000, "longer than"),
    ],
)
def test_bad_urls_are_refused_clearly(db: Database, url: str, problem: str) -> None:
    with pytest.raises(FeedError, match=problem), db.session() as session:
        add_feed(session, url)


def test_duplicates_are_refused_and_nothing_is_lost(db: Database) -> None:
    with db.session() as session:
        add_feed(session, "https://example.com/feed.xml")
    with pytest.raises(FeedError, match="already registered"), db.session() as session:
        add_feed(session, "https://EXAMPLE.com/feed.xml")
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Feed)) == 1


def test_removing_an_unknown_feed_is_an_error(db: Database) -> None:
    with pytest.raises(FeedError, match="no such feed"), db.session() as session:
        remove_feed(session, "https://nowhere.example/feed")


NESTED_OPML = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>mine</title></head><body>
  <outline text="News">
    <outline text="Europe">
      <outline type="rss" text="Deep" xmlUrl="https://deep.example/rss"/>
    </outline>
    <outline type="rss" title="Titled" text="ignored" xmlUrl="https://titled.example/rss"/>
  </outline>
  <outline type="rss" text="Bad" xmlUrl="gopher://old.example/"/>
  <outline type="rss" text="Top" xmlUrl="https://top.example/rss"/>
  <outline text="not a feed" htmlUrl="https://site.example/"/>
</body></opml>"""


def test_import_reads_nested_outlines_and_reports_the_rest(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "subs.opml"
    path.write_bytes(NESTED_OPML)
    with db.session() as session:
        add_feed(session, "https://top.example/rss")
    with db.session() as session:
        result = import_opml(session, path)
    assert result.added == ["https://deep.example/rss", "https://titled.example/rss"]
    assert result.already_registered == ["https://top.example/rss"]
    assert len(result.invalid) == 1
    assert "gopher://old.example/" in result.invalid[0]
    with db.session() as session:
        titles = {h.url: h.title for h in list_feeds(session)}
    assert titles["https://titled.example/rss"] == "Titled"
    assert titles["https://deep.example/rss"] == "Deep"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "not valid XML"),
        (b"<opml><body><outline xmlUrl='x'>", "not valid XML: line 1"),
        (b"<rss version='2.0'/>", "not an OPML file"),
        (b"<opml><body></body></opml>", "no feeds"),
        (
            b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            b"<opml><body><outline xmlUrl='https://x.example/&b;'/></body></opml>",
            "DTD",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE opml SYSTEM "file:///etc/passwd"><opml><body/></opml>',
            "DTD",
        ),
    ],
)
def test_bad_opml_is_refused_naming_the_file(
    db: Database, tmp_path: Path, content: bytes, problem: str
) -> None:
    path = tmp_path / "bad.opml"
    path.write_bytes(content)
    with pytest.raises(FeedError, match=problem) as caught, db.session() as session:
        import_opml(session, path)
    assert str(path) in str(caught.value)
    with db.session() as session:
        assert list_feeds(session) == []


def test_a_missing_file_is_a_feed_error(db: Database, tmp_path: Path) -> None:
    with pytest.raises(FeedError, match="cannot read"), db.session() as session:
        import_opml(session, tmp_path / "absent.opml")


def test_export_round_trips_through_import(db: Database, tmp_path: Path) -> None:
    with db.session() as session:
        add_feed(session, "https://a.example/rss", title="A & B <news>")
        add_feed(session, "https://b.example/rss?x=1&y=2")
        document = export_opml(session)
    outlines = parse_opml(document.encode(), source="export")
    assert [(o.url, o.title) for o in outlines] == [
        ("https://a.example/rss", "A & B <news>"),
        ("https://b.example/rss?x=1&y=2", "https://b.example/rss?x=1&y=2"),
    ]


def test_default_feeds_are_seeded_once_beside_the_users_own(db: Database) -> None:
    bundled = default_feed_outlines()
    assert len(bundled) >= 120  # the bundled list: tests/ingest/test_bundled_list.py
    assert all(o.url.startswith(("https://", "http://")) for o in bundled)
    with db.session() as session:
        add_feed(session, "https://mine.example/rss")
        add_feed(session, bundled[0].url)  # one of them registered already
        assert not default_feeds_seeded(session)
    with db.session() as session:
        assert seed_default_feeds(session) == len(bundled) - 1
    with db.session() as session:
        assert default_feeds_seeded(session)
        assert seed_default_feeds(session) is None
        assert len(list_feeds(session)) == len(bundled) + 1


def test_removed_default_feeds_are_not_seeded_again(db: Database) -> None:
    with db.session() as session:
        seed_default_feeds(session)
    with db.session() as session:
        for health in list_feeds(session):
            remove_feed(session, health.url)
    with db.session() as session:
        assert seed_default_feeds(session) is None
        assert list_feeds(session) == []


def test_the_seeding_notice_says_what_the_first_run_will_do(db: Database) -> None:
    count = len(default_feed_outlines())
    with db.session() as session:
        notice = seeding_notice(session, enabled=True)
        assert notice is not None
        assert notice.startswith(f"The {count} bundled default feeds will be registered on")
        off = seeding_notice(session, enabled=False)
        assert off is not None
        assert "seed_default_feeds is false" in off
        seed_default_feeds(session)
    with db.session() as session:
        assert seeding_notice(session, enabled=True) is None
        assert seeding_notice(session, enabled=False) is None
