"""The run summary on the terminal: the feeds a run found to replace, each with its hint."""

from __future__ import annotations

from rich.console import Console

from nongrata.cli.summary import render_run_summary


def test_the_feeds_to_replace_are_counted_and_listed_whole() -> None:
    hint = (
        "replace it: `nongrata feeds discover https://www.pap.pl/` or `nongrata feeds sources"
        " --country PL`, then `nongrata feeds remove https://www.pap.pl/rss.xml`"
    )
    summary = {
        "run_id": 3,
        "ingest": {
            "feeds_polled": 2,
            "feeds_failed": 1,
            "to_replace": [
                {
                    "url": "https://www.pap.pl/rss.xml",
                    "why": "answers 404 Not Found",
                    "bundled": True,
                    "hint": hint,
                }
            ],
        },
    }
    console = Console(record=True, width=60)
    render_run_summary(console, summary)
    out = console.export_text()
    assert "to replace (404, 410, not a feed)" in out
    row = next(line for line in out.splitlines() if "to replace" in line)
    assert row.rstrip(" │").endswith("1")
    line = f"bundled feed https://www.pap.pl/rss.xml answers 404 Not Found: {hint}"
    assert line in out.splitlines()  # whole, however narrow the terminal


def test_a_summary_without_the_list_counts_none() -> None:
    console = Console(record=True, width=100)
    render_run_summary(console, {"run_id": 1, "ingest": {"feeds_polled": 1}})
    out = console.export_text()
    row = next(line for line in out.splitlines() if "to replace" in line)
    assert row.rstrip(" │").endswith("0")
    assert "bundled feed" not in out
