from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from nongrata.db import Article, Feed, open_database, stage_db
from nongrata.db.models import Base
from nongrata.db.session import SQLITE_BUSY_SECONDS, Database, switch_to_wal
from nongrata.errors import DatabaseError
from nongrata.settings import Settings


def test_migrations_run_on_first_use_and_match_the_models(db_url: str) -> None:
    db = open_database(db_url)
    assert db.current_revision() == db.head_revision()
    # The migrated schema is what the models describe: autogenerate finds nothing to do.
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    db.dispose()


def test_reopening_is_a_no_op_and_keeps_data(db_url: str) -> None:
    db = open_database(db_url)
    with db.session() as s:
        s.add(Feed(url="http://127.0.0.1/feed.xml"))
    db.dispose()
    db = open_database(db_url)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Feed)) == 1
    db.dispose()


def test_an_article_is_stored_once_per_canonical_url(db_url: str) -> None:
    db = open_database(db_url)
    with db.session() as s:
        s.add(Article(url="http://a/1?utm_source=x", canonical_url="http://a/1"))
    with pytest.raises(IntegrityError), db.session() as s:
        s.add(Article(url="http://a/1", canonical_url="http://a/1"))
    db.dispose()


def test_datetimes_come_back_timezone_aware(db_url: str) -> None:
    db = open_database(db_url)
    when = datetime(2025, 9, 10, 8, 30, tzinfo=UTC)
    with db.session() as s:
        s.add(Feed(url="http://127.0.0.1/f", next_poll_at=when))
    with db.session() as s:
        feed = s.scalars(select(Feed)).one()
        assert feed.next_poll_at == when
        assert feed.next_poll_at is not None
        assert feed.next_poll_at.tzinfo is not None
    db.dispose()


def test_sqlite_runs_in_wal_mode_and_waits_for_locks(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'x.db'}")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == SQLITE_BUSY_SECONDS * 1000
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    db.dispose()


def test_switching_to_wal_waits_for_another_connections_lock(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")  # as another process creating the same new file
    # No busy timeout: SQLite answers "database is locked" at once, as it does for this
    # pragma when two processes open a new file together.
    waiting = sqlite3.connect(path, timeout=0, isolation_level=None)
    cursor = waiting.cursor()
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        switch_to_wal(cursor, 0.05)  # still held when the wait is over
    release = threading.Timer(0.3, lambda: holder.execute("COMMIT"))
    release.start()
    switch_to_wal(cursor, 10)
    release.join()
    assert cursor.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    waiting.close()
    holder.close()


def test_a_bad_url_is_one_clear_error() -> None:
    with pytest.raises(DatabaseError, match="not a database URL"):
        open_database("not a url")


def test_an_unreachable_server_is_one_clear_error() -> None:
    with pytest.raises(DatabaseError, match="cannot open"):
        open_database("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2")


def test_nul_bytes_from_feeds_are_dropped_not_fatal(db_url: str) -> None:
    db = open_database(db_url)
    with db.session() as s:
        s.add(Article(url="http://a/nul", canonical_url="http://a/nul", title="Spy\x00 story"))
    with db.session() as s:
        title = s.scalars(select(Article.title)).one()
    assert title in {"Spy story", "Spy\x00 story"}  # PostgreSQL: dropped; SQLite: kept
    if db.engine.dialect.name == "postgresql":
        assert title == "Spy story"
    db.dispose()


def test_the_migration_scripts_are_read_once_per_process(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A run opens the database many times: the newest revision is not re-read each time.
    from alembic.script import ScriptDirectory

    from nongrata.db import session as session_module

    reads: list[object] = []
    real = ScriptDirectory.from_config

    def counting(config: object) -> ScriptDirectory:
        reads.append(config)
        return real(config)  # type: ignore[arg-type]

    monkeypatch.setattr(ScriptDirectory, "from_config", counting)
    session_module._head_revision.cache_clear()
    open_database(db_url).dispose()  # reads the newest revision, then migrates
    assert reads
    reads.clear()
    for _ in range(3):
        db = open_database(db_url)
        assert db.current_revision() == db.head_revision()
        db.dispose()
    assert reads == []


def test_stage_db_opens_the_configured_database_and_disposes_it_even_on_error(
    make_settings: Callable[..., Settings], monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = make_settings()
    disposed: list[str] = []
    real_dispose = Database.dispose

    def dispose(self: Database) -> None:
        disposed.append(self.url)
        real_dispose(self)

    monkeypatch.setattr(Database, "dispose", dispose)
    with stage_db(settings) as db:
        assert db.url == settings.effective_database_url
        assert db.current_revision() == db.head_revision()  # migrated
    assert disposed == [settings.effective_database_url]
    with pytest.raises(RuntimeError, match="stage failed"), stage_db(settings, migrate=False):
        raise RuntimeError("stage failed")
    assert len(disposed) == 2
