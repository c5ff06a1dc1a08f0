#!/usr/bin/env bash
# The whole suite: start the real test servers, run the static checks, then pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=services.sh
source scripts/services.sh
trap 'bash scripts/services.sh stop' EXIT
bash scripts/check.sh
echo "== pytest"
set +e
.venv/bin/python -m pytest -n "${SLUICE_TEST_WORKERS:-2}" "$@"
rc=$?
set -e
[ "$rc" = 5 ] && { echo "no tests collected" >&2; rc=1; }
exit "$rc"
