#!/usr/bin/env bash
# Start a process worker for nongrata's deployments (run one on each machine that does work).
#
#   PREFECT_API_URL        required: the server's API, e.g. http://prefect.internal:4200/api
#   NONGRATA_WORK_POOL     the work pool (default nongrata-pool, as in deploy/prefect.yaml)
#   NONGRATA_WORKER_NAME   this worker's name (default: Prefect picks one)
#   PREFECT                the prefect command (default: prefect on PATH)
#
# Flow runs start as child processes of this worker and inherit its environment: set the
# machine's NONGRATA_* settings here (the deployment's own env job variables win over them).
set -euo pipefail

if [[ -z "${PREFECT_API_URL:-}" ]]; then
    echo "worker.sh: set PREFECT_API_URL to the Prefect server's API, e.g. http://prefect.internal:4200/api" >&2
    exit 2
fi

POOL="${NONGRATA_WORK_POOL:-nongrata-pool}"
prefect_cmd="${PREFECT:-prefect}"

# Create the process work pool if it is missing; when another worker creates it at the same
# moment, the pool exists afterwards all the same.
if ! "$prefect_cmd" work-pool inspect "$POOL" >/dev/null 2>&1; then
    "$prefect_cmd" work-pool create "$POOL" --type process \
        || "$prefect_cmd" work-pool inspect "$POOL" >/dev/null
fi

args=(worker start --pool "$POOL" --type process)
if [[ -n "${NONGRATA_WORKER_NAME:-}" ]]; then
    args+=(--name "$NONGRATA_WORKER_NAME")
fi
echo "worker.sh: process worker on pool '$POOL' for $PREFECT_API_URL"
exec "$prefect_cmd" "${args[@]}"
