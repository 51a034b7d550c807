"""Shared fixtures.

- ``db_url``: a fresh database per test, on SQLite and, when the machine's PostgreSQL is
  reachable, on PostgreSQL too (a fresh database per test session; skipped visibly otherwise).
- ``db``: that database, opened and migrated (``open_database``).
- ``make_settings``: settings for tests: loopback allowed, only 127.0.0.1, a temp data dir.
- ``shared_dir``: ../shared (or $NONGRATA_SHARED); tests using it skip when it is absent.
- ``prefect_harness``: ONE session-scoped Prefect test harness (its server takes ~10 s).
"""

from __future__ import annotations

import logging
import os
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from nongrata.db import Database, open_database
from nongrata.settings import Settings
from tests.support.postgres import PG_ADMIN_URL

ROOT = Path(__file__).resolve().parent.parent


def _pg_reachable() -> str | None:
    """None when PostgreSQL answers, else why not."""
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, connect_timeout=3):
            return None
    except Exception as exc:  # any failure means: no server to test against
        return f"{type(exc).__name__}: {exc}".splitlines()[0]


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session; its SQLAlchemy URL (psycopg 3)."""
    why = _pg_reachable()
    if why is not None:
        pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN_URL} ({why})")
    import psycopg

    name = f"nongrata_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    yield f"{base}/{name}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL, once per backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'nongrata.db'}"
        return
    server_url: str = request.getfixturevalue("pg_server")
    # One schema-free database per session: empty it between tests.
    yield server_url
    from sqlalchemy import create_engine, text

    engine = create_engine(server_url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    """The ``db_url`` database, opened and migrated; disposed after the test."""
    database = open_database(db_url)
    yield database
    database.dispose()


@pytest.fixture
def make_settings(tmp_path: Path) -> Callable[..., Settings]:
    """Build test settings; keyword arguments override (they win over the environment)."""

    def build(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "data_dir": tmp_path / "data",
            "allow_private_networks": True,
            "only_hosts": ["127.0.0.1", "localhost"],
            "seed_default_feeds": False,
            "http_timeout": 5.0,
            "backoff_base_seconds": 60,
        }
        values.update(overrides)
        return Settings.load(cwd=tmp_path, **values)

    return build


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    path = Path(os.environ.get("NONGRATA_SHARED", ROOT.parent / "shared"))
    if not (path / "SPEC.md").is_file():
        pytest.skip(f"../shared is absent ({path}): corpus tests need it")
    return path


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One Prefect test harness (an ephemeral API on a temp database) for the whole session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(autouse=True)
def _log_handlers_on_live_streams() -> Iterator[None]:
    """A logging handler set up while a CliRunner command ran (Prefect's console handler, set
    up when a command first starts Prefect) keeps the stream that command was given, which
    CliRunner closes afterwards: later log records would print "--- Logging error ---" into
    another command's output. After each test, such handlers write to the real stderr."""
    yield
    loggers = [logging.getLogger()] + [
        logger
        for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    ]
    for logger in loggers:
        for handler in logger.handlers:
            console = getattr(handler, "console", None)
            if console is not None and getattr(console.file, "closed", False):
                console.file = sys.__stderr__
            stream = getattr(handler, "stream", None)
            if isinstance(handler, logging.StreamHandler) and getattr(stream, "closed", False):
                handler.stream = sys.__stderr__  # setStream would flush the closed one
