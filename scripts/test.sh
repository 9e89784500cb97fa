#!/usr/bin/env bash
# Installs everything and runs the whole test suite (browser tests use Debian's chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
        || echo "chromium could not be installed: browser tests will be skipped"
fi
# The meeting brief embeds DejaVu fonts; its tests read the PDF back with poppler's tools.
if { ! command -v pdftotext >/dev/null 2>&1 || [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf ]; } \
        && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils fonts-dejavu-core >/dev/null) \
        || echo "poppler-utils or fonts-dejavu-core could not be installed: PDF read-back tests will be skipped"
fi
# The production reverse-proxy configuration (deploy/nginx-site.conf) is tested with a real nginx.
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null) \
        || echo "nginx could not be installed: the reverse-proxy test will be skipped"
fi
if [ -z "${DASHBOARD_GEO:-}" ] && [ -f ../shared/geo/cao_bang_communes.geojson ]; then
    export DASHBOARD_GEO="$(cd ../shared/geo && pwd)/cao_bang_communes.geojson"
fi
exec "$VENV/bin/python" -m pytest "$@"
