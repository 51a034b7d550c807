"""CLI commands: ``nongrata subscribe NAME --url APPRISE_URL …`` and
``nongrata subscriptions list | edit NAME | remove NAME | test NAME | mute NAME --until DATE
| unmute NAME``.

Apprise URLs hold secrets: this module only ever prints apprise's privacy form.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from nongrata.cli.context import app_context
from nongrata.errors import AlertError

# The library (the database, apprise) is imported when a command runs, not with the CLI.
if TYPE_CHECKING:
    from nongrata.alerts.subscriptions import SubscriptionInfo

subscriptions_app = typer.Typer(
    help="Alert subscribers: list, edit, remove, send a test message, mute, unmute.",
    no_args_is_help=True,
)

_TYPES_HELP = (
    "Event type (expulsion, arrest, charge, conviction, recall, closure); repeatable. "
    "Default: every new event of the alert types (expulsion, arrest, charge, conviction)."
)


def subscribe_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="A name for this subscriber (unique).")],
    url: Annotated[
        list[str] | None,
        typer.Option(
            "--url",
            metavar="URL",
            help="An apprise URL (mailto://, slack://, json://, …); repeatable.",
        ),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option("--config", metavar="FILE", help="An apprise config file (YAML or text)."),
    ] = None,
    config_tag: Annotated[
        list[str] | None,
        typer.Option(
            "--config-tag",
            metavar="TAG",
            help="Only the config file's URLs with this tag; repeatable.",
        ),
    ] = None,
    event_type: Annotated[
        list[str] | None, typer.Option("--type", metavar="TYPE", help=_TYPES_HELP)
    ] = None,
    country: Annotated[
        list[str] | None,
        typer.Option(
            "--country",
            metavar="COUNTRY",
            help="Country (ISO code or name) as actor or target; repeatable.",
        ),
    ] = None,
    actor: Annotated[
        list[str] | None,
        typer.Option("--actor", metavar="COUNTRY", help="Acting country only; repeatable."),
    ] = None,
    target: Annotated[
        list[str] | None,
        typer.Option("--target", metavar="COUNTRY", help="Target country only; repeatable."),
    ] = None,
    agency: Annotated[
        list[str] | None,
        typer.Option("--agency", metavar="AGENCY", help="Agency (GRU, KGB, …); repeatable."),
    ] = None,
    person: Annotated[
        list[str] | None,
        typer.Option(
            "--person",
            metavar="PERSON",
            help="Person (a surname matches the full name); repeatable.",
        ),
    ] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option("--tag", metavar="TAG", help="Watchlist tag of a matched entry; repeatable."),
    ] = None,
    min_confidence: Annotated[
        float, typer.Option("--min-confidence", help="Only events at least this confident (0–1).")
    ] = 0.0,
    language: Annotated[
        list[str] | None,
        typer.Option(
            "--language", metavar="LANG", help="Only events reported in this language; repeatable."
        ),
    ] = None,
    watchlist_only: Annotated[
        bool,
        typer.Option("--watchlist-only", help="Only events touching a watchlist entry."),
    ] = False,
    digest: Annotated[
        bool, typer.Option("--digest", help="One daily digest instead of one alert per event.")
    ] = False,
    digest_time: Annotated[
        str,
        typer.Option(
            "--digest-time", metavar="HH:MM", help="Local time of the daily digest (HH:MM)."
        ),
    ] = "07:00",
    timezone: Annotated[
        str,
        typer.Option(
            "--timezone", metavar="ZONE", help="Time zone of --digest-time (e.g. Europe/Prague)."
        ),
    ] = "UTC",
    ops: Annotated[
        bool,
        typer.Option(
            "--ops",
            help="Also operational notices: a feed dead (failing for feed_dead_after_days, "
            "or disabled) or recovered, once per change.",
        ),
    ] = False,
) -> None:
    """Subscribe to alerts by mail, Slack, Telegram, Matrix, ntfy, webhooks… (apprise)."""
    from nongrata.alerts.subscriptions import SubscriptionSpec, subscribe

    spec = SubscriptionSpec(
        name=name,
        urls=url or [],
        config=config,
        config_tags=config_tag or [],
        types=event_type or [],
        countries=country or [],
        actor_countries=actor or [],
        target_countries=target or [],
        agencies=agency or [],
        persons=person or [],
        tags=tag or [],
        languages=language or [],
        min_confidence=min_confidence,
        watchlist_only=watchlist_only,
        digest=digest,
        digest_time=digest_time,
        timezone=timezone,
        ops=ops,
    )
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
def remove_command(
    ctx: typer.Context, name: Annotated[str, typer.Argument(help="The subscriber's name.")]
) -> None:
    """Remove a subscriber (with its alerts and unsent messages)."""
    from nongrata.alerts.subscriptions import remove_subscription

    remove_subscription(app_context(ctx).database(), name)
    typer.echo(f"Removed {name}")


@subscriptions_app.command("test")
def test_command(
    ctx: typer.Context, name: Annotated[str, typer.Argument(help="The subscriber's name.")]
) -> None:
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
    name: Annotated[str, typer.Argument(help="The subscriber's name.")],
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
def unmute_command(
    ctx: typer.Context, name: Annotated[str, typer.Argument(help="The subscriber's name.")]
) -> None:
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
