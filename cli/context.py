"""What every command receives: the settings built once at the entry point, and the
database opened on first need."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NoReturn

import typer

from nongrata.settings import Settings

if TYPE_CHECKING:
    from nongrata.db import Database


@dataclass
class AppContext:
    settings: Settings
    _database: Database | None = field(default=None, repr=False)

    def database(self, *, read_only: bool = False) -> Database:
        """The database, opened (migrated) on first need. A fresh one (no run yet) gets the
        bundled feeds then (``seed_default_feeds``), unless the command only reads it
        (``read_only``: the web view)."""
        if self._database is None:
            from nongrata.db import open_database  # not for the commands that need no database
            from nongrata.ingest.sources import seed_on_first_use

            database = open_database(self.settings.effective_database_url)
            try:
                if not read_only:
                    seed_on_first_use(database, self.settings, only_fresh=True)
            except BaseException:
                database.dispose()
                raise
            self._database = database
        return self._database

    def close(self) -> None:
        if self._database is not None:
            self._database.dispose()
            self._database = None


def app_context(ctx: typer.Context) -> AppContext:
    obj = ctx.find_root().obj
    assert isinstance(obj, AppContext), "the root callback sets the AppContext"
    return obj


def fail(exc: BaseException | str) -> NoReturn:
    """Print ``Error: <one line>`` on stderr and exit 1."""
    message = " ".join(str(exc).split()) or type(exc).__name__
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(1)
