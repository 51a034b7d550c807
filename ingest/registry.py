"""The feed registry: add, list (with health), remove, OPML import/export, default feeds
(registered once, at the first use of a database: :func:`seed_default_feeds`, called by
:func:`nongrata.ingest.sources.seed_on_first_use`).

A feed may be tagged (``country``, ``language``, ``kind``, ``source`` outline attributes in
OPML, columns of ``feeds``): the bundled list tags every feed, an import keeps the tags of
any OPML that has them, an export writes them. :mod:`nongrata.ingest.sources` selects among
the bundled feeds by these tags.

Plain library functions on a SQLAlchemy session; refusals raise :class:`FeedError` with one
clear line. OPML is parsed with expat directly, with any DTD refused: no entity expansion,
no external entities, nothing fetched.
"""

from __future__ import annotations

import contextlib
import functools
import re
import xml.parsers.expat
from dataclasses import dataclass, field
from datetime import datetime
from importlib.resources import files
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from xml.etree import ElementTree as ET

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from nongrata.db import ArticleFeed, Feed
from nongrata.db.models import Marker
from nongrata.db.models.extraction import ArticleExtractionState
from nongrata.db.types import utcnow
from nongrata.errors import FeedError
from nongrata.ingest.replace import Replacement, replacement
from nongrata.net.backoff import poll_due_at
from nongrata.types import NOT_READ

MAX_URL_LENGTH = 2048
DEFAULT_FEEDS = "data/default_feeds.opml"
SEEDED_MARKER = "default-feeds-seeded"  # markers.name once the bundled feeds were registered
KINDS = ("agency", "outlet", "ministry", "prosecutor", "service")
TAGS = ("country", "language", "kind", "source")  # outline attributes, feeds columns
_COUNTRY = re.compile(r"[A-Z]{2}")
_LANGUAGE = re.compile(r"[a-z]{2}")


@dataclass(frozen=True)
class FeedHealth:
    """A registered feed and how its polling goes (``nongrata feeds list``)."""

    url: str
    title: str | None
    last_status: int | None
    consecutive_errors: int
    last_error: str | None
    parse_problem: str | None
    last_polled_at: datetime | None
    last_success_at: datetime | None
    next_poll_at: datetime | None
    disabled_reason: str | None
    articles: int
    not_read: dict[str, int] = field(default_factory=dict)  # language not read → articles
    country: str | None = None
    language: str | None = None
    kind: str | None = None
    source: str | None = None
    replace: str | None = None  # its address is broken: how to replace it (ingest.replace)
    replace_why: str | None = None  # what is broken ("answers 404 Not Found", …)


@dataclass(frozen=True)
class OpmlOutline:
    url: str
    title: str | None
    country: str | None = None
    language: str | None = None
    kind: str | None = None
    source: str | None = None
    html_url: str | None = None  # the site's page (``htmlUrl``), where its feeds are found


def normalize_country(value: str) -> str:
    """``value`` as an ISO 3166-1 alpha-2 code (``pl`` → ``PL``); FeedError otherwise."""
    code = value.strip().upper()
    if not _COUNTRY.fullmatch(code):
        raise FeedError(f"country {value!r}: not a two-letter ISO 3166-1 code (e.g. PL)")
    return code


def normalize_language(value: str) -> str:
    """``value`` as an ISO 639-1 code (``PL`` → ``pl``); FeedError otherwise."""
    code = value.strip().lower()
    if not _LANGUAGE.fullmatch(code):
        raise FeedError(f"language {value!r}: not a two-letter ISO 639-1 code (e.g. pl)")
    return code


def normalize_kind(value: str) -> str:
    """``value`` as one of :data:`KINDS`; FeedError otherwise."""
    kind = value.strip().lower()
    if kind not in KINDS:
        raise FeedError(f"kind {value!r}: not one of {', '.join(KINDS)}")
    return kind


