"""Which Prefect task runner the flows use, from the settings.

- ``task_runner = "thread"`` (the default): one thread in the flow's process, extraction
  batches one after another. Right for a laptop on SQLite.
- ``task_runner = "dask"`` with ``dask_address`` set: the extraction batches run on that
  Dask cluster (``tcp://scheduler:8786``), whose workers must have nongrata installed and
  reach the app database (PostgreSQL when the workers are on other machines).
- ``task_runner = "dask"`` without an address: a temporary local Dask cluster of a few worker
  processes on this machine, started for the flow run and closed after it.

Going from one to the other is configuration only (``NONGRATA_TASK_RUNNER``,
``NONGRATA_DASK_ADDRESS``): the flows are the same.
"""

from __future__ import annotations

from typing import Any

from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from nongrata.errors import ConfigError
from nongrata.settings import Settings

# A local cluster: each worker process loads its own spaCy pipeline (a few hundred MB), so
# keep it small; one thread per worker because extraction is CPU-bound Python.
LOCAL_CLUSTER_WORKERS = 2
LOCAL_CLUSTER_THREADS_PER_WORKER = 1


def local_cluster_kwargs() -> dict[str, Any]:
    """The LocalCluster used for ``task_runner = "dask"`` without a ``dask_address``."""
    return {
        "n_workers": LOCAL_CLUSTER_WORKERS,
        "threads_per_worker": LOCAL_CLUSTER_THREADS_PER_WORKER,
        "processes": True,
        # Local means local: the scheduler, workers and dashboard listen on loopback only.
        "host": "127.0.0.1",
        "dashboard_address": "127.0.0.1:8787",
    }


def task_runner_for(settings: Settings) -> TaskRunner[Any]:
    """The task runner ``settings.task_runner`` asks for (see the module docstring)."""
    if settings.task_runner == "thread":
        return ThreadPoolTaskRunner(max_workers=1)
    try:
        from prefect_dask.task_runners import DaskTaskRunner
    except ImportError as exc:
        raise ConfigError(
            "task_runner: 'dask' needs the prefect-dask package, which is not installed "
            "(pip install 'nongrata[dask]')"
        ) from exc
    address = (settings.dask_address or "").strip()
    runner: TaskRunner[Any]
    if address:
        runner = DaskTaskRunner(address=address)
    else:
        runner = DaskTaskRunner(cluster_kwargs=local_cluster_kwargs())
    return runner


def runs_in_process(runner: TaskRunner[Any]) -> bool:
    """Whether ``runner`` runs its tasks in this process (sharing the flow's interpreter)."""
    return isinstance(runner, ThreadPoolTaskRunner)
