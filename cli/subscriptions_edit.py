"""CLI command: ``nongrata subscriptions edit NAME [targets] [filters] [--clear FILTER]``.

A thin client of :func:`nongrata.alerts.editing.edit_subscription`: options given replace
that setting, options not given keep it. Targets are printed in apprise's privacy form only.
"""

from __future__ import annotations

from typing import Any

import typer

from nongrata.cli import subscription_options as o
from nongrata.cli.context import app_context


@o.with_options(edit=True)
def edit_command(ctx: typer.Context, name: o.Name, **options: Any) -> None:
    """Change a subscriber's targets, filters or digest settings.

    An option given replaces that setting (targets given replace every current target; a
    repeatable filter's values replace its current ones); an option not given keeps it.
    Its alert history stays. Queued deliveries to a target the edit removes are given up
    ("target removed by edit") and queued for the targets it adds instead.
    """
    from nongrata.alerts.editing import SubscriptionEdit, edit_subscription
    from nongrata.cli.subscriptions import mode_text

    # A repeatable option not given arrives empty: "keep". (It cannot be given empty.)
    clear = options.pop("clear")
    edit = SubscriptionEdit(clear=clear or (), **o.option_fields(options, empty=None))
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
