"""The daily job as plain functions.

Each stage takes the settings and opens what it needs, so that the Prefect flow
(``nongrata.flows.monitor``) wires them as one-line tasks and ``run_monitor`` runs them in
order without Prefect (benchmarks, tests of the logic).
"""

from __future__ import annotations

import asyncio
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from nongrata.alerts.digests import deliver_digests
from nongrata.alerts.outbox import deliver_pending
from nongrata.db import Database, stage_db
from nongrata.db.types import utcnow
from nongrata.events.rematch import (
    last_fingerprint,
    rematch_events,
    rematch_if_changed,
    watchlists_fingerprint,
)
from nongrata.extractors.extract import Extractor
from nongrata.ingest.ingest import ingest, warm_cleaning_pool
from nongrata.ingest.registry import seed_default_feeds
from nongrata.pipeline.extract_stage import (
    ExtractSummary,
    add_summary,
    extract_inputs,
    extract_pending,
    load_inputs,
    pending_article_ids,
    record_batch,
)
from nongrata.pipeline.extract_stage import forget_extractions as forget
from nongrata.pipeline.locks import RunLock, check_run_lock, hold_for_run, release_run_lock
from nongrata.pipeline.nlp_workers import (
    NlpWorkers,
    nlp_worker_count,
    running_nlp_workers,
    start_nlp_workers,
    stop_nlp_workers,
)
from nongrata.pipeline.runs import fail_run, finish_run, freeze_startup_objects, start_run
from nongrata.settings import Settings
from nongrata.types import ArticleExtraction
from nongrata.watchlists import Watchlists, load_watchlists


@dataclass
class MonitorSummary:
    run_id: int
    watchlists: str = ""  # the folder's fingerprint (``fingerprint``)
    watchlists_folder: str = ""  # the folder itself (``Settings.watchlists_in_use``)
    rematch: dict[str, Any] | None = None
    ingest: dict[str, Any] = field(default_factory=dict)
    extract: dict[str, Any] = field(default_factory=dict)
    delivery: dict[str, Any] = field(default_factory=dict)
    digests: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def seed_on_first_run(db: Database, settings: Settings, now: datetime | None = None) -> int | None:
    """At the first run of a database (whatever command came first), the bundled feeds are
    registered, but for those already there, and the database records that it was done: a
    later run never registers them again. Not with ``seed_default_feeds`` off. How many
    were added, or None when none was to be."""
    if not settings.seed_default_feeds:
        return None
    with db.session() as session:
        return seed_default_feeds(session, now)


# The watchlists last loaded in this process, by folder and fingerprint: every stage and
# every batch of a run reads the same files, and an edited file is loaded (and checked) again.
_loaded_watchlists: dict[tuple[str, str], Watchlists] = {}


def load_checked_watchlists(settings: Settings) -> Watchlists:
    """The watchlists, refused as a whole (WatchlistError) when any file does not validate.

    Loaded once per process while the folder's files stay the same (their fingerprint).
    """
    folder = settings.watchlists_dir
    key = (str(folder), watchlists_fingerprint(folder))
    watchlists = _loaded_watchlists.get(key)
    if watchlists is None:
        watchlists = load_watchlists(folder)
        _loaded_watchlists.clear()
        _loaded_watchlists[key] = watchlists
    return watchlists


def begin_run(settings: Settings, kind: str = "monitor", now: datetime | None = None) -> int:
    """Open and migrate the database, check the watchlists (a bad folder stops the run before
    anything is fetched), take the run lock (``nongrata.pipeline.locks``: wait for, or be
    cancelled by, a run in progress, by ``monitor_overlap``) and record the start of a run.
    A monitor run registers the bundled feeds first if the database never had them
    (``seed_on_first_run``).

    Watchlist files unchanged since the last finished run (its fingerprint), which checked
    them, are not read again here: a run with nothing new never needs them.
    """
    freeze_startup_objects()
    with stage_db(settings) as db:
        if fingerprint(settings) != last_fingerprint(db):
            load_checked_watchlists(settings)
        lock = RunLock(settings.effective_database_url, ttl=settings.run_lock_seconds)
        lock.acquire(settings.monitor_overlap, wait_limit=settings.monitor_wait_seconds)
        try:
            if kind == "monitor":
                seed_on_first_run(db, settings, now)
            run_id = start_run(db, kind, now)
        except BaseException:
            lock.release()
            raise
        hold_for_run(run_id, lock)
        return run_id


async def poll_and_fetch(
    settings: Settings,
    run_id: int,
    now: datetime | None = None,
    *,
    force: bool = False,
    seconds: dict[str, float] | None = None,
) -> dict[str, Any]:
    """Poll and fetch (``nongrata.ingest.ingest``): the due feeds, or with ``force`` every
    enabled feed whose server did not ask to wait (Retry-After). Once polling has stored
    ``settings.nlp_workers_from_articles`` new articles, the processes that will share the
    extraction start, so that they load spaCy while the pages are fetched
    (``start_extraction_workers``).
    ``seconds`` (if given) receives the time spent in "poll" and "fetch+clean"."""
    check_run_lock(run_id)
    started: list[bool] = []

    def new_articles(stored: int) -> None:
        if stored >= settings.nlp_workers_from_articles and not started:
            started.append(True)
            start_extraction_workers(settings)

    with stage_db(settings) as db:
        summary = await ingest(
            db,
            settings,
            run_id,
            now=now or utcnow(),
            on_new_articles=new_articles,
            seconds=seconds,
            force=force,
        )
        return _as_dict(summary)


