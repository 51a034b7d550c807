"""``nongrata web``: the read-only web view of the database."""

from __future__ import annotations

from typing import Annotated

import typer

from nongrata.cli.context import app_context

# The web application (Starlette, uvicorn) is imported when the command runs.


def web(
    ctx: typer.Context,
    host: Annotated[
        str,
        typer.Option(
            "--host", help="Address to listen on; other than loopback only with web_token set."
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8050,
) -> None:
    """Serve a read-only web view of what was found, in a browser.

    The overview (a chart and a map), events with filters and CSV/JSON downloads, each event
    with its sources, feeds, runs, alerts, a JSON API and the Atom feed. Works offline;
    Ctrl-C stops it.
    """
    from nongrata.web.server import check_bind, is_loopback, serve

    state = app_context(ctx)
    check_bind(host, port, state.settings)
    db = state.database(read_only=True)
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"nongrata web view of {db.url}")
    typer.echo(f"  http://{shown}:{port}/  (Ctrl-C stops it)")
    if state.settings.web_token is not None:
        typer.echo("  every request needs the token: open it once with ?token=YOUR_TOKEN")
    elif not is_loopback(host):  # pragma: no cover - check_bind refused it
        raise AssertionError(host)
    serve(db, state.settings, host, port)


def register(app: typer.Typer) -> None:
    app.command("web")(web)
