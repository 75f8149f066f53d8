"""Analyses as background jobs (spec §9): validated at once, run outside the request, their state
and progress in the database so that any process can read them.

This version runs jobs on a small thread pool inside the web process (or at once, when
``VARDPENG_JOBS_INLINE`` is set, as in the tests); the Celery issue moves them onto workers behind
these same functions.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone

from .analysis import analyse, analysis_request
from .errors import DomainError
from .models import Job
from .scenario import ScenarioInvalid

logger = logging.getLogger(__name__)
_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="vardpeng-job")
#: Progress is written at most this often (seconds): enough for a progress bar, few writes.
PROGRESS_INTERVAL = 0.5


class JobFinished(DomainError):
    """A finished job cannot be cancelled."""

    status = 409
    path = "status"


class TooManyJobs(DomainError):
    """A user's unfinished jobs are bounded: the rate limit alone would let one user queue hours of work."""

    status = 429


class _Cancelled(Exception):
    pass


def job_start(*, owner, request: Any) -> Job:
    """Check the request as ``analyse`` will (ScenarioInvalid with paths), store it, and run it
    once the transaction has committed."""
    checked = analysis_request(request)
    unfinished = Job.objects.filter(owner=owner, status__in=(Job.Status.QUEUED, Job.Status.RUNNING)).count()
    if unfinished >= settings.VARDPENG_MAX_OPEN_JOBS:
        raise TooManyJobs(
            f"You have {unfinished} analyses under way (at most {settings.VARDPENG_MAX_OPEN_JOBS}); "
            "wait for one to finish or cancel it."
        )
    job = Job.objects.create(kind=checked.kind, owner=owner, request=request)
    if settings.VARDPENG_JOBS_INLINE:
        job_run(job.pk)
        job.refresh_from_db()
    else:
        # A thread reads the job from the database: only once it is committed.
        transaction.on_commit(lambda: _pool.submit(_run_in_thread, job.pk))
    return job


def _run_in_thread(job_id: str) -> None:
    close_old_connections()
    try:
        job_run(job_id)
    finally:
        close_old_connections()


def job_run(job_id: str) -> None:
    """Run a queued job to its end: done with a result, failed with errors, or cancelled."""
    started = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED, cancel_requested=False).update(
        status=Job.Status.RUNNING, started=timezone.now()
    )
    if not started:
        return  # cancelled before it started, or another runner took it
    job = Job.objects.get(pk=job_id)
    last_write = [0.0]

    def progress(share: float) -> None:
        now = time.monotonic()
        if now - last_write[0] < PROGRESS_INTERVAL:
            return
        last_write[0] = now
        Job.objects.filter(pk=job_id).update(progress=share)
        if Job.objects.filter(pk=job_id, cancel_requested=True).exists():
            raise _Cancelled

    try:
        result = analyse(job.request, progress=progress)
    except _Cancelled:
        _finish(job_id, Job.Status.CANCELLED)
    except ScenarioInvalid as invalid:
        _finish(job_id, Job.Status.FAILED, errors=invalid.problem_dicts())
    except Exception:
        logger.exception("analysis job %s failed", job_id)
        _finish(job_id, Job.Status.FAILED, errors=[{"path": "", "message": "The analysis failed on our side."}])
    else:
        _finish(job_id, Job.Status.DONE, result=result)


def _finish(job_id: str, status: str, result: Any = None, errors: list | None = None) -> None:
    changes = {"status": status, "finished": timezone.now(), "result": result, "errors": errors or []}
    if status == Job.Status.DONE:
        changes["progress"] = 1.0
    Job.objects.filter(pk=job_id).update(**changes)


def job_cancel(job: Job) -> Job:
    """Ask a job to stop: a queued job is cancelled at once, a running one at its next progress."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        if job.is_finished:
            raise JobFinished(f"The job has already ended ({job.status}).")
        job.cancel_requested = True
        if job.status == Job.Status.QUEUED:
            job.status, job.finished = Job.Status.CANCELLED, timezone.now()
        job.save()
    return job


def job_sweep_stale(now=None) -> int:
    """Jobs that have run past the time limit died with their process: they fail, saying so."""
    limit = timedelta(seconds=settings.VARDPENG_JOB_TIME_LIMIT)
    cutoff = (now or timezone.now()) - limit
    return Job.objects.filter(status=Job.Status.RUNNING, started__lt=cutoff).update(
        status=Job.Status.FAILED,
        finished=timezone.now(),
        errors=[{"path": "", "message": "The job stopped without finishing (time limit or restart); start it again."}],
    )
