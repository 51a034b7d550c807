"""``nongrata serve``: keep running and run the flows on their schedules."""

from __future__ import annotations

import typer

from nongrata.cli.context import app_context
from nongrata.cli.prefect_env import prepare_prefect


def serve(ctx: typer.Context) -> None:
    """Serve the flows on their schedules: ``monitor`` on schedule_cron (default daily at 06:00
    UTC), ``digest`` on digest_cron. Stop with Ctrl-C."""
    prepare_prefect()
    from prefect import serve as prefect_serve

    from nongrata.flows.schedule import build_deployments

    settings = app_context(ctx).settings
    typer.echo(
        f"Serving monitor on '{settings.schedule_cron}' and digest on '{settings.digest_cron}' "
        f"({settings.schedule_timezone})."
    )
    prefect_serve(*build_deployments(settings))


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
