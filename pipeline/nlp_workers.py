"""spaCy on more than one core: extraction worker processes, and work shared with them.

A run's extraction is spaCy over the candidate articles the prefilter lets through, one
article after another: on its own it keeps one core busy while the others wait. The workers
here each hold the same extractor (same model, watchlist patterns, batch size and focus) and
take articles from the same queue as the run's own process, longest text first, each taking
the next one when it is free (``extract_shared``). An article's extraction does not depend on
which process ran it nor on the articles parsed with it.

Loading spaCy costs a worker a few seconds, so the workers are started early, when polling
finds at least ``settings.nlp_workers_from_articles`` new articles (fewer hold too few
candidates to be worth it; ``nongrata.pipeline.stages``): they load while pages are
fetched. A run holds its workers (``nongrata.pipeline.workers.RunWorkers``); the
extraction stage uses them when they fit its extractor and stops them when done.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import TypeVar

from nongrata.errors import ExtractionError
from nongrata.extractors.extract import Extractor
from nongrata.pipeline.extract_worker import extract_job, ready, start
from nongrata.pipeline.processes import spawned_pool, usable_cores
from nongrata.types import ArticleExtraction, ArticleInput

# Processes that run spaCy when the settings say 0 ("one per core"): each holds a pipeline of
# a few hundred MB.
MAX_NLP_PROCESSES = 4
_T = TypeVar("_T")
# How often a feeder checks, while its worker is still loading, whether work is left.
_READY_POLL_SECONDS = 0.05


def nlp_worker_count(nlp_processes: int) -> int:
    """Worker processes besides this one for the ``nlp_processes`` setting (0: one process
    per usable core, at most ``MAX_NLP_PROCESSES``)."""
    processes = nlp_processes or min(MAX_NLP_PROCESSES, usable_cores())
    return max(0, processes - 1)


@dataclass(frozen=True)
class WorkerConfig:
    """What a worker's extractor is built from (the pipeline's extractors never match whole
    articles against the watchlists, so their patterns are all the workers need)."""

    model: str
    patterns: str  # the entity patterns as JSON
    batch_size: int
    focus: bool

    @classmethod
    def of(cls, extractor: Extractor) -> WorkerConfig | None:
        """The config of workers that extract as ``extractor`` does; None when workers
        cannot (an extractor that matches whole articles against its watchlists)."""
        if extractor.article_matches and extractor.watchlists is not None:
            return None
        patterns = json.dumps(list(extractor.patterns()), sort_keys=True, ensure_ascii=False)
        return cls(extractor.model, patterns, extractor.batch_size, extractor.focus)


class NlpWorkers:
    """Spawned processes, each holding the extractor ``config`` describes."""

    def __init__(self, config: WorkerConfig, count: int) -> None:
        self.config = config
        self.count = count
        self._pool, self._ready = spawned_pool(
            count,
            ready,
            initializer=start,
            initargs=(config.model, json.loads(config.patterns), config.batch_size, config.focus),
        )

    def is_ready(self, timeout: float | None = None) -> bool:
        """Whether every worker has loaded its pipeline (waiting up to ``timeout`` seconds).
        Raises ExtractionError when one could not."""
        done, _ = wait(self._ready, timeout=timeout)
        for future in done:
            failure = _result(future)
            if failure is not None:
                raise ExtractionError(f"extraction worker: {failure}")
        return len(done) == len(self._ready)

    def extract(self, articles: list[ArticleInput]) -> list[ArticleExtraction]:
        """``Extractor.extract`` on a worker."""
        return _result(self._pool.submit(extract_job, articles))

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _result(future: Future[_T]) -> _T:
    try:
        return future.result()
    except BrokenProcessPool as exc:
        raise ExtractionError(f"an extraction worker stopped: {exc}") from exc


def extract_shared(
    extractor: Extractor, workers: NlpWorkers | None, articles: Sequence[ArticleInput]
) -> list[ArticleExtraction]:
    """``extractor.extract(articles)``, shared with ``workers``: this process and each worker
    take the longest article left until none is (a worker once it has loaded its pipeline).
    Raises the first failure, after every process has stopped taking articles."""
    if workers is None or len(articles) < 2:
        return extractor.extract(articles)
    left = deque(sorted(range(len(articles)), key=lambda i: len(articles[i].text), reverse=True))
    results: list[ArticleExtraction | None] = [None] * len(articles)
    lock = threading.Lock()

    def take() -> int | None:
        with lock:
            return left.popleft() if left else None

    def stop() -> None:
        with lock:
            left.clear()

    def feed() -> None:
        try:
            while not workers.is_ready(timeout=_READY_POLL_SECONDS):
                if not left:
                    return
            while (index := take()) is not None:
                results[index] = workers.extract([articles[index]])[0]
        except BaseException:
            stop()
            raise

    with ThreadPoolExecutor(max_workers=workers.count, thread_name_prefix="nlp-feed") as feeds:
        fed = [feeds.submit(feed) for _ in range(workers.count)]
        try:
            while (index := take()) is not None:
                results[index] = extractor.extract([articles[index]])[0]
        except BaseException:
            stop()
            raise
        for future in fed:
            future.result()
    return [r for r in results if r is not None]