def start_extraction_workers(
    settings: Settings, extractor: Extractor | None = None
) -> NlpWorkers | None:
    """Start the worker processes that share the extraction with this one
    (``nongrata.pipeline.nlp_workers``), as many as ``settings.nlp_processes`` allows; they
    load spaCy while the caller goes on. ``extract_and_record`` stops them. None start when
    the extraction runs on Dask (``task_runner``), whose workers have their own pipelines.
    ``extractor``: the run's (``build_extractor``), when the caller has it already.
    Returns the workers, if any."""
    count = nlp_worker_count(settings.nlp_processes)
    if not count or settings.task_runner == "dask":
        return None
    extractor = extractor or build_extractor(settings, load_checked_watchlists(settings))
    return start_nlp_workers(extractor, count)


def warm_up_workers(settings: Settings) -> None:
    """Start the worker processes of a run's next stages now (the page cleaners, when pages
    are fetched; the extraction workers, as ``start_extraction_workers``), for the run to
    take: ``nongrata run`` does so while Prefect's local API starts, when a core would
    otherwise wait. The run stops them as it would have stopped its own (``ingest``;
    ``stop_extraction_workers``), also when nothing is new."""
    if settings.fetch_pages:
        warm_cleaning_pool()
    start_extraction_workers(settings)


def stop_extraction_workers() -> None:
    stop_nlp_workers()


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


def extract_and_record(
    settings: Settings, run_id: int | None, now: datetime | None = None
) -> dict[str, Any]:
    """Extract every pending article and record the events (the watchlists and the extractor
    are loaded only when an article is pending), sharing the NLP with the extraction workers:
    those a run's polling started (``poll_and_fetch``), else, with at least
    ``settings.nlp_workers_from_articles`` articles pending (a backfill), started now.
    Stops them."""
    try:
        if run_id is not None:
            check_run_lock(run_id)
        with stage_db(settings) as db:
            pending = pending_article_ids(db)
            if not pending:
                return asdict(ExtractSummary())
            watchlists = load_checked_watchlists(settings)
            extractor = build_extractor(settings, watchlists)
            workers = running_nlp_workers(extractor)
            if workers is None and len(pending) >= settings.nlp_workers_from_articles:
                workers = start_extraction_workers(settings, extractor)
            summary = extract_pending(
                db,
                settings,
                extractor,
                watchlists,
                run_id,
                pending,
                batch_size=extraction_batch_size(settings),
                now=now,
                workers=workers,
            )
            return asdict(summary)
    finally:
        stop_nlp_workers()


def extraction_batch_size(settings: Settings) -> int:
    """Articles per extraction batch (a flow's task; a batch of ``extract_and_record``):
    twice ``nlp_batch_size`` on Dask, where the batches run in parallel; 32 times in this
    process (1,024 by default: a day's new articles, usually), where they run one after
    another and each shares its NLP with the extraction workers. Every batch ends with the
    workers waiting for the last article and for this process's prefilter and recording,
    and costs a flow a task: in interleaved `nongrata run`s over 919 articles, one batch took
    0.2–0.4 s less than four of 256."""
    return settings.nlp_batch_size * (2 if settings.task_runner == "dask" else 32)


def pending_batches(settings: Settings) -> list[list[int]]:
    """The ids of stored articles awaiting extraction, in batches of
    ``extraction_batch_size``."""
    batch_size = extraction_batch_size(settings)
    with stage_db(settings) as db:
        ids = pending_article_ids(db)
    return [ids[i : i + batch_size] for i in range(0, len(ids), batch_size)]


# The extractor ``extract_articles`` last built in this process, by what it depends on: the
# watchlists loaded (a new object when a file changed, ``load_checked_watchlists``), model
# and batch size.
_batch_extractor: dict[tuple[Watchlists, str, int], Extractor] = {}


def extract_articles(
    settings: Settings, article_ids: list[int]
) -> list[tuple[int, ArticleExtraction]]:
    """The NLP of one batch; reads the database, writes nothing (can run on a Dask worker).

    A flow maps this over many batches: the watchlists are loaded (and checked) and the
    extractor built once per process, and again only when a watchlist file changes. In the
    process where the extraction workers were started, the NLP is shared with them; the flow
    stops them after the last batch (``stop_extraction_workers``).
    """
    watchlists = load_checked_watchlists(settings)
    key = (watchlists, settings.spacy_model, settings.nlp_batch_size)
    extractor = _batch_extractor.get(key)
    if extractor is None:
        extractor = build_extractor(settings, watchlists)
        _batch_extractor.clear()
        _batch_extractor[key] = extractor
    with stage_db(settings, migrate=False) as db:
        inputs = load_inputs(db, article_ids)
    workers = running_nlp_workers(extractor)
    return extract_inputs(extractor, inputs, prefilter=settings.prefilter, workers=workers)


