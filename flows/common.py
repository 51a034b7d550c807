"""What the flows share: which failures a task retry can help with, a run's stages as tasks,
and the run artifact."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE
from sqlalchemy.exc import DBAPIError, OperationalError

from nongrata.db import stage_db
from nongrata.errors import NetworkError
from nongrata.pipeline.context import RunContext
from nongrata.pipeline.run_report import feeds_to_replace_rows, new_events_rows
from nongrata.pipeline.sequence import Stage, StageCall
from nongrata.settings import Settings


def is_transient(exc: BaseException | None) -> bool:
    """A failure that may pass on its own: a dropped or locked database, a network hiccup."""
    if isinstance(exc, OperationalError):
        return True
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, NetworkError | ConnectionError | TimeoutError)


def retry_transient(task: Any, task_run: Any, state: Any) -> bool:
    """Prefect ``retry_condition_fn``: retry only what a retry can help."""
    try:
        state.result()
    except BaseException as exc:
        return is_transient(exc)
    return False


def transient_retries(retries: int, delay_seconds: int | list[int]) -> dict[str, Any]:
    """Task options: retry ``retries`` times, after ``delay_seconds``, only what a retry can
    help (:func:`retry_transient`)."""
    return {
        "retries": retries,
        "retry_delay_seconds": delay_seconds,
        "retry_condition_fn": retry_transient,
    }


# A stage that talks to the network: retried twice, after 10 s then a minute.
NETWORK_RETRIES = transient_retries(2, [10, 60])


def run_stage(stage: Stage, context: RunContext) -> Any:
    return stage.run(context)


def stage_task(name: str, **options: Any) -> Callable[[Stage, RunContext], Any]:
    """A stage of a run (``nongrata.pipeline.sequence``) as a Prefect task called ``name``,
    never cached (seen/alerted state lives in nongrata's own tables)."""
    decorate = task(name=name, cache_policy=NO_CACHE, **options)
    wrapped: Callable[[Stage, RunContext], Any] = decorate(run_stage)
    return wrapped


def as_tasks(
    tasks: Mapping[str, Callable[[Stage, RunContext], Any]],
    log: Callable[[str, Any], None] | None = None,
) -> StageCall:
    """How a flow runs each stage of its sequence: as the task ``tasks`` gives for its key
    (the stage function itself where none does); ``log`` receives each stage's result."""

    def call(stage: Stage, context: RunContext) -> Any:
        result = tasks.get(stage.key, run_stage)(stage, context)
        if log is not None:
            log(stage.key, result)
        return result

    return call


def publish_run_artifact(settings: Settings, run_id: int) -> None:
    """A table artifact of the run's new events and the alerts sent, with links."""
    from prefect.artifacts import create_markdown_artifact, create_table_artifact

    with stage_db(settings) as db:
        rows = new_events_rows(db, run_id)
    if rows:
        create_table_artifact(
            key="nongrata-new-events",
            table=rows,
            description=f"New events of nongrata run {run_id}, their sources and alerts.",
        )
    else:
        create_markdown_artifact(
            key="nongrata-new-events",
            markdown=f"nongrata run {run_id}: no new events.",
            description=f"New events of nongrata run {run_id}.",
        )


def publish_feeds_to_replace(run_id: int, summary: Mapping[str, Any]) -> None:
    """A table artifact of the feeds the run found at a broken address, with how to replace
    each (none when there is none)."""
    from prefect.artifacts import create_table_artifact

    rows = feeds_to_replace_rows(summary)
    if rows:
        create_table_artifact(
            key="nongrata-feeds-to-replace",
            table=rows,
            description=f"Feeds nongrata run {run_id} found at a broken address (404, 410,"
            " not a feed), and how to replace each.",
        )
