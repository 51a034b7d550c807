from __future__ import annotations

import pytest

from nongrata.ingest.urls import canonical_url


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        (
            "https://news.example.com/a/b?utm_source=rss&utm_medium=feed&id=3",
            "https://news.example.com/a/b?id=3",
        ),
        ("https://news.example.com/a?fbclid=IwAR0abc", "https://news.example.com/a"),
        ("https://news.example.com/a?gclid=xyz&page=2", "https://news.example.com/a?page=2"),
        ("HTTPS://News.Example.COM/Path", "https://news.example.com/Path"),
        ("http://example.com:80/x", "http://example.com/x"),
        ("https://example.com:443/x", "https://example.com/x"),
        ("http://example.com:8080/x", "http://example.com:8080/x"),
        ("https://example.com/a#comments", "https://example.com/a"),
        ("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"),
        ("https://example.com/a/./b/../c", "https://example.com/a/c"),
        ("https://example.com", "https://example.com/"),
        ("  https://example.com/padded  ", "https://example.com/padded"),
    ],
)
def test_canonical_form(link: str, expected: str) -> None:
    assert canonical_url(link) == expected


def test_two_tracking_variants_of_one_article_share_a_key() -> None:
    a = canonical_url("https://example.com/story/1?utm_source=twitter&utm_campaign=x")
    b = canonical_url("https://EXAMPLE.com/story/1?fbclid=abc#top")
    assert a == b == "https://example.com/story/1"


def test_different_articles_keep_different_keys() -> None:
    assert canonical_url("https://example.com/story?id=1") != canonical_url(
        "https://example.com/story?id=2"
    )


@pytest.mark.parametrize(
    ("link", "base", "expected"),
    [
        ("/news/1", "http://127.0.0.1:8000/feeds/world.xml", "http://127.0.0.1:8000/news/1"),
        ("item/2", "http://127.0.0.1:8000/feeds/world.xml", "http://127.0.0.1:8000/feeds/item/2"),
        ("../up", "https://example.com/a/b/feed", "https://example.com/a/up"),
        ("//cdn.example.com/x", "https://example.com/feed", "https://cdn.example.com/x"),
        ("https://other.example/x", "https://example.com/feed", "https://other.example/x"),
    ],
)
def test_relative_links_resolve_against_the_feed(link: str, base: str, expected: str) -> None:
    assert canonical_url(link, base) == expected


@pytest.mark.parametrize(
    "link",
    [
        None,
        "",
        "   ",
        "mailto:desk@example.com",
        "javascript:alert(1)",
        "ftp://example.com/file",
        "data:text/html,hi",
        "http://",
        "http://example.com:notaport/",
        "relative/without/base",
    ],
)
def test_non_http_links_have_no_canonical_url(link: str | None) -> None:
    assert canonical_url(link) is None
