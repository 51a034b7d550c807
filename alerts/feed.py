"""An Atom feed of alerts, so any feed reader can subscribe (``nongrata alerts feed``).

One entry per alerted event, newest first; the content is the HTML alert (escaped by the
XML serialiser on top of the HTML escaping of everything taken from feeds and pages).
"""

from __future__ import annotations

from datetime import datetime
from xml.etree import ElementTree as ET

from sqlalchemy import func, select

from nongrata import __version__
from nongrata.alerts.listing import alerted_event_ids
from nongrata.alerts.messages import clean, event_url, render_event, safe_url
from nongrata.alerts.reports import load_event_reports
from nongrata.db import Database
from nongrata.db.models import Alert

ATOM = "http://www.w3.org/2005/Atom"
FEED_ID = "urn:nongrata:alerts"


def _stamp(when: datetime) -> str:
    return when.isoformat(timespec="seconds").replace("+00:00", "Z")


def atom_feed(
    db: Database,
    now: datetime,
    *,
    limit: int = 100,
    title: str = "nongrata alerts",
    web_base_url: str | None = None,
) -> str:
    """The feed as an XML document (UTF-8 text); with ``web_base_url``, each entry links to
    its event's page (``rel="alternate"``)."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = clean(title)
    ET.SubElement(feed, f"{{{ATOM}}}id").text = FEED_ID
    generator = ET.SubElement(feed, f"{{{ATOM}}}generator", version=__version__)
    generator.text = "nongrata"
    updated = ET.SubElement(feed, f"{{{ATOM}}}updated")
    ids = alerted_event_ids(db, limit)
    with db.session() as session:
        reports = load_event_reports(session, ids)
        rows = session.execute(
            select(Alert.event_id, func.max(Alert.created_at))
            .where(Alert.event_id.in_(ids))
            .group_by(Alert.event_id)
        )
        alerted: dict[int, datetime] = {event_id: when for event_id, when in rows}  # noqa: C416
    updated.text = _stamp(max(alerted.values(), default=now))
    for report in reports:
        rendered = render_event(report, "html", web_base_url=web_base_url)
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = rendered.title
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"urn:nongrata:event:{report.id}"
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(alerted.get(report.id, now))
        ET.SubElement(entry, f"{{{ATOM}}}published").text = _stamp(report.first_seen_at)
        author = ET.SubElement(entry, f"{{{ATOM}}}author")
        ET.SubElement(author, f"{{{ATOM}}}name").text = "nongrata"
        ET.SubElement(entry, f"{{{ATOM}}}category", term=report.type)
        page = safe_url(event_url(web_base_url, report.id))
        if page:
            ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=page)
        for source in report.sources:
            href = safe_url(source.url)
            if href:
                link = ET.SubElement(entry, f"{{{ATOM}}}link", rel="related", href=href)
                link.set("title", clean(source.title) or source.host)
        content = ET.SubElement(entry, f"{{{ATOM}}}content", type="html")
        content.text = rendered.body
    body = ET.tostring(feed, encoding="unicode")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n"
