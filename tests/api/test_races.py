"""Requests at the same moment (issue 21, item 3): never a 500, and every limit holds. Each race
runs its requests on threads, each with its own database connection, released together by a
barrier. The database races need PostgreSQL (DATABASE_URL; CI runs the suite on it too): SQLite
serialises every writer, so nothing races there."""

import threading
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import connection, connections
from rest_framework.test import APIClient

from common.api import SimulateThrottle
from healthcentres.models import Dataset
from healthcentres.services import dataset_create
from regions.models import Region
from simulation.models import Job, Scenario
from simulation.services import jobs
from tests.conftest import minimal_document


def needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("races need PostgreSQL (DATABASE_URL); SQLite serialises writers anyway")


def together(*calls) -> list:
    """Run the calls at once, each on its own thread and connection; their results in order
    (an exception is returned, not raised)."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except Exception as error:
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def analyst_client() -> APIClient:
    """A client of its own (a test client is not shared between threads) for the analyst of AA."""
    client = APIClient()
    client.force_authenticate(get_user_model().objects.get(username="ada"))
    return client


@pytest.fixture
def analyst(clients):
    return clients["analyst"]


@pytest.mark.django_db(transaction=True)
def test_publishing_and_deleting_one_draft_at_once_answers_409_or_404_never_500(analyst):
    needs_postgresql()
    region = Region.objects.get(code="AA")
    statuses = []

    for _round in range(8):
        draft = dataset_create(region=region, base_year=2024, name="utkast", rows=minimal_document()["centres"])
        publish, delete = together(
            lambda pk=draft.pk: analyst_client().post(f"/api/v1/datasets/{pk}/publish").status_code,
            lambda pk=draft.pk: analyst_client().delete(f"/api/v1/datasets/{pk}").status_code,
        )
        statuses.append((publish, delete))

    assert all(isinstance(s, int) and s < 500 for pair in statuses for s in pair), statuses
    # Exactly one of the two won each round: published (the delete refused) or deleted (the publish found nothing).
    assert all(sorted(pair) in ([200, 409], [204, 404]) for pair in statuses), statuses
    assert Dataset.objects.filter(region=region, status=Dataset.Status.CURRENT).count() == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_clones_of_one_scenario_get_distinct_names(analyst):
    needs_postgresql()
    original = Scenario.objects.get(region__code="AA", preset="baseline")

    answers = together(
        *[lambda: analyst_client().post(f"/api/v1/scenarios/{original.pk}/clone", {}, format="json")] * 5
    )

    assert [a.status_code for a in answers] == [201] * 5, [a.content[:300] for a in answers]
    names = sorted(a.json()["name"] for a in answers)
    expected = ["Basscenario (kopia)"] + [f"Basscenario (kopia {n})" for n in range(2, 6)]
    assert names == sorted(expected)


@pytest.mark.django_db(transaction=True)
def test_two_scenarios_created_at_once_with_one_name_give_one_201_and_one_400(analyst):
    needs_postgresql()

    answers = together(
        *[lambda: analyst_client().post("/api/v1/regions/AA/scenarios/", {"name": "Samma"}, format="json")] * 2
    )

    assert sorted(a.status_code for a in answers) == [201, 400]
    refused = next(a for a in answers if a.status_code == 400)
    assert refused.json()["errors"][0]["path"] == "name"
    assert Scenario.objects.filter(name="Samma").count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_open_job_limit_holds_when_jobs_are_started_at_once(regions, settings, monkeypatch):
    needs_postgresql()
    settings.VARDPENG_MAX_OPEN_JOBS = 3
    monkeypatch.setattr(jobs, "_dispatch", lambda job_id: None)  # they stay queued: only the count is raced
    owner = get_user_model().objects.create_user("busy")
    request = {"schema": "vardpeng.analysis/1", "kind": "explain", "year": 2024, "centre": "E1"}
    request["scenario"] = minimal_document()

    results = together(*[lambda: jobs.job_start(owner=owner, request=request)] * 6)

    assert sum(isinstance(r, Job) for r in results) == 3
    assert sum(isinstance(r, jobs.TooManyJobs) for r in results) == 3
    assert Job.objects.filter(owner=owner).count() == 3


def burst(throttle_cache, rate: str, requests: int) -> int:
    """How many of ``requests`` simultaneous requests of one user the throttle lets through."""
    user = get_user_model()(pk=7, username="burst")

    class Throttle(SimulateThrottle):
        cache = throttle_cache

        def get_rate(self):
            return rate

    class Request:
        pass

    request = Request()
    request.user = user

    allowed = together(*[lambda: Throttle().allow_request(request, None)] * requests)
    return sum(a is True for a in allowed)


def test_a_burst_passes_the_throttle_no_more_often_than_its_rate():
    assert burst(caches["default"], "60/min", 75) == 60


def test_a_burst_passes_a_throttle_counted_in_redis_no_more_often_than_its_rate():
    from django.core.cache.backends.redis import RedisCache

    # A database of its own (11), a key prefix of its own: nothing else is touched.
    redis = RedisCache("redis://127.0.0.1:6379/11", {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    try:
        redis.get("ping")
    except Exception:
        pytest.skip("no Redis at 127.0.0.1:6379 (CI has one)")

    assert burst(redis, "60/min", 75) == 60