def record_articles(
    settings: Settings,
    run_id: int | None,
    items: list[tuple[int, ArticleExtraction]],
    now: datetime | None = None,
) -> ExtractSummary:
    """Cluster and record one batch's events, queue the alerts owed, mark the batch done."""
    if run_id is not None:
        check_run_lock(run_id)
    watchlists = load_checked_watchlists(settings)
    with stage_db(settings) as db:
        return record_batch(db, settings, watchlists, items, run_id, now)


def combine(parts: list[ExtractSummary]) -> dict[str, Any]:
    total = ExtractSummary()
    for part in parts:
        add_summary(total, part)
    return asdict(total)


def forget_extractions(settings: Settings, *, since: datetime | None = None) -> int:
    """Mark stored articles (extracted since ``since``, or all) for extraction again."""
    with stage_db(settings) as db:
        return forget(db, since=since)


def fingerprint(settings: Settings) -> str:
    """The watchlist folder's fingerprint, recorded with each run."""
    return watchlists_fingerprint(settings.watchlists_dir)


def rematch(
    settings: Settings, run_id: int | None = None, now: datetime | None = None
) -> dict[str, Any]:
    """Match every stored event against the watchlists again (no fetching, no extraction)."""
    watchlists = load_checked_watchlists(settings)
    with stage_db(settings) as db:
        return rematch_events(db, settings, watchlists, now or utcnow(), run_id).to_json()


def rematch_if_watchlists_changed(
    settings: Settings, run_id: int, fingerprint: str, now: datetime | None = None
) -> dict[str, Any] | None:
    """Re-match when the watchlists changed since the last finished run (they are loaded only
    then)."""
    with stage_db(settings) as db:
        result = rematch_if_changed(
            db,
            settings,
            lambda: load_checked_watchlists(settings),
            fingerprint,
            run_id,
            now or utcnow(),
        )
        return None if result is None else result.to_json()


def send_alerts(settings: Settings, now: datetime | None = None) -> dict[str, Any]:
    with stage_db(settings) as db:
        return _as_dict(deliver_pending(db, settings, now or utcnow()))


def send_digests(
    settings: Settings, now: datetime | None = None, *, record: bool = False
) -> dict[str, Any]:
    """Send the digests that are due. With ``record`` (the scheduled ``digest`` job) the
    sending is recorded as a run of kind ``digest``, finished with its summary or failed with
    the reason; within a monitor run it is part of that run's summary."""
    with stage_db(settings) as db:
        if not record:
            return _as_dict(deliver_digests(db, settings, now or utcnow()))
        run_id = start_run(db, "digest", now)
        summary: dict[str, Any] = {"run_id": run_id}
        try:
            summary.update(_as_dict(deliver_digests(db, settings, now or utcnow())))
        except BaseException as exc:
            fail_run(db, run_id, exc, summary)
            raise
        finish_run(db, run_id, summary)
        return summary


def end_run(settings: Settings, run_id: int, summary: dict[str, Any]) -> None:
    """Record the run finished and release its lock."""
    try:
        with stage_db(settings) as db:
            finish_run(db, run_id, summary)
    finally:
        release_run_lock(run_id)


def abort_run(
    settings: Settings, run_id: int, error: BaseException, summary: dict[str, Any]
) -> None:
    """Record why the run failed, stop the extraction workers if started and release the
    run's lock; never raises (the error matters more)."""
    stop_nlp_workers()
    try:
        with stage_db(settings, migrate=False) as db:
            fail_run(db, run_id, error, summary)
    except Exception as exc:  # the database itself may be what failed
        error.add_note(f"the run could not be marked failed: {exc}")
    finally:
        release_run_lock(run_id)


def run_monitor(
    settings: Settings, *, now: datetime | None = None, force: bool = False
) -> MonitorSummary:
    """Poll → fetch/clean → extract → match → cluster → alert, once, without Prefect.
    ``force``: poll every enabled feed now (``poll_and_fetch``)."""
    run_id = begin_run(settings, "monitor", now)
    summary = MonitorSummary(
        run_id=run_id,
        watchlists=fingerprint(settings),
        watchlists_folder=settings.watchlists_in_use,
    )
    try:
        summary.rematch = rematch_if_watchlists_changed(settings, run_id, summary.watchlists, now)
        summary.ingest = asyncio.run(poll_and_fetch(settings, run_id, now, force=force))
        summary.extract = extract_and_record(settings, run_id, now)
        check_run_lock(run_id)
        summary.delivery = send_alerts(settings, now)
        summary.digests = send_digests(settings, now)
    except BaseException as exc:
        abort_run(settings, run_id, exc, summary.to_json())
        raise
    end_run(settings, run_id, summary.to_json())
    return summary


def _as_dict(summary: Any) -> dict[str, Any]:
    if hasattr(summary, "to_json"):
        result: dict[str, Any] = summary.to_json()
        return result
    return asdict(summary)
