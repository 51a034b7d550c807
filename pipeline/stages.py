"""The stages of a run as plain functions, each taking the run's context.

Each stage takes the run's ``RunContext`` (``nongrata.pipeline.context``) and opens what it
needs; ``nongrata.pipeline.sequence`` puts them in order, once, for the Prefect flows
(``nongrata.flows``), ``run_monitor`` and the benchmark.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import asdict
from datetime import datetime
from typing import Any

from nongrata.alerts.digests import deliver_digests
from nongrata.alerts.notices import deliver_feed_notices
from nongrata.alerts.outbox import deliver_pending
from nongrata.db import stage_db
from nongrata.db.types import utcnow
from nongrata.events.rematch import last_fingerprint, rematch_events, rematch_if_changed
from nongrata.ingest import ingest as ingest_module
from nongrata.ingest.ingest import ingest
from nongrata.ingest.sources import seed_on_first_use
from nongrata.pipeline.context import RunContext, build_extractor
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
from nongrata.pipeline.locks import RunLock
from nongrata.pipeline.nlp_workers import NlpWorkers, nlp_worker_count
from nongrata.pipeline.runs import fail_run, finish_run, freeze_startup_objects, start_run
from nongrata.pipeline.workers import hand_over, handed_over, take_handed
from nongrata.settings import Settings
from nongrata.types import ArticleExtraction

__all__ = ["RunContext", "build_extractor"]


def begin_run(
    settings: Settings,
    kind: str = "monitor",
    now: datetime | None = None,
    *,
    force: bool = False,
    seconds: dict[str, float] | None = None,
) -> RunContext:
    """Open and migrate the database, check the watchlists (a bad folder stops the run before
    anything is fetched), take the run lock (``nongrata.pipeline.locks``: wait for, or be
    cancelled by, a run in progress, by ``monitor_overlap``) and record the start of a run:
    its context, which holds the lock until ``end_run`` or ``abort_run``. A monitor run
    registers the bundled feeds first if the database never had them
    (:func:`nongrata.ingest.sources.seed_on_first_use`: once, ever, not
    with ``seed_default_feeds`` off). ``force`` and ``seconds``: see ``RunContext``.

    Watchlist files unchanged since the last finished run (its fingerprint), which checked
    them, are not read again here: a run with nothing new never needs them.
    """
    freeze_startup_objects()
    context = RunContext(settings, kind, now, force, seconds)
    with stage_db(settings) as db:
        context.watchlists_fingerprint = context.fingerprint()
        if context.watchlists_fingerprint != last_fingerprint(db):
            context.watchlists()
        lock = RunLock(settings.effective_database_url, ttl=settings.run_lock_seconds)
        lock.acquire(settings.monitor_overlap, wait_limit=settings.monitor_wait_seconds)
        try:
            if kind == "monitor":
                seed_on_first_use(db, settings, now)
            context.run_id = start_run(db, kind, now)
        except BaseException:
            lock.release()
            raise
        context.lock = lock
        context.workers = take_handed()
        return context


def poll_and_fetch(context: RunContext) -> dict[str, Any]:
    """Poll and fetch (``nongrata.ingest.ingest``): the due feeds, or with ``context.force``
    every enabled feed whose server did not ask to wait (Retry-After). Once polling has
    stored ``settings.nlp_workers_from_articles`` new articles, the processes that will
    share the extraction start, so that they load spaCy while the pages are fetched
    (``start_extraction_workers``)."""
    context.check_lock()
    settings = context.settings
    started: list[bool] = []

    def new_articles(stored: int) -> None:
        if stored >= settings.nlp_workers_from_articles and not started:
            started.append(True)
            start_extraction_workers(context)

    try:
        with stage_db(settings) as db:
            summary = asyncio.run(
                ingest(
                    db,
                    settings,
                    context.run_id,
                    now=context.at(),
                    executor=context.workers.cleaners,
                    on_new_articles=new_articles,
                    seconds=context.seconds,
                    force=context.force,
                )
            )
            return _as_dict(summary)
    finally:
        context.workers.stop_cleaners()


def start_extraction_workers(context: RunContext) -> NlpWorkers | None:
    """Start the worker processes that share the extraction with this one
    (``nongrata.pipeline.nlp_workers``) for the context's extractor, as many as
    ``settings.nlp_processes`` allows; they load spaCy while the caller goes on.
    ``extract_and_record`` stops them. None start when the extraction runs on Dask
    (``task_runner``), whose workers have their own pipelines. Returns the workers, if any."""
    settings = context.settings
    count = nlp_worker_count(settings.nlp_processes)
    if not count or settings.task_runner == "dask":
        return None
    return context.workers.start_nlp(context.extractor(), count)


def warm_up_workers(settings: Settings) -> None:
    """Start the worker processes of a run's next stages now (the page cleaners, when pages
    are fetched; the extraction workers, as ``start_extraction_workers``), for the next run
    of this process to take (``nongrata.pipeline.workers.hand_over``): ``nongrata run`` does
    so while Prefect's local API starts, when a core would otherwise wait. The run stops
    them as it would have stopped its own, also when nothing is new. Unless started
    already."""
    if handed_over():
        return
    ahead = RunContext(settings)
    if settings.fetch_pages:
        ahead.workers.cleaners = ingest_module.page_cleaning_executor()
    start_extraction_workers(ahead)
    hand_over(ahead.workers)


def extract_and_record(context: RunContext) -> dict[str, Any]:
    """Extract every pending article and record the events (the watchlists and the extractor
    are loaded only when an article is pending), sharing the NLP with the extraction workers:
    those a run's polling started (``poll_and_fetch``), else, with at least
    ``settings.nlp_workers_from_articles`` articles pending (a backfill), started now.
    Stops them."""
    settings = context.settings
    try:
        context.check_lock()
        with stage_db(settings) as db:
            pending = pending_article_ids(db)
            if not pending:
                return asdict(ExtractSummary())
            extractor = context.extractor()
            workers = context.workers.nlp_for(extractor)
            if workers is None and len(pending) >= settings.nlp_workers_from_articles:
                workers = start_extraction_workers(context)
            summary = extract_pending(
                db,
                settings,
                extractor,
                context.watchlists(),
                context.run_id,
                pending,
                batch_size=extraction_batch_size(settings),
                now=context.now,
                workers=workers,
            )
            return asdict(summary)
    finally:
        context.workers.stop_nlp()


def extraction_batch_size(settings: Settings) -> int:
    """Articles per extraction batch (a flow's task; a batch of ``extract_and_record``):
    twice ``nlp_batch_size`` on Dask, where the batches run in parallel; 32 times in this
    process (1,024 by default: a day's new articles, usually), where they run one after
    another and each shares its NLP with the extraction workers. Every batch ends with the
    workers waiting for the last article and for this process's prefilter and recording,
    and costs a flow a task: in interleaved `nongrata run`s over 919 articles, one batch took
    0.2–0.4 s less than four of 256."""
    return settings.nlp_batch_size * (2 if settings.task_runner == "dask" else 32)


def pending_batches(context: RunContext) -> list[list[int]]:
    """The ids of stored articles awaiting extraction, in batches of
    ``extraction_batch_size``."""
    batch_size = extraction_batch_size(context.settings)
    with stage_db(context.settings) as db:
        ids = pending_article_ids(db)
    return [ids[i : i + batch_size] for i in range(0, len(ids), batch_size)]


Items = list[tuple[int, ArticleExtraction]]


def extract_articles(context: RunContext, article_ids: list[int]) -> Items:
    """The NLP of one batch; reads the database, writes nothing (can run on a Dask worker,
    which receives a copy of the context).

    A flow maps this over many batches: the watchlists are loaded (and checked) and the
    extractor built once per context, and again only when a watchlist file changes. In the
    process where the extraction workers were started, the NLP is shared with them
    (``extract_in_batches`` stops them after the last batch).
    """
    extractor = context.extractor()
    with stage_db(context.settings, migrate=False) as db:
        inputs = load_inputs(db, article_ids)
    workers = context.workers.nlp_for(extractor)
    return extract_inputs(extractor, inputs, prefilter=context.settings.prefilter, workers=workers)


def record_articles(context: RunContext, items: Items) -> ExtractSummary:
    """Cluster and record one batch's events, queue the alerts owed, mark the batch done."""
    context.check_lock()
    with stage_db(context.settings) as db:
        return record_batch(
            db, context.settings, context.watchlists(), items, context.run_id, context.now
        )


def extract_in_batches(
    context: RunContext,
    batches_of: Callable[[RunContext], list[list[int]]],
    extract_all: Callable[[RunContext, list[list[int]]], Iterable[Items]],
    record: Callable[[RunContext, Items], ExtractSummary],
) -> dict[str, Any]:
    """The extraction stage as a flow runs it: the pending batches (``batches_of``, as
    ``pending_batches``), extracted by ``extract_all`` (each batch as ``extract_articles``,
    the results in the batches' order), each recorded in this process as it comes
    (``record``, as ``record_articles``); the extraction workers are stopped after the
    last."""
    try:
        batches = batches_of(context)
        parts = [record(context, items) for items in extract_all(context, batches)]
    finally:
        context.workers.stop_nlp()
    return combine(parts)


def combine(parts: list[ExtractSummary]) -> dict[str, Any]:
    total = ExtractSummary()
    for part in parts:
        add_summary(total, part)
    return asdict(total)


def forget_extractions(settings: Settings, *, since: datetime | None = None) -> int:
    """Mark stored articles (extracted since ``since``, or all) for extraction again."""
    with stage_db(settings) as db:
        return forget(db, since=since)


def rematch(context: RunContext) -> dict[str, Any]:
    """Match every stored event against the watchlists again (no fetching, no extraction)."""
    watchlists = context.watchlists()
    with stage_db(context.settings) as db:
        summary = rematch_events(db, context.settings, watchlists, context.at(), context.run_id)
        return summary.to_json()


def rematch_if_watchlists_changed(context: RunContext) -> dict[str, Any] | None:
    """Re-match when the watchlists changed since the last finished run (they are loaded only
    then)."""
    assert context.run_id is not None, "a run's stage"
    with stage_db(context.settings) as db:
        result = rematch_if_changed(
            db,
            context.settings,
            context.watchlists,
            context.watchlists_fingerprint,
            context.run_id,
            context.at(),
        )
        return None if result is None else result.to_json()


def send_alerts(context: RunContext) -> dict[str, Any]:
    """Send the alerts (and digests) due; operational notices are the notices stage's."""
    with stage_db(context.settings) as db:
        return _as_dict(deliver_pending(db, context.settings, context.at(), notices=False))


def send_digests(context: RunContext) -> dict[str, Any]:
    """Send the digests that are due, within a run (part of that run's summary)."""
    with stage_db(context.settings) as db:
        return _as_dict(deliver_digests(db, context.settings, context.at()))


def send_feed_notices(context: RunContext) -> dict[str, Any]:
    """Tell the --ops subscriptions about feeds that died or recovered (once per change)."""
    with stage_db(context.settings) as db:
        summary = deliver_feed_notices(db, context.settings, context.at(), run_id=context.run_id)
        return summary.to_json()


def digest_run(settings: Settings, now: datetime | None = None) -> dict[str, Any]:
    """The scheduled ``digest`` job: send the digests that are due, recorded as a run of
    kind ``digest``, finished with its summary or failed with the reason."""
    with stage_db(settings) as db:
        run_id = start_run(db, "digest", now)
        summary: dict[str, Any] = {"run_id": run_id}
        try:
            summary.update(_as_dict(deliver_digests(db, settings, now or utcnow())))
        except BaseException as exc:
            fail_run(db, run_id, exc, summary)
            raise
        finish_run(db, run_id, summary)
        return summary


def end_run(context: RunContext, summary: dict[str, Any]) -> None:
    """Record the run finished, stop its workers if any are left and release its lock."""
    assert context.run_id is not None, "a begun run"
    context.workers.stop()
    try:
        with stage_db(context.settings) as db:
            finish_run(db, context.run_id, summary)
    finally:
        context.release_lock()


def abort_run(context: RunContext, error: BaseException, summary: dict[str, Any]) -> None:
    """Record why the run failed, stop the extraction workers if started and release the
    run's lock; never raises (the error matters more)."""
    assert context.run_id is not None, "a begun run"
    context.workers.stop()
    try:
        with stage_db(context.settings, migrate=False) as db:
            fail_run(db, context.run_id, error, summary)
    except Exception as exc:  # the database itself may be what failed
        error.add_note(f"the run could not be marked failed: {exc}")
    finally:
        context.release_lock()


def _as_dict(summary: Any) -> dict[str, Any]:
    if hasattr(summary, "to_json"):
        result: dict[str, Any] = summary.to_json()
        return result
    return asdict(summary)
