"""Feeds to replace: a feed whose address no longer serves it — ``404 Not Found``, ``410
Gone``, or a page (or anything else) that is no feed — is not coming back by waiting. The
backoff retries it (a 410 disables it), but only a new address brings its news back, so
wherever its health is shown (``nongrata feeds list``, the web view's /feeds and /api/feeds)
it carries a hint saying how to replace it, and the run that finds it lists it in its summary
(``ingest.to_replace``).

The reason is the slug a failed poll writes first in ``feeds.last_error`` (``http-404: HTTP
404 from …``, :mod:`nongrata.ingest.store`); a feed whose last poll succeeded, or failed for
another reason (a timeout, a refused address, a 5xx), has no hint. A feed of the bundled
list is pointed to the site page the list gives (``htmlUrl``); any other feed to its site's
home page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from nongrata.db import Feed

# The reasons (slugs of feeds.last_error) that mean the address is broken, and what they say.
REPLACE_REASONS = {
    "http-404": "answers 404 Not Found",
    "http-410": "answers 410 Gone",
    "html-not-feed": "serves an HTML page, not a feed",
    "not-a-feed": "no longer serves a feed",
}


@dataclass(frozen=True)
class Replacement:
    """A feed to replace: why, and how (``hint``, one line naming the commands)."""

    url: str
    title: str | None
    country: str | None
    reason: str  # one of REPLACE_REASONS
    why: str
    bundled: bool  # one of the bundled list's addresses
    hint: str

    def to_json(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "title": self.title,
            "country": self.country,
            "reason": self.reason,
            "why": self.why,
            "bundled": self.bundled,
            "hint": self.hint,
        }


def error_reason(last_error: str | None) -> str | None:
    """The slug ``feeds.last_error`` starts with (``http-404`` of ``http-404: HTTP 404 …``)."""
    if not last_error:
        return None
    return last_error.split(":", 1)[0].strip() or None


def site_page(url: str) -> str:
    """The home page of the site ``url`` is on (where ``feeds discover`` starts)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/", "", ""))


def replace_hint(url: str, country: str | None, page: str) -> str:
    """How to replace the feed at ``url``: its site's feeds now, the bundled sources of its
    state, then removing it."""
    other = f" or `nongrata feeds sources --country {country}`" if country else ""
    return (
        f"replace it: `nongrata feeds discover {page}`{other}, then `nongrata feeds remove {url}`"
    )


def replacement(feed: Feed, bundled: Mapping[str, str | None]) -> Replacement | None:
    """The replacement ``feed`` needs, or None when its address still serves it (or failed
    for a reason that may pass). ``bundled`` maps each bundled address to its site page."""
    reason = error_reason(feed.last_error)
    failing = bool(feed.consecutive_errors) or feed.disabled_reason is not None
    if not failing or reason not in REPLACE_REASONS:
        return None
    is_bundled = feed.url in bundled
    page = bundled.get(feed.url) or site_page(feed.url)
    return Replacement(
        url=feed.url,
        title=feed.title,
        country=feed.country,
        reason=reason,
        why=REPLACE_REASONS[reason],
        bundled=is_bundled,
        hint=replace_hint(feed.url, feed.country, page),
    )


def replacements(
    session: Session, feed_ids: Iterable[int], bundled: Mapping[str, str | None]
) -> list[Replacement]:
    """The feeds among ``feed_ids`` to replace, in URL order."""
    ids = sorted(set(feed_ids))
    found: list[Replacement] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for feed in session.scalars(select(Feed).where(Feed.id.in_(chunk))):
            if (needed := replacement(feed, bundled)) is not None:
                found.append(needed)
    return sorted(found, key=lambda r: r.url)
