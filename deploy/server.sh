#!/usr/bin/env bash
# Start the Prefect server (API, UI and its services) with its database on PostgreSQL.
#
#   PREFECT_API_DATABASE_CONNECTION_URL  required: postgresql+asyncpg://USER:PASSWORD@HOST:5432/prefect
#   PREFECT_SERVER_API_HOST              where to listen (default 0.0.0.0: workers are on other machines)
#   PREFECT_SERVER_API_PORT              default 4200
#   PREFECT_UI_API_URL                   the API URL browsers should use, when not http://HOST:PORT/api
#   PREFECT                              the prefect command (default: prefect on PATH)
#
# The server creates and migrates its tables on start. See deploy/README.md.
set -euo pipefail

url="${PREFECT_API_DATABASE_CONNECTION_URL:-}"
if [[ -z "$url" ]]; then
    echo "server.sh: set PREFECT_API_DATABASE_CONNECTION_URL=postgresql+asyncpg://USER:PASSWORD@HOST:5432/prefect" >&2
    exit 2
fi
if [[ "$url" != postgresql+asyncpg://* ]]; then
    echo "server.sh: PREFECT_API_DATABASE_CONNECTION_URL must start with postgresql+asyncpg:// (Prefect's driver)" >&2
    exit 2
fi

export PREFECT_SERVER_API_HOST="${PREFECT_SERVER_API_HOST:-0.0.0.0}"
export PREFECT_SERVER_API_PORT="${PREFECT_SERVER_API_PORT:-4200}"
prefect_cmd="${PREFECT:-prefect}"

echo "server.sh: Prefect server on ${PREFECT_SERVER_API_HOST}:${PREFECT_SERVER_API_PORT}, database ${url%%://*}://${url##*@}"
exec "$prefect_cmd" server start --host "$PREFECT_SERVER_API_HOST" --port "$PREFECT_SERVER_API_PORT"
