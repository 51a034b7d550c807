"""One run's context: what its stages share, created once per run and passed to each.

A run's stages (``nongrata.pipeline.stages``) take a ``RunContext`` instead of bare
settings: the settings, the run's kind and id, its lock (``nongrata.pipeline.locks``), and
the watchlists and extractor it loaded, each loaded once per run (again only when a
watchlist file changes), and its worker processes (``nongrata.pipeline.workers``). The
context is made by ``begin_run`` and ended by ``end_run`` or ``abort_run``.

A context sent to another process (a flow's extraction batches on a Dask worker) carries
only what can cross: the settings and the run's facts, not its lock (a run begun in another
process has nothing to renew there), its worker processes, nor what it loaded (the worker
loads its own).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from nongrata.db.types import utcnow
from nongrata.events.rematch import watchlists_fingerprint
from nongrata.extractors.extract import Extractor
from nongrata.pipeline.locks import RunLock
from nongrata.pipeline.workers import RunWorkers
from nongrata.settings import Settings
from nongrata.watchlists import Watchlists, load_watchlists


@dataclass(eq=False)
class RunContext:
    """What a run's stages share (see the module docstring)."""

    settings: Settings
    kind: str = "monitor"
    now: datetime | None = None  # the run's clock: None for the time each stage runs
    force: bool = False  # poll every enabled feed now (``poll_and_fetch``)
    seconds: dict[str, float] | None = None  # receives the time of "poll" and "fetch+clean"
    run_id: int | None = None  # set by ``begin_run``
    watchlists_fingerprint: str = ""  # the folder's fingerprint when the run began
    lock: RunLock | None = None  # held from ``begin_run`` to ``end_run``/``abort_run``
    workers: RunWorkers = field(default_factory=RunWorkers)  # the run's worker processes
    _watchlists: dict[tuple[str, str], Watchlists] = field(default_factory=dict, repr=False)
    _extractor: dict[Watchlists, Extractor] = field(default_factory=dict, repr=False)

    def at(self) -> datetime:
        """The run's time, or now."""
        return self.now or utcnow()

    def fingerprint(self) -> str:
        """The watchlist folder's fingerprint, recorded with each run."""
        return watchlists_fingerprint(self.settings.watchlists_dir)

    def watchlists(self) -> Watchlists:
        """The watchlists, refused as a whole (WatchlistError) when any file does not
        validate; loaded once per run while the folder's files stay the same (their
        fingerprint): every stage and every batch reads the same files, and an edited file
        is loaded (and checked) again."""
        folder = self.settings.watchlists_dir
        key = (str(folder), watchlists_fingerprint(folder))
        watchlists = self._watchlists.get(key)
        if watchlists is None:
            watchlists = load_watchlists(folder)
            self._watchlists.clear()
            self._watchlists[key] = watchlists
        return watchlists

    def extractor(self) -> Extractor:
        """The run's extractor (``build_extractor``), built once per watchlists loaded."""
        watchlists = self.watchlists()
        extractor = self._extractor.get(watchlists)
        if extractor is None:
            extractor = build_extractor(self.settings, watchlists)
            self._extractor.clear()
            self._extractor[watchlists] = extractor
        return extractor

    def check_lock(self) -> None:
        """At a stage boundary: renew the run's lock (``RunLockLost`` if it was taken over).
        A context without a lock (sent to another process, or no run) has nothing to renew."""
        if self.lock is not None:
            self.lock.check()

    def release_lock(self) -> None:
        lock, self.lock = self.lock, None
        if lock is not None:
            lock.release()

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.update(lock=None, workers=RunWorkers(), _watchlists={}, _extractor={})
        return state


def build_extractor(settings: Settings, watchlists: Watchlists) -> Extractor:
    """The pipeline's extractor; the spaCy pipeline behind it is loaded once per process.

    It does not match whole articles against the watchlists: the pipeline matches the events
    it records (``nongrata.events.record``), and an article's own matches are not stored.
    With the prefilter, English is parsed only where an event can be
    (``nongrata.extractors.prefilter.focus``).
    """
    return Extractor(
        model=settings.spacy_model,
        watchlists=watchlists,
        batch_size=settings.nlp_batch_size,
        article_matches=False,
        focus=settings.prefilter,
    )