def checked_tags(outline: OpmlOutline) -> OpmlOutline:
    """``outline`` with its tags normalised (blank ones dropped); FeedError naming its URL
    and the bad tag."""
    try:
        return OpmlOutline(
            url=outline.url,
            title=outline.title,
            country=normalize_country(outline.country) if outline.country else None,
            language=normalize_language(outline.language) if outline.language else None,
            kind=normalize_kind(outline.kind) if outline.kind else None,
            source=(outline.source or "").strip() or None,
            html_url=(outline.html_url or "").strip() or None,
        )
    except FeedError as exc:
        raise FeedError(f"{outline.url}: {exc}") from None


@dataclass
class ImportResult:
    added: list[str] = field(default_factory=list)
    already_registered: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)  # "url: why" for each refused outline


def normalize_feed_url(url: str) -> str:
    """``url`` checked and tidied (scheme and host lowercased, fragment dropped); FeedError
    when it is not an http(s) URL with a host."""
    cleaned = url.strip()
    if cleaned.lower().startswith("feed://"):
        cleaned = "http://" + cleaned[len("feed://") :]
    try:
        parts = urlsplit(cleaned)
        _ = parts.port  # validates the port
    except ValueError as exc:
        raise FeedError(f"{url!r}: not a valid URL ({exc})") from exc
    if parts.scheme.lower() not in {"http", "https"}:
        raise FeedError(f"{url!r}: not an http(s) URL")
    if not parts.hostname:
        raise FeedError(f"{url!r}: the URL has no host")
    if any(ch.isspace() for ch in cleaned):
        raise FeedError(f"{url!r}: the URL contains spaces")
    netloc = parts.netloc
    userinfo, at, hostport = netloc.rpartition("@")
    netloc = f"{userinfo}{at}{hostport.lower()}"
    normalized = urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))
    if len(normalized) > MAX_URL_LENGTH:
        raise FeedError(f"{url[:80]!r}…: the URL is longer than {MAX_URL_LENGTH} characters")
    return normalized


def find_feed(session: Session, url: str) -> Feed | None:
    """The feed registered under ``url`` (as given or normalised), if any."""
    candidates = {url.strip()}
    with contextlib.suppress(FeedError):
        candidates.add(normalize_feed_url(url))
    return session.scalars(select(Feed).where(Feed.url.in_(candidates))).first()


def add_feed(
    session: Session, url: str, *, title: str | None = None, tags: OpmlOutline | None = None
) -> Feed:
    """Register ``url`` (with the country, language, kind and source of ``tags``, checked
    already); FeedError when it is not a usable URL or already registered."""
    normalized = normalize_feed_url(url)
    if find_feed(session, normalized) is not None:
        raise FeedError(f"{normalized}: already registered")
    feed = Feed(url=normalized, title=title, consecutive_errors=0)
    if tags is not None:
        _tag(feed, tags)
    session.add(feed)
    session.flush()
    return feed


def remove_feed(session: Session, url: str) -> None:
    """Unregister ``url``; its articles stay (they lose this sighting). FeedError if unknown."""
    feed = find_feed(session, url)
    if feed is None:
        raise FeedError(f"{url.strip()}: no such feed (see `nongrata feeds list`)")
    session.execute(delete(ArticleFeed).where(ArticleFeed.feed_id == feed.id))
    session.delete(feed)
    session.flush()


def list_feeds(session: Session, poll_interval_minutes: int | None = None) -> list[FeedHealth]:
    """Every registered feed with its health, in URL order. With ``poll_interval_minutes``
    (the settings'), ``next_poll_at`` is when a run will poll it by the interval set now
    (:func:`nongrata.net.backoff.poll_due_at`; None: at the next run), not the time stored
    at its last poll."""
    counts: dict[int, int] = {
        int(row[0]): int(row[1])
        for row in session.execute(
            select(ArticleFeed.feed_id, func.count()).group_by(ArticleFeed.feed_id)
        )
    }
    not_read: dict[int, dict[str, int]] = {}
    unread = (
        select(ArticleFeed.feed_id, ArticleExtractionState.language, func.count())
        .join(ArticleExtractionState, ArticleExtractionState.article_id == ArticleFeed.article_id)
        .where(ArticleExtractionState.skipped.like(f"{NOT_READ}:%"))
        .group_by(ArticleFeed.feed_id, ArticleExtractionState.language)
    )
    for feed_id, language, n in session.execute(unread):
        not_read.setdefault(int(feed_id), {})[str(language)] = int(n)
    pages = bundled_pages()
    return [
        _health(feed, counts, not_read, poll_interval_minutes, replacement(feed, pages))
        for feed in session.scalars(select(Feed).order_by(Feed.url))
    ]


