"""Feed bytes → entries: a thin, safe layer over feedparser.

``parse_feed`` never fetches anything (the bytes are handed to feedparser as a stream) and
never raises on bad input: what went wrong is in ``ParsedFeed.problem`` (feedparser's "bozo"
text, or "HTML served as a feed") and in ``ParsedFeed.dropped``.

How entries are keyed (decided here, relied on by the pipeline):

- an entry with an http(s) link is keyed by the link's canonical URL (``ingest.urls``);
- an entry without a usable link but whose guid is a permalink uses the guid as its link;
- an entry with neither a usable link nor a permalink, but with a guid, is kept under the
  key ``urn:nongrata:<feed-url>#<guid>`` (its text is the feed's summary: there is no page);
- an entry with neither link nor guid is dropped with reason ``no-link-or-guid`` — it could
  never be told apart from the next run's copy of itself.
"""

from __future__ import annotations

import calendar
import hashlib
import html
import io
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

import feedparser

from nongrata.ingest.urls import absolute_http_url, canonical_url

MAX_KEY_LENGTH = 2048  # the width of the URL columns, in UTF-8 bytes (index entries)
MAX_GUID_LENGTH = 512  # longer guids are stored as their hash (four bytes a character)
HTML_AS_FEED = "HTML served as a feed"
NOT_A_FEED = "not a feed"
GUID_KEY_PREFIX = "urn:nongrata:"

_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
    }
)  # fmt: skip
_DROP_TAGS = ("script", "style", "noscript", "template")
_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")


@dataclass(frozen=True)
class FeedEntry:
    """One usable entry. ``link`` is None for entries kept under their guid only."""

    key: str  # the canonical URL, or the guid key: what the article is stored under
    link: str | None
    canonical_url: str | None
    guid: str | None
    title: str | None
    summary: str | None  # plain text
    published: datetime | None  # aware, UTC
    author: str | None


@dataclass(frozen=True)
class DroppedEntry:
    """An entry that could not be kept, and why."""

    reason: str  # short slug
    detail: str


@dataclass(frozen=True)
class ParsedFeed:
    title: str | None
    entries: tuple[FeedEntry, ...]
    problem: str | None  # feedparser's complaint, or HTML_AS_FEED / NOT_A_FEED
    version: str | None = None  # feedparser's format name (rss20, atom10…), None if unknown
    dropped: tuple[DroppedEntry, ...] = field(default=())

    @property
    def is_feed(self) -> bool:
        """True when the body parsed as a feed (possibly empty, possibly ill-formed)."""
        return bool(self.entries or self.dropped) or self.version is not None


def clean_text(value: str | None) -> str | None:
    """``value`` without control characters (NUL breaks PostgreSQL) and outer space."""
    if value is None:
        return None
    value = _CONTROL_CHARS.sub("", value).strip()
    return value or None


