#!/usr/bin/env bash
# Create or update nongrata's deployments on the Prefect server, from deploy/prefect.yaml.
#
#   PREFECT_API_URL        required: the server's API, e.g. http://prefect.internal:4200/api
#   NONGRATA_DATABASE_URL  required: the app database every worker uses, e.g.
#                          postgresql+psycopg://nongrata@db.internal:5432/nongrata
#   NONGRATA_TASK_RUNNER   thread (default) or dask
#   NONGRATA_DASK_ADDRESS  a Dask scheduler (tcp://HOST:8786); empty: a local cluster per run
#   NONGRATA_WORK_POOL     the work pool (default nongrata-pool; it must match prefect.yaml)
#   PREFECT                the prefect command (default: prefect on PATH)
#
# With no arguments every deployment is created (`prefect deploy --all`); arguments are passed
# to `prefect deploy` instead, e.g. `deploy.sh --name nongrata-monitor`.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if [[ -z "${PREFECT_API_URL:-}" ]]; then
    echo "deploy.sh: set PREFECT_API_URL to the Prefect server's API, e.g. http://prefect.internal:4200/api" >&2
    exit 2
fi
if [[ -z "${NONGRATA_DATABASE_URL:-}" ]]; then
    # Without it every worker would use its own SQLite file: one run's events on one machine.
    echo "deploy.sh: set NONGRATA_DATABASE_URL to the app database all workers share (postgresql+psycopg://...)" >&2
    exit 2
fi
export NONGRATA_TASK_RUNNER="${NONGRATA_TASK_RUNNER:-thread}"
export NONGRATA_DASK_ADDRESS="${NONGRATA_DASK_ADDRESS:-}"
prefect_cmd="${PREFECT:-prefect}"
POOL="${NONGRATA_WORK_POOL:-nongrata-pool}"

# The deployments name the process work pool: create it if no worker has yet.
if ! "$prefect_cmd" work-pool inspect "$POOL" >/dev/null 2>&1; then
    "$prefect_cmd" work-pool create "$POOL" --type process \
        || "$prefect_cmd" work-pool inspect "$POOL" >/dev/null
fi

if [[ $# -gt 0 ]]; then
    args=("$@")
else
    args=(--all)
fi
cd "$HERE"
exec "$prefect_cmd" --no-prompt deploy --prefect-file "$HERE/prefect.yaml" "${args[@]}"
