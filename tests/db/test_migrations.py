"""Migrations: one upgrade commits whole or not at all, and concurrent first uses agree."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import event, inspect, select

from nongrata.alerts.queue import add_deliveries
from nongrata.alerts.reports import load_event_reports
from nongrata.db import Feed, open_database
from nongrata.db.models import Article, Delivery, Digest, Event, Subscription
from nongrata.db.session import Database, _alembic_config, create_db_engine
from nongrata.ingest.registry import default_feeds_seeded
from nongrata.pipeline.runs import start_run

# A statement of the second migration: by then the first one has created its tables.
SECOND_MIGRATION = re.compile(r"\s*CREATE TABLE events\b", re.IGNORECASE)
# Recording the revision reached, after the migration's own statements.
RECORDING_THE_REVISION = re.compile(r"\s*UPDATE alembic_version\b", re.IGNORECASE)


def upgrade_interrupted_at(db: Database, statement: re.Pattern[str]) -> None:
    """``db.upgrade()``, interrupted (as by Ctrl-C) as it is about to run ``statement``."""

    def interrupt(_conn: Any, _cursor: Any, sql: str, *_: Any) -> None:
        if statement.match(sql):
            raise KeyboardInterrupt

    event.listen(db.engine, "before_cursor_execute", interrupt)
    try:
        with pytest.raises(KeyboardInterrupt):
            db.upgrade()
    finally:
        event.remove(db.engine, "before_cursor_execute", interrupt)


def test_an_interrupted_first_upgrade_leaves_nothing_behind(db_url: str) -> None:
    db = Database(create_db_engine(db_url))
    upgrade_interrupted_at(db, SECOND_MIGRATION)  # Ctrl-C during a first run
    # not even the first migration's tables: they would stop every later run
    assert inspect(db.engine).get_table_names() == []
    assert db.current_revision() is None
    db.dispose()
    reopened = open_database(db_url)
    assert reopened.current_revision() == reopened.head_revision()
    with reopened.session() as session:
        session.add(Feed(url="http://127.0.0.1/feed.xml"))
    with reopened.session() as session:
        assert session.scalars(select(Feed.url)).all() == ["http://127.0.0.1/feed.xml"]
    reopened.dispose()


def test_a_failed_upgrade_keeps_the_data_already_stored(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kept.db'}"
    db = open_database(url)
    with db.session() as session:
        session.add(Feed(url="http://127.0.0.1/feed.xml"))
    db.dispose()
    # the same database, its revision set back one step: the last migration runs again
    set_back_before_markers(url)
    db = Database(create_db_engine(url))
    # after the new table, before the revision is recorded
    upgrade_interrupted_at(db, RECORDING_THE_REVISION)
    assert "markers" not in inspect(db.engine).get_table_names()
    assert db.current_revision() == "0004"
    db.dispose()
    reopened = open_database(url)
    assert reopened.current_revision() == reopened.head_revision()
    with reopened.session() as session:
        assert session.scalars(select(Feed.url)).all() == ["http://127.0.0.1/feed.xml"]
    reopened.dispose()


def set_back_before_markers(url: str) -> None:
    """A SQLite database as revision 0004 left it (before the markers table)."""
    set_back_before_notices(url)
    db = Database(create_db_engine(url))
    with db.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE markers")
        conn.exec_driver_sql("ALTER TABLE feeds DROP COLUMN retry_after_until")
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0004'")
    db.dispose()


def set_back_before_notices(url: str) -> None:
    """A database as revision 0005 left it: 0007 and 0006 downgraded (their downgrades run)."""
    db = Database(create_db_engine(url))
    command.downgrade(_alembic_config(db.engine), "0005")
    db.dispose()


def test_an_upgrade_to_notices_keeps_subscriptions_and_their_deliveries(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    db = open_database(url)
    now = datetime(2026, 12, 1, tzinfo=UTC)
    with db.session() as session:
        feed = Feed(url="http://127.0.0.1/feed.xml")
        session.add(feed)
        session.flush()
        session.add(Article(url="http://a/1", canonical_url="http://a/1", feed_id=feed.id))
        sub = Subscription(name="desk", urls=["json://127.0.0.1:9/x"], created_at=now)
        session.add(sub)
        session.flush()
        session.add(Digest(subscription_id=sub.id, local_date=now.date(), created_at=now))
        session.flush()
        add_deliveries(session, ["json://127.0.0.1:9/x"], now, digest_id=1)
    db.dispose()
    set_back_before_notices(url)
    old = Database(create_db_engine(url))
    assert "notices" not in inspect(old.engine).get_table_names()
    old.dispose()
    reopened = open_database(url)
    with reopened.session() as session:
        assert session.scalars(select(Subscription.ops)).all() == [False]
        assert session.scalars(select(Feed.dead_noticed_at)).all() == [None]
        delivery = session.scalars(select(Delivery)).one()
        assert (delivery.digest_id, delivery.notice_id) == (1, None)
        assert session.scalars(select(Article.feed_id)).all() == [1]  # no copy of feeds
    reopened.dispose()


@pytest.mark.parametrize("had_runs", [True, False])
def test_an_upgraded_database_that_ran_before_is_marked_seeded(
    tmp_path: Path, had_runs: bool
) -> None:
    # Under the old rule a run seeded an empty registry: a database that ran is never seeded
    # again (its user may have removed bundled feeds); one that never ran is, at its first run.
    url = f"sqlite:///{tmp_path / 'old.db'}"
    db = open_database(url)
    if had_runs:
        start_run(db)
    db.dispose()
    set_back_before_markers(url)
    reopened = open_database(url)
    with reopened.session() as session:
        assert default_feeds_seeded(session) is had_runs
        assert session.scalar(select(Feed.retry_after_until)) is None  # the new column
        assert session.scalar(select(Feed.country)) is None  # and those of 0007
    reopened.dispose()


# One process's first use: imports, says it is ready, waits for "go", then opens (migrates).
FIRST_USE = """
import sys, time
from pathlib import Path
from nongrata.db import open_database
url, folder, name = sys.argv[1:4]
Path(folder, name).touch()
while not Path(folder, "go").exists():
    time.sleep(0.005)
