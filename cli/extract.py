"""CLI commands ``extract`` (what the pipeline would extract, no database, no network) and
``eval`` (score extraction on a labeled corpus).

The extractors (spaCy) are imported when these commands run, not with the CLI."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from nongrata.cli.context import app_context
from nongrata.errors import ConfigError
from nongrata.settings import Settings

if TYPE_CHECKING:
    from collections.abc import Sequence

    from nongrata.evaluation.evaluate import Scores
    from nongrata.evaluation.suite import SuiteRow
    from nongrata.extractors.extract import Extractor
    from nongrata.types import ArticleExtraction


def _extractor(
    settings: Settings, watchlists_dir: Path | None, *, focus: bool = False
) -> Extractor:
    from nongrata.extractors.extract import Extractor
    from nongrata.watchlists import load_watchlists

    folder = watchlists_dir if watchlists_dir is not None else settings.watchlists_dir
    if not folder.is_dir():
        raise ConfigError(f"{folder}: watchlist folder not found")
    return Extractor(
        model=settings.spacy_model,
        watchlists=load_watchlists(folder),
        batch_size=settings.nlp_batch_size,
        focus=focus,
    )


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ConfigError(f"--published must be a date YYYY-MM-DD, got {value!r}") from exc


def _print_article(console: Console, extraction: ArticleExtraction) -> None:
    flag = "[bold red]ALERT[/]" if extraction.alert else "[dim]no alert[/]"
    console.print(f"[bold]{extraction.id}[/] ({extraction.lang or 'language unknown'}): {flag}")
    if extraction.skipped:
        console.print(f"  not analysed: {extraction.skipped}")
    if not extraction.events:
        console.print("  no events")
    for event in extraction.events:
        fresh = "new" if event.new else "background"
        actor = f"{event.actor or '?'}" + (f" ({event.actor_iso})" if event.actor_iso else "")
        target = f"{event.target or '?'}" + (f" ({event.target_iso})" if event.target_iso else "")
        count = f", {event.count} affected" if event.count is not None else ""
        console.print(
            f"  • {event.type} [{fresh}] {actor} → {target}{count}, "
            f"confidence {event.confidence:.2f}",
            highlight=False,
        )
        details = [*event.persons, *event.agencies]
        if details:
            console.print(f"    involving: {', '.join(details)}", highlight=False)
        console.print(f"    [dim]“{event.evidence}”[/]", highlight=False)
    if extraction.agencies:
        console.print(f"  agencies: {', '.join(extraction.agencies)}", highlight=False)
    if extraction.persons:
        console.print(f"  persons: {', '.join(extraction.persons)}", highlight=False)
    for hit in extraction.matches:
        console.print(
            f"  watchlist {hit.list}: {hit.entry} (as “{hit.text}”, score {hit.score:.2f})",
            highlight=False,
        )


def extract(
    ctx: typer.Context,
    paths: Annotated[
        list[Path],
        typer.Argument(help="Articles: .txt or .html files, or .jsonl files (one object a line)."),
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object per article per line, in input order.")
    ] = False,
    watchlists: Annotated[
        Path | None,
        typer.Option(
            "--watchlists", metavar="DIR", help="Watchlist folder (default: the configured one)."
        ),
    ] = None,
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            metavar="YYYY-MM-DD",
            help="Publication date of .txt articles (what newness is judged against).",
        ),
    ] = None,
) -> None:
    """Print what the pipeline would extract from articles (no database, no network)."""
    from nongrata.cli.inputs import read_inputs

    settings = app_context(ctx).settings
    articles = read_inputs(paths, published=_parse_date(published))
    extractions = _extractor(settings, watchlists).extract(articles)
    if as_json:
        for extraction in extractions:
            typer.echo(json.dumps(extraction.to_json(), ensure_ascii=False))
        return
    console = Console(soft_wrap=True)
    for extraction in extractions:
        _print_article(console, extraction)


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def scores_table(title: str, scores: Scores) -> Table:
    """The overall figures and one row per event type."""
    summary = scores.summary()
    table = Table(title=title, title_justify="left")
    table.add_column("figure")
    table.add_column("value", justify="right")
    for name, value in summary.items():
        table.add_row(name.replace("_", " "), _percent(value))
    return table


def per_type_table(scores: Scores) -> Table:
    from nongrata.types import EVENT_TYPES

    table = Table(title="per event type", title_justify="left")
    for column in ("type", "gold", "found", "P", "R", "F1", "roles", "newness", "new-P", "new-R"):
        table.add_column(column, justify="left" if column == "type" else "right")
    for etype in EVENT_TYPES:
        t = scores.per_type[etype]
        gold = t.events.tp + t.events.fn
        found = t.events.tp + t.events.fp
        table.add_row(
            etype,
            str(gold),
            str(found),
            _percent(t.events.precision),
            _percent(t.events.recall),
            _percent(t.events.f1),
            _percent(t.roles.value),
            _percent(t.newness.value),
            _percent(t.new_detection.precision),
            _percent(t.new_detection.recall),
        )
    return table


def suite_table(title: str, rows: Sequence[SuiteRow]) -> Table:
    """One row per corpus, then the combined rows, with the figures a language is judged by."""
    table = Table(title=title, title_justify="left")
    columns = {
        "alert P": "alert_precision",
        "alert R": "alert_recall",
        "event F1": "event_f1",
        "roles": "role_accuracy",
        "newness": "newness_accuracy",
        "agency R": "agency_recall",
        "person R": "person_recall",
    }
    table.add_column("corpus")
    table.add_column("articles", justify="right")
    for column in columns:
        table.add_column(column, justify="right")
    for row in rows:
        summary = row.scores.summary()
        name = f"[bold]{row.name}[/]" if row.combined else row.name
        table.add_row(
            name,
            str(row.scores.articles),
            *(_percent(summary[key]) for key in columns.values()),
            end_section=row.combined and row is rows[-1],
        )
    return table


def eval_command(
    ctx: typer.Context,
    directory: Annotated[
        Path,
        typer.Argument(
            help="Labeled corpus: DIR/articles/<id>.txt and DIR/labels.jsonl; or a folder of "
            "such corpora (corpus/, corpus/dev): a row per corpus, and each split combined."
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable scores.")] = False,
    no_prefilter: Annotated[
        bool,
        typer.Option(
            "--no-prefilter",
            help="Run NLP on every article, over all its text (default: as nongrata run "
            "does, the prefilter skips articles with no trigger and parses long texts only "
            "where an event can be).",
        ),
    ] = False,
) -> None:
    """Score extraction on a labeled corpus, or on every corpus in a folder.

    Prints alert precision and recall, event F1, and role and newness accuracy; for a folder
    of corpora (one per language), one row per language and each split combined.
    """
    from nongrata.evaluation.corpus import Corpus
    from nongrata.evaluation.evaluate import evaluate
    from nongrata.evaluation.suite import read_corpora, score_suite, suite_json
    from nongrata.pipeline.extract_stage import watch_terms_of
    from nongrata.watchlists import Watchlists

    settings = app_context(ctx).settings
    corpora = read_corpora(directory)
    prefilter = not no_prefilter
    # With the prefilter, as the pipeline does: English is parsed only where an event can be.
    extractor = _extractor(settings, None, focus=prefilter)
    watchlists = extractor.watchlists
    terms = watch_terms_of(watchlists) if isinstance(watchlists, Watchlists) else None

    def score(corpus: Corpus) -> Scores:
        return evaluate(corpus, extractor.extract, prefilter=prefilter, watch_terms=terms)

    # Piped output gets room for every column rather than a terminal's default 80.
    console = Console() if sys.stdout.isatty() else Console(width=120)
    mode = "prefilter on" if prefilter else "prefilter off"
    if [c.path for c in corpora] != [directory]:
        rows = score_suite(directory, corpora, score)
        if as_json:
            figures = {
                "corpus": str(directory),
                "prefilter": prefilter,
                "corpora": suite_json(rows),
            }
            typer.echo(json.dumps(figures, ensure_ascii=False))
            return
        console.print(suite_table(f"{directory} ({len(corpora)} corpora, {mode})", rows))
        console.print(
            f"The errors of one corpus: nongrata eval {directory}/<corpus>", highlight=False
        )
        return
    scores = score(corpora[0])
    if as_json:
        typer.echo(
            json.dumps(
                {"corpus": str(directory), "prefilter": prefilter, **scores.to_json()},
                ensure_ascii=False,
            )
        )
        return
    console.print(scores_table(f"{directory} ({scores.articles} articles, {mode})", scores))
    console.print(per_type_table(scores))
    wrong = [e for e in scores.errors if e.missed or e.spurious or e.alert[0] != e.alert[1]]
    for errors in wrong:
        alert = (
            ""
            if errors.alert[0] == errors.alert[1]
            else f" alert {errors.alert[1]} (gold {errors.alert[0]})"
        )
        console.print(f"[bold]{errors.id}[/]{alert}", highlight=False)
        for item in errors.missed:
            console.print(f"  missed   {item}", highlight=False)
        for item in errors.spurious:
            console.print(f"  spurious {item}", highlight=False)


def register(app: typer.Typer) -> None:
    """Attach this module's commands to the root app."""
    app.command("extract")(extract)
    app.command("eval")(eval_command)
