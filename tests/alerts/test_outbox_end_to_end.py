"""Issue 5's promise end to end: ``nongrata run`` over local feeds carrying the seed-like
stories sends one mail per new alertable event to a real SMTP server, with every source,
and nothing on the second run — on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from nongrata.alerts.subscriptions import SubscriptionSpec, subscribe
from nongrata.cli.app import app
from nongrata.db import open_database
from nongrata.db.models import Event
from nongrata.demo.server import DemoServer
from nongrata.ingest.registry import add_feed
from nongrata.types import ALERT_TYPES
from tests.support.smtp import SmtpInbox, mail_text


@pytest.mark.usefixtures("prefect_harness")
def test_run_mails_one_alert_per_new_event_with_all_sources_once(
    db_url: str, smtp: SmtpInbox, tmp_path: Path
) -> None:
    env = {
        "NONGRATA_DATABASE_URL": db_url,
        "NONGRATA_DATA_DIR": str(tmp_path),
        "NONGRATA_ALLOW_PRIVATE_NETWORKS": "true",
        "NONGRATA_ONLY_HOSTS": "127.0.0.1",
        "NONGRATA_SEED_DEFAULT_FEEDS": "false",
        "NONGRATA_POLL_INTERVAL_MINUTES": "0",
    }
    with DemoServer() as server:
        db = open_database(db_url)
        with db.session() as session:
            for url in server.feed_urls:
                add_feed(session, url)
        subscribe(db, SubscriptionSpec(name="desk", urls=[smtp.url()]))

        first = CliRunner().invoke(app, ["run"], env=env)
        assert first.exit_code == 0, first.output
        with db.session() as session:
            alertable = [
                e for e in session.scalars(select(Event)) if e.new and e.type in ALERT_TYPES
            ]
        assert alertable
        assert len(smtp.messages) == len(alertable)

        czech = [m for m in smtp.messages if "Czech Republic expels" in str(m["Subject"])]
        assert len(czech) == 1  # three outlets, one mail
        assert re.search(r"· [3-9] sources", str(czech[0]["Subject"]))
        body = "\n".join(mail_text(czech[0]).values())
        for slug in (
            "czech-republic-expels-belarusian-diplomat",
            "prague-orders-belarusian-diplomat-to-leave",
            "belarusian-envoy-expelled-from-czechia",
        ):
            assert slug in body

        second = CliRunner().invoke(app, ["run"], env=env)
        assert second.exit_code == 0, second.output
        assert len(smtp.messages) == len(alertable)  # nothing twice
    db.dispose()
