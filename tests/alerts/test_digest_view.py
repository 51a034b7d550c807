"""Digests with a picture: the trend chart inline in HTML mail and attached where apprise can
attach, a text table elsewhere; ``nongrata digest --preview`` and ``--send`` (real SMTP
server and webhook on loopback)."""

from __future__ import annotations

import base64
import io
import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from email.message import Message
from pathlib import Path

from PIL import Image, ImageColor
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from nongrata.alerts.digest_view import CHART_NAME, digest_view, send_digest_now
from nongrata.alerts.digests import deliver_digests
from nongrata.alerts.subscriptions import SubscriptionSpec, subscribe
from nongrata.cli.app import app
from nongrata.db import Database, open_database
from nongrata.settings import Settings
from nongrata.web.chart import HEIGHT, WIDTH, colour
from tests.support.factories import add_article, event, extraction, record_test_events
from tests.support.smtp import SmtpInbox, mail_text
from tests.support.webhooks import json_hook

MORNING = datetime(2025, 9, 10, 4, tzinfo=UTC)
NOW = datetime(2025, 9, 10, 9, tzinfo=UTC)
runner = CliRunner()


def record_three(db: Database, settings: Settings) -> None:
    a = add_article(db, "https://a.example/1", title="Czech Republic expels KGB officer")
    b = add_article(db, "https://b.example/2", title="Poland arrests GRU agent")
    c = add_article(db, "https://c.example/3", title="Poland expels <b>Russian</b> diplomat")
    record_test_events(
        db,
        settings,
        MORNING,
        extraction(a, event(agencies=["KGB"])),
        extraction(b, event("arrest", "PL", "RU", agencies=["GRU"])),
        extraction(c, event("expulsion", "PL", "RU")),
    )


def attachments(message: Message) -> dict[str, tuple[str, bytes]]:
    """Each attached file's (content type, bytes), by file name."""
    found = {}
    for part in message.walk():
        name = part.get_filename()
        payload = part.get_payload(decode=True)
        if name and isinstance(payload, bytes):
            found[name] = (part.get_content_type(), payload)
    return found


