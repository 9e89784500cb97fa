#!/usr/bin/env bash
# Installs everything, builds the demo store from the demo spreadsheets, and starts the dashboard.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
# The demo has a store of its own: DASHBOARD_DB may name the province's real store on this machine,
# and the demo replaces every table of the store it builds (it refuses any store it did not make).
export DASHBOARD_DB="${DASHBOARD_DEMO_DB:-data/demo.duckdb}"
if [ -z "${DASHBOARD_GEO:-}" ] && [ -f ../shared/geo/cao_bang_communes.geojson ]; then
    export DASHBOARD_GEO=../shared/geo/cao_bang_communes.geojson
fi
"$VENV/bin/python" -m data_pipeline demo --db "$DASHBOARD_DB"
if [ -f dashboard/app.py ]; then
    export DASHBOARD_DEMO=1
    exec "$VENV/bin/python" -m dashboard.serve --server.port "${PORT:-8501}"
fi
