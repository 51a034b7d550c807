"""CLI commands: ``nongrata events list [--since DATE] [--type T] [--json|--csv]``,
``nongrata alerts list`` and ``nongrata alerts feed [--output FILE]`` (Atom)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from nongrata.cli.context import app_context
from nongrata.cli.output import write_or_print
from nongrata.errors import AlertError, ConfigError

# The library (the database, apprise) is imported when a command runs, not with the CLI.

events_app = typer.Typer(help="Events: what happened, with every source.", no_args_is_help=True)
alerts_app = typer.Typer(
    help="Alerts: what was sent to whom, and an Atom feed of them.", no_args_is_help=True
)

CSV_COLUMNS = (
    "id", "type", "new", "actor", "actor_iso", "target", "target_iso", "persons", "agencies",
    "count", "date", "confidence", "first_seen_at", "sources", "matches", "headline",
)  # fmt: skip


def _since(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise ConfigError(f"bad --since date {value!r}: use YYYY-MM-DD") from exc


@events_app.command("list")
def events_list(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", metavar="DATE", help="Only events first seen on or after (YYYY-MM-DD)."
        ),
    ] = None,
    event_type: Annotated[
        str | None, typer.Option("--type", metavar="TYPE", help="Only this event type.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON array on stdout.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="CSV on stdout.")] = False,
    limit: Annotated[
        int | None, typer.Option("--limit", metavar="N", help="At most this many.")
    ] = None,
) -> None:
    """Stored events, newest first, with their sources."""
    from nongrata.alerts.listing import event_json, list_events
    from nongrata.alerts.reports import headline

    if as_json and as_csv:
        raise ConfigError("choose one of --json and --csv")
    reports = list_events(
        app_context(ctx).database(), since=_since(since), event_type=event_type, limit=limit
    )
    if as_json:
        typer.echo(json.dumps([event_json(r) for r in reports], ensure_ascii=False, indent=2))
        return
    if as_csv:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for r in reports:
            row = event_json(r)
            row["persons"] = "; ".join(r.persons)
            row["agencies"] = "; ".join(r.agencies)
            row["sources"] = " ".join(s.url for s in r.sources)
            row["matches"] = "; ".join(f"{m.watchlist}:{m.entry}" for m in r.matches)
            writer.writerow({k: row[k] for k in CSV_COLUMNS})
        typer.echo(out.getvalue(), nl=False)
        return
    if not reports:
        typer.echo("No events.")
        return
    for r in reports:
        when = r.event_date.isoformat() if r.event_date else r.first_seen_at.date().isoformat()
        flag = "" if r.new else " [background]"
        typer.echo(f"#{r.id} {when} {headline(r)}{flag}")


@alerts_app.command("list")
def alerts_list(
    ctx: typer.Context,
    subscription: Annotated[
        str | None,
        typer.Option("--subscription", metavar="NAME", help="Only this subscriber's alerts."),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", metavar="N", help="At most this many.")] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON array on stdout.")] = False,
) -> None:
    """Alerts, newest first, with each target's delivery state (secrets hidden).

    Operational notices (a feed dead or recovered, to --ops subscriptions) are listed among
    them, marked "notice:"; in --json each row has "kind": "alert" or "notice".
    """
    from nongrata.alerts.listing import AlertView, alerts_and_notices
    from nongrata.alerts.reports import headline

    if limit < 1:
        raise AlertError("--limit must be at least 1")
    db = app_context(ctx).database()
    rows = alerts_and_notices(db, subscription=subscription, limit=limit)
    if as_json:
        typer.echo(json.dumps([a.to_json() for a in rows], ensure_ascii=False, indent=2))
        return
    if not rows:
        typer.echo("No alerts.")
        return
    for a in rows:
        stamp = a.created_at.strftime("%Y-%m-%d %H:%M")
        if isinstance(a, AlertView):
            typer.echo(f"{stamp} {a.subscription} [{a.state}] {headline(a.event)}")
        else:
            who = a.subscription or "(no --ops subscription)"
            typer.echo(f"{stamp} {who} [{a.state}] notice: {a.title}")
            typer.echo(f"    {a.feed_url}" + (f" — {a.detail}" if a.detail else ""))
        for d in a.deliveries:
            error = f": {d.last_error}" if d.last_error and d.status != "delivered" else ""
            typer.echo(f"    {d.status} (attempts {d.attempts}) → {d.target}{error}")


@alerts_app.command("feed")
def alerts_feed(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write the feed here (default stdout)."
        ),
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", metavar="N", help="At most this many entries.")
    ] = 100,
) -> None:
    """An Atom feed of alerted events, for any feed reader."""
    from nongrata.alerts.feed import atom_feed
    from nongrata.db.types import utcnow

    context = app_context(ctx)
    xml = atom_feed(
        context.database(), utcnow(), limit=limit, web_base_url=context.settings.web_base_url
    )
    if write_or_print(xml, output, ConfigError):
        typer.echo(f"Wrote {output}")


def register(app: typer.Typer) -> None:
    """Attach ``events`` and ``alerts`` to the root app."""
    app.add_typer(events_app, name="events")
    app.add_typer(alerts_app, name="alerts")
