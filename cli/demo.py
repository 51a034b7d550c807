"""``nongrata demo``: the offline demo a newcomer runs first."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table

from nongrata.cli.context import app_context
from nongrata.cli.prefect_env import prepare_prefect
from nongrata.cli.summary import render_run_summary


def demo(
    ctx: typer.Context,
    folder: Annotated[
        Path, typer.Option("--dir", help="Where the demo database and alerts page are written.")
    ] = Path("nongrata-demo"),
) -> None:
    """Serve bundled sample feeds on 127.0.0.1, run the whole job on a fresh SQLite database,
    and show the events found and the alerts sent. Needs no network."""
    prepare_prefect()
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
    # Soft wrap: a command longer than the terminal is wrapped by the terminal, not broken
    # into lines, so that it can be copied whole.
    console.print(
        "\n[bold]Where to look next[/bold]\n"
        f"  · the alerts as a subscriber saw them: {escape(str(report.alerts_page))}\n"
        f"  · the events:      {env} nongrata events list\n"
        f"  · feed health:     {env} nongrata feeds list\n"
        "  · your own alerts: nongrata subscribe NAME --url 'mailto://…' (any apprise URL)\n"
        "  · your watchlists: nongrata watchlist init ./my-watchlists, "
        "then NONGRATA_WATCHLISTS=./my-watchlists\n"
        "  · the daily job:   nongrata run (once) or nongrata serve (on a schedule)",
        soft_wrap=True,
    )


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
