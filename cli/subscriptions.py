"""CLI commands: ``nongrata subscribe NAME --url APPRISE_URL …`` and
``nongrata subscriptions list | edit NAME | remove NAME | test NAME | mute NAME --until DATE
| unmute NAME``.

Apprise URLs hold secrets: this module only ever prints apprise's privacy form.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Annotated, Any

import typer

from nongrata.cli import subscription_options as o
from nongrata.cli.context import app_context
from nongrata.errors import AlertError

# The library (the database, apprise) is imported when a command runs, not with the CLI.
if TYPE_CHECKING:
    from nongrata.alerts.subscriptions import SubscriptionInfo

subscriptions_app = typer.Typer(
    help="Alert subscribers: list, edit, remove, send a test message, mute, unmute.",
    no_args_is_help=True,
)


@o.with_options(edit=False)
def subscribe_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="A name for this subscriber (unique).")],
    **options: Any,
) -> None:
    """Subscribe to alerts by mail, Slack, Telegram, Matrix, ntfy, webhooks… (apprise)."""
    from nongrata.alerts.subscriptions import SubscriptionSpec, subscribe

    spec = SubscriptionSpec(name=name, **o.option_fields(options, empty=[]))
    context = app_context(ctx)
    result = subscribe(context.database(), spec, watchlists=context.settings.watchlists_dir)
    typer.echo(f"Subscribed {result.name}: {mode_text(result)}; {result.filters.describe()}")
    for shown in result.targets:
        typer.echo(f"  → {shown}")


def mode_text(sub: SubscriptionInfo) -> str:
    ops = " (and operational notices)" if sub.ops else ""
    if sub.mode == "digest":
        return f"daily digest at {sub.digest_time} {sub.timezone}{ops}"
    return f"one alert per new event{ops}"


@subscriptions_app.command("list")
def list_command(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON array on stdout.")] = False,
) -> None:
    """Subscribers, their targets (secrets hidden), filters and mute state."""
    from nongrata.alerts.subscriptions import list_subscriptions

    subs = list_subscriptions(app_context(ctx).database())
    if as_json:
        typer.echo(json.dumps([s.to_json() for s in subs], ensure_ascii=False, indent=2))
        return
    if not subs:
        typer.echo("No subscriptions. Add one with: nongrata subscribe NAME --url APPRISE_URL")
        return
    for sub in subs:
        muted = ""
        if sub.muted_until is not None:
            muted = f"; muted until {sub.muted_until.strftime('%Y-%m-%d %H:%M UTC')}"
        typer.echo(f"{sub.name}: {mode_text(sub)}; {sub.filters.describe()}{muted}")
        if not sub.targets:
            typer.echo("  (no targets: see nongrata alerts list / alerts feed)")
        for shown in sub.targets:
            typer.echo(f"  → {shown}")


@subscriptions_app.command("remove")
def remove_command(ctx: typer.Context, name: o.Name) -> None:
    """Remove a subscriber (with its alerts and unsent messages)."""
    from nongrata.alerts.subscriptions import remove_subscription

    remove_subscription(app_context(ctx).database(), name)
    typer.echo(f"Removed {name}")


@subscriptions_app.command("test")
def test_command(ctx: typer.Context, name: o.Name) -> None:
    """Send a real test message to each target and report what happened to each."""
    from nongrata.alerts.subscriptions import send_test_messages

    report = send_test_messages(app_context(ctx).database(), name)
    for outcome in report.outcomes:
        if outcome.ok:
            typer.echo(f"ok      {outcome.target}")
        else:
            typer.echo(f"FAILED  {outcome.target}: {outcome.error}")
    if not report.ok:
        raise typer.Exit(1)


def parse_until(value: str) -> datetime:
    """YYYY-MM-DD (midnight UTC starting that day) or an ISO date-time (UTC unless given)."""
    text = value.strip()
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time(), tzinfo=UTC)
        when = datetime.fromisoformat(text)
    except ValueError as exc:
        raise AlertError(f"bad date {value!r}: use YYYY-MM-DD or YYYY-MM-DDTHH:MM") from exc
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


@subscriptions_app.command("mute")
def mute_command(
    ctx: typer.Context,
    name: o.Name,
    until: Annotated[
        str | None,
        typer.Option(
            "--until", metavar="DATE", help="YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC unless an offset)."
        ),
    ] = None,
    off: Annotated[bool, typer.Option("--off", help="Unmute now (as unmute NAME does).")] = False,
) -> None:
    """Mute a subscriber until a date.

    Alerts meanwhile are recorded as muted, not sent.
    """
    from nongrata.alerts.subscriptions import mute_subscription

    if off == (until is not None):
        raise AlertError("give either --until DATE or --off")
    if off:
        _unmute(ctx, name)
        return
    sub = mute_subscription(app_context(ctx).database(), name, parse_until(until or ""))
    assert sub.muted_until is not None
    typer.echo(f"{name} muted until {sub.muted_until.strftime('%Y-%m-%d %H:%M UTC')}")


@subscriptions_app.command("unmute")
def unmute_command(ctx: typer.Context, name: o.Name) -> None:
    """End a subscriber's mute now.

    Alerts for events recorded from now on are sent again.
    """
    _unmute(ctx, name)


def _unmute(ctx: typer.Context, name: str) -> None:
    from nongrata.alerts.subscriptions import unmute_subscription

    was = unmute_subscription(app_context(ctx).database(), name)
    if was is None:
        typer.echo(f"{name} unmuted (it was not muted)")
    else:
        typer.echo(f"{name} unmuted (it was muted until {was.strftime('%Y-%m-%d %H:%M UTC')})")


def register(app: typer.Typer) -> None:
    """Attach ``subscribe`` and ``subscriptions`` to the root app."""
    from nongrata.cli.subscriptions_edit import edit_command

    app.command("subscribe")(subscribe_command)
    subscriptions_app.command("edit")(edit_command)
    app.add_typer(subscriptions_app, name="subscriptions")
