"""Rendering a run's summary for the terminal."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table


def _n(section: dict[str, Any], key: str) -> int:
    value = section.get(key, 0)
    return int(value) if isinstance(value, int | float) else 0


def _not_read(extract: dict[str, Any]) -> dict[str, int]:
    found = extract.get("not_read") or {}
    return {str(k): int(v) for k, v in found.items()} if isinstance(found, dict) else {}


def _to_replace(ingest: dict[str, Any]) -> list[dict[str, Any]]:
    found = ingest.get("to_replace") or []
    return [r for r in found if isinstance(r, dict)] if isinstance(found, list) else []


def render_run_summary(console: Console, summary: dict[str, Any]) -> None:
    ingest: dict[str, Any] = summary.get("ingest") or {}
    extract: dict[str, Any] = summary.get("extract") or {}
    delivery: dict[str, Any] = summary.get("delivery") or {}
    digests: dict[str, Any] = summary.get("digests") or {}
    notices: dict[str, Any] = summary.get("notices") or {}
    table = Table(
        title=f"Run {summary.get('run_id', '?')}", show_header=False, title_justify="left"
    )
    table.add_column("what")
    table.add_column("count", justify="right")
    rows = [
        ("feeds polled", _n(ingest, "feeds_polled")),
        ("  not modified (304)", _n(ingest, "feeds_not_modified")),
        ("  failed", _n(ingest, "feeds_failed")),
        ("  disabled", _n(ingest, "feeds_disabled")),
        ("  ill-formed (entries used)", _n(ingest, "feeds_ill_formed")),
        ("  to replace (404, 410, not a feed)", len(_to_replace(ingest))),
        ("new articles", _n(ingest, "new_articles")),
        ("entries dropped (reason recorded)", _n(ingest, "entries_dropped")),
        ("pages fetched", _n(ingest, "pages_fetched")),
        ("pages failed (summary kept)", _n(ingest, "pages_failed")),
        ("articles extracted", _n(extract, "articles")),
        ("  in a language not read (recorded)", sum(_not_read(extract).values())),
        ("events new", _n(extract, "events_new")),
        ("events with another source", _n(extract, "events_updated")),
        ("alerts queued", _n(extract, "alerts_queued")),
        ("alerts sent", _n(delivery, "sent")),
        ("alerts failed (retried next run)", _n(delivery, "failed")),
        ("alerts given up", _n(delivery, "given_up")),
        ("digests made", _n(digests, "digests")),
        ("feeds found dead (notice)", _n(notices, "dead")),
        ("feeds recovered (notice)", _n(notices, "recovered")),
        ("operational notices sent", _n(notices, "sent")),
    ]
    rematch: dict[str, Any] = summary.get("rematch") or {}
    if rematch:
        rows[:0] = [
            ("events re-matched (watchlists changed)", _n(rematch, "events")),
            ("  watchlist matches added", _n(rematch, "matches_added")),
            ("  watchlist matches removed", _n(rematch, "matches_removed")),
            ("  alerts queued by the new matches", _n(rematch, "alerts_queued")),
        ]
    for label, value in rows:
        table.add_row(label, str(value))
    console.print(table)
    lines = [str(ingest["nothing_due"])] if ingest.get("nothing_due") else []
    if not_read := _not_read(extract):
        counts = ", ".join(f"{lang} {n}" for lang, n in sorted(not_read.items()))
        lines.append(f"languages not read (no events looked for): {counts}")
    for feed in _to_replace(ingest):
        bundled = "bundled feed" if feed.get("bundled") else "feed"
        lines.append(f"{bundled} {feed.get('url')} {feed.get('why')}: {feed.get('hint')}")
    if summary.get("watchlists_folder"):
        lines.append(f"watchlists: {summary['watchlists_folder']}")
    for line in lines:  # whole lines, however narrow the terminal
        console.print(line, markup=False, highlight=False, soft_wrap=True)
    failures = ingest.get("failures") or {}
    if failures:
        reasons = Table(title="Failures by reason", title_justify="left")
        reasons.add_column("reason")
        reasons.add_column("count", justify="right")
        for reason, count in sorted(failures.items(), key=lambda kv: (-kv[1], kv[0])):
            reasons.add_row(str(reason), str(count))
        console.print(reasons)
