"""Pure helpers for response headers: content type, charset, Retry-After, accepted types."""

from __future__ import annotations

import email.utils
from datetime import UTC, datetime
from typing import Literal

FetchKind = Literal["feed", "page"]

# Retry-After values beyond this are treated as this (a server cannot park a feed for years;
# the backoff policy caps the delay again at backoff_max_seconds).
MAX_RETRY_AFTER_SECONDS = 30 * 86_400.0

_PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
_FEED_TYPES = frozenset(
    {"application/json", "application/octet-stream", "text/plain", "text/html", "text/xml"}
)
_FEED_SUBTYPE_MARKERS = ("xml", "rss", "atom", "rdf", "json")


def parse_content_type(value: str | None) -> tuple[str | None, str | None]:
    """``(mime type, charset)`` of a Content-Type header, both lowercase; None when absent."""
    if value is None:
        return None, None
    raw_mime, _, params = value.partition(";")
    mime = raw_mime.strip().lower() or None
    charset: str | None = None
    for param in params.split(";"):
        key, _, raw = param.partition("=")
        if key.strip().lower() == "charset":
            charset = raw.strip().strip("'\"").lower() or None
    return mime, charset


def is_acceptable_type(kind: FetchKind, mime: str | None) -> bool:
    """Whether a body of type ``mime`` can be used as a ``kind`` (None: no header, accepted).

    Feeds: any XML, RSS, Atom, RDF or JSON type (JSON Feed), ``text/*`` and
    ``application/octet-stream``; ``text/html`` passes so that the feed parser can record
    "HTML served as a feed". Pages: ``text/html``, ``application/xhtml+xml``, ``text/plain``.
    """
    if mime is None:
        return True
    if kind == "page":
        return mime in _PAGE_TYPES
    if mime in _FEED_TYPES or mime.startswith("text/"):
        return True
    major, _, subtype = mime.partition("/")
    if major not in {"application", "text"}:
        return False
    return any(marker in subtype for marker in _FEED_SUBTYPE_MARKERS)


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), else None.

    A date in the past gives 0.0; values are capped at :data:`MAX_RETRY_AFTER_SECONDS`;
    an unreadable value gives None.
    """
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if text.isascii() and text.isdigit():
        return min(float(int(text)), MAX_RETRY_AFTER_SECONDS)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    reference = now if now is not None else datetime.now(UTC)
    seconds = (when - reference).total_seconds()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER_SECONDS)
