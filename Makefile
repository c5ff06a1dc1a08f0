# Two commands: `make up` (install + start Sluice on the embedded default) and `make test`
# (install + start the test services, then lint, type-check and run the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: up test install install-test web check pytest services-stop clean

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q uv

install: $(BIN)/uv
	$(BIN)/uv pip install -q -p $(BIN)/python -e .

install-test: $(BIN)/uv
	$(BIN)/uv pip install -q -p $(BIN)/python -e ".[test]"

web:
	@if [ -f web/package.json ]; then scripts/build-web.sh; fi

up: install web
	$(BIN)/sluice up

test: install-test web
	bash scripts/test.sh

check: install-test
	bash scripts/check.sh

services-stop:
	bash scripts/services.sh stop

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
