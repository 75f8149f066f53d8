# The two sacred commands: `make run` and `make test` (README, "Quick start").
# Everything they need is set up here, on a machine with only Python >= 3.11 and make.

PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)

WORKERS ?= 3

.PHONY: run dev worker test test-fast setup install lint typecheck bench messages clean

# gunicorn with several workers: runserver reset connections under load (issue 13). Static files
# come through whitenoise; jobs run in these processes unless CELERY_BROKER_URL names a broker.
run: setup
	@echo "Vårdpeng: http://127.0.0.1:$(PORT)/"
	@DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-config.settings.local} \
	  $(BIN)/python manage.py demo_accounts --address http://127.0.0.1:$(PORT)/
	DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-config.settings.local} \
	  $(BIN)/gunicorn config.wsgi -b 127.0.0.1:$(PORT) -w $(WORKERS) --timeout 120 --access-logfile - --log-level warning

# Django's development server: reloads on code changes, one process.
dev: setup
	@$(BIN)/python manage.py demo_accounts --address http://127.0.0.1:$(PORT)/
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# A Celery worker for analysis jobs (set CELERY_BROKER_URL, e.g. redis://127.0.0.1:6379/0, for it
# and for `make run`); two processes, one job or chunk each at a time.
worker: setup
	@test -n "$$CELERY_BROKER_URL" || { echo "Set CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/0) for the worker and for make run"; exit 2; }
	DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-config.settings.local} \
	  $(BIN)/celery -A config worker -c $${CONCURRENCY:-2} -l info

# The whole suite, spread over the machine's cores (pytest-xdist).
test: install
	$(BIN)/python -m pytest -n auto

# The fast layer: the core and the units — no database, no browser, no workers, no child
# processes, a few Hypothesis examples a property. Under a minute.
test-fast: install
	HYPOTHESIS_PROFILE=fast $(BIN)/python -m pytest -n auto -m "not database and not browser and not workers and not slow"

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

# The type checker on the core (configured in pyproject.toml).
typecheck: install
	$(BIN)/mypy

bench: install
	$(BIN)/python bench/engine.py

# Refresh the translations after changing texts (needs GNU gettext; the compiled .mo is committed).
messages: install
	$(BIN)/python manage.py makemessages -l sv --ignore=.venv --ignore=tests --ignore=bench
	cd locale && ../$(BIN)/python ../manage.py compilemessages -l sv

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
