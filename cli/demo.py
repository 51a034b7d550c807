"""``nongrata demo``: the offline demo a newcomer runs first."""

from __future__ import annotations

import shlex
import shutil
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table

from nongrata.cli.context import app_context
from nongrata.cli.options import VerboseOption
from nongrata.cli.run import start_prefect
from nongrata.cli.summary import render_run_summary


def console_command() -> str:
    """How to run nongrata again, as the user can type it: ``nongrata`` when that is on the
    PATH and is the console script running now; else that script's path as it was run (e.g.
    ``.venv/bin/nongrata``). Not run through it (``python -m``, a test), the console script
    installed next to this interpreter stands for it."""
    script = Path(sys.argv[0])
    if script.stem != "nongrata":
        beside = Path(sys.executable).parent / "nongrata"
        if not beside.is_file():
            return "nongrata"
        script = beside
    on_path = shutil.which("nongrata")
    if on_path is not None and Path(on_path).resolve() == script.resolve():
        return "nongrata"
    return shlex.quote(str(script))


def demo(
    ctx: typer.Context,
    folder: Annotated[
        Path,
        typer.Option(
            "--dir", metavar="DIR", help="Where the demo database and alerts page are written."
        ),
    ] = Path("nongrata-demo"),
    verbose: VerboseOption = False,
) -> None:
    """Try nongrata offline, on bundled sample feeds.

    Serves the sample feeds on 127.0.0.1, runs the whole job on a fresh SQLite database, and
    shows the events found and the alerts sent. Needs no network.
    """
    ready = start_prefect(verbose)
    from nongrata.demo.run import run_demo

    console = Console()
    settings = app_context(ctx).settings
    folder = folder.resolve()
    steps = 4
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), console=console
    ) as progress:
        task = progress.add_task("starting", total=steps)

        def step(what: str) -> None:
            progress.update(task, description=what, advance=1)

        with ready():
            report = run_demo(settings, folder, step)
        progress.update(task, description="done", completed=steps)

    render_run_summary(console, report.summary)
    events = Table(title="Events found", title_justify="left")
    for column in ("type", "new?", "actor → target", "persons", "agencies", "count", "sources"):
        events.add_column(column)
    for e in report.events:
        events.add_row(
            e.type,
            "new" if e.new else "background",
            f"{e.actor} → {e.target}",
            ", ".join(e.persons),
            ", ".join(e.agencies),
            "" if e.count is None else str(e.count),
            str(e.sources),
        )
    console.print(events)
    alerts = Table(
        title=f"Alerts sent to the local sink ({len(report.alerts)})", title_justify="left"
    )
    alerts.add_column("title")
    for alert in report.alerts:
        alerts.add_row(str(alert.get("title", "")))
    console.print(alerts)
    if report.quiet_articles:
        console.print("[bold]Articles that raised no alert[/bold] (near-misses and background):")
        for title in report.quiet_articles:
            console.print(f"  · {title}")
    env = escape(f"NONGRATA_DATABASE_URL={report.database_url}")
    # Commands that run as printed: with the console script's path unless `nongrata` is on
    # the PATH. Soft wrap: a command longer than the terminal is wrapped by the terminal, not
    # broken into lines, so that it can be copied whole.
    me = escape(console_command())
    console.print(
        "\n[bold]Where to look next[/bold]\n"
        f"  · the alerts as a subscriber saw them: {escape(str(report.alerts_page))}\n"
        f"  · the events:      {env} {me} events list\n"
        f"  · in a browser:    {env} {me} web (then open http://127.0.0.1:8050)\n"
        f"  · feed health:     {env} {me} feeds list\n"
        f"  · your own alerts: {me} subscribe NAME --url 'mailto://…' (any apprise URL)\n"
        f"  · your watchlists: {me} watchlist init ./my-watchlists, "
        "then NONGRATA_WATCHLISTS=./my-watchlists\n"
        f"  · the daily job:   {me} run (once) or {me} serve (on a schedule)",
        soft_wrap=True,
    )


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
