"""Sobol benchmark (spec §11.6): prints figures, asserts nothing (timing goals are not tests).

    .venv/bin/python bench/sobol.py [--centres 1200] [--samples 1024] [--broker redis://127.0.0.1:6379/9]

A national-scale document (bench/engine.py's, without uncertainty) and eight parameters: the
evaluations in this process, then as a job on one and on two Celery workers (Redis), each timed
from start to result, with the engine's cost per centre-year-evaluation. N = 1 024 is the national
question (10 240 evaluations); a smaller N gives a quick look, and the figures scale linearly with N.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

PARAMETERS = [
    {"path": "compensation.budget_per_listed", "change": 0.05},
    {"path": "compensation.fixed_share", "delta": 0.05},
    {"path": "assumptions.wage_growth", "delta": 0.01},
    {"path": "assumptions.listed_growth", "delta": 0.005},
    {"path": "assumptions.price_growth", "delta": 0.01},
    {"path": "centres.*.staff_cost", "change": 0.05},
    {"path": "centres.*.hired_cost", "change": 0.2},
    {"path": "costs.hired_premium", "change": 0.1},
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--centres", type=int, default=1200)
    parser.add_argument("--samples", type=int, default=1024)
    parser.add_argument("--broker", default="redis://127.0.0.1:6379/9")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="vardpeng-sobol-"))
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": f"sqlite:///{work / 'bench.sqlite3'}",
        "CELERY_BROKER_URL": args.broker,
    }
    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from simulation.core.analysis import analyse

    call_command("migrate", verbosity=0)
    owner = get_user_model().objects.create_user("bench")
    spec = importlib.util.spec_from_file_location("bench_engine", PROJECT / "bench" / "engine.py")
    bench_engine = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench_engine)
    document = bench_engine.national_document(args.centres, None)
    request = {
        "kind": "sobol",
        "metric": "consolidated_cost",
        "samples": args.samples,
        "seed": 1,
        "scenario": document,
        "parameters": PARAMETERS,
    }
    evaluations = args.samples * (len(PARAMETERS) + 2)
    cells = evaluations * args.centres * document["horizon"]

    def report(label: str, seconds: float) -> None:
        national = "" if args.samples == 1024 else f"; N = 1 024 would take ~{seconds * 1024 / args.samples:.0f} s"
        print(
            f"{label}: {evaluations} evaluations in {seconds:.1f} s, {seconds / evaluations * 1e3:.1f} ms each, "
            f"{seconds / cells * 1e9:,.0f} ns per centre-year-evaluation{national}"
        )

    started = time.perf_counter()
    alone = analyse(request)
    report(
        f"in this process ({args.centres} centres, {len(PARAMETERS)} parameters, N = {args.samples})",
        time.perf_counter() - started,
    )

    import redis

    redis.Redis.from_url(args.broker).flushdb()
    for count in (1, 2):
        workers = _start_workers(count, env)
        job, elapsed = _timed_job(owner, request)
        for worker in workers:
            worker.terminate()
            worker.wait()
        same = job.result and job.result["rows"] == alone["rows"]
        report(
            f"{count} worker process{'es' if count > 1 else ''} ({job.status}, same indices as alone: {same})",
            elapsed,
        )


def _start_workers(count: int, env: dict[str, str]) -> list[subprocess.Popen]:
    """``count`` Celery worker processes of one job or chunk each, started and given time to start."""
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "-c", "1", "-l", "warning"]
    workers = [
        subprocess.Popen(
            [*command, "-n", f"bench{i}@%h"],
            cwd=PROJECT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for i in range(count)
    ]
    time.sleep(6)  # the workers start
    return workers


def _timed_job(owner, request: dict):
    """The job of ``request`` from its start to its end, run by the workers: (job, seconds)."""
    from simulation.models import Job
    from simulation.services.jobs import job_start

    started = time.perf_counter()
    job = job_start(owner=owner, request=request)
    # Outside a transaction, job_start hands the job to the broker at once (on_commit).
    while True:
        job.refresh_from_db()
        if job.status not in (Job.Status.QUEUED, Job.Status.RUNNING):
            break
        time.sleep(0.2)
    return job, time.perf_counter() - started


if __name__ == "__main__":
    main()
