"""An alert as the structured JSON document webhooks get (apprise ``json://``: the document
is the ``message`` of apprise's payload, ``title`` the headline).

It tells what the text, HTML and Markdown alerts tell (:mod:`nongrata.alerts.messages`),
as fields a program reads: the headline; actor and target; persons, agencies, count, date;
the evidence sentences; every source with its outlet, time, language and clean link; only
the watchlist entries that make the event relevant; the event's page when ``web_base_url``
is set. Untrusted text is cleaned of control characters; links are http(s) only.
"""

from __future__ import annotations

import json
from typing import Any

from nongrata.alerts.messages import clean, safe_url
from nongrata.alerts.reports import EventReport, Source, country_name, headline

SCHEMA = "nongrata.alert/1"


def _clean(text: str | None) -> str | None:
    return clean(text) or None


def _side(iso: str | None, name: str | None) -> dict[str, Any]:
    return {"code": iso, "name": _clean(country_name(iso, name))}


def _source(source: Source) -> dict[str, Any]:
    return {
        "outlet": _clean(source.outlet or source.host),
        "title": _clean(source.title),
        "url": safe_url(source.url),
        "published": source.published.isoformat() if source.published else None,
        "language": source.language,
        "evidence": _clean(source.evidence),
    }


def alert_document(report: EventReport, web_base_url: str | None = None) -> dict[str, Any]:
    """The alert about ``report`` as a JSON-ready dict (``SCHEMA``)."""
    page = f"{web_base_url.rstrip('/')}/events/{report.id}" if web_base_url else None
    evidence = [s for s in (_clean(e) for e in report.evidence) if s]
    return {
        "schema": SCHEMA,
        "id": report.id,
        "headline": _clean(headline(report)),
        "type": report.type,
        "new": report.new,
        "actor": _side(report.actor_iso, report.actor),
        "target": _side(report.target_iso, report.target),
        "persons": [p for p in (_clean(x) for x in report.persons) if p],
        "agencies": [a for a in (_clean(x) for x in report.agencies) if a],
        "count": report.count,
        "date": report.event_date.isoformat() if report.event_date else None,
        "first_seen_at": report.first_seen_at.isoformat(),
        "confidence": round(report.confidence, 3),
        "evidence": evidence,
        "sources": [_source(s) for s in report.sources],
        "watchlists": [
            {
                "list": m.watchlist,
                "id": m.entry_id,
                "entry": _clean(m.entry),
                "found_as": _clean(m.text),
                "why": _clean(m.reason),
                "score": round(m.score, 3),
                "tags": list(m.tags),
            }
            for m in report.reasons
        ],
        "page": safe_url(page),
    }


def alert_json_text(report: EventReport, web_base_url: str | None = None) -> str:
    """The document as JSON text (UTF-8, not ASCII-escaped)."""
    return json.dumps(alert_document(report, web_base_url), ensure_ascii=False, indent=1) + "\n"
