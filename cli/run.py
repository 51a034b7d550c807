"""``nongrata run``: the daily job, once."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console

from nongrata.cli.context import app_context
from nongrata.cli.summary import render_run_summary


def run(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Run the daily job once (the Prefect ``monitor`` flow) and print a summary."""
    from nongrata.flows.monitor import monitor

    settings = app_context(ctx).settings
    summary = monitor(settings=settings)
    if as_json:
        typer.echo(json.dumps(summary, default=str))
    else:
        render_run_summary(Console(), summary)


def register(app: typer.Typer) -> None:
    app.command("run")(run)
