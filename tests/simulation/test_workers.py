"""Analysis jobs on real Celery workers (Redis at 127.0.0.1:6379, a database of its own): a worker
killed mid-job hands the job to another, cancel stops it, and the in-process default still works
without a broker. Workers are started and stopped here; the job's data lives in the test database,
which the workers read too."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from rest_framework.test import APIClient

from config.celery import app as celery_app
from simulation.core.analysis import analyse
from simulation.models import Job
from tests.conftest import PROJECT, example

# A Redis database of its own (5, 6, … one per pytest-xdist process), flushed before each test.
_XDIST = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
BROKER = os.environ.get("VARDPENG_TEST_BROKER", f"redis://127.0.0.1:6379/{5 + _XDIST}")
#: The key of kombu's Redis lock on its periodic scan for unacknowledged tasks (Channel.unacked_mutex_key).
RESTORE_LOCK = "unacked_mutex"
pytestmark = [pytest.mark.workers, pytest.mark.django_db(transaction=True)]


def redis_answers() -> bool:
    try:
        import redis

        return redis.Redis.from_url(BROKER, socket_connect_timeout=1).ping()
    except Exception:
        return False


SOBOL = {
    "schema": "vardpeng.analysis/1",
    "kind": "sobol",
    "metric": "consolidated_cost",
    "samples": 64,
    "seed": 11,
    "parameters": [
        {"path": "compensation.budget_per_listed", "change": 0.1},
        {"path": "assumptions.wage_growth", "delta": 0.01},
        {"path": "centres.*.staff_cost", "change": 0.05},
    ],
}


def database_url() -> str:
    """The test database as a URL a worker process can open."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Workers:
    """Celery workers in their own process groups, reading the test database."""

    def __init__(self, tmp_path):
        self.tmp_path, self.running = tmp_path, {}
        self.env = os.environ | {
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": BROKER,
            "VARDPENG_JOBS_INLINE": "false",
            "CELERY_VISIBILITY_TIMEOUT": "4",
            "VARDPENG_JOB_STALE_AFTER": "2",
        }

    def start(self, name: str):
        log = open(self.tmp_path / f"{name}.log", "w")  # noqa: SIM115 (closed with the process)
        command = [sys.executable, "-m", "celery", "-A", "config", "worker", "-c", "1", "-n", f"{name}@%h"]
        command += ["--without-mingle", "--without-gossip", "--without-heartbeat", "-l", "info"]
        process = subprocess.Popen(
            command, cwd=PROJECT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.running[name] = process
        deadline = time.monotonic() + 60
        while "ready." not in (self.tmp_path / f"{name}.log").read_text():
            assert process.poll() is None and time.monotonic() < deadline, self.log(name)
            time.sleep(0.2)
        return process

    def kill(self, name: str) -> None:
        """SIGKILL the worker and its pool: the task it holds is never acknowledged."""
        os.killpg(self.running.pop(name).pid, signal.SIGKILL)

    def kill_holding_the_restore_lock(self, name: str) -> None:
        """SIGKILL the worker while it holds the Redis lock of kombu's scan for lost tasks (taken for
        milliseconds every second here), so that the lock outlives it: the worst moment to die, which
        once left a lost chunk unscanned for kombu's default five minutes (its job stuck at 99 %)."""
        import redis

        broker, lock, group = redis.Redis.from_url(BROKER), RESTORE_LOCK, self.running[name].pid
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if broker.exists(lock):
                os.killpg(group, signal.SIGSTOP)  # stopped, it can no longer let the lock go
                if broker.exists(lock):
                    self.kill(name)
                    return
                os.killpg(group, signal.SIGCONT)
        raise AssertionError(f"{name} never took the restore lock\n{self.log(name)}")

    def log(self, name: str) -> str:
        return (self.tmp_path / f"{name}.log").read_text()[-3000:]

    def stop_all(self) -> None:
        for name in list(self.running):
            self.kill(name)


@pytest.fixture
def workers(tmp_path, settings):
    if not redis_answers():
        pytest.skip(f"no Redis at {BROKER} (CI has one)")
    import redis

    redis.Redis.from_url(BROKER).flushdb()
    settings.CELERY_BROKER_URL, settings.VARDPENG_JOBS_INLINE = BROKER, False
    previous = celery_app.conf.broker_url
    use_broker(BROKER)
    pool = Workers(tmp_path)
    yield pool
    pool.stop_all()
    use_broker(previous)


def use_broker(url: str) -> None:
    """Point this process's Celery app at ``url``; its connection pools are made afresh on next use."""
    celery_app.conf.broker_url = url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def client(db):
    client = APIClient()
    client.force_authenticate(get_user_model().objects.create_user("analyst"))
    return client


def wait_for(job_url, client, until, timeout=120.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        job = client.get(job_url).json()
        if until(job):
            return job
        assert time.monotonic() < deadline, job
        time.sleep(0.2)


#: Enough evaluations (5 × 4 096 in 320 chunks) that a job is still running when a worker is killed
#: or a cancel arrives: batched, the ledger example evaluates in well under a millisecond.
LONG = 4096


def sobol_request() -> dict:
    return SOBOL | {"scenario": example("ledger")}


def test_a_worker_killed_mid_job_hands_it_to_another_and_the_indices_are_the_same(workers, client):
    workers.start("first")
    url = client.post("/api/v1/analyses", sobol_request() | {"samples": LONG}, format="json")["Location"]

    wait_for(url, client, lambda job: job["status"] == "running" and job["progress"] > 0)
    workers.kill_holding_the_restore_lock("first")
    workers.start("second")
    done = wait_for(url, client, lambda job: job["status"] in ("done", "failed", "cancelled"))

    assert done["status"] == "done", (done, workers.log("second"))
    assert Job.objects.get(pk=done["id"]).chunks_total > 1
    alone = analyse(sobol_request() | {"samples": LONG})  # every evaluation in this process
    assert done["result"]["rows"] == alone["rows"]
    assert done["result"]["evaluations"] == LONG * 5


def test_two_workers_give_the_indices_one_gives(workers, client):
    workers.start("one")
    workers.start("two")

    url = client.post("/api/v1/analyses", sobol_request() | {"samples": 16}, format="json")["Location"]
    done = wait_for(url, client, lambda job: job["status"] not in ("queued", "running"))

    assert done["status"] == "done", done
    assert done["result"]["rows"] == analyse(sobol_request() | {"samples": 16})["rows"]


def test_a_job_on_a_worker_can_be_cancelled(workers, client):
    workers.start("only")
    url = client.post("/api/v1/analyses", sobol_request() | {"samples": LONG}, format="json")["Location"]
    wait_for(url, client, lambda job: job["status"] == "running")

    assert client.delete(url).status_code == 202
    ended = wait_for(url, client, lambda job: job["status"] != "running", timeout=60)

    assert ended["status"] == "cancelled"
    assert ended["result"] is None


def test_without_a_broker_jobs_run_in_the_web_process(client, settings):
    settings.VARDPENG_JOBS_INLINE, settings.CELERY_BROKER_URL = False, ""
    body = {"kind": "explain", "year": 2024, "centre": "A", "scenario": example("tiny")}

    url = client.post("/api/v1/analyses", body, format="json")["Location"]
    done = wait_for(url, client, lambda job: job["status"] not in ("queued", "running"), timeout=30)

    assert done["status"] == "done"
    assert json.dumps(done["result"]["lines"][0]["formula"]) == '"K * L * cni / sum_L_cni"'
