from __future__ import annotations

from datetime import UTC, datetime

from nongrata.ingest.feeds import (
    GUID_KEY_PREFIX,
    HTML_AS_FEED,
    html_to_text,
    parse_feed,
)

FEED_URL = "http://127.0.0.1:8000/feeds/world.xml"


def rss(items: str, *, title: str = "World news") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>{title}</title><link>http://127.0.0.1:8000/</link>{items}</channel></rss>"
    ).encode()


def test_a_well_formed_rss_feed() -> None:
    body = rss(
        "<item><title>Czechia expels two Russian diplomats</title>"
        "<link>http://127.0.0.1:8000/news/1?utm_source=rss</link>"
        "<guid isPermaLink='false'>news-1</guid>"
        "<description>&lt;p&gt;Prague &lt;b&gt;ordered&lt;/b&gt; them out.&lt;/p&gt;"
        "&lt;p&gt;Second paragraph.&lt;/p&gt;</description>"
        "<pubDate>Tue, 10 Jun 2025 04:00:00 +0200</pubDate>"
        "<author>desk@example.com (Foreign desk)</author></item>"
    )
    parsed = parse_feed(body, url=FEED_URL, content_type="application/rss+xml")
    assert parsed.problem is None
    assert parsed.is_feed
    assert parsed.title == "World news"
    (entry,) = parsed.entries
    assert entry.link == "http://127.0.0.1:8000/news/1?utm_source=rss"
    assert entry.canonical_url == "http://127.0.0.1:8000/news/1"
    assert entry.key == entry.canonical_url
    assert entry.guid == "news-1"
    assert entry.title == "Czechia expels two Russian diplomats"
    assert entry.summary == "Prague ordered them out.\nSecond paragraph."
    assert entry.published == datetime(2025, 6, 10, 2, 0, tzinfo=UTC)
    assert entry.author == "desk@example.com (Foreign desk)"


def test_an_atom_feed_with_relative_links_and_no_dates() -> None:
    body = (
        b'<?xml version="1.0" encoding="utf-8"?>'
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title>'
        b"<id>urn:x</id>"
        b'<entry><title>One</title><link href="/articles/one"/><id>urn:one</id>'
        b'<summary type="html">&lt;script&gt;bad()&lt;/script&gt;Text</summary></entry>'
        b"</feed>"
    )
    parsed = parse_feed(body, url=FEED_URL, content_type="application/atom+xml")
    (entry,) = parsed.entries
    assert entry.canonical_url == "http://127.0.0.1:8000/articles/one"
    assert entry.published is None
    assert entry.summary == "Text"


def test_entries_without_a_link_are_kept_under_their_guid() -> None:
    body = rss("<item><title>No link</title><guid isPermaLink='false'>abc-123</guid></item>")
    parsed = parse_feed(body, url=FEED_URL, content_type="application/rss+xml")
    (entry,) = parsed.entries
    assert entry.link is None
    assert entry.canonical_url is None
    assert entry.key.startswith(GUID_KEY_PREFIX + FEED_URL + "#")
    assert entry.key.endswith("abc-123")


def test_a_permalink_guid_serves_as_the_link() -> None:
    body = rss("<item><title>Guid only</title><guid>http://127.0.0.1:8000/p/9</guid></item>")
    (entry,) = parse_feed(body, url=FEED_URL, content_type="text/xml").entries
    assert entry.link == "http://127.0.0.1:8000/p/9"
    assert entry.key == "http://127.0.0.1:8000/p/9"


def test_entries_with_neither_link_nor_guid_are_dropped_with_a_reason() -> None:
    body = rss(
        "<item><title>Orphan</title><description>x</description></item>"
        "<item><title>Kept</title><link>http://127.0.0.1:8000/k</link></item>"
    )
    parsed = parse_feed(body, url=FEED_URL, content_type="application/rss+xml")
    assert [e.title for e in parsed.entries] == ["Kept"]
    (dropped,) = parsed.dropped
    assert dropped.reason == "no-link-or-guid"
    assert "Orphan" in dropped.detail


def test_a_mailto_link_without_guid_is_dropped() -> None:
    body = rss("<item><title>Mail</title><link>mailto:desk@example.com</link></item>")
    parsed = parse_feed(body, url=FEED_URL, content_type="application/rss+xml")
    assert parsed.entries == ()
    assert parsed.dropped[0].reason == "no-link-or-guid"


def test_the_same_article_twice_in_one_feed_is_one_entry() -> None:
    body = rss(
        "<item><title>A</title><link>http://127.0.0.1:8000/a?utm_source=x</link></item>"
        "<item><title>A again</title><link>http://127.0.0.1:8000/a?fbclid=y</link></item>"
    )
    parsed = parse_feed(body, url=FEED_URL, content_type="application/rss+xml")
    assert [e.key for e in parsed.entries] == ["http://127.0.0.1:8000/a"]


def test_an_ill_formed_feed_that_still_yields_entries_is_used_with_the_problem() -> None:
    body = rss(
        "<item><title>Broken &amp no semicolon</title>"
        "<link>http://127.0.0.1:8000/b</link></item><unclosed>"
    )
    parsed = parse_feed(body, url=FEED_URL, content_type="application/rss+xml")
    assert parsed.problem is not None
    assert [e.canonical_url for e in parsed.entries] == ["http://127.0.0.1:8000/b"]
    assert parsed.is_feed


def test_html_served_as_a_feed() -> None:
    body = b"<!DOCTYPE html><html><head><title>Home</title></head><body><p>Hi</p></body></html>"
    parsed = parse_feed(body, url=FEED_URL, content_type="text/html")
    assert parsed.problem == HTML_AS_FEED
    assert not parsed.is_feed
    # Sniffed from the body as well, whatever the server claims.
    assert parse_feed(body, url=FEED_URL, content_type="application/xml").problem == HTML_AS_FEED


def test_garbage_and_empty_bodies_are_not_feeds() -> None:
    assert not parse_feed(b"", url=FEED_URL).is_feed
    assert parse_feed(b"   ", url=FEED_URL).problem == "empty body"
    garbage = parse_feed(b"\x00\x01 not xml at all {", url=FEED_URL, content_type="text/xml")
    assert not garbage.is_feed
    assert garbage.problem


def test_control_characters_never_reach_the_text() -> None:
    body = rss(
        "<item><title>Nul\x01 title</title><link>http://127.0.0.1:8000/c</link>"
        "<description>a\x0bb</description></item>"
    )
    (entry,) = parse_feed(body, url=FEED_URL, content_type="application/rss+xml").entries
    assert "\x01" not in (entry.title or "")
    assert "\x0b" not in (entry.summary or "")


def test_a_body_that_looks_like_a_file_name_is_never_opened() -> None:
    parsed = parse_feed(b"/etc/passwd", url=FEED_URL, content_type="text/xml")
    assert parsed.entries == ()
    assert not parsed.is_feed


def test_html_to_text() -> None:
    assert html_to_text("<p>One</p><p>Two <i>three</i></p>") == "One\nTwo three"
    assert html_to_text("plain &amp; simple") == "plain & simple"
    assert html_to_text("<style>x{}</style>  ") is None
    assert html_to_text(None) is None
