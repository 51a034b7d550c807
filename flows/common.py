"""What the flows share: which failures a task retry can help with, and the run artifact."""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import DBAPIError, OperationalError

from nongrata.errors import NetworkError


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
