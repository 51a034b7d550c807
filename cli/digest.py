"""CLI command: ``nongrata digest --preview [NAME] [--output FILE]`` and
``nongrata digest --send NAME`` (the library: ``nongrata.alerts.digest_view``)."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Annotated

import typer

from nongrata.cli.context import app_context
from nongrata.cli.output import write_or_print
from nongrata.errors import AlertError

_FORMATS = ("text", "html", "markdown")


def _format_of(fmt: str | None, output: Path | None) -> str:
    if fmt is None:
        suffix = output.suffix.lower() if output else ""
        return "html" if suffix in {".html", ".htm"} else "markdown" if suffix == ".md" else "text"
    if fmt not in _FORMATS:
        raise AlertError(f"unknown format {fmt!r}: use text, html or markdown")
    return fmt


def digest_command(
    ctx: typer.Context,
    name: Annotated[
        str | None,
        typer.Argument(help="The subscription whose digest to preview (default: every new event)."),
    ] = None,
    preview: Annotated[
        bool,
        typer.Option("--preview", help="Write the digest to --output or stdout; send nothing."),
    ] = False,
    send: Annotated[
        str | None,
        typer.Option("--send", metavar="NAME", help="Send NAME's digest to its targets now."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="With --preview: write to FILE."),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help="text, html (the chart inline) or markdown; default by --output's suffix, "
            "else text.",
        ),
    ] = None,
    period: Annotated[
        str,
        typer.Option("--period", metavar="PERIOD", help="day (the last 24 hours) or week."),
    ] = "day",
) -> None:
    """Preview a digest of new events, with a trend chart, or send it now.

    The scheduled daily digest is not affected: it still goes out at the subscriber's time.
    """
    from nongrata.alerts.digest_view import digest_view, send_digest_now
    from nongrata.db.types import utcnow

    if preview == (send is not None):
        raise AlertError("give either --preview [NAME] or --send NAME")
    if send is not None and name is not None:
        raise AlertError("--send takes the subscription's name: nongrata digest --send NAME")
    if output is not None and not preview:
        raise AlertError("--output goes with --preview")
    context = app_context(ctx)
    db = context.database()
    view = digest_view(db, utcnow(), name=send or name, period=period)
    if preview:
        chosen = _format_of(fmt, output)
        rendered = view.render(chosen, web_base_url=context.settings.web_base_url)
        text = f"{rendered.title}\n\n{rendered.body}"
        if chosen == "html":  # a page of its own (the title is plain text: escape it)
            title = html.escape(rendered.title)
            text = (
                f'<!doctype html>\n<html><head><meta charset="utf-8"><title>{title}</title>'
                f"</head><body>\n<h1>{title}</h1>\n{rendered.body}</body></html>\n"
            )
        if write_or_print(text, output, AlertError):
            typer.echo(f"Wrote the digest ({len(view.reports)} new events) to {output}")
        return
    assert send is not None
    outcomes = send_digest_now(db, view, send, web_base_url=context.settings.web_base_url)
    for outcome in outcomes:
        state = "sent" if outcome.ok else f"failed: {outcome.error}"
        typer.echo(f"  → {outcome.target}: {state}")
    sent = sum(o.ok for o in outcomes)
    typer.echo(
        f"Digest of {send} ({len(view.reports)} new events) sent to {sent} of "
        f"{len(outcomes)} targets"
    )
    if sent < len(outcomes):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Attach ``digest`` to the root app."""
    app.command("digest")(digest_command)
