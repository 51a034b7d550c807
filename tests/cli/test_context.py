"""What every command receives: the database, opened on first need; a fresh one gets the
bundled feeds, unless the command only reads it (the web view)."""

from __future__ import annotations

from collections.abc import Callable

from nongrata.cli.context import AppContext
from nongrata.ingest.registry import default_feed_outlines, list_feeds
from nongrata.settings import Settings


def test_a_fresh_database_gets_the_bundled_feeds_unless_only_read(
    make_settings: Callable[..., Settings],
) -> None:
    settings = make_settings(seed_default_feeds=True)
    viewer = AppContext(settings)
    try:
        with viewer.database(read_only=True).session() as session:
            assert list_feeds(session) == []  # the web view writes nothing
    finally:
        viewer.close()
    user = AppContext(settings)
    try:
        with user.database().session() as session:
            assert len(list_feeds(session)) == len(default_feed_outlines())
    finally:
        user.close()
