"""The extraction batches the monitor flow maps (``nongrata.pipeline.stages.extract_articles``):
the watchlists and extractor are kept by the run's context between batches, but an edited watchlist
file is read again at the next batch; the prefilter setting is honoured."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from nongrata.db import Article, open_database
from nongrata.errors import WatchlistError
from nongrata.pipeline.extract_stage import pending_article_ids
from nongrata.pipeline.stages import RunContext, extract_articles
from nongrata.settings import Settings, bundled_watchlists_dir

TEXTS = (
    "Russia expelled two British diplomats accused of spying, the foreign ministry said on "
    "Monday. They have 48 hours to leave the country.",
    "The local football club won its home match on Saturday after a late goal.",
)


def _stored_articles(db_url: str) -> list[int]:
    db = open_database(db_url)
    try:
        with db.session() as session:
            for number, text in enumerate(TEXTS):
                url = f"http://127.0.0.1/article-{number}"
                session.add(
                    Article(
                        url=url,
                        canonical_url=url,
                        title=text.split(",")[0],
                        text=text,
                        language="en",
                        fetch_status="fetched",
                    )
                )
        return pending_article_ids(db)
    finally:
        db.dispose()


def test_an_edited_watchlist_is_read_again_at_the_next_batch(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    lists = tmp_path / "lists"
    shutil.copytree(bundled_watchlists_dir(), lists)
    db_url = f"sqlite:///{tmp_path / 'batches.db'}"
    ids = _stored_articles(db_url)
    settings = RunContext(make_settings(database_url=db_url, watchlists=lists))

    first = extract_articles(settings, ids)
    assert [article_id for article_id, _ in first] == ids
    assert extract_articles(settings, ids) == first  # the kept extractor: the same output

    persons = lists / "persons.yaml"
    valid = persons.read_text(encoding="utf-8")
    persons.write_text("kind: persons\nentries:\n  - id: x\n    nme: typo\n", encoding="utf-8")
    with pytest.raises(WatchlistError, match=r"persons\.yaml"):
        extract_articles(settings, ids)

    persons.write_text(valid, encoding="utf-8")
    assert extract_articles(settings, ids) == first


def test_the_prefilter_setting_is_honoured(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    db_url = f"sqlite:///{tmp_path / 'prefilter.db'}"
    ids = _stored_articles(db_url)

    filtered = dict(
        extract_articles(RunContext(make_settings(database_url=db_url, prefilter=True)), ids)
    )
    assert filtered[ids[0]].skipped is None
    assert filtered[ids[0]].events
    assert filtered[ids[1]].skipped is not None

    unfiltered = dict(
        extract_articles(RunContext(make_settings(database_url=db_url, prefilter=False)), ids)
    )
    assert all(result.skipped is None for result in unfiltered.values())
    assert unfiltered[ids[0]] == filtered[ids[0]]
