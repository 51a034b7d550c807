"""``nongrata serve``: keep running and run the flows on their schedules, on a Prefect server
that runs its scheduler (the user's, or a local one started here)."""

from __future__ import annotations

import os
import signal
import sys
from datetime import datetime
from types import FrameType

import typer
from cronsim import CronSim
from rich.console import Console
from rich.markup import escape

from nongrata.cli.context import app_context
from nongrata.cli.options import VerboseOption
from nongrata.flows.prefect_env import configured_api_url, point_prefect_at, prepare_prefect
from nongrata.flows.server import PrefectServer, start_local_server, user_server
from nongrata.settings import Settings
from nongrata.watchlists import load_watchlists


def serve(ctx: typer.Context, verbose: VerboseOption = False) -> None:
    """Run the daily job on its schedule until stopped (Ctrl-C or SIGTERM).

    The monitor flow runs on schedule_cron (default daily at 06:00 UTC) and the digest flow
    on digest_cron. Scheduling needs a Prefect server with its scheduler: with
    PREFECT_API_URL set, that server is used; otherwise a local one is started on
    127.0.0.1:prefect_server_port (default 4200), with its database in the data directory
    and its UI at that address, and stopped again when serve stops.
    """
    settings = app_context(ctx).settings
    load_watchlists(settings.watchlists_dir)
    prepare_prefect(verbose=verbose)
    console = Console(soft_wrap=True)
    api_url = configured_api_url()
    if api_url:
        console.print(f"Using the Prefect server at {escape(api_url)} (PREFECT_API_URL).")
        server = user_server(api_url, timeout=settings.prefect_server_timeout)
    else:
        console.print(
            f"Starting a local Prefect server on 127.0.0.1:{settings.prefect_server_port} …"
        )
        server = start_local_server(
            settings.data_dir,
            settings.prefect_server_port,
            timeout=settings.prefect_server_timeout,
        )
    # Until the flows' runner takes the signals over, SIGTERM stops serve as Ctrl-C does.
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        point_prefect_at(server.api_url)
        _print_plan(console, settings, server, str(settings.watchlists_dir))
        # Seen at once where stdout is a file or a pipe (a service's log), not at exit.
        sys.stdout.flush()
        from nongrata.flows.schedule import serve_deployments

        serve_deployments(settings)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        if server.started_here:
            console.print("Stopping the local Prefect server …")
        server.stop()
    console.print("Stopped.")


def _terminate(signum: int, frame: FrameType | None) -> None:
    """SIGTERM before Prefect's runner has its own handler: stop as on Ctrl-C."""
    raise KeyboardInterrupt


def _print_plan(console: Console, settings: Settings, server: PrefectServer, folder: str) -> None:
    now = datetime.now().astimezone()
    tz = settings.schedule_timezone
    from zoneinfo import ZoneInfo

    local_now = now.astimezone(ZoneInfo(tz))
    next_monitor = next(CronSim(settings.schedule_cron, local_now.replace(tzinfo=None)))
    console.print(f"Prefect UI: [link={server.ui_url}]{escape(server.ui_url)}[/link]")
    if server.log_path is not None:
        console.print(f"Prefect server log: {escape(str(server.log_path))}")
    console.print(
        f"monitor on '{escape(settings.schedule_cron)}' ({tz}; next run "
        f"{next_monitor:%Y-%m-%d %H:%M}), "
        f"digest on '{escape(settings.digest_cron)}'."
    )
    console.print(f"Watchlists: {escape(folder)}")
    console.print(
        f"Database: {escape(settings.effective_database_url)}. "
        f"Stop with Ctrl-C (pid {os.getpid()})."
    )


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