open_database(url).dispose()
"""


def test_two_processes_migrating_a_new_sqlite_file_at_once_both_succeed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", FIRST_USE, url, str(tmp_path), f"ready-{n}"],
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(2)
    ]
    deadline = time.monotonic() + 60
    while not all((tmp_path / f"ready-{n}").exists() for n in range(2)):
        assert time.monotonic() < deadline, "the processes did not start"
        time.sleep(0.01)
    (tmp_path / "go").touch()
    errors = [p.communicate(timeout=60)[1] for p in processes]
    assert [p.returncode for p in processes] == [0, 0], errors
    db = open_database(url, migrate=False)
    assert db.current_revision() == db.head_revision()
    db.dispose()


def test_an_upgrade_to_agency_sides_keeps_events_and_reads_their_sides_from_the_table(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    db = open_database(url)
    with db.session() as session:
        session.add(
            Event(
                type="arrest",
                actor_iso="NO",
                target_iso="RU",
                actor_key="NO",
                target_key="RU",
                agencies=["PST", "SVR"],
                persons=[],
            )
        )
    command.downgrade(_alembic_config(db.engine), "0007")
    assert "agency_sides" not in {c["name"] for c in inspect(db.engine).get_columns("events")}
    db.dispose()
    reopened = open_database(url)
    with reopened.session() as session:
        stored = session.scalars(select(Event)).one()
        assert stored.agency_sides is None  # recorded before sides were
        (report,) = load_event_reports(session, [stored.id])
        assert report.sides() == {"PST": "actor", "SVR": "target"}  # from the agency table
    reopened.dispose()
