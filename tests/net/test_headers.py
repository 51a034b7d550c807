"""Header helpers: content type, accepted types, Retry-After."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from nongrata.net.headers import (
    MAX_RETRY_AFTER_SECONDS,
    is_acceptable_type,
    parse_content_type,
    parse_retry_after,
)

NOW = datetime(2025, 3, 1, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "parsed"),
    [
        (None, (None, None)),
        ("", (None, None)),
        ("text/html", ("text/html", None)),
        ("Text/HTML; Charset=UTF-8", ("text/html", "utf-8")),
        ('application/rss+xml; charset="windows-1251"', ("application/rss+xml", "windows-1251")),
        ("text/xml; foo=bar; charset=koi8-r", ("text/xml", "koi8-r")),
        ("text/plain; charset=", ("text/plain", None)),
    ],
)
def test_parse_content_type(header: str | None, parsed: tuple[str | None, str | None]) -> None:
    assert parse_content_type(header) == parsed


@pytest.mark.parametrize(
    ("mime", "feed", "page"),
    [
        (None, True, True),
        ("application/rss+xml", True, False),
        ("application/x-rss+xml", True, False),
        ("application/atom+xml", True, False),
        ("application/rdf+xml", True, False),
        ("application/xml", True, False),
        ("text/xml", True, False),
        ("application/feed+json", True, False),
        ("application/json", True, False),
        ("text/plain", True, True),
        ("text/html", True, True),
        ("application/xhtml+xml", True, True),
        ("application/octet-stream", True, False),
        ("image/png", False, False),
        ("image/svg+xml", False, False),
        ("video/mp4", False, False),
        ("audio/mpeg", False, False),
        ("application/pdf", False, False),
        ("application/zip", False, False),
        ("application/javascript", False, False),
    ],
)
def test_acceptable_types(mime: str | None, feed: bool, page: bool) -> None:
    assert is_acceptable_type("feed", mime) is feed
    assert is_acceptable_type("page", mime) is page


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        (None, None),
        ("", None),
        ("120", 120.0),
        (" 0 ", 0.0),
        ("-5", None),
        ("soon", None),
        ("1.5", None),
        ("Sat, 01 Mar 2025 12:10:00 GMT", 600.0),
        ("Sat, 01 Mar 2025 11:00:00 GMT", 0.0),
        ("Saturday, 01-Mar-25 12:01:00 GMT", 60.0),  # obsolete RFC 850 form
        ("99999999999", MAX_RETRY_AFTER_SECONDS),
    ],
)
def test_parse_retry_after(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header, now=NOW) == seconds
