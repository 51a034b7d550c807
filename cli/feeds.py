"""CLI commands: ``nongrata feeds add URL | add --country XX | sources | list | remove URL |
import FILE.opml | export | discover URL``."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from nongrata.cli.context import app_context
from nongrata.cli.output import write_or_print
from nongrata.errors import FeedError

# The library (the database) is imported when a command runs, not with the CLI.
if TYPE_CHECKING:
    from nongrata.ingest.registry import FeedHealth

feeds_app = typer.Typer(
    help=(
        "The feeds polled: add, sources, list, remove, import, export, discover."
        "\n\nAdd one feed, or the bundled sources of a state, a language or a kind; list them"
        " with their health; find a site's feeds from one of its pages."
    ),
    no_args_is_help=True,
)

CountryOption = Annotated[
    list[str] | None,
    typer.Option(
        "--country",
        metavar="XX",
        help="A state, ISO 3166-1 alpha-2 (PL); repeat or separate with commas.",
    ),
]
LanguageOption = Annotated[
    list[str] | None,
    typer.Option(
        "--language", metavar="xx", help="A language, ISO 639-1 (pl); repeat or use commas."
    ),
]
KindOption = Annotated[
    list[str] | None,
    typer.Option(
        "--kind",
        metavar="KIND",
        help="agency, outlet, ministry, prosecutor or service; repeat or use commas.",
    ),
]


@feeds_app.command("add")
def add(
    ctx: typer.Context,
    url: Annotated[
        str | None, typer.Argument(help="The feed's URL (RSS, Atom or RDF).", show_default=False)
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="A name to show.")] = None,
    country: CountryOption = None,
    language: LanguageOption = None,
    kind: KindOption = None,
) -> None:
    """Register a feed, or the bundled sources of --country, --language, --kind.

    The filters combine (--country PL --kind agency); the feeds are polled on the next run."""
    from nongrata.ingest.registry import add_feed
    from nongrata.ingest.sources import SourceFilter, add_bundled

    wanted = SourceFilter.of(country or (), language or (), kind or ())
    if url is not None and not wanted.empty:
        raise FeedError("give a URL or --country/--language/--kind, not both")
    if url is None and wanted.empty:
        raise FeedError("give a feed URL, or --country/--language/--kind for bundled sources")
    with app_context(ctx).database().session() as session:
        if url is not None:
            feed = add_feed(session, url, title=title)
            typer.echo(f"Added {feed.url}")
            return
        result = add_bundled(session, wanted)
    typer.echo(
        f"Added {len(result.added)} bundled sources for {wanted.describe()}"
        f" ({len(result.already_registered)} already registered)"
    )
    for added in result.added:
        typer.echo(f"  {added}")


@feeds_app.command("sources")
def sources(
    ctx: typer.Context,
    country: CountryOption = None,
    language: LanguageOption = None,
    kind: KindOption = None,
) -> None:
    """The bundled sources by country, and which are registered (marked x).

    All of them, or those of --country, --language, --kind: kind, language, title, URL."""
    from nongrata.ingest.sources import SourceFilter, list_bundled

    wanted = SourceFilter.of(country or (), language or (), kind or ())
    with app_context(ctx).database().session() as session:
        groups = list_bundled(session, wanted)
    total = sum(len(group) for group in groups.values())
    registered = sum(s.registered for group in groups.values() for s in group)
    typer.echo(
        f"{total} bundled sources in {len(groups)} countries, {registered} registered"
        " ([x]); add a country's with `nongrata feeds add --country XX`."
    )
    for code, group in groups.items():
        mine = sum(s.registered for s in group)
        typer.echo(f"\n{code} ({len(group)} bundled, {mine} registered)")
        for source in group:
            o = source.outline
            mark = "[x]" if source.registered else "[ ]"
            typer.echo(
                f"  {mark} {o.kind or '-':<10} {o.language or '-':<3}"
                f" {o.title or '(untitled)'}  {o.url}"
            )


@feeds_app.command("remove")
def remove(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(help="The feed's URL, as feeds list shows it.")],
) -> None:
    """Unregister a feed (its articles are kept)."""
    from nongrata.ingest.registry import remove_feed

    with app_context(ctx).database().session() as session:
        remove_feed(session, url)
    typer.echo(f"Removed {url.strip()}")


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value is not None else "-"


def _status(feed: FeedHealth) -> str:
    if feed.last_polled_at is None:
        return "never polled"
    if feed.last_status is None:
        return "no response"
    return str(feed.last_status)


def _last_error(feed: FeedHealth) -> str:
    if feed.replace:
        return f"REPLACE ({feed.replace_why}) {feed.last_error}"
    if feed.last_error:
        return feed.last_error
    if feed.parse_problem:
        return f"(ill-formed, used) {feed.parse_problem}"
    return "-"


@feeds_app.command("list")
def list_command(ctx: typer.Context) -> None:
    """Every feed grouped by country, with its tags and its health.

    Country, language and kind; last status, errors in a row, last error, next poll, and its
    articles in languages no rules read. A feed whose address answers 404 or 410, or no
    longer serves a feed, is marked REPLACE, with the commands that find another."""
    from nongrata.ingest.registry import list_feeds, seeding_notice

    state = app_context(ctx)
    with state.database().session() as session:
        feeds = list_feeds(session, state.settings.poll_interval_minutes)
        notice = seeding_notice(session, state.settings.seed_default_feeds)
    if not feeds:
        typer.echo("No feeds registered (add one with `nongrata feeds add URL`).")
        if notice:
            typer.echo(notice)
        return
    feeds = sorted(feeds, key=lambda f: (f.country is None, f.country or "", f.url))
    console = Console()
    if not console.is_terminal:
        console = Console(width=200)  # piped: no terminal width to fit, keep rows whole
    console.print(_feeds_table(feeds))
    to_replace = [f for f in feeds if f.replace]
    lines = [notice] if notice else []
    if to_replace:
        lines.append(f"{len(to_replace)} feeds to replace (REPLACE):")
        lines += [f"  {f.url} {f.replace_why}: {f.replace}" for f in to_replace]
    for line in lines:  # whole lines, however narrow the terminal
        console.print(line, markup=False, highlight=False, soft_wrap=True)


def _feeds_table(feeds: list[FeedHealth]) -> Table:
    """The feeds (sorted by country) in one table, a section per country."""
    languages = {f.language for f in feeds if f.language}
    countries = {f.country for f in feeds if f.country}
    title = f"{len(feeds)} feeds"
    if countries:
        title += f" ({len(countries)} countries, {len(languages)} languages)"
    table = Table(title=title, show_lines=False)
    for name in ("country", "lang", "kind"):
        table.add_column(name)
    table.add_column("url", overflow="fold")
    table.add_column("title", overflow="fold")
    table.add_column("last status")
    table.add_column("errors", justify="right")
    table.add_column("last error", overflow="fold")
    table.add_column("next poll")
    table.add_column("disabled", overflow="fold")
    table.add_column("not read", overflow="fold")
    previous: str | None = None
    for feed in feeds:
        group = feed.country or "-"
        if previous is not None and group != previous:
            table.add_section()
        previous = group
        table.add_row(
            group,
            feed.language or "-",
            feed.kind or "-",
            feed.url,
            feed.title or "-",
            _status(feed),
            str(feed.consecutive_errors),
            _last_error(feed),
            "-"
            if feed.disabled_reason
            else _when(feed.next_poll_at)
            if feed.next_poll_at
            else "due",
            feed.disabled_reason or "-",
            ", ".join(f"{lang} {n}" for lang, n in sorted(feed.not_read.items())) or "-",
        )
    return table


@feeds_app.command("import")
def import_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="An OPML file (nested outlines are read).")],
) -> None:
    """Register every feed of an OPML file; registered ones are left as they are."""
    from nongrata.ingest.registry import import_opml

    with app_context(ctx).database().session() as session:
        result = import_opml(session, file)
    typer.echo(
        f"Imported {len(result.added)} feeds from {file}"
        f" ({len(result.already_registered)} already registered,"
        f" {len(result.invalid)} skipped as invalid)"
    )
    for problem in result.invalid:
        typer.echo(f"Skipped: {problem}", err=True)


@feeds_app.command("export")
def export(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write to this file, not stdout."),
    ] = None,
) -> None:
    """Print every registered feed as OPML, or write it to a file with --output."""
    from nongrata.ingest.registry import export_opml

    with app_context(ctx).database().session() as session:
        document = export_opml(session)
    if write_or_print(document, output, FeedError):
        typer.echo(f"Exported to {output}", err=True)


@feeds_app.command("discover")
def discover(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(help="A page of the site (its home page, an article).")],
    add_number: Annotated[
        int | None,
        typer.Option("--add", metavar="N", help="Register the N-th feed found (1 = the first)."),
    ] = None,
) -> None:
    """Find a site's feeds from one of its pages; --add N registers one.

    The page's <link rel="alternate"> feeds, else those of the common paths /feed, /rss,
    /rss.xml, /atom.xml, /feeds/posts/default that answer with a feed."""
    import asyncio

    from nongrata.ingest.discover import discover_feeds
    from nongrata.ingest.registry import add_feed

    state = app_context(ctx)
    if add_number is not None and add_number < 1:
        raise FeedError(f"--add {add_number}: feeds are numbered from 1")
    found = asyncio.run(discover_feeds(state.settings, url))
    if not found:
        raise FeedError(f'{url.strip()}: no feed found (no <link rel="alternate">, no common path)')
    for number, candidate in enumerate(found, start=1):
        how = "link on the page" if candidate.found_by == "link" else "common path"
        title = f"  {candidate.title}" if candidate.title else ""
        typer.echo(f"{number}. {candidate.url}{title}  ({how})")
    if add_number is None:
        typer.echo("Register one with `nongrata feeds discover URL --add N`.")
        return
    if add_number > len(found):
        raise FeedError(f"--add {add_number}: only {len(found)} feeds were found")
    chosen = found[add_number - 1]
    with state.database().session() as session:
        feed = add_feed(session, chosen.url, title=chosen.title)
        typer.echo(f"Added {feed.url}")


def register(app: typer.Typer) -> None:
    """Attach ``nongrata feeds …`` to the root app."""
    app.add_typer(feeds_app, name="feeds")