def _health(
    feed: Feed,
    counts: dict[int, int],
    not_read: dict[int, dict[str, int]],
    poll_interval_minutes: int | None,
    needed: Replacement | None,
) -> FeedHealth:
    return FeedHealth(
        url=feed.url,
        title=feed.title,
        last_status=feed.last_status,
        consecutive_errors=feed.consecutive_errors or 0,
        last_error=feed.last_error,
        parse_problem=feed.parse_problem,
        last_polled_at=feed.last_polled_at,
        last_success_at=feed.last_success_at,
        next_poll_at=feed.next_poll_at
        if poll_interval_minutes is None
        else poll_due_at(
            last_polled_at=feed.last_polled_at,
            consecutive_errors=feed.consecutive_errors or 0,
            next_poll_at=feed.next_poll_at,
            retry_after_until=feed.retry_after_until,
            interval_minutes=poll_interval_minutes,
        ),
        disabled_reason=feed.disabled_reason,
        articles=counts.get(feed.id, 0),
        not_read=not_read.get(feed.id, {}),
        country=feed.country,
        language=feed.language,
        kind=feed.kind,
        source=feed.source,
        replace=needed.hint if needed is not None else None,
        replace_why=needed.why if needed is not None else None,
    )


# OPML ---------------------------------------------------------------------------------


class _DtdRefused(Exception):
    pass


def parse_opml(data: bytes, *, source: str) -> list[OpmlOutline]:
    """Every outline with an ``xmlUrl``, at any depth. FeedError names ``source`` and the
    problem when the document is not OPML or declares a DTD."""
    parser = xml.parsers.expat.ParserCreate()
    outlines: list[OpmlOutline] = []
    elements: list[str] = []

    def refuse_dtd(*_args: object) -> None:
        raise _DtdRefused

    def refuse_external(
        _context: str, _base: str | None, _system_id: str | None, _public_id: str | None
    ) -> int:
        raise _DtdRefused

    def start(name: str, attributes: dict[str, str]) -> None:
        if not elements and name.lower() != "opml":
            raise FeedError(f"{source}: not an OPML file (the root element is <{name}>)")
        elements.append(name)
        if name.lower() == "outline":
            url = next((v for k, v in attributes.items() if k.lower() == "xmlurl"), None)
            if url is not None and url.strip():
                title = attributes.get("title") or attributes.get("text")
                tags = {k.lower(): v for k, v in attributes.items() if k.lower() in TAGS}
                page = next((v for k, v in attributes.items() if k.lower() == "htmlurl"), None)
                outlines.append(
                    OpmlOutline(
                        url=url.strip(),
                        title=(title or "").strip() or None,
                        html_url=page,
                        **tags,
                    )
                )

    parser.StartDoctypeDeclHandler = refuse_dtd
    parser.EntityDeclHandler = refuse_dtd
    parser.ExternalEntityRefHandler = refuse_external
    parser.StartElementHandler = start
    try:
        parser.Parse(data, True)
    except _DtdRefused:
        raise FeedError(f"{source}: DTDs and entity declarations are not allowed in OPML") from None
    except xml.parsers.expat.ExpatError as exc:
        line = f"line {exc.lineno}: " if exc.lineno else ""
        message = (
            xml.parsers.expat.errors.messages.get(exc.code, str(exc)) if exc.code else str(exc)
        )
        raise FeedError(f"{source}: not valid XML: {line}{message}") from exc
    if not elements:
        raise FeedError(f"{source}: empty document")
    return outlines


