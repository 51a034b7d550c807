"""The ``nongrata`` command: a thin client over the library (the console script's entry,
``nongrata.cli.app``, imports this module when it runs).

Library errors (:class:`nongrata.errors.NongrataError`) become one clear line on stderr and
exit code 1; nothing else is caught here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from nongrata import __version__
from nongrata.cli.context import AppContext, app_context, fail
from nongrata.cli.help import tidy_help
from nongrata.errors import NongrataError
from nongrata.settings import Settings


class _CleanErrors(TyperGroup):
    """Turns library errors into ``Error: <one line>`` and exit code 1; tidies the help of
    every command (``nongrata.cli.help``)."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        tidy_help(self)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except NongrataError as exc:
            fail(exc)


app = typer.Typer(
    cls=_CleanErrors,
    name="nongrata",
    help="Monitor news feeds for diplomatic expulsions and spy arrests, and alert on new events.",
    no_args_is_help=True,
    # -h as --help, for every command (sub-commands' contexts inherit it).
    context_settings={"help_option_names": ["-h", "--help"]},
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"nongrata {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            metavar="FILE",
            help="TOML settings file (default: ./nongrata.toml if present).",
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Settings are built once here and passed to every command."""
    try:
        settings = Settings.load(config)
    except NongrataError as exc:
        fail(exc)
    state = AppContext(settings)
    ctx.obj = state
    ctx.call_on_close(state.close)


db_app = typer.Typer(help="The database: migrations and where it lives.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade(ctx: typer.Context) -> None:
    """Migrate the database to the newest schema (runs on first use anyway)."""
    state = app_context(ctx)
    db = state.database()
    typer.echo(f"{db.url}: at revision {db.current_revision()}")


def _register() -> None:
    """Attach the command modules; each exposes ``register(app)``."""
    from nongrata.cli import (
        demo,
        digest,
        events,
        extract,
        feeds,
        run,
        serve,
        subscriptions,
        watchlist,
        web,
    )

    for module in (run, serve, demo, feeds, watchlist, subscriptions, digest, events, extract, web):
        module.register(app)


_register()
