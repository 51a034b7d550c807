"""Engine, sessions and migrations.

``open_database(url)`` returns a :class:`Database` whose schema is at the newest migration:
migrations run on first use (and with ``nongrata db upgrade``); the newest revision is read
from the migration scripts once per process (a run opens the database many times). SQLite
runs in WAL mode with foreign keys on and a busy timeout, so a second process waits instead
of failing at once (also while switching a new file to WAL, where SQLite itself does not
wait: ``switch_to_wal``).
"""

from __future__ import annotations

import functools
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from nongrata.errors import DatabaseError

if TYPE_CHECKING:
    from nongrata.settings import Settings

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_PG_MIGRATION_LOCK = 7_286_340_001  # pg_advisory_lock key: one migrator at a time
# How long a SQLite connection waits for another process's lock before "database is locked"
# (its busy timeout, set as it connects).
SQLITE_BUSY_SECONDS = 30


def _alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        switch_to_wal(cursor, SQLITE_BUSY_SECONDS)
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def switch_to_wal(cursor: Any, wait_seconds: float) -> None:
    """``PRAGMA journal_mode=WAL``, tried again for up to ``wait_seconds`` while another
    connection holds the lock it needs. SQLite answers "database is locked" here at once,
    without waiting for its busy timeout, when another process is switching the same new
    file to WAL (two commands opening a fresh database together)."""
    deadline = time.monotonic() + wait_seconds
    pause = 0.005
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.25)


def create_db_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite files get their folder created and WAL mode."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseError(f"not a database URL: {url!r}") from exc
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"timeout": SQLITE_BUSY_SECONDS}
    else:
        kwargs["pool_pre_ping"] = True
    try:
        engine = create_engine(parsed, **kwargs)
    except (ArgumentError, ImportError) as exc:
        raise DatabaseError(
            f"cannot use database {parsed.render_as_string(hide_password=True)}: {exc}"
        ) from exc
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _on_sqlite_connect)
    else:
        event.listen(engine, "before_cursor_execute", _strip_nul_bytes, retval=True)
    return engine


def _without_nul(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "") if "\x00" in value else value
    if isinstance(value, dict):
        return {k: _without_nul(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_without_nul(v) for v in value)
    return value


def _strip_nul_bytes(
    conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool
) -> tuple[str, Any]:
    """PostgreSQL refuses NUL in text; feeds and pages can carry it. Dropped on the way in."""
    return statement, _without_nul(parameters)


@functools.cache
def _head_revision(migrations: Path) -> str | None:
    """The newest revision of the migration scripts in ``migrations`` (installed with the
    package: they do not change while a process runs)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations))
    return ScriptDirectory.from_config(cfg).get_current_head()


class Database:
    """An engine and its session factory."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on error."""
        with self.sessions() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def current_revision(self) -> str | None:
        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def head_revision(self) -> str | None:
        return _head_revision(MIGRATIONS)

    def upgrade(self) -> None:
        """Migrate the schema to the newest revision (a no-op when it already is)."""
        try:
            if self.engine.dialect.name == "postgresql":
                with self.engine.connect() as conn:
                    conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
                    try:
                        command.upgrade(_alembic_config(self.engine), "head")
                    finally:
                        conn.execute(
                            text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_MIGRATION_LOCK}
                        )
                        conn.commit()
            else:
                command.upgrade(_alembic_config(self.engine), "head")
        except OperationalError as exc:
            raise DatabaseError(f"cannot migrate {self.url}: {exc.orig}") from exc
        except SQLAlchemyError as exc:
            raise DatabaseError(f"cannot migrate {self.url}: {exc}") from exc

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(url: str, *, migrate: bool = True) -> Database:
    """Open the database at ``url``, running migrations first when they are due."""
    db = Database(create_db_engine(url))
    if migrate:
        try:
            due = db.current_revision() != db.head_revision()
        except OperationalError as exc:
            raise DatabaseError(f"cannot open {db.url}: {exc.orig}") from exc
        if due:
            db.upgrade()
    return db


@contextmanager
def stage_db(settings: Settings, *, migrate: bool = True) -> Iterator[Database]:
    """The configured database (``settings.effective_database_url``) for one stage: opened
    (and migrated when due, unless ``migrate`` is off), disposed when the block ends."""
    db = open_database(settings.effective_database_url, migrate=migrate)
    try:
        yield db
    finally:
        db.dispose()
