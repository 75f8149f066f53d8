import copy
import json
import os
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

PROJECT = Path(__file__).resolve().parent.parent

# Hypothesis: 60 examples a property in the full suite, a few in `make test-fast` (HYPOTHESIS_PROFILE=fast).
hypothesis_settings.register_profile("full", max_examples=60)
hypothesis_settings.register_profile("fast", max_examples=12)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "full"))

#: Fixtures that put a test on the database: such a test is not in the fast layer (`make test-fast`).
DATABASE_FIXTURES = {"db", "transactional_db", "client", "admin_client", "django_db_setup", "live_server"}


def pytest_collection_modifyitems(config, items):
    """Mark the layers: ``database`` for tests on the database (by their fixtures or marker), so
    that `make test-fast` runs the core and the units without them."""
    for item in items:
        if item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.database)


#: The spec's worked examples (§10), shipped in the repository so that a fresh clone tests them;
#: ``test_the_shipped_worked_examples_are_the_specs`` holds them to the spec when it is beside us.
EXAMPLES = PROJECT / "examples" / "spec"
SPEC_EXAMPLES = PROJECT.parent / "shared" / "spec" / "examples"


def example(name: str, kind: str = "scenario") -> dict:
    return json.loads((EXAMPLES / f"{name}.{kind}.json").read_text())


@pytest.fixture
def tiny() -> dict:
    return copy.deepcopy(example("tiny"))


@pytest.fixture
def ledger_example() -> dict:
    return copy.deepcopy(example("ledger"))


def minimal_document(**changes) -> dict:
    """A small valid document: two region-run centres and a private one."""
    document = {
        "schema": "vardpeng.scenario/1",
        "name": "minimal",
        "base_year": 2024,
        "horizon": 3,
        "compensation": {"budget_per_listed": 4000, "fixed_share": 0.9},
        "centres": [
            {
                "id": "E1",
                "name": "Egen",
                "operating_form": "egen_regi",
                "listed": 5000,
                "doctor_visits_per_listed": 1,
                "staff_cost": 18_000_000,
            },
            {
                "id": "I1",
                "name": "Intra",
                "operating_form": "intraprenad",
                "listed": 4000,
                "doctor_visits_per_listed": 1,
                "staff_cost": 17_000_000,
            },
            {
                "id": "P1",
                "name": "Privat",
                "operating_form": "private",
                "listed": 6000,
                "doctor_visits_per_listed": 1,
                "staff_cost": 22_000_000,
            },
        ],
    }
    document.update(changes)
    return document


@pytest.fixture
def minimal() -> dict:
    return minimal_document()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _pages_language():
    """Each test starts in the pages' default language: a request through the language middleware
    leaves its language active in the thread (as Django's LocaleMiddleware does), so a test that
    asks for English must not make the next test's direct calls English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
