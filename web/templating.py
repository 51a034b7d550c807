"""The Jinja2 environment of the web view: the package's templates, autoescaped, strict about
undefined names, with the helpers the templates use to tell an event as the alerts do."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from nongrata.alerts.messages import clean, safe_url
from nongrata.alerts.reports import EventReport, agencies_line, country_name, headline
from nongrata.web.chart import colour


def when(value: datetime | date | str | None) -> str:
    """A UTC time as ``2026-12-07 09:05 UTC``; a day as ``2026-12-07``; text as it is."""
    if value is None:
        return "–"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    if isinstance(value, date):
        return value.isoformat()
    return value


def state(iso: str | None, name: str | None) -> str:
    """A side of an event: ``Czech Republic (CZ)``, or the body's name (``EU``)."""
    shown = country_name(iso, name) or "unknown"
    return f"{shown} ({iso})" if iso and iso not in shown else shown


def seconds(value: float | None) -> str:
    if value is None:
        return "–"
    if value < 120:
        return f"{value:.0f} s"
    return f"{value / 60:.1f} min"


def _headline(report: EventReport) -> str:
    return headline(report)


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("nongrata.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    helpers: dict[str, Any] = {
        "when": when,
        "state": state,
        "seconds": seconds,
        "clean": clean,
        "safe_url": safe_url,
        "colour": colour,
    }
    env.filters.update(helpers)
    env.globals.update(helpers)
    env.globals["headline"] = _headline
    env.globals["agencies_line"] = agencies_line
    return env
