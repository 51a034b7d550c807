"""The demo's ``alerts.html``: every alert the local webhook sink received, told by the same
HTML template as an HTML mail (:func:`nongrata.alerts.messages.render_event`) — clickable
clean links, outlets, evidence, the watchlist entries that matter — with the structured JSON
the webhook got beside it. A message that is no alert document (an operational notice) is
shown as the text it is."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from nongrata.alerts.alert_json import SCHEMA
from nongrata.alerts.messages import render_event
from nongrata.alerts.reports import load_event_reports


@dataclass(frozen=True)
class ReceivedAlert:
    title: str
    html: str | None  # the alert as HTML mail tells it, when the message is an alert document
    raw: str  # the message as received (JSON text, or a notice's text)


def _document(message: str) -> dict[str, Any] | None:
    try:
        doc = json.loads(message)
    except ValueError:
        return None
    if isinstance(doc, dict) and doc.get("schema") == SCHEMA and isinstance(doc.get("id"), int):
        return doc
    return None


def received_alerts(
    session: Session, payloads: Sequence[dict[str, Any]], web_base_url: str | None
) -> list[ReceivedAlert]:
    """What the sink received, each alert rendered from the database as HTML mail renders it."""
    out = []
    for payload in payloads:
        title = str(payload.get("title", ""))
        raw = str(payload.get("message", payload.get("body", "")))
        doc = _document(raw)
        html = None
        if doc is not None:
            reports = load_event_reports(session, [int(doc["id"])])
            if reports:
                html = render_event(reports[0], "html", web_base_url=web_base_url).body
                raw = json.dumps(doc, ensure_ascii=False, indent=2)
        out.append(ReceivedAlert(title, html, raw))
    return out


_STYLE = """body{font-family:sans-serif;max-width:52rem;margin:2rem auto;line-height:1.45}
article{border-top:1px solid #ccc;padding-top:.5rem}
pre{white-space:pre-wrap;background:#f4f4f4;padding:1rem;font-size:.85rem}
summary{cursor:pointer;color:#555}"""


def write_alerts_page(path: Path, alerts: Sequence[ReceivedAlert]) -> None:
    """A page of the alerts as a subscriber would have seen them (HTML escaped throughout:
    the bodies come from the HTML renderer, which escapes every untrusted text)."""
    items = []
    for alert in alerts:
        head = f"<h2>{escape(alert.title)}</h2>"
        if alert.html is not None:
            body = (
                f"{alert.html}<details><summary>As the webhook received it (JSON)</summary>"
                f"<pre>{escape(alert.raw)}</pre></details>"
            )
        else:
            body = f"<pre>{escape(alert.raw)}</pre>"
        items.append(f"<article>{head}\n{body}</article>")
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>nongrata demo: alerts</title>
<style>{_STYLE}</style></head>
<body><h1>Alerts sent by the nongrata demo</h1>
<p>{len(alerts)} alert(s) delivered to the local sink (apprise <code>json://</code>), shown as
HTML mail shows them.</p>
{"".join(items) or "<p>No alerts.</p>"}
</body></html>
"""
    path.write_text(page, encoding="utf-8")
