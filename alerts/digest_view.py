"""Digests with a picture: the new events of a day (or a week) grouped by type and country,
with the trend of new events as a chart.

The chart is the web view's chart drawn as a PNG (``nongrata.web.chart_png``: mail clients
do not show SVG), without any network. Where the target reads HTML (HTML mail) it is inline
in the message, and it is attached as a file for the targets apprise can attach to (mail
and others); elsewhere the trend is a text table, and generic webhooks (``json://``) get the
digest as a JSON document (``DIGEST_SCHEMA``: the trend's counts, each event as an alert
document). ``nongrata digest --preview [NAME]``
renders a digest to a file or stdout without sending it; ``nongrata digest --send NAME``
sends it to the subscription's targets now.

What a digest holds: the scheduled digest (``nongrata.alerts.digests``), the alerts that
waited for it; a preview or a digest sent now, the new events first seen in the last day
(week) that the subscription's filters accept (every new event without a subscription).
The trend counts the same kind of events (accepted by the filters) over the last 14 days
(by day) for a daily digest, the last 12 weeks (by week) for a weekly one.
"""

from __future__ import annotations

import base64
import json
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from nongrata.alerts import targets
from nongrata.alerts.alert_json import alert_document
from nongrata.alerts.filters import Filters, accepts
from nongrata.alerts.messages import Rendered, escape, render_digest
from nongrata.alerts.queue import event_facts
from nongrata.alerts.reports import EventReport, load_event_reports
from nongrata.alerts.subscriptions import TargetOutcome, get_subscription, subscription_targets
from nongrata.db import Database
from nongrata.db.models import Event, Subscription
from nongrata.errors import AlertError
from nongrata.web.chart import HEIGHT, WIDTH
from nongrata.web.chart_png import timeline_png
from nongrata.web.events import day_between
from nongrata.web.overview import Timeline, count_timeline, event_day, window

Period = Literal["day", "week"]
PERIODS: tuple[Period, ...] = ("day", "week")
_PERIOD_DAYS = {"day": 1, "week": 7}
_TREND_DAYS = {"day": 14, "week": 84}  # 84 days are counted by week (web.overview)
CHART_NAME = "nongrata-trend.png"
DIGEST_SCHEMA = "nongrata.digest/1"


@dataclass(frozen=True)
class DigestView:
    """One digest, ready to render in any format."""

    name: str  # the subscription's, or "all new events"
    day: date  # the (local) day it is of
    weekly: bool
    reports: list[EventReport]
    trend: Timeline

    def chart_png(self) -> bytes:
        """The trend chart as a PNG image (what mail and attachments carry)."""
        return timeline_png(self.trend)

    def render(
        self, fmt: str, *, blended_title: bool = False, web_base_url: str | None = None
    ) -> Rendered:
        if fmt == "json":  # a generic webhook: the digest as a document
            title = self.render("text").title
            return Rendered(title, self._json(title, web_base_url))
        picture = self._picture(fmt)
        return render_digest(
            self.reports,
            fmt,
            name=self.name,
            local_date=self.day,
            blended_title=blended_title,
            weekly=self.weekly,
            picture=picture,
            web_base_url=web_base_url,
        )

    def _json(self, title: str, web_base_url: str | None) -> str:
        """The digest as webhooks get it: its events as alert documents, and the trend."""
        t = self.trend
        doc = {
            "schema": DIGEST_SCHEMA,
            "title": title,
            "subscription": self.name,
            "day": self.day.isoformat(),
            "period": "week" if self.weekly else "day",
            "trend": {
                "caption": trend_caption(t),
                "unit": t.unit,
                "counts": [
                    {"bucket": b.isoformat(), "counts": dict(t.counts.get(b, {}))}
                    for b in t.buckets
                ],
            },
            "events": [alert_document(r, web_base_url) for r in self.reports],
        }
        return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"

    def _picture(self, fmt: str) -> list[str]:
        caption = escape(trend_caption(self.trend), fmt)
        if fmt == "html":  # mail shows no SVG: the PNG inline (and attached, see chart_file)
            data = base64.b64encode(self.chart_png()).decode("ascii")
            image = (
                f'<img src="data:image/png;base64,{data}" width="{WIDTH}" height="{HEIGHT}" '
                f'alt="{caption}">'
            )
            return [f"<p><b>{caption}</b></p>", f"<p>{image}</p>", *_html_table(self.trend)]
        table = trend_table(self.trend)
        if fmt == "markdown":
            return [f"**{caption}**", "", "```", *table, "```"]
        return [caption, *table]


def trend_caption(t: Timeline) -> str:
    return f"New events per {t.unit}, {t.start.isoformat()} to {t.end.isoformat()}: {t.total}"


