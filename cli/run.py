"""``nongrata run``: the daily job, once."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console

from nongrata.cli.context import app_context
from nongrata.cli.prefect_env import prepare_prefect
from nongrata.cli.summary import render_run_summary


def run(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Run the daily job once (the Prefect ``monitor`` flow) and print a summary."""
    prepare_prefect()
    from nongrata.flows.monitor import monitor
    from nongrata.flows.runners import task_runner_for

    settings = app_context(ctx).settings
    summary = monitor.with_options(task_runner=task_runner_for(settings))(settings=settings)
    if as_json:
        typer.echo(json.dumps(summary, default=str))
    else:
        render_run_summary(Console(), summary)


def register(app: typer.Typer) -> None:
    app.command("run")(run)
