#!/usr/bin/env bash
# Regenerate the typed API client of the web UI from the backend's OpenAPI document:
#   create_app(SluiceSettings()).openapi()  ->  web/openapi.json  ->  web/src/api/gen/schema.d.ts
# The generated files are build artifacts (web/.gitignore): never edit them by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
[ -x "$PY" ] || PY=python3
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
"$PY" - "$tmp" <<'PYEOF'
import json
import sys

from sluice.api.app import create_app
from sluice.settings import SluiceSettings

with open(sys.argv[1], "w", encoding="utf-8") as fh:
    json.dump(create_app(SluiceSettings()).openapi(), fh, indent=1, sort_keys=True)
    fh.write("\n")
PYEOF
# Only touch the outputs when the document changed, so build-web.sh can skip unchanged builds.
if ! cmp -s "$tmp" web/openapi.json || [ ! -f web/src/api/gen/schema.d.ts ]; then
    cp "$tmp" web/openapi.json
    mkdir -p web/src/api/gen
    (cd web && ./node_modules/.bin/openapi-typescript openapi.json -o src/api/gen/schema.d.ts --alphabetize >/dev/null)
    echo "generated web/src/api/gen/schema.d.ts"
fi
