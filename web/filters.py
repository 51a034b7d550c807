"""The event list's filters, read from a query string and written back into links.

``/events``, its CSV and JSON downloads and ``/api/events`` take the same parameters, so a
download holds exactly the rows the page shows:

``type``, ``actor``, ``target``, ``country`` (either side) — an ISO code or a name;
``agency``, ``person`` — part of a name, any case; ``lang`` — an article language;
``from``, ``to`` — YYYY-MM-DD, on the event's date (its first report's when unknown);
``new`` — ``1`` for new events only; ``watchlist`` — ``any`` or a watchlist kind
(``agencies``, ``persons``, ``countries``); ``page`` and ``per_page``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import date
from urllib.parse import urlencode

from nongrata.errors import NongrataError

EVENT_TYPES = ("expulsion", "arrest", "charge", "conviction", "recall", "closure")
WATCHLIST_CHOICES = ("any", "agencies", "persons", "countries")
PER_PAGE = 50
MAX_PER_PAGE = 1000
_TEXT_LIMIT = 200


class BadQuery(NongrataError):
    """A filter value that cannot be used (the page says which and why)."""


@dataclass(frozen=True)
class EventFilter:
    type: str | None = None
    actor: str | None = None
    target: str | None = None
    country: str | None = None
    agency: str | None = None
    person: str | None = None
    lang: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    new: bool = False
    watchlist: str | None = None
    page: int = 1
    per_page: int = PER_PAGE

    @property
    def active(self) -> bool:
        """Whether anything narrows the list (paging aside)."""
        return self != EventFilter(page=self.page, per_page=self.per_page)

    def at_page(self, page: int) -> EventFilter:
        return replace(self, page=page)

    def params(self) -> dict[str, str]:
        """The filter as query parameters (defaults left out)."""
        out: dict[str, str] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            default = f.default
            if value == default or value is None:
                continue
            key = {"date_from": "from", "date_to": "to"}.get(f.name, f.name)
            if isinstance(value, bool):
                out[key] = "1"
            elif isinstance(value, date):
                out[key] = value.isoformat()
            else:
                out[key] = str(value)
        return out

    def query(self, **changes: object) -> str:
        """``?…`` for a link to this list with ``changes`` applied ('' when no parameter)."""
        params = replace(self, **changes).params() if changes else self.params()  # type: ignore[arg-type]
        return "?" + urlencode(params) if params else ""


def _text(params: Mapping[str, str], key: str) -> str | None:
    value = " ".join(params.get(key, "").split())
    if not value:
        return None
    if len(value) > _TEXT_LIMIT:
        raise BadQuery(f"{key}: longer than {_TEXT_LIMIT} characters")
    return value


def _date(params: Mapping[str, str], key: str) -> date | None:
    value = _text(params, key)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise BadQuery(f"{key}: {value!r} is not a date (use YYYY-MM-DD)") from exc


def _int(params: Mapping[str, str], key: str, default: int, low: int, high: int) -> int:
    value = _text(params, key)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError as exc:
        raise BadQuery(f"{key}: {value!r} is not a number") from exc
    if not low <= number <= high:
        raise BadQuery(f"{key}: {number} is not between {low} and {high}")
    return number


def _flag(params: Mapping[str, str], key: str) -> bool:
    value = (_text(params, key) or "").lower()
    if value in {"", "0", "false", "no", "off"}:
        return False
    if value in {"1", "true", "yes", "on"}:
        return True
    raise BadQuery(f"{key}: {value!r} is not 1 or 0")


def parse_filter(params: Mapping[str, str]) -> EventFilter:
    """The filter of a query string; :class:`BadQuery` names the first bad parameter."""
    event_type = _text(params, "type")
    if event_type is not None:
        event_type = event_type.lower()
        if event_type not in EVENT_TYPES:
            raise BadQuery(f"type: {event_type!r} is not one of {', '.join(EVENT_TYPES)}")
    watchlist = _text(params, "watchlist")
    if watchlist is not None:
        watchlist = watchlist.lower()
        if watchlist not in WATCHLIST_CHOICES:
            raise BadQuery(f"watchlist: {watchlist!r} is not one of {', '.join(WATCHLIST_CHOICES)}")
    date_from, date_to = _date(params, "from"), _date(params, "to")
    if date_from and date_to and date_from > date_to:
        raise BadQuery(f"from: {date_from.isoformat()} is after to: {date_to.isoformat()}")
    lang = _text(params, "lang")
    return EventFilter(
        type=event_type,
        actor=_text(params, "actor"),
        target=_text(params, "target"),
        country=_text(params, "country"),
        agency=_text(params, "agency"),
        person=_text(params, "person"),
        lang=lang.lower() if lang else None,
        date_from=date_from,
        date_to=date_to,
        new=_flag(params, "new"),
        watchlist=watchlist,
        page=_int(params, "page", 1, 1, 1_000_000),
        per_page=_int(params, "per_page", PER_PAGE, 1, MAX_PER_PAGE),
    )
