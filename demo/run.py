"""The offline demo: the bundled outlets served on 127.0.0.1, the whole ``monitor`` flow on a
fresh SQLite database, alerts delivered to a local sink and written to a page you can open."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from nongrata.alerts.subscriptions import SubscriptionSpec, subscribe
from nongrata.db import Article, open_database
from nongrata.db.models import Event, Mention
from nongrata.demo.alerts_page import received_alerts, write_alerts_page
from nongrata.demo.server import DemoServer
from nongrata.ingest.registry import add_feed
from nongrata.settings import Settings

Step = Callable[[str], None]


@dataclass
class DemoEvent:
    type: str
    new: bool
    actor: str
    target: str
    persons: list[str]
    agencies: list[str]
    count: int | None
    sources: int


@dataclass
class DemoReport:
    folder: Path
    database_url: str
    alerts_page: Path
    summary: dict[str, Any]
    events: list[DemoEvent] = field(default_factory=list)
    alerts: list[dict[str, Any]] = field(default_factory=list)
    articles: int = 0
    quiet_articles: list[str] = field(default_factory=list)  # articles that raised no alert


DEMO_WEB = "http://127.0.0.1:8050"  # where `nongrata web` serves the demo database


def demo_settings(settings: Settings, folder: Path) -> Settings:
    """The user's settings, but on a fresh SQLite file in ``folder`` and on loopback only;
    alerts link to the events' pages in ``nongrata web`` (its default address) unless
    ``web_base_url`` is set."""
    return settings.model_copy(
        update=Settings.validated_overrides(
            {
                "web_base_url": settings.web_base_url or DEMO_WEB,
                "data_dir": folder,
                "database_url": f"sqlite:///{folder / 'demo.db'}",
                "allow_private_networks": True,
                "only_hosts": ["127.0.0.1"],
                "seed_default_feeds": False,
                "poll_interval_minutes": 0,
            }
        )
    )


def run_demo(settings: Settings, folder: Path, step: Step = lambda _: None) -> DemoReport:
    """Run the demo into ``folder`` (its previous demo database is replaced)."""
    from nongrata.flows.monitor import monitor

    folder.mkdir(parents=True, exist_ok=True)
    for stale in ("demo.db", "demo.db-wal", "demo.db-shm"):
        (folder / stale).unlink(missing_ok=True)
    settings = demo_settings(settings, folder)
    url = settings.effective_database_url
    step("serving the sample outlets on 127.0.0.1")
    with DemoServer() as server:
        step("preparing a fresh SQLite database and a local alert sink")
        db = open_database(url)
        with db.session() as session:
            for feed_url in server.feed_urls:
                add_feed(session, feed_url)
        subscribe(db, SubscriptionSpec(name="demo-sink", urls=[server.sink_url]))
        step("running the monitor flow (poll → fetch → extract → match → cluster → alert)")
        summary = monitor(settings=settings)
        step("collecting what was found")
        received = server.received
    report = DemoReport(
        folder=folder,
        database_url=url,
        alerts_page=folder / "alerts.html",
        summary=summary,
        alerts=received,
    )
    with db.session() as session:
        report.articles = session.scalar(select(func.count()).select_from(Article)) or 0
        sources: dict[int, int] = {
            int(row[0]): int(row[1])
            for row in session.execute(
                select(Mention.event_id, func.count(func.distinct(Mention.article_id))).group_by(
                    Mention.event_id
                )
            )
        }
        for e in session.scalars(select(Event).order_by(Event.new.desc(), Event.id)):
            report.events.append(
                DemoEvent(
                    type=e.type,
                    new=e.new,
                    actor=e.actor or e.actor_iso or "?",
                    target=e.target or e.target_iso or "?",
                    persons=list(e.persons),
                    agencies=list(e.agencies),
                    count=e.count,
                    sources=int(sources.get(e.id, 0)),
                )
            )
        alerting = select(Mention.article_id).join(Event).where(Event.new.is_(True))
        report.quiet_articles = [
            title or "(untitled)"
            for title in session.scalars(
                select(Article.title).where(Article.id.not_in(alerting)).order_by(Article.id)
            )
        ]
        alerts = received_alerts(session, received, settings.web_base_url)
    db.dispose()
    write_alerts_page(report.alerts_page, alerts)
    return report