def import_outlines(session: Session, outlines: list[OpmlOutline]) -> ImportResult:
    """Register each outline's feed with its tags; invalid and already-registered ones are
    reported. A registered feed keeps its tags, and gains those it lacks."""
    result = ImportResult()
    for outline in outlines:
        try:
            normalized = normalize_feed_url(outline.url)
            tags = checked_tags(outline)
        except FeedError as exc:
            result.invalid.append(str(exc))
            continue
        existing = find_feed(session, normalized)
        if existing is not None:
            _tag(existing, tags, only_missing=True)
            result.already_registered.append(normalized)
            continue
        add_feed(session, normalized, title=outline.title, tags=tags)
        result.added.append(normalized)
    session.flush()
    return result


def _tag(feed: Feed, tags: OpmlOutline, *, only_missing: bool = False) -> None:
    for name in TAGS:
        value = getattr(tags, name)
        if value is not None and not (only_missing and getattr(feed, name) is not None):
            setattr(feed, name, value)


def import_opml(session: Session, path: Path) -> ImportResult:
    """Register every feed of the OPML file at ``path`` (nested outlines included).

    The file is refused as a whole (FeedError naming it) when it cannot be read or is not
    OPML; inside a good file, outlines whose URL is unusable are skipped and listed in
    ``ImportResult.invalid``, and feeds already registered are left as they are.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FeedError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    outlines = parse_opml(data, source=str(path))
    if not outlines:
        raise FeedError(f"{path}: no feeds in this OPML file (no outline has an xmlUrl)")
    return import_outlines(session, outlines)


def export_opml(session: Session, *, title: str = "nongrata feeds") -> str:
    """Every registered feed as an OPML 2.0 document."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    body = ET.SubElement(root, "body")
    for feed in session.scalars(select(Feed).order_by(Feed.url)):
        text = feed.title or feed.url
        tags = {name: getattr(feed, name) for name in TAGS if getattr(feed, name)}
        ET.SubElement(body, "outline", type="rss", text=text, title=text, xmlUrl=feed.url, **tags)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def default_feed_outlines() -> list[OpmlOutline]:
    """The bundled default feed list."""
    resource = files("nongrata.ingest").joinpath(DEFAULT_FEEDS)
    return parse_opml(resource.read_bytes(), source=f"bundled {DEFAULT_FEEDS}")


@functools.cache
def bundled_pages() -> dict[str, str | None]:
    """Each bundled feed's address (normalised) and its site's page, if the list gives one."""
    return {normalize_feed_url(o.url): o.html_url for o in default_feed_outlines()}


def default_feeds_seeded(session: Session) -> bool:
    """Whether the bundled feeds were registered in this database (once, ever)."""
    return session.get(Marker, SEEDED_MARKER) is not None


def seed_default_feeds(session: Session, now: datetime | None = None) -> int | None:
    """At the first use of a database: register the bundled feeds (those not registered
    already) and record that it was done; None when it was done before (they are never
    registered again, even after the user removed some). How many were added."""
    if default_feeds_seeded(session):
        return None
    added = import_outlines(session, default_feed_outlines()).added
    detail = f"{len(added)} bundled feeds added"
    session.add(Marker(name=SEEDED_MARKER, recorded_at=now or utcnow(), detail=detail))
    session.flush()
    return len(added)


def seeding_notice(session: Session, enabled: bool) -> str | None:
    """One line for a database that has not registered the bundled feeds
    (``nongrata feeds list``); None once it has."""
    if default_feeds_seeded(session):
        return None
    if not enabled:
        return "The bundled default feeds are not registered: seed_default_feeds is false."
    count = len(default_feed_outlines())
    return (
        f"The {count} bundled default feeds will be registered on the first run"
        " (seed_default_feeds = false to start without them)."
    )  # a database opened by no command yet (the CLI registers them as it opens one)