def trend_table(t: Timeline) -> list[str]:
    """The trend as a fixed-width text table: one row per bucket, one column per type."""
    types = sorted(t.types())
    heads = [t.unit, *types, "total"]
    rows = []
    for bucket in t.buckets:
        counts = t.counts.get(bucket)
        values = [counts.get(k, 0) if counts else 0 for k in types]
        rows.append([bucket.isoformat(), *(str(v) for v in values), str(sum(values))])
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(heads)]
    out = [
        "  ".join(
            h.ljust(w) if i == 0 else h.rjust(w)
            for i, (h, w) in enumerate(zip(heads, widths, strict=True))
        )
    ]
    for row in rows:
        out.append(
            "  ".join(
                v.ljust(w) if i == 0 else v.rjust(w)
                for i, (v, w) in enumerate(zip(row, widths, strict=True))
            )
        )
    return out


def _html_table(t: Timeline) -> list[str]:
    types = sorted(t.types())
    head = "".join(f"<th>{escape(h, 'html')}</th>" for h in [t.unit, *types, "total"])
    out = [f"<table><tr>{head}</tr>"]
    for bucket in t.buckets:
        if bucket not in t.counts:
            continue
        counts = t.counts[bucket]
        cells = [str(counts.get(k, 0)) for k in types]
        row = "".join(f"<td>{c}</td>" for c in [bucket.isoformat(), *cells, str(counts.total())])
        out.append(f"<tr>{row}</tr>")
    out.append("</table>")
    return out


def _accepted(session: Session, events: Sequence[Event], sub: Subscription | None) -> list[Event]:
    if sub is None or not events:
        return list(events)
    facts = event_facts(session, events)
    filters = Filters.of(sub)
    return [e for e in events if accepts(filters, facts[e.id])]


def _trend(session: Session, sub: Subscription | None, today: date, period: Period) -> Timeline:
    days = _TREND_DAYS[period]
    start, end = window(today, days)
    events = session.scalars(
        select(Event).where(Event.new.is_(True), day_between(start, end)).order_by(Event.id)
    ).all()
    kept = _accepted(session, events, sub)
    return count_timeline(((event_day(e), e.type) for e in kept), today, days)


def _check_period(period: str) -> Period:
    if period not in PERIODS:
        raise AlertError(f"unknown digest period {period!r}: use day or week")
    return "week" if period == "week" else "day"


def digest_view(
    db: Database, now: datetime, *, name: str | None = None, period: str = "day"
) -> DigestView:
    """The digest of ``name`` (or of every new event) at ``now``: the new events first seen
    in the last day (week) that its filters accept, and their trend."""
    checked = _check_period(period)
    with db.session() as session:
        sub = get_subscription(session, name) if name else None
        since = now - timedelta(days=_PERIOD_DAYS[checked])
        events = session.scalars(
            select(Event)
            .where(Event.new.is_(True), Event.first_seen_at >= since)
            .order_by(Event.first_seen_at, Event.id)
        ).all()
        ids = [e.id for e in _accepted(session, events, sub)]
        reports = load_event_reports(session, ids)
        trend = _trend(session, sub, now.date(), checked)
    return DigestView(name or "all new events", now.date(), checked == "week", reports, trend)


def scheduled_digest_view(
    session: Session, sub: Subscription | None, event_ids: Sequence[int], day: date
) -> DigestView:
    """The view of a scheduled digest (its alerts' events) with its subscription's trend."""
    reports = load_event_reports(session, list(event_ids))
    trend = _trend(session, sub, day, "day")
    return DigestView(sub.name if sub else "?", day, False, reports, trend)


@contextmanager
def chart_file(view: DigestView | None) -> Iterator[list[Path]]:
    """The chart written to a temporary file (for apprise attachments): [path], or []."""
    if view is None:
        yield []
        return
    with tempfile.TemporaryDirectory(prefix="nongrata-digest-") as folder:
        path = Path(folder) / CHART_NAME
        path.write_bytes(view.chart_png())
        yield [path]


def send_digest_now(
    db: Database, view: DigestView, name: str, *, web_base_url: str | None = None
) -> list[TargetOutcome]:
    """Send ``view`` to every target of the subscription ``name`` now (not recorded as its
    scheduled digest: that still goes out at its time); the real outcome per target."""
    with db.session() as session:
        specs = subscription_targets(get_subscription(session, name))
    if not specs:
        raise AlertError(f"subscription {name!r} has no targets to send to")
    outcomes = []
    with chart_file(view) as attach:
        for spec in specs:

            def message(fmt: str, blended: bool) -> tuple[str, str]:
                rendered = view.render(fmt, blended_title=blended, web_base_url=web_base_url)
                return rendered.title, rendered.body

            result = targets.send(spec, message, attach=attach)
            outcomes.append(TargetOutcome(targets.display(spec), result.ok, result.error))
    return outcomes
