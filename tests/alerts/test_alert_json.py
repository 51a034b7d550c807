"""Alerts worth reading, told the same way to every target: the structured JSON a webhook
gets (a real HTTP server on loopback), HTML mail (a real SMTP server) and Markdown — the
headline, actor → target, persons, count and date, the evidence, every source with its
outlet, time and clean link, only the watchlist entries that make the event relevant, and
the event's web page when ``web_base_url`` is set."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime

from pytest_httpserver import HTTPServer

from nongrata.alerts.alert_json import SCHEMA, alert_document
from nongrata.alerts.messages import render_event
from nongrata.alerts.outbox import deliver_pending
from nongrata.alerts.reports import EventReport, MatchLine, load_event_reports
from nongrata.alerts.subscriptions import SubscriptionSpec, subscribe
from nongrata.db import Article, ArticleFeed, Database, Feed
from nongrata.events.record import record_extractions
from nongrata.settings import Settings
from nongrata.watchlists import load_watchlists
from tests.support.factories import event, extraction
from tests.support.smtp import SmtpInbox, mail_text
from tests.support.webhooks import json_hook

NOW = datetime(2025, 9, 10, 9, tzinfo=UTC)
TRACKED = "https://news.example/cz-expels?utm_source=rss&utm_medium=feed&id=4"
CLEAN = "https://news.example/cz-expels?id=4"
EVIDENCE = "The Czech foreign ministry expelled a Belarusian diplomat, it said on Tuesday."
BASE = "https://desk.example/nongrata"


def _record(db: Database, settings: Settings) -> int:
    """One event (CZ expels a Belarusian diplomat) from one article carried by a titled feed,
    linked with tracking parameters; matched against the bundled watchlists."""
    with db.session() as session:
        feed = Feed(url="https://news.example/rss", title="Prague Daily")
        article = Article(
            url=TRACKED,
            canonical_url=CLEAN,
            title="Czechia expels Belarusian diplomat",
            published=datetime(2025, 9, 10, 7, 30, tzinfo=UTC),
            language="en",
            fetch_status="fetched",
        )
        session.add_all([feed, article])
        session.flush()
        session.add(ArticleFeed(article_id=article.id, feed_id=feed.id, first_seen_at=NOW))
        article_id = article.id
    found = event(persons=["Mikalai Dukshta"], count=1, evidence=EVIDENCE)
    record_extractions(
        db,
        settings,
        [extraction(article_id, found)],
        load_watchlists(settings.watchlists_dir),
        None,
        NOW,
    )
    with db.session() as session:
        (report,) = load_event_reports(session, [1])
    return report.id


def _report(db: Database) -> EventReport:
    with db.session() as session:
        (report,) = load_event_reports(session, [1])
    return report


def test_the_report_tells_outlet_time_clean_link_and_only_the_watched_reasons(
    db: Database, make_settings: Callable[..., Settings]
) -> None:
    _record(db, make_settings())
    report = _report(db)
    (source,) = report.sources
    assert (source.outlet, source.url) == ("Prague Daily", CLEAN)
    # The bundled countries list names both states; only Belarus is watched.
    assert {m.entry_id for m in report.matches if m.watchlist == "countries"} == {"cz", "by"}
    assert [m.entry_id for m in report.reasons] == ["dukshta-mikalai", "by"]

    for fmt in ("text", "html", "markdown"):
        body = render_event(report, fmt, web_base_url=BASE).body
        shown = body.replace("\\", "")  # Markdown's escapes, as a reader sees the text
        for needle in (
            "Czech Republic (CZ) → Belarus (BY)",
            "Mikalai Dukshta",
            "**Count:** 1" if fmt == "markdown" else "Count",
            "2025-09-10",
            "Belarusian diplomat, it said on Tuesday",
            "Prague Daily, 2025-09-10 07:30 UTC",
            "countries: Belarus",
            f"{BASE}/events/{report.id}",
        ):
            assert needle in shown, (fmt, needle)
        assert "utm_" not in body
        assert "Czech Republic (score" not in body  # a catch-all list entry is no reason
    html = render_event(report, "html", web_base_url=BASE).body
    assert f'<a href="{CLEAN}">Czechia expels Belarusian diplomat</a>' in html
    assert f'<a href="{BASE}/events/{report.id}">' in html
    markdown = render_event(report, "markdown").body
    assert f"[Czechia expels Belarusian diplomat]({CLEAN})" in markdown
    assert "/events/" not in markdown  # no web_base_url: no page link


def test_the_json_document_has_every_field(
    db: Database, make_settings: Callable[..., Settings]
) -> None:
    _record(db, make_settings())
    doc = alert_document(_report(db), BASE + "/")
    assert doc["schema"] == SCHEMA
    assert doc["headline"] == "Czech Republic expels Belarusian diplomat · 1 source"
    assert doc["actor"] == {"code": "CZ", "name": "Czech Republic"}
    assert doc["target"] == {"code": "BY", "name": "Belarus"}
    assert (doc["persons"], doc["count"], doc["date"]) == (["Mikalai Dukshta"], 1, "2025-09-10")
    assert doc["evidence"] == [EVIDENCE]
    assert doc["sources"] == [
        {
            "outlet": "Prague Daily",
            "title": "Czechia expels Belarusian diplomat",
            "url": CLEAN,
            "published": "2025-09-10T07:30:00+00:00",
            "language": "en",
            "evidence": EVIDENCE,
        }
    ]
    assert [(w["list"], w["id"]) for w in doc["watchlists"]] == [
        ("persons", "dukshta-mikalai"),
        ("countries", "by"),
    ]
    assert doc["page"] == f"{BASE}/events/{doc['id']}"


def test_only_entries_that_matter_are_reasons() -> None:
    listed = MatchLine("countries", "cz", "Czech Republic", "CZ", "actor state CZ", 1.0, ("eu",))
    watched = MatchLine("countries", "by", "Belarus", "BY", "target", 1.0, ("cis", "watched"))
    agency = MatchLine("agencies", "kgb-by", "KGB", "KGB", "alias", 1.0)
    assert [m.is_reason for m in (listed, watched, agency)] == [False, True, True]


def test_a_webhook_gets_the_document_and_mail_gets_html(
    db: Database, make_settings: Callable[..., Settings], httpserver: HTTPServer, smtp: SmtpInbox
) -> None:
    hook, received = json_hook(httpserver)
    settings = make_settings(web_base_url=BASE)
    subscribe(db, SubscriptionSpec(name="desk", urls=[hook, smtp.url()]))
    _record(db, settings)
    summary = deliver_pending(db, settings, NOW)
    assert (summary.sent, summary.failed) == (2, 0)

    (payload,) = received
    assert payload["title"] == "Czech Republic expels Belarusian diplomat · 1 source"
    doc = json.loads(payload["message"])
    assert doc["schema"] == SCHEMA
    assert doc["sources"][0]["url"] == CLEAN
    assert doc["page"] == f"{BASE}/events/{doc['id']}"

    (mail,) = smtp.messages
    html = mail_text(mail)["text/html"]
    assert f'<a href="{CLEAN}">' in html
    assert "Prague Daily" in html
    assert f'<a href="{BASE}/events/{doc["id"]}">' in html
