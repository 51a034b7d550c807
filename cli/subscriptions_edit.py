"""CLI command: ``nongrata subscriptions edit NAME [targets] [filters] [--clear FILTER]``.

A thin client of :func:`nongrata.alerts.editing.edit_subscription`: options given replace
that setting, options not given keep it. Targets are printed in apprise's privacy form only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from nongrata.cli.context import app_context

_REPLACES = "Replaces the current {what}; repeatable."


def edit_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The subscriber's name.")],
    url: Annotated[
        list[str] | None,
        typer.Option(
            "--url",
            metavar="URL",
            help="An apprise URL; repeatable. Targets given replace every current target.",
        ),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            metavar="FILE",
            help="An apprise config file (replaces every current target).",
        ),
    ] = None,
    config_tag: Annotated[
        list[str] | None,
        typer.Option(
            "--config-tag", metavar="TAG", help="Only the --config file's URLs with this tag."
        ),
    ] = None,
    event_type: Annotated[
        list[str] | None,
        typer.Option("--type", metavar="TYPE", help=_REPLACES.format(what="event types")),
    ] = None,
    country: Annotated[
        list[str] | None,
        typer.Option(
            "--country",
            metavar="COUNTRY",
            help=_REPLACES.format(what="countries (actor or target)"),
        ),
    ] = None,
    actor: Annotated[
        list[str] | None,
        typer.Option("--actor", metavar="COUNTRY", help=_REPLACES.format(what="acting countries")),
    ] = None,
    target: Annotated[
        list[str] | None,
        typer.Option("--target", metavar="COUNTRY", help=_REPLACES.format(what="target countries")),
    ] = None,
    agency: Annotated[
        list[str] | None,
        typer.Option(
            "--agency",
            metavar="AGENCY",
            help=_REPLACES.format(what="agencies (watchlist name or alias)"),
        ),
    ] = None,
    person: Annotated[
        list[str] | None,
        typer.Option(
            "--person", metavar="PERSON", help=_REPLACES.format(what="persons (a surname matches)")
        ),
    ] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option("--tag", metavar="TAG", help=_REPLACES.format(what="watchlist tags")),
    ] = None,
    language: Annotated[
        list[str] | None,
        typer.Option("--language", metavar="LANG", help=_REPLACES.format(what="languages")),
    ] = None,
    min_confidence: Annotated[
        float | None,
        typer.Option("--min-confidence", help="Only events at least this confident (0–1)."),
    ] = None,
    watchlist_only: Annotated[
        bool | None,
        typer.Option(
            "--watchlist-only/--no-watchlist-only",
            help="Only events touching a watchlist entry, or any event.",
            show_default=False,
        ),
    ] = None,
    digest: Annotated[
        bool | None,
        typer.Option(
            "--digest/--no-digest",
            help="One daily digest, or one alert per event (alerts waiting for a digest "
            "are then sent one by one).",
            show_default=False,
        ),
    ] = None,
    digest_time: Annotated[
        str | None,
        typer.Option(
            "--digest-time", metavar="HH:MM", help="Local time of the daily digest (HH:MM)."
        ),
    ] = None,
    timezone: Annotated[
        str | None, typer.Option("--timezone", metavar="ZONE", help="Time zone of --digest-time.")
    ] = None,
    ops: Annotated[
        bool | None,
        typer.Option(
            "--ops/--no-ops",
            help="Also operational notices (a feed dead or recovered), or not.",
            show_default=False,
        ),
    ] = None,
    clear: Annotated[
        list[str] | None,
        typer.Option(
            "--clear",
            metavar="FILTER",
            help="Empty a filter: type, country, actor, target, agency, person, tag, "
            "language or min-confidence; repeatable.",
        ),
    ] = None,
) -> None:
    """Change a subscriber's targets, filters or digest settings.

    Its alert history stays. Queued deliveries to a target the edit removes are given up
    ("target removed by edit") and queued for the targets it adds instead.
    """
    from nongrata.alerts.editing import SubscriptionEdit, edit_subscription
    from nongrata.cli.subscriptions import mode_text

    # A repeatable option not given arrives empty: "keep". (It cannot be given empty.)
    edit = SubscriptionEdit(
        urls=url or None,
        config=config,
        config_tags=config_tag or None,
        types=event_type or None,
        countries=country or None,
        actor_countries=actor or None,
        target_countries=target or None,
        agencies=agency or None,
        persons=person or None,
        tags=tag or None,
        languages=language or None,
        min_confidence=min_confidence,
        watchlist_only=watchlist_only,
        digest=digest,
        digest_time=digest_time,
        timezone=timezone,
        ops=ops,
        clear=clear or (),
    )
    context = app_context(ctx)
    result = edit_subscription(
        context.database(), name, edit, watchlists=context.settings.watchlists_dir
    )
    sub = result.subscription
    typer.echo(f"Edited {sub.name}: {mode_text(sub)}; {sub.filters.describe()}")
    for shown in sub.targets:
        typer.echo(f"  → {shown}")
    if result.cancelled:
        typer.echo(
            f"{result.cancelled} queued deliveries to removed targets given up; "
            f"{result.requeued} queued for the new targets instead"
        )
    if result.notices_dropped:
        typer.echo(f"{result.notices_dropped} queued operational notices given up (--no-ops)")
    if result.undigested:
        typer.echo(f"{result.undigested} alerts waiting for the digest will be sent one by one")
