#!/usr/bin/env bash
# Build the web UI into src/sluice/api/static (served by the backend at /).
# Skips every step whose inputs are older than its outputs; FORCE=1 rebuilds.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=src/sluice/api/static
command -v npm >/dev/null || { echo "build-web: npm (Node.js 20+) is required to build the web UI" >&2; exit 1; }

# 1. dependencies
if [ ! -d web/node_modules ] || [ web/package.json -nt web/node_modules/.package-lock.json ] \
    || { [ -f web/package-lock.json ] && [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; }; then
    echo "== web: installing npm dependencies"
    if [ -f web/package-lock.json ]; then
        npm --prefix web ci --no-audit --no-fund --loglevel=error
    else
        npm --prefix web install --no-audit --no-fund --loglevel=error
    fi
fi

# 2. typed API client from the backend's OpenAPI document (rewritten only when it changed);
#    skipped when no Python file changed since the last generation
gen_stamp=web/node_modules/.sluice-openapi-stamp
if [ "${FORCE:-0}" = 1 ] || [ ! -f "$gen_stamp" ] || [ ! -f web/src/api/gen/schema.d.ts ] \
    || [ -n "$(find src/sluice pyproject.toml -name '*.py' -newer "$gen_stamp" -print -quit 2>/dev/null)" ] \
    || [ pyproject.toml -nt "$gen_stamp" ]; then
    bash scripts/generate-client.sh
    touch "$gen_stamp"
fi

# 3. vite build, unless the last build is newer than every input
stamp="$OUT/index.html"
if [ "${FORCE:-0}" != 1 ] && [ -f "$stamp" ] && [ -z "$(find web/src web/index.html web/package.json \
        web/package-lock.json web/vite.config.ts web/tsconfig.json web/openapi.json web/public \
        -newer "$stamp" -print -quit 2>/dev/null)" ]; then
    echo "== web: build is up to date ($OUT)"
    exit 0
fi
echo "== web: type-checking and building"
(cd web && ./node_modules/.bin/tsc --noEmit -p tsconfig.json && ./node_modules/.bin/vite build --logLevel warn)
echo "== web: built into $OUT"
