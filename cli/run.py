"""The jobs: ``nongrata run`` (the daily job, once), ``rematch`` and ``backfill``."""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime
from typing import Annotated, Any, Protocol

import typer
from rich.console import Console

from nongrata.cli.context import app_context
from nongrata.cli.options import VerboseOption
from nongrata.cli.summary import render_run_summary
from nongrata.flows.prefect_env import (
    local_api_flow_settings,
    prepare_prefect,
    start_prefect_api,
)
from nongrata.settings import Settings
from nongrata.watchlists import load_watchlists

JsonOption = Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")]


def _checked(ctx: typer.Context) -> Settings:
    """The settings, after checking the watchlists: a folder that does not validate stops the
    job here, in one line, before Prefect starts or anything is fetched."""
    settings = app_context(ctx).settings
    load_watchlists(settings.watchlists_dir)
    return settings


def _print(summary: dict[str, Any], as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(summary, default=str))
    else:
        render_run_summary(Console(), summary)


class Ready(Protocol):
    """What ``start_prefect`` returns: the context to run a flow in, once the API is ready."""

    def __call__(
        self, meanwhile: Callable[[], None] | None = None
    ) -> AbstractContextManager[object]: ...


def start_prefect(verbose: bool) -> Ready:
    """Prefect set up for a flow, its own log lines on the terminal only if ``verbose``: the
    local API starts in the background (see ``nongrata.flows.prefect_env``) while the flow is
    imported; run the flow in the context the result returns (once the API is ready). Its
    argument, if any, runs first when there is a local API to wait for: it has that wait
    (seconds, with a core free) to use."""
    prepare_prefect(verbose=verbose)
    api = start_prefect_api()

    def ready(meanwhile: Callable[[], None] | None = None) -> AbstractContextManager[object]:
        if api is None:
            return nullcontext()
        if meanwhile is not None:
            meanwhile()
        api.wait_ready()
        return local_api_flow_settings()

    return ready


def run(
    ctx: typer.Context,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Poll every enabled feed now, whatever its next poll time (a server's "
            "Retry-After is still honoured).",
        ),
    ] = False,
    as_json: JsonOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Run the daily job once and print a summary.

    Polls the feeds, fetches and reads the new articles, matches their events against the
    watchlists and alerts the subscribers of new ones (Prefect's monitor flow).
    """
    settings = _checked(ctx)
    ready = start_prefect(verbose)
    from nongrata.flows.monitor import monitor
    from nongrata.pipeline.stages import warm_up_workers

    # The run's worker processes start up while Prefect's API does.
    with ready(lambda: warm_up_workers(settings)):
        summary = monitor(settings=settings, force=force)
    _print(summary, as_json)


def rematch(
    ctx: typer.Context, as_json: JsonOption = False, verbose: VerboseOption = False
) -> None:
    """Match the stored events against the watchlists again, after an edit.

    Nothing is fetched. Recent new events that now reach a subscriber alert. The next run does
    this by itself when the watchlists have changed.
    """
    settings = _checked(ctx)
    ready = start_prefect(verbose)
    from nongrata.flows.rematch import rematch as rematch_flow

    with ready():
        summary = rematch_flow(settings=settings)
    _print(summary, as_json)


def backfill(
    ctx: typer.Context,
    since: Annotated[
        datetime | None,
        typer.Option(
            metavar="DATE", help="Only articles extracted since this date (default: all)."
        ),
    ] = None,
    as_json: JsonOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Extract the stored articles again, after an extractor or model upgrade.

    Nothing is fetched. New events found alert like any other.
    """
    settings = _checked(ctx)
    ready = start_prefect(verbose)
    from nongrata.flows.backfill import backfill as backfill_flow

    when = since.astimezone() if since is not None else None
    with ready():
        summary = backfill_flow(settings=settings, since=when)
    _print(summary, as_json)


def register(app: typer.Typer) -> None:
    app.command("run")(run)
    app.command("rematch")(rematch)
    app.command("backfill")(backfill)
