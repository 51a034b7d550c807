"""The order of a run's stages, written once.

``MONITOR`` (poll → fetch/clean → extract → match → cluster → alert), ``REMATCH`` and
``backfill`` are sequences of named stages (``nongrata.pipeline.stages``). ``run_stages``
runs one on a begun run's context: the stages in order, the run's lock checked where a
stage asks, the run's summary recorded when it finishes or fails. How each stage is run is
the caller's: ``run_monitor`` (and the benchmark) call the stage functions, the Prefect
flows (``nongrata.flows``) call each as a task.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from nongrata.pipeline import stages
from nongrata.pipeline.context import RunContext
from nongrata.settings import Settings


@dataclass(frozen=True)
class Stage:
    """One stage of a run: its result is the run summary's ``key``."""

    key: str
    run: Callable[[RunContext], Any]
    check_lock: bool = False  # renew the run's lock first: a run that lost it stops here


@dataclass(frozen=True)
class RunSequence:
    kind: str  # the run's kind (``Run.kind``)
    stages: tuple[Stage, ...]
    fingerprint: bool = True  # the summary names the watchlist folder's fingerprint

    def head(self, context: RunContext) -> dict[str, Any]:
        """The summary's first keys, before any stage."""
        head: dict[str, Any] = {"run_id": context.run_id}
        if self.fingerprint:
            head["watchlists"] = context.watchlists_fingerprint
        head["watchlists_folder"] = context.settings.watchlists_in_use
        return head


MONITOR = RunSequence(
    "monitor",
    (
        Stage("rematch", stages.rematch_if_watchlists_changed),
        Stage("ingest", stages.poll_and_fetch),
        Stage("extract", stages.extract_and_record),
        Stage("delivery", stages.send_alerts, check_lock=True),
        Stage("notices", stages.send_feed_notices),
        Stage("digests", stages.send_digests),
    ),
)

REMATCH = RunSequence(
    "rematch", (Stage("rematch", stages.rematch), Stage("delivery", stages.send_alerts))
)


def _forget(since: datetime | None, context: RunContext) -> int:
    return stages.forget_extractions(context.settings, since=since)


def backfill(since: datetime | None = None) -> RunSequence:
    """Extract stored articles (extracted since ``since``, or all) again."""
    return RunSequence(
        "backfill",
        (Stage("forgotten", partial(_forget, since)), Stage("extract", stages.extract_and_record)),
        fingerprint=False,
    )


StageCall = Callable[[Stage, RunContext], Any]


def call_directly(stage: Stage, context: RunContext) -> Any:
    return stage.run(context)


def run_stages(
    context: RunContext,
    sequence: RunSequence,
    call: StageCall = call_directly,
    summary: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Run ``sequence``'s stages in order on a begun run (``stages.begin_run``), each through
    ``call`` (default: the stage function itself), and end the run: finished with the
    summary, or failed with the error (raised again). ``summary``: its first keys, by
    default ``sequence.head``."""
    summary = sequence.head(context) if summary is None else summary
    try:
        for stage in sequence.stages:
            if stage.check_lock:
                context.check_lock()
            summary[stage.key] = call(stage, context)
    except BaseException as exc:
        stages.abort_run(context, exc, summary)
        raise
    stages.end_run(context, summary)
    return summary


@dataclass
class MonitorSummary:
    run_id: int
    watchlists: str = ""  # the folder's fingerprint (``RunContext.fingerprint``)
    watchlists_folder: str = ""  # the folder itself (``Settings.watchlists_in_use``)
    rematch: dict[str, Any] | None = None
    ingest: dict[str, Any] = field(default_factory=dict)
    extract: dict[str, Any] = field(default_factory=dict)
    delivery: dict[str, Any] = field(default_factory=dict)
    notices: dict[str, Any] = field(default_factory=dict)
    digests: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def run_monitor(
    settings: Settings, *, now: datetime | None = None, force: bool = False
) -> MonitorSummary:
    """Poll → fetch/clean → extract → match → cluster → alert, once, without Prefect.
    ``force``: poll every enabled feed now (``stages.poll_and_fetch``)."""
    context = stages.begin_run(settings, MONITOR.kind, now, force=force)
    assert context.run_id is not None
    head = MONITOR.head(context)
    start = MonitorSummary(context.run_id, head["watchlists"], head["watchlists_folder"])
    return MonitorSummary(**run_stages(context, MONITOR, summary=start.to_json()))
