"""Jobs that never hang (issue 21, item 4): a Sobol job runs in the web process when the broker
cannot be reached, as every other kind does; jobs a dead process left behind are taken up again
when a web process starts (or failed with a message); and DELETE ends a job nobody runs."""

import os
import socket
import subprocess
import sys
import time

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from config.celery import app as celery_app
from simulation.models import Job
from simulation.services import jobs
from tests.conftest import PROJECT, example
from tests.simulation.test_workers import database_url, use_broker

#: Nothing listens on port 1: connecting is refused at once.
UNREACHABLE = "redis://127.0.0.1:1/0"
SOBOL = {
    "schema": "vardpeng.analysis/1",
    "kind": "sobol",
    "metric": "consolidated_cost",
    "samples": 16,
    "seed": 11,
    "parameters": [
        {"path": "compensation.budget_per_listed", "change": 0.1},
        {"path": "assumptions.wage_growth", "delta": 0.01},
    ],
    "language": "sv",
}
EXPLAIN = {"schema": "vardpeng.analysis/1", "kind": "explain", "year": 2024, "centre": "A", "language": "sv"}


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user("owner")


@pytest.fixture
def client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def unreachable_broker(settings):
    settings.CELERY_BROKER_URL, settings.VARDPENG_JOBS_INLINE = UNREACHABLE, False
    previous = celery_app.conf.broker_url
    use_broker(UNREACHABLE)
    yield
    use_broker(previous)


def dead_runner() -> str:
    """A runner on this machine whose process has ended."""
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    return f"{socket.gethostname()}:{ended.pid}:"


def job_left_running(user, runner: str, attempts: int = 1) -> Job:
    return Job.objects.create(
        kind="explain",
        owner=user,
        request=EXPLAIN | {"scenario": example("tiny")},
        status=Job.Status.RUNNING,
        runner=runner,
        attempts=attempts,
    )


@pytest.mark.django_db(transaction=True)
def test_a_sobol_job_with_an_unreachable_broker_ends_done(client, unreachable_broker):
    url = client.post("/api/v1/analyses", SOBOL | {"scenario": example("ledger")}, format="json")["Location"]

    deadline = time.monotonic() + 60
    while (job := client.get(url).json())["status"] in ("queued", "running"):
        assert time.monotonic() < deadline, job
        time.sleep(0.2)

    assert job["status"] == "done", job
    assert job["result"]["evaluations"] == 16 * 4
    assert not Job.objects.get(pk=job["id"]).chunks.exists()  # computed here, not as chunks


def test_a_sobol_job_whose_chunks_the_broker_does_not_take_runs_in_this_process(user, unreachable_broker):
    job = Job.objects.create(kind="sobol", owner=user, request=SOBOL | {"scenario": example("ledger")})

    jobs.job_run(job.pk)

    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert len(job.result["rows"]) == 2


def test_jobs_a_dead_process_left_running_are_run_again_by_the_next_to_start(user):
    left = job_left_running(user, dead_runner())

    taken_up = jobs.jobs_recover()

    left.refresh_from_db()
    assert taken_up == 1
    assert left.status == Job.Status.DONE
    assert left.attempts == 2
    assert left.runner == jobs.this_runner()


def test_a_job_whose_process_died_again_and_again_is_failed_with_a_message(user):
    left = job_left_running(user, dead_runner(), attempts=jobs.MAX_ATTEMPTS)

    jobs.jobs_recover()

    left.refresh_from_db()
    assert left.status == Job.Status.FAILED
    assert "stannade 3 gånger" in left.errors[0]["message"]


def test_a_job_asked_to_stop_before_its_process_died_is_cancelled_not_run_again(user):
    left = job_left_running(user, dead_runner())
    Job.objects.filter(pk=left.pk).update(cancel_requested=True)

    jobs.jobs_recover()

    left.refresh_from_db()
    assert left.status == Job.Status.CANCELLED
    assert left.result is None


def test_jobs_of_live_processes_and_of_other_machines_are_left_alone(user):
    here = job_left_running(user, jobs.this_runner())
    elsewhere = job_left_running(user, "another-machine:123:456")

    jobs.jobs_recover()

    assert {j.status for j in Job.objects.filter(pk__in=[here.pk, elsewhere.pk])} == {Job.Status.RUNNING}


def test_deleting_a_job_whose_process_died_ends_it_at_once(user, client):
    left = job_left_running(user, dead_runner())

    response = client.delete(f"/api/v1/jobs/{left.pk}")

    assert response.status_code == 202
    assert response.json()["status"] == "cancelled"
    assert client.get(f"/api/v1/jobs/{left.pk}").json()["status"] == "cancelled"


def test_deleting_a_job_a_live_process_runs_asks_it_to_stop(user, client):
    running = job_left_running(user, jobs.this_runner())

    response = client.delete(f"/api/v1/jobs/{running.pk}")

    running.refresh_from_db()
    assert response.json()["status"] == "running"  # it stops at its next sign of progress
    assert running.cancel_requested


@pytest.mark.django_db(transaction=True)
def test_a_web_process_takes_up_what_a_dead_one_left_as_it_starts(user):
    left = job_left_running(user, dead_runner())
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url(),
        "VARDPENG_JOBS_INLINE": "true",
    }

    subprocess.run([sys.executable, "-c", "import config.wsgi"], cwd=PROJECT, env=env, check=True, timeout=60)

    left.refresh_from_db()
    assert left.status == Job.Status.DONE
