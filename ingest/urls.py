"""Canonical article URLs: one key per article however a feed links to it.

``canonical_url`` resolves a link against the feed's URL, keeps only http(s), lowercases the
scheme and host, drops default ports, fragments and tracking parameters (``utm_*``,
``fbclid``, ``gclid``… through courlan's tracker list), sorts the query and resolves dot
segments. Two links to the same article with different tracking parameters give one key.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit, urlunsplit

from courlan import normalize_url

HTTP_SCHEMES = frozenset({"http", "https"})


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4: ``/a/./b/../c`` becomes ``/a/c``."""
    if not path:
        return "/"
    kept: list[str] = []
    segments = path.split("/")
    for segment in segments[1:] if path.startswith("/") else segments:
        if segment == ".":
            continue
        if segment == "..":
            if kept:
                kept.pop()
            continue
        kept.append(segment)
    if segments[-1] in {".", ".."}:
        kept.append("")
    return "/" + "/".join(kept)


def absolute_http_url(link: str | None, base: str | None = None) -> str | None:
    """``link`` made absolute against ``base``; None unless it is an http(s) URL with a host."""
    if link is None:
        return None
    link = link.strip()
    if not link:
        return None
    try:
        absolute = urljoin(base, link) if base else link
        parts = urlsplit(absolute)
        # Accessing the port validates it (a non-numeric port raises ValueError).
        _ = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in HTTP_SCHEMES or not parts.hostname:
        return None
    return absolute


def canonical_url(link: str | None, base: str | None = None) -> str | None:
    """The canonical form of ``link`` (resolved against ``base``), or None if it is not
    an http(s) URL."""
    absolute = absolute_http_url(link, base)
    if absolute is None:
        return None
    try:
        normalized = normalize_url(absolute, strict=False)
        parts = urlsplit(normalized)
    except ValueError:
        return None
    if not parts.netloc:
        return None
    return urlunsplit(
        (
            parts.scheme.lower(),
            parts.netloc.lower(),
            _remove_dot_segments(parts.path),
            parts.query,
            "",
        )
    )


def host_of(url: str) -> str | None:
    """The lowercased host name of ``url``, or None when it has none."""
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None
