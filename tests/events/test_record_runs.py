"""Clustering in real runs (feeds and pages on 127.0.0.1, ``run_monitor``): a second arrest
by the same state for the same service, two days after the first, is its own event and
raises its own alert, while the same arrest told by another outlet raises none; each
event's agencies are stored with their side."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape
from pathlib import Path

from sqlalchemy import select

from nongrata.alerts.subscriptions import SubscriptionSpec, subscribe
from nongrata.db import open_database
from nongrata.db.models import Alert, Event
from nongrata.demo.server import DemoServer
from nongrata.pipeline.sequence import run_monitor
from nongrata.settings import Settings
from tests.support.feed_site import FeedItem, LocalSite, rss_document
from tests.support.ingest import register

FIRST = (
    "Norway arrests man suspected of spying for Russia",
    "Norway's Police Security Service (PST) arrested a Norwegian man in Oslo on Monday on "
    "suspicion of spying for Russia's foreign intelligence service, the SVR. The man, a "
    "45-year-old engineer, is accused of passing information about defence installations, "
    "the PST said. His lawyer said he denied the charges.",
)
FIRST_AGAIN = (
    "Norwegian engineer held on suspicion of spying for Russia",
    "A Norwegian engineer was arrested in Oslo on Monday on suspicion of spying for Russia, "
    "Norway's Police Security Service (PST) said. The 45-year-old is suspected of passing "
    "information about defence installations to the SVR.",
)
SECOND = (
    "Norway arrests second man suspected of spying for Russia",
    "Norway's Police Security Service (PST) arrested a second man in Bergen on Wednesday on "
    "suspicion of spying for Russia's foreign intelligence service, the SVR. The "
    "38-year-old, a Norwegian citizen, was detained two days after a colleague was arrested "
    "in Oslo, the PST said.",
)


def _page(title: str, text: str) -> bytes:
    return (
        f"<!doctype html><html><head><title>{escape(title)}</title></head><body><article>"
        f"<h1>{escape(title)}</h1><p>{escape(text)}</p></article></body></html>"
    ).encode()


def _publish(site: LocalSite, stories: list[tuple[str, tuple[str, str], datetime]]) -> None:
    items = []
    for slug, (title, text), when in stories:
        site.documents[f"/news/{slug}.html"] = (_page(title, text), "text/html; charset=utf-8")
        items.append(
            FeedItem(
                link=f"{site.base}/news/{slug}.html",
                title=title,
                summary=text[:120],
                guid=slug,
                date=format_datetime(when),
            )
        )
    site.documents["/feed.xml"] = (rss_document("Nordic News", items), "application/rss+xml")


def test_a_second_arrest_two_days_later_raises_its_own_alert(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'runs.db'}"
    settings = make_settings(database_url=url, poll_interval_minutes=0)
    now = datetime.now(UTC).replace(microsecond=0)
    monday = now - timedelta(days=2)
    with LocalSite() as site, DemoServer() as sink:
        _publish(site, [("first", FIRST, monday), ("first-again", FIRST_AGAIN, monday)])
        db = open_database(url)
        register(db, site.base + "/feed.xml")
        subscribe(db, SubscriptionSpec(name="desk", urls=[sink.sink_url]))
        db.dispose()

        first = run_monitor(settings)
        assert first.extract["events_new"] == 1
        assert first.delivery["sent"] == 1

        _publish(
            site,
            [
                ("first", FIRST, monday),
                ("first-again", FIRST_AGAIN, monday),
                ("second", SECOND, now),
            ],
        )
        second = run_monitor(settings)
        assert second.extract["events_new"] == 1
        assert second.delivery["sent"] == 1
        titles = [m.get("title", "") for m in sink.received]
        assert len(titles) == 2
        assert all(t.startswith("Norway arrests suspected Russian spy") for t in titles)

    db = open_database(url)
    with db.session() as session:
        events = session.scalars(select(Event).order_by(Event.id)).all()
        assert [(e.type, e.actor_iso, e.target_iso) for e in events] == [("arrest", "NO", "RU")] * 2
        assert [len(e.mentions) for e in events] == [2, 1]
        assert events[0].agency_sides == {"PST": "actor", "SVR": "target"}
        assert events[1].mentions[0].agency_sides == {"PST": "actor", "SVR": "target"}
        assert len(session.scalars(select(Alert)).all()) == 2
    db.dispose()
