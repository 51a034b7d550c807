"""A run's worker processes: the page cleaners (``nongrata.ingest.ingest``) and the processes
sharing the extraction (``nongrata.pipeline.nlp_workers``), held by the run's context.

``nongrata run`` starts them while Prefect's local API starts, before the flow's run exists
(``hand_over``): the next run of this process takes them when it begins (``take_handed``) and
stops them as it stops its own. That hand-over is the one slot this module keeps: what is
started for a run is otherwise the run's alone.
"""

from __future__ import annotations

import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from nongrata.extractors.extract import Extractor
from nongrata.pipeline.nlp_workers import NlpWorkers, WorkerConfig


@dataclass(eq=False)
class RunWorkers:
    cleaners: ProcessPoolExecutor | None = None  # taken by the fetching (``poll_and_fetch``)
    nlp: NlpWorkers | None = None

    def nlp_for(self, extractor: Extractor) -> NlpWorkers | None:
        """The extraction workers, if they extract as ``extractor`` does."""
        if self.nlp is not None and self.nlp.config == WorkerConfig.of(extractor):
            return self.nlp
        return None

    def start_nlp(self, extractor: Extractor, count: int) -> NlpWorkers | None:
        """Extraction workers for ``extractor``, started unless running already (workers of
        another config are stopped first). None when ``count`` is 0 or the extractor's work
        cannot be shared."""
        config = WorkerConfig.of(extractor)
        if count < 1 or config is None:
            return None
        if self.nlp is not None and (self.nlp.config, self.nlp.count) == (config, count):
            return self.nlp
        self.stop_nlp()
        self.nlp = NlpWorkers(config, count)
        return self.nlp

    def stop_nlp(self) -> None:
        """Stop the extraction workers, if any (they hold a spaCy pipeline each)."""
        nlp, self.nlp = self.nlp, None
        if nlp is not None:
            nlp.close()

    def stop_cleaners(self) -> None:
        cleaners, self.cleaners = self.cleaners, None
        if cleaners is not None:
            cleaners.shutdown(wait=True, cancel_futures=True)

    def stop(self) -> None:
        self.stop_cleaners()
        self.stop_nlp()


_handed_lock = threading.Lock()
_handed: list[RunWorkers] = []  # workers started ahead of this process's next run


def hand_over(workers: RunWorkers) -> None:
    """Keep ``workers`` for this process's next run (replacing any kept before)."""
    with _handed_lock:
        for earlier in _handed:
            earlier.stop()
        _handed[:] = [workers]


def take_handed() -> RunWorkers:
    """The workers started ahead for this run, if any, else none yet."""
    with _handed_lock:
        return _handed.pop() if _handed else RunWorkers()


def handed_over() -> bool:
    """Whether workers are kept for the next run."""
    with _handed_lock:
        return bool(_handed)
