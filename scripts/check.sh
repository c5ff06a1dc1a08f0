#!/usr/bin/env bash
# Static checks: lint, format, strict types, layer contracts.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
echo "== ruff check";        $BIN/ruff check src tests bench
echo "== ruff format";       $BIN/ruff format --check src tests bench
echo "== mypy --strict src"; $BIN/mypy src/sluice
echo "== import-linter";     $BIN/lint-imports
