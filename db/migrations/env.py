"""Alembic environment: runs on the engine nongrata hands over (no alembic.ini).

One upgrade is one transaction, on SQLite too. Python's sqlite3 module runs DDL outside any
transaction, so a first run interrupted halfway through its migrations would leave tables
that the recorded revision does not account for, and every later run would fail on them.
Here the upgrade takes SQLite's write lock (``BEGIN IMMEDIATE``) before it reads the
revision, and commits the tables with the revision or rolls both back. The lock also makes a
second process that migrates at the same time wait, then find nothing left to do.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, Engine

from nongrata.db.models import Base

target_metadata = Base.metadata


def _migrate(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = context.config.attributes.get("engine")
    if not isinstance(engine, Engine):
        raise RuntimeError("nongrata migrations run through nongrata.db.open_database")
    with engine.connect() as connection:
        if connection.dialect.name != "sqlite":
            _migrate(connection)
            connection.commit()
            return
        driver = connection.connection.driver_connection
        assert driver is not None
        previous = driver.isolation_level
        driver.isolation_level = None  # the module's own transaction handling off: ours below
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            _migrate(connection)
            connection.commit()
        except BaseException:
            connection.rollback()
            raise
        finally:
            driver.isolation_level = previous


run_migrations_online()
