"""Events as JSON and CSV: the downloads of ``/events`` and the JSON API.

An event's JSON is the one ``nongrata events list --json`` prints
(:func:`nongrata.alerts.listing.event_json`), its sources told as the web view tells them
(outlet, link without tracking parameters, evidence) and its page's path added; whose service
each agency is (``agency_sides``) it has as ``extract --json`` and the event list give it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from nongrata.alerts.listing import event_json
from nongrata.alerts.reports import headline
from nongrata.web.events import EventView, Related

CSV_COLUMNS = (
    "id", "type", "new", "date", "actor", "actor_iso", "target", "target_iso", "persons",
    "agencies", "count", "confidence", "first_seen_at", "sources", "outlets", "urls",
    "languages", "watchlists", "headline",
)  # fmt: skip


def source_json(view: EventView) -> list[dict[str, Any]]:
    return [
        {
            "outlet": s.outlet,
            "title": s.title,
            "url": s.url,
            "published": s.published.isoformat() if s.published else None,
            "language": s.language,
            "evidence": list(s.evidence),
        }
        for s in view.sources
    ]


def event_to_json(view: EventView, *, related: Sequence[Related] = ()) -> dict[str, Any]:
    data = event_json(view.report)
    data["date"] = view.day.isoformat()
    data["date_reported"] = view.report.event_date is not None
    data["sources"] = source_json(view)
    data["page"] = f"/events/{view.id}"
    if related:
        data["related"] = [
            {"id": r.view.id, "why": r.why, "headline": headline(r.view.report)} for r in related
        ]
    return data


def events_csv(views: Sequence[EventView]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for v in views:
        r = v.report
        row: dict[str, object] = {
            "id": r.id,
            "type": r.type,
            "new": "yes" if r.new else "no",
            "date": v.day.isoformat(),
            "actor": r.actor or "",
            "actor_iso": r.actor_iso or "",
            "target": r.target or "",
            "target_iso": r.target_iso or "",
            "persons": "; ".join(r.persons),
            "agencies": "; ".join(r.agencies),
            "count": "" if r.count is None else r.count,
            "confidence": f"{r.confidence:.2f}",
            "first_seen_at": r.first_seen_at.isoformat(timespec="seconds"),
            "sources": len(v.sources),
            "outlets": "; ".join(dict.fromkeys(s.outlet for s in v.sources)),
            "urls": " ".join(s.url for s in v.sources),
            "languages": "; ".join(v.languages),
            "watchlists": "; ".join(f"{m.watchlist}:{m.entry}" for m in r.reasons),
            "headline": headline(r),
        }
        writer.writerow({k: _csv_safe(str(value)) for k, value in row.items()})
    return out.getvalue()


def _csv_safe(text: str) -> str:
    """A cell a spreadsheet will not run as a formula (untrusted text starting with ``=``,
    ``+``, ``-``, ``@``…)."""
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text
