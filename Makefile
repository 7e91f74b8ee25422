# Two commands matter: `make run` (the app with a demo workspace) and `make test` (everything).
# Both create .venv and install on first use; nothing is downloaded outside the package registries.

PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
export PATH := $(BIN):$(PATH)
export REFLEX_USE_NPM := 1
export REFLEX_TELEMETRY_ENABLED := false
export PYTHONUNBUFFERED := 1

.PHONY: install run test test-fast lint bench chromium clean-data

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Lumenbase needs Python 3.11 or newer; set PYTHON=python3.11 (or newer).")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/lumenbase run

chromium:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "The browser tests need Chromium: run 'sudo apt-get install chromium' (Debian/Ubuntu) and retry."; \
		exit 1; \
	fi

test: install chromium
	$(BIN)/pytest -q

test-fast: install
	$(BIN)/pytest -q --ignore=tests/e2e

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

bench: install
	$(BIN)/python bench/generate_workspace.py && $(BIN)/python bench/contacts_list.py

clean-data:
	-$(BIN)/lumenbase db-stop
	rm -rf .lumenbase
