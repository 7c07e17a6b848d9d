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

# System packages: fonts for the documents; poppler-utils for the PDF tests;
# Chromium for the browser tests. Installed only when missing.
define apt_install
	@missing=""; for pkg in $(1); do dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
endef

sysdeps:
	$(call apt_install,fonts-liberation2 fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 shared-mime-info)

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
