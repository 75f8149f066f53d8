# The two sacred commands: `make run` and `make test` (README, "Quick start").
# Everything they need is set up here, on a machine with only Python >= 3.11 and make.

PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)

.PHONY: run test setup install lint bench messages clean

run: setup
	@echo "Vårdpeng: http://127.0.0.1:$(PORT)/"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# One process, so that every test runs (and reports) in the process make started; CI's second
# run, on PostgreSQL, spreads over both cores with pytest-xdist (`-n auto`) to stay under 15 minutes.
test: install
	$(BIN)/python -m pytest

setup: install
	$(BIN)/python manage.py migrate --noinput -v 0
	$(BIN)/python manage.py load_demo

install: $(STAMP)

$(STAMP):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Vårdpeng needs Python 3.11 or newer (set PYTHON=...)")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $@

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

bench: install
	$(BIN)/python bench/engine.py

# Refresh the translations after changing texts (needs GNU gettext; the compiled .mo is committed).
messages: install
	$(BIN)/python manage.py makemessages -l sv --ignore=.venv --ignore=tests --ignore=bench
	cd locale && ../$(BIN)/python ../manage.py compilemessages -l sv

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