class _TextCollector(HTMLParser):
    """Text of an HTML fragment; block elements break lines, script/style are skipped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP_TAGS:
            self._skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(markup: str | None) -> str | None:
    """Plain text of an HTML fragment: block elements become line breaks, spaces collapse."""
    if markup is None:
        return None
    if "<" not in markup:
        return _normalize_lines(html.unescape(markup))
    collector = _TextCollector()
    collector.feed(_CONTROL_CHARS.sub("", markup))
    collector.close()
    return _normalize_lines("".join(collector.parts))


def _normalize_lines(text: str) -> str | None:
    lines = (_SPACES.sub(" ", line).strip() for line in _CONTROL_CHARS.sub("", text).split("\n"))
    joined = "\n".join(line for line in lines if line)
    return joined or None


def _entry_datetime(entry: Any) -> datetime | None:
    for name in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(name)
        if isinstance(value, time.struct_time):
            try:
                return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
            except (OverflowError, ValueError, OSError):
                continue
    return None


def _fits(value: str, limit: int = MAX_KEY_LENGTH) -> bool:
    return len(value.encode("utf-8", "replace")) <= limit


def _fit_guid(value: str) -> str:
    if len(value) <= MAX_GUID_LENGTH:
        return value
    return "sha256:" + hashlib.sha256(value.encode("utf-8", "replace")).hexdigest()


def guid_key(feed_url: str, guid: str) -> str:
    """The key of an entry that has a guid but no usable link."""
    key = f"{GUID_KEY_PREFIX}{feed_url}#{guid}"
    if _fits(key):
        return key
    digest = hashlib.sha256(f"{feed_url}#{guid}".encode("utf-8", "replace")).hexdigest()
    return f"{GUID_KEY_PREFIX}sha256:{digest}"


def _entry(raw: Any, feed_url: str) -> FeedEntry | DroppedEntry:
    raw_guid = clean_text(raw.get("id") if isinstance(raw.get("id"), str) else None)
    guid = _fit_guid(raw_guid) if raw_guid is not None else None
    title = html_to_text(clean_text(raw.get("title")))
    raw_link = raw.get("link") if isinstance(raw.get("link"), str) else None
    link = absolute_http_url(clean_text(raw_link), feed_url)
    if link is None and raw_guid is not None and raw.get("guidislink"):
        link = absolute_http_url(raw_guid, feed_url)
    canonical = canonical_url(link) if link else None
    if canonical is not None and not _fits(canonical):
        canonical = None
        link = None
    elif canonical is not None and link is not None and not _fits(link):
        link = canonical  # the tracking parameters made it too long: keep the clean form
    if canonical is None and guid is None:
        what = f"link {raw_link!r}" if raw_link else "no link"
        return DroppedEntry(
            reason="no-link-or-guid", detail=f"entry {title or '(untitled)'!r}: {what}, no guid"
        )
    summary_html = raw.get("summary")
    if not summary_html:
        content = raw.get("content")
        if isinstance(content, list) and content and isinstance(content[0], dict):
            summary_html = content[0].get("value")
    author = raw.get("author")
    return FeedEntry(
        key=canonical if canonical is not None else guid_key(feed_url, guid or ""),
        link=link if canonical is not None else None,
        canonical_url=canonical,
        guid=guid,
        title=title,
        summary=html_to_text(summary_html if isinstance(summary_html, str) else None),
        published=_entry_datetime(raw),
        author=clean_text(author if isinstance(author, str) else None),
    )


def _looks_like_html(body: bytes, content_type: str | None) -> bool:
    if content_type and "html" in content_type.lower() and "xhtml" not in content_type.lower():
        return True
    return bool(_HTML_START.match(body[:4096]))


def _problem_text(exc: object) -> str:
    text = " ".join(str(exc).split())
    name = type(exc).__name__
    return f"{name}: {text}" if text else name


def parse_feed(body: bytes, *, url: str, content_type: str | None = None) -> ParsedFeed:
    """Parse feed ``body`` fetched from ``url``; relative links resolve against ``url``."""
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    if not body.strip():
        return ParsedFeed(title=None, entries=(), problem="empty body")
    try:
        result = feedparser.parse(io.BytesIO(body), response_headers=headers)
        ignored_charset = None
        if not result.get("version") and not result.get("entries") and content_type:
            # A wrong charset in the Content-Type header (utf-16 on a UTF-8 body) hides a
            # whole feed; the document's own declaration and sniffing are tried instead.
            mime, _, params = content_type.partition(";")
            if "charset" in params.lower():
                retry = feedparser.parse(
                    io.BytesIO(body), response_headers={**headers, "content-type": mime.strip()}
                )
                if retry.get("version") or retry.get("entries"):
                    result, ignored_charset = retry, params.strip()
    except Exception as exc:  # feedparser's own bugs: recorded as the feed's problem
        return ParsedFeed(title=None, entries=(), problem=f"parser crashed: {_problem_text(exc)}")
    entries: list[FeedEntry] = []
    dropped: list[DroppedEntry] = []
    seen: set[str] = set()
    for raw in result.get("entries", []):
        parsed = _entry(raw, url)
        if isinstance(parsed, DroppedEntry):
            dropped.append(parsed)
        elif parsed.key not in seen:
            seen.add(parsed.key)
            entries.append(parsed)
    version = result.get("version") or None
    problem = _problem_text(result["bozo_exception"]) if result.get("bozo") else None
    if ignored_charset is not None:
        declared = f"the header's {ignored_charset} did not fit the body and was ignored"
        problem = f"{declared}; {problem}" if problem else declared
    if not entries and version is None:
        if _looks_like_html(body, content_type):
            problem = HTML_AS_FEED
        elif problem is None and not dropped:
            problem = NOT_A_FEED
    feed_title = result.get("feed", {}).get("title")
    return ParsedFeed(
        title=html_to_text(clean_text(feed_title if isinstance(feed_title, str) else None)),
        entries=tuple(entries),
        problem=problem,
        version=version,
        dropped=tuple(dropped),
    )
