"""A run's report: the feeds it found to replace, as table rows."""

from __future__ import annotations

from nongrata.pipeline.run_report import feeds_to_replace_rows


def test_the_feeds_to_replace_become_rows() -> None:
    summary = {
        "ingest": {
            "to_replace": [
                {
                    "url": "https://www.pap.pl/rss.xml",
                    "why": "answers 410 Gone",
                    "bundled": True,
                    "hint": "replace it: `nongrata feeds discover https://www.pap.pl/`",
                }
            ]
        }
    }
    assert feeds_to_replace_rows(summary) == [
        {
            "feed": "https://www.pap.pl/rss.xml",
            "why": "answers 410 Gone",
            "bundled": "yes",
            "replace": "replace it: `nongrata feeds discover https://www.pap.pl/`",
        }
    ]


def test_none_without_the_list() -> None:
    assert feeds_to_replace_rows({}) == []
    assert feeds_to_replace_rows({"ingest": {"to_replace": []}}) == []
    assert feeds_to_replace_rows({"ingest": None}) == []
