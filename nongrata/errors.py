"""The one exception tree of nongrata.

Every failure the library raises on purpose derives from :class:`NongrataError`; the CLI
turns these into one clear line and a non-zero exit, never a traceback.

    NongrataError
    ├── ConfigError          settings, config file or command-line values are wrong
    ├── DatabaseError        the database cannot be opened, migrated or written
    ├── FeedError            a feed registry operation was refused (bad URL, unknown feed, bad OPML)
    ├── NetworkError         an HTTP request failed
    │   ├── RefusedAddress   the URL's host is not allowed (private network / only-hosts guard)
    │   ├── ResponseTooLarge the body went over the configured size cap
    │   └── BadContentType   the response is not of a type we can use
    ├── ExtractionError      an article could not be read or extracted
    ├── WatchlistError       a watchlist folder does not validate (carries every problem)
    ├── DataFileError        a bundled data file (a lexicon, the country or agency table) is bad
    └── AlertError           a subscription or delivery problem
"""

from __future__ import annotations


class NongrataError(Exception):
    """Base class of every error nongrata raises on purpose."""


class ConfigError(NongrataError):
    """Settings, a config file or a command-line value is wrong."""


class DatabaseError(NongrataError):
    """The database cannot be opened, migrated or written."""


class FeedError(NongrataError):
    """A feed registry operation was refused."""


class NetworkError(NongrataError):
    """An HTTP request failed; ``reason`` is a short machine-friendly cause."""

    def __init__(self, message: str, *, reason: str = "network-error") -> None:
        super().__init__(message)
        self.reason = reason


class RefusedAddress(NetworkError):
    """The URL's host is refused by the network guard before any connection."""

    def __init__(self, message: str) -> None:
        super().__init__(message, reason="refused-address")


class ResponseTooLarge(NetworkError):
    """The response body went over the configured size cap."""

    def __init__(self, message: str) -> None:
        super().__init__(message, reason="too-large")


class BadContentType(NetworkError):
    """The response's content type is not one we can use."""

    def __init__(self, message: str) -> None:
        super().__init__(message, reason="bad-content-type")


class ExtractionError(NongrataError):
    """An article could not be read or extracted."""


class WatchlistError(NongrataError):
    """A watchlist folder does not validate; ``problems`` lists ``file:line: reason`` lines."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        first = self.problems[0] if self.problems else "invalid watchlist"
        more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
        super().__init__(f"{first}{more}")


class AlertError(NongrataError):
    """A subscription or alert delivery problem."""


class DataFileError(NongrataError):
    """A bundled data file (a lexicon, the country or agency table) does not validate; the
    message names the file and the entry (``entry`` None: the file as a whole)."""

    def __init__(self, source: str, entry: str | None, reason: str) -> None:
        self.source, self.entry, self.reason = source, entry, reason
        super().__init__(f"{source}: {reason}" if entry is None else f"{source}: {entry}: {reason}")
