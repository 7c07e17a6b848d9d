# Enforcement Case Manager — the two commands: `make run` and `make test`.
# Both install what they need (system packages with apt-get when missing, a
# virtualenv in .venv from the pinned requirements) and are idempotent: the
# venv is rebuilt only when requirements*.txt change.

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := wsgi.py
export PYTHONPATH := $(CURDIR)
HOST ?= 127.0.0.1
PORT ?= 5000
PYTEST_ARGS ?=
SCHEMATHESIS_EXAMPLES ?= 150

.PHONY: run test test-pg test-browser lint sysdeps sysdeps-test translations messages help

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

run: sysdeps $(VENV)/.run-deps translations ## install, migrate, seed demo data when empty, serve on http://127.0.0.1:5000
	$(BIN)/flask db upgrade
	$(BIN)/flask seed-demo --if-empty
	$(BIN)/flask run --host $(HOST) --port $(PORT)

test: sysdeps-test $(VENV)/.test-deps translations ## ruff + the test suite (SQLite, or $$TEST_DATABASE_URL)
	$(BIN)/ruff check .
	$(BIN)/pytest -m "not browser" $(PYTEST_ARGS)

test-browser: sysdeps-browser $(VENV)/.test-deps translations ## browser tests in Debian's Chromium (Playwright)
	$(BIN)/pytest -m browser $(PYTEST_ARGS)

schemathesis: sysdeps-test $(VENV)/.test-deps translations ## the OpenAPI document against the API, every check, $(SCHEMATHESIS_EXAMPLES) examples an operation
	SCHEMATHESIS_EXAMPLES=$(SCHEMATHESIS_EXAMPLES) $(BIN)/pytest -p no:cacheprovider tests/security/test_api_schema.py $(PYTEST_ARGS)

lint: $(VENV)/.test-deps ## ruff only
	$(BIN)/ruff check .

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.run-deps: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test-deps: requirements.txt requirements-test.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $@ $(VENV)/.run-deps

# System packages, installed only when `dpkg -s` says they are missing (each target
# installs all it loads itself, never relying on another target having run):
#  sysdeps       the libraries WeasyPrint dlopens (GObject from libglib2.0-0, Pango,
#                PangoFT2, HarfBuzz, HarfBuzz-Subset for font subsetting, fontconfig),
#                shared-mime-info for GLib, and the LR-FORMAT fonts (Liberation Serif,
#                DejaVu Serif as fallback); tests/test_system_deps.py checks each one
#  sysdeps-test  + poppler-utils (pdftoppm, the PDF pixel tests)
#  sysdeps-browser + chromium (make test-browser only)
define apt_install
	@missing=""; for pkg in $(1); do dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
endef

sysdeps:
	$(call apt_install,fonts-liberation2 fonts-dejavu-core libglib2.0-0 libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 shared-mime-info)

sysdeps-test: sysdeps
	$(call apt_install,poppler-utils)

sysdeps-browser: sysdeps-test
	$(call apt_install,chromium)

TRANSLATIONS := $(patsubst %.po,%.mo,$(wildcard enforcement/translations/*/LC_MESSAGES/messages.po))
translations: $(TRANSLATIONS)
%.mo: %.po | $(VENV)/.run-deps
	$(BIN)/pybabel compile -f -i $< -o $@ -l $(word 3,$(subst /, ,$<)) >/dev/null

messages: $(VENV)/.run-deps ## extract UI strings and update the English catalogue
	$(BIN)/pybabel extract -F babel.cfg -k _l --no-location --sort-output --width=100 -o enforcement/translations/messages.pot . >/dev/null
	$(BIN)/pybabel update -i enforcement/translations/messages.pot -d enforcement/translations --width=100 --ignore-obsolete --no-fuzzy-matching
