"""``nongrata watchlist``: list, add, remove, validate and test the watchlists.

The folder is the configured one (``NONGRATA_WATCHLISTS``, default the bundled lists). The
bundled lists are read-only: ``watchlist init DIR`` copies them to a folder of your own.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from nongrata.cli.context import app_context, fail
from nongrata.errors import ExtractionError, NetworkError
from nongrata.settings import Settings
from nongrata.types import WatchlistHit
from nongrata.watchlists import KINDS, Kind, check_folder, load_watchlists
from nongrata.watchlists.editing import add_entry, init_folder, remove_entry

watchlist_app = typer.Typer(
    help="Watchlists of agencies, persons and countries: list, edit, validate, test.",
    no_args_is_help=True,
)

KindOption = Annotated[
    str | None,
    typer.Option(
        "--kind", "-k", metavar="KIND", help="agencies, persons or countries.", show_default=False
    ),
]


def _kind(value: str | None) -> Kind | None:
    if value is None:
        return None
    for kind in KINDS:
        if value.strip().lower() == kind:
            return kind
    return fail(f"unknown kind {value!r}: use one of {', '.join(KINDS)}")


def _folder(ctx: typer.Context) -> Path:
    return app_context(ctx).settings.watchlists_dir


def _console() -> Console:
    return Console(soft_wrap=False, width=200)


@watchlist_app.command("list")
def list_entries(ctx: typer.Context, kind: KindOption = None) -> None:
    """Show the entries (all lists, or one with --kind)."""
    folder = _folder(ctx)
    watchlists = load_watchlists(folder)
    wanted = _kind(kind)
    table = Table(title=f"Watchlists in {folder}", show_lines=False)
    for column in ("kind", "id", "name", "aliases", "country", "tags"):
        table.add_column(column, overflow="fold")
    shown = 0
    for entry_kind, entry in watchlists.entries:
        if wanted is not None and entry_kind != wanted:
            continue
        aliases = ", ".join(entry.aliases[:4]) + (" …" if len(entry.aliases) > 4 else "")
        table.add_row(
            entry_kind, entry.id, entry.name, aliases, entry.country or "", ", ".join(entry.tags)
        )
        shown += 1
    console = _console()
    console.print(table)
    console.print(f"{shown} entries")


@watchlist_app.command("add")
def add(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(help="agencies, persons or countries.")],
    name: Annotated[str, typer.Argument(help="The name shown in alerts.")],
    entry_id: Annotated[
        str | None,
        typer.Option("--id", metavar="ID", help="Entry id (default: made from the name)."),
    ] = None,
    alias: Annotated[
        list[str] | None,
        typer.Option("--alias", "-a", metavar="NAME", help="Another name (repeatable)."),
    ] = None,
    country: Annotated[
        str | None, typer.Option("--country", "-c", metavar="CODE", help="ISO 3166-1 alpha-2 code.")
    ] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", "-t", metavar="TAG", help="A tag (repeatable).")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="Free text.")] = None,
) -> None:
    """Add an entry to the folder's file of KIND (comments and order are kept)."""
    chosen = _kind(kind)
    assert chosen is not None
    entry, path = add_entry(
        _folder(ctx),
        chosen,
        name,
        entry_id=entry_id,
        aliases=alias or [],
        country=country,
        tags=tag or [],
        note=note,
    )
    typer.echo(f"added {chosen} entry {entry.id!r} ({entry.name}) to {path}")


@watchlist_app.command("remove")
def remove(
    ctx: typer.Context,
    entry_id: Annotated[str, typer.Argument(metavar="ID", help="The entry's id.")],
    kind: KindOption = None,
) -> None:
    """Remove the entry ID (comments and order of the rest are kept)."""
    removed_kind, entry, path = remove_entry(_folder(ctx), entry_id, _kind(kind))
    typer.echo(f"removed {removed_kind} entry {entry.id!r} ({entry.name}) from {path}")


@watchlist_app.command("validate")
def validate(
    ctx: typer.Context,
    folder: Annotated[
        Path | None,
        typer.Argument(metavar="DIR", help="Folder to check (default: the configured one)."),
    ] = None,
) -> None:
    """Check every watchlist file; print each problem as file:line: reason."""
    settings = app_context(ctx).settings
    target = folder if folder is not None else settings.watchlists_dir
    shown = str(folder) if folder is not None else settings.watchlists_in_use
    files, problems = check_folder(target)
    if problems:
        for problem in problems:
            typer.echo(problem)
        plural = "s" if len(problems) != 1 else ""
        typer.echo(f"Error: {len(problems)} problem{plural} in {target}", err=True)
        raise typer.Exit(1)
    total = sum(len(f.entries) for f in files)
    typer.echo(f"Watchlists in {shown}: valid ({total} entries in {len(files)} files)")


@watchlist_app.command("init")
def init(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="Folder to create.")],
) -> None:
    """Copy the bundled watchlists to DIR, to edit them there."""
    copied = init_folder(directory)
    typer.echo(f"copied {len(copied)} files to {directory}")
    typer.echo(f"edit them there after: export NONGRATA_WATCHLISTS={directory.resolve()}")


def _read_source(settings: Settings, source: str) -> str:
    """The text of a .txt/.html file, or of a page fetched over http(s)."""
    if source.startswith(("http://", "https://")):
        return asyncio.run(_fetch_text(settings, source))
    path = Path(source)
    if not path.is_file():
        fail(f"{source}: no such file (give a .txt or .html file, or an http(s) URL)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        fail(f"{source}: cannot read: {exc.strerror or exc}")
    if path.suffix.lower() in {".html", ".htm"}:
        from nongrata.ingest.clean import clean_page

        return clean_page(data, url=None).text
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ExtractionError(f"{source}: not UTF-8 text ({exc.reason})") from exc


async def _fetch_text(settings: Settings, url: str) -> str:
    from nongrata.ingest.clean import clean_page
    from nongrata.net import HttpClient

    async with HttpClient(settings) as client:
        response = await client.get(url, kind="page")
    if not response.ok or response.not_modified:
        raise NetworkError(f"{url}: HTTP {response.status}", reason=f"http-{response.status}")
    return clean_page(response.body, url=response.url, charset=response.charset).text


def _hits_table(hits: list[WatchlistHit]) -> Table:
    table = Table(title="Watchlist matches")
    for column in ("list", "entry", "id", "text", "score", "reason"):
        table.add_column(column, overflow="fold")
    for hit in hits:
        table.add_row(hit.list, hit.entry, hit.entry_id, hit.text, f"{hit.score:.2f}", hit.reason)
    return table


@watchlist_app.command("test")
def test(
    ctx: typer.Context,
    source: Annotated[
        str, typer.Argument(metavar="FILE_OR_URL", help="A .txt or .html file, or a URL.")
    ],
) -> None:
    """Show which watchlist entries a text matches, with score and reason."""
    settings = app_context(ctx).settings
    watchlists = load_watchlists(settings.watchlists_dir)
    text = _read_source(settings, source)
    hits = watchlists.find(text)
    console = _console()
    if not hits:
        console.print(f"no matches in {source}")
        return
    console.print(_hits_table(hits))
    console.print(f"{len(hits)} matches")


def register(app: typer.Typer) -> None:
    """Attach ``nongrata watchlist …`` to the root app."""
    app.add_typer(watchlist_app, name="watchlist")
