"""A run's context (``nongrata.pipeline.context.RunContext``): what it loads once per run, and
what of it crosses to another process."""

from __future__ import annotations

import pickle
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from nongrata.errors import WatchlistError
from nongrata.pipeline import stages
from nongrata.pipeline.context import RunContext
from nongrata.settings import Settings, bundled_watchlists_dir


def test_watchlists_are_loaded_once_per_run_until_a_file_changes(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    lists = tmp_path / "lists"
    shutil.copytree(bundled_watchlists_dir(), lists)
    context = RunContext(make_settings(watchlists=lists))
    first = context.watchlists()
    assert context.watchlists() is first
    assert context.extractor() is context.extractor()
    built = context.extractor()
    persons = lists / "persons.yaml"
    persons.write_text(persons.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    edited = context.watchlists()
    assert edited is not first
    assert context.watchlists() is edited
    assert context.extractor() is not built  # built again for the new watchlists
    persons.write_text("kind: persons\nentries: [{name: 12}]\n", encoding="utf-8")
    with pytest.raises(WatchlistError):
        context.watchlists()  # a broken file is refused, never served stale


def test_a_copy_for_another_process_leaves_the_lock_and_what_was_loaded(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    settings = make_settings(database_url=f"sqlite:///{tmp_path / 'c.db'}")
    context = stages.begin_run(settings, "rematch", force=True)
    try:
        context.watchlists()
        assert context.lock is not None
        copy = pickle.loads(pickle.dumps(context))
        assert (copy.run_id, copy.kind, copy.force) == (context.run_id, "rematch", True)
        assert copy.settings == settings
        assert copy.lock is None
        copy.check_lock()  # nothing to renew in another process
        assert copy.watchlists() is not context.watchlists()  # loaded there again
        assert context.lock is not None  # the original keeps its lock
    finally:
        stages.end_run(context, {})
    assert context.lock is None  # released with the run