def inline_png(html: str) -> Image.Image:
    """The one PNG the HTML shows inline (a data: URL), decoded."""
    found = re.findall(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"', html)
    assert len(found) == 1, html[:500]
    return Image.open(io.BytesIO(base64.b64decode(found[0])))


def test_the_view_groups_the_days_events_with_the_trend(
    db: Database, make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings()
    record_three(db, settings)
    subscribe(
        db, SubscriptionSpec(name="poland", urls=["json://127.0.0.1:9/x"], actor_countries=["PL"])
    )

    every = digest_view(db, NOW)
    assert len(every.reports) == 3
    assert (every.trend.unit, every.trend.total, len(every.trend.buckets)) == ("day", 3, 14)
    text = every.render("text")
    assert text.title == "nongrata digest 2025-09-10: 3 new events"
    lines = text.body.splitlines()
    assert lines[2].startswith("New events per day, 2025-08-28 to 2025-09-10: 3")
    assert lines[3].split() == ["day", "arrest", "expulsion", "total"]
    assert lines[-1] != ""
    assert any(line.split() == ["2025-09-10", "1", "2", "3"] for line in lines)
    assert text.body.index("Expulsions") < text.body.index("Arrests")

    html = every.render("html").body
    assert "<svg" not in html  # mail clients show no SVG: a PNG
    assert inline_png(html).size == (WIDTH, HEIGHT)
    assert "<b>Russian</b>" not in html
    assert "&lt;b&gt;Russian&lt;/b&gt;" in html
    markdown = every.render("markdown").body
    assert "```" in markdown
    document = json.loads(every.render("json", web_base_url="https://d.example").body)
    assert [e["schema"] for e in document["events"]] == ["nongrata.alert/1"] * 3
    assert document["events"][0]["page"].startswith("https://d.example/events/")
    assert sum(sum(b["counts"].values()) for b in document["trend"]["counts"]) == 3

    poland = digest_view(db, NOW, name="poland", period="week")
    assert [r.actor_iso for r in poland.reports] == ["PL", "PL"]
    assert (poland.trend.unit, poland.trend.total) == ("week", 2)
    assert poland.render("text").title == "nongrata weekly digest 2025-09-10: 2 new events"
    # Events first seen before the period are not in it.
    assert digest_view(db, datetime(2025, 9, 12, tzinfo=UTC)).reports == []


def test_a_digest_sent_now_and_the_scheduled_digest_carry_the_chart_by_mail(
    db: Database, make_settings: Callable[..., Settings], smtp: SmtpInbox
) -> None:
    settings = make_settings()
    subscribe(
        db,
        SubscriptionSpec(name="desk", urls=[smtp.url()], digest=True, digest_time="08:00"),
    )
    record_three(db, settings)
    outcomes = send_digest_now(db, digest_view(db, NOW, name="desk"), "desk")
    assert [o.ok for o in outcomes] == [True]
    scheduled = deliver_digests(db, settings, NOW)
    assert (scheduled.digests, scheduled.deliveries.sent) == (1, 1)

    now_mail, scheduled_mail = smtp.messages
    for message in (now_mail, scheduled_mail):
        assert message["Subject"] == "nongrata digest 2025-09-10: 3 new events"
        html = mail_text(message)["text/html"]
        assert inline_png(html).size == (WIDTH, HEIGHT)  # inline
        kind, chart = attachments(message)[CHART_NAME]  # and attached
        assert kind == "image/png"
        with Image.open(io.BytesIO(chart)) as image:
            assert (image.format, image.size) == ("PNG", (WIDTH, HEIGHT))
            # The day with 3 events: its bar holds both types' colours.
            colours = {colour for _, colour in image.convert("RGB").getcolors(1 << 16) or []}
            assert {ImageColor.getrgb(colour(t)) for t in ("arrest", "expulsion")} <= colours


def invoke(db_url: str, tmp_path: Path, *args: str) -> tuple[int, str]:
    env = {"NONGRATA_DATABASE_URL": db_url, "NONGRATA_DATA_DIR": str(tmp_path / "data")}
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.output


def test_digest_command_previews_and_sends(
    db_url: str, tmp_path: Path, make_settings: Callable[..., Settings], httpserver: HTTPServer
) -> None:
    hook, received = json_hook(httpserver)
    db = open_database(db_url)
    record_three(db, make_settings())  # first seen on 2025-09-10: a week before now at most?
    db.dispose()
    code, out = invoke(db_url, tmp_path, "subscribe", "desk", "--url", hook, "--actor", "PL")
    assert code == 0, out

    # The events were first seen in 2025: today's digest has none, but the trend is drawn.
    code, out = invoke(db_url, tmp_path, "digest", "--preview")
    assert code == 0, out
    assert out.startswith("nongrata digest ")
    assert ": 0 new events" in out.splitlines()[0]
    page = tmp_path / "digest.html"
    code, out = invoke(db_url, tmp_path, "digest", "--preview", "desk", "--output", str(page))
    assert code == 0, out
    assert out.strip() == f"Wrote the digest (0 new events) to {page}"
    assert inline_png(page.read_text(encoding="utf-8")).format == "PNG"

    code, out = invoke(db_url, tmp_path, "digest", "--send", "desk", "--period", "week")
    assert code == 0, out
    assert "Digest of desk (0 new events) sent to 1 of 1 targets" in out
    assert received[0]["title"].startswith("nongrata weekly digest ")
    digest = json.loads(received[0]["message"])  # a webhook gets the digest as a document
    assert digest["schema"] == "nongrata.digest/1"
    assert digest["period"] == "week"
    assert digest["trend"]["caption"].startswith("New events per week")
    assert len(digest["trend"]["counts"]) in {12, 13}  # 84 days, by week
    assert digest["events"] == []  # the events were first seen in 2025

    for args, error in [
        ((), "Error: give either --preview [NAME] or --send NAME"),
        (("--send", "nobody"), "Error: no subscription named 'nobody'"),
        (("--preview", "--period", "month"), "Error: unknown digest period 'month'"),
        (("--send", "desk", "--output", "x.txt"), "Error: --output goes with --preview"),
    ]:
        code, out = invoke(db_url, tmp_path, "digest", *args)
        assert code == 1, (args, out)
        assert out.strip().splitlines()[0].startswith(error), out
