"""Analyses as background jobs (spec §9): validated at once, run outside the request, their state
and progress in the database so that any process can read them.

Where they run: on Celery workers when ``CELERY_BROKER_URL`` is set (simulation.tasks wraps the
functions here); otherwise on a small thread pool inside the web process, so that ``make run``
needs nothing installed; or at once when ``VARDPENG_JOBS_INLINE`` is set (the tests). Every step
is idempotent: a task delivered twice, or again after its worker died, finds the job's state in
the database and either leaves a live run alone, takes over a dead one, or does nothing.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

from celery import current_app, group
from django.conf import settings
from django.db import close_old_connections, transaction
from django.db.models import F
from django.utils import timezone

from .analysis import AnalysisRequest, analyse, analysis_request, result_document, work_cells
from .analysis.sobol import sobol_chunk, sobol_chunks, sobol_result
from .errors import DomainError
from .models import Job, JobChunk
from .scenario import ScenarioInvalid, prepare
from .services import document_run, refuse_too_much_work

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


#: What a delivery of a job's task found (``job_run``).
RAN, BUSY, ENDED = "ran", "busy", "ended"
FINISHED = (Job.Status.DONE, Job.Status.FAILED, Job.Status.CANCELLED)
JOB_TASK = "simulation.tasks.job_task"
#: A job that projects a scenario document (POST /api/v1/simulations) rather than analysing one.
PROJECTION = "projection"
JOB_INSTEAD = "Split the work (fewer samples, parameters, draws or years) or ask an administrator."
CHUNK_TASK = "simulation.tasks.sobol_chunk_task"


def on_workers() -> bool:
    """Jobs go to Celery workers when a broker is configured (and the tests do not run them inline)."""
    return bool(settings.CELERY_BROKER_URL) and not settings.VARDPENG_JOBS_INLINE


def job_start(*, owner, request: Any) -> Job:
    """Check the request as ``analyse`` will (ScenarioInvalid with paths; 413 above the job limit),
    store it, and run it once the transaction has committed."""
    checked = analysis_request(request)
    refuse_too_much_work(work_cells(checked), settings.VARDPENG_MAX_JOB_CELLS, JOB_INSTEAD)
    return _queued(owner, checked.kind, request)


def projection_job_start(*, owner, document: Any) -> Job:
    """A projection too large to answer at once (POST /api/v1/simulations): checked now (400 with
    paths; 413 above the job limit), projected in the background; the result is the projection."""
    refuse_too_much_work(prepare(document).cells, settings.VARDPENG_MAX_JOB_CELLS, JOB_INSTEAD)
    return _queued(owner, PROJECTION, {"kind": PROJECTION, "scenario": document})


def _queued(owner, kind: str, request: Any) -> Job:
    unfinished = Job.objects.filter(owner=owner, status__in=(Job.Status.QUEUED, Job.Status.RUNNING)).count()
    if unfinished >= settings.VARDPENG_MAX_OPEN_JOBS:
        raise TooManyJobs(
            f"You have {unfinished} analyses under way (at most {settings.VARDPENG_MAX_OPEN_JOBS}); "
            "wait for one to finish or cancel it."
        )
    job = Job.objects.create(kind=kind, owner=owner, request=request)
    if settings.VARDPENG_JOBS_INLINE:
        job_run(job.pk)
        job.refresh_from_db()
    elif on_workers():
        # A worker reads the job from the database: only once it is committed.
        transaction.on_commit(lambda: _enqueue(job.pk))
    else:
        transaction.on_commit(lambda: _pool.submit(_run_in_thread, job.pk))
    return job


def _enqueue(job_id: str) -> None:
    """Hand the job to the workers; with the broker unreachable, run it here rather than lose it."""
    try:
        current_app.send_task(JOB_TASK, args=[job_id])
    except Exception:
        logger.exception("the broker did not take job %s; running it in the web process", job_id)
        _pool.submit(_run_in_thread, job_id)


def _run_in_thread(job_id: str) -> None:
    close_old_connections()
    try:
        job_run(job_id)
    finally:
        close_old_connections()


def _claim(job_id: str) -> str:
    """Take a queued job, or a running one whose runner has gone quiet (its worker died); RAN when
    this caller now runs it, BUSY when a live runner has it, ENDED when there is nothing to do."""
    now = timezone.now()
    claimed = {"status": Job.Status.RUNNING, "heartbeat": now, "attempts": F("attempts") + 1}
    waiting = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED, cancel_requested=False)
    if waiting.update(started=now, **claimed):
        return RAN
    stale = now - timedelta(seconds=settings.VARDPENG_JOB_STALE_AFTER)
    lost = Job.objects.filter(pk=job_id, status=Job.Status.RUNNING, heartbeat__lt=stale)
    if lost.filter(cancel_requested=True).exists():
        _finish(job_id, Job.Status.CANCELLED)
        return ENDED
    if lost.update(**claimed):
        logger.warning("job %s lost its runner; running it again", job_id)
        return RAN
    return BUSY if Job.objects.filter(pk=job_id, status=Job.Status.RUNNING).exists() else ENDED


def _signs_of_life(job_id: str):
    """A callback for long work: at most every PROGRESS_INTERVAL it records the progress and the
    heartbeat, and stops the work (_Cancelled) once a cancel was asked for."""
    last_write = [0.0]

    def beat(share: float | None = None) -> None:
        now = time.monotonic()
        if now - last_write[0] < PROGRESS_INTERVAL:
            return
        last_write[0] = now
        changes = {"heartbeat": timezone.now()} | ({} if share is None else {"progress": share})
        Job.objects.filter(pk=job_id).update(**changes)
        if Job.objects.filter(pk=job_id, cancel_requested=True).exists():
            raise _Cancelled

    return beat


def job_run(job_id: str) -> str:
    """Run a job to its end: done with a result, failed with errors, or cancelled. A Sobol job on
    workers is fanned out as a group of chunks instead (``job_sobol_chunk`` finishes it)."""
    claimed = _claim(job_id)
    if claimed != RAN:
        return claimed
    job = Job.objects.get(pk=job_id)
    try:
        if job.kind == "sobol" and on_workers():
            _fan_out(job)
            return RAN
        if job.kind == PROJECTION:
            result = document_run(job.request["scenario"])
        else:
            result = analyse(job.request, progress=_signs_of_life(job_id))
    except _Cancelled:
        _finish(job_id, Job.Status.CANCELLED)
    except ScenarioInvalid as invalid:
        _finish(job_id, Job.Status.FAILED, errors=invalid.problem_dicts())
    except Exception:
        logger.exception("analysis job %s failed", job_id)
        _finish(job_id, Job.Status.FAILED, errors=[{"path": "", "message": "The analysis failed on our side."}])
    else:
        _finish(job_id, Job.Status.DONE, result=result)
    return RAN


def _fan_out(job: Job) -> None:
    """Send every chunk not yet computed as one Celery group; workers take them as they come."""
    chunks = sobol_chunks(analysis_request(job.request))
    Job.objects.filter(pk=job.pk).update(chunks_total=len(chunks))
    done = set(JobChunk.objects.filter(job_id=job.pk).values_list("index", flat=True))
    missing = [i for i in range(len(chunks)) if i not in done]
    if missing:
        group(current_app.signature(CHUNK_TASK, args=(job.pk, i)) for i in missing).apply_async()
    else:
        _gather(job.pk)


_checked: OrderedDict[str, AnalysisRequest] = OrderedDict()
_checked_lock = threading.Lock()


def _checked_request(job_id: str) -> AnalysisRequest:
    """A job's request, checked (§11): once per process and job, not once per chunk — a job's
    request never changes, and checking a national document took longer than its chunk's runs."""
    with _checked_lock:
        if job_id in _checked:
            _checked.move_to_end(job_id)
            return _checked[job_id]
    request = analysis_request(Job.objects.values_list("request", flat=True).get(pk=job_id))
    with _checked_lock:
        _checked[job_id] = request
        while len(_checked) > 4:
            _checked.popitem(last=False)
    return request


def job_sobol_chunk(job_id: str, index: int) -> None:
    """Compute one chunk of a Sobol job's evaluations and store it; the chunk that completes the
    set gathers them in order and finishes the job. Idempotent: a chunk stored once is kept."""
    job = Job.objects.filter(pk=job_id).defer("request", "result").first()
    if job is None or job.status in FINISHED:
        return
    if job.cancel_requested:
        _finish(job_id, Job.Status.CANCELLED)
        return
    if not JobChunk.objects.filter(job_id=job_id, index=index).exists():
        request = _checked_request(job_id)
        start, stop = sobol_chunks(request)[index]
        beat = _signs_of_life(job_id)
        try:
            values = sobol_chunk(request, start, stop, done=beat)
        except _Cancelled:
            _finish(job_id, Job.Status.CANCELLED)
            return
        except ScenarioInvalid as invalid:
            _finish(job_id, Job.Status.FAILED, errors=invalid.problem_dicts())
            return
        JobChunk.objects.get_or_create(job_id=job_id, index=index, defaults={"values": values})
    stored = JobChunk.objects.filter(job_id=job_id).count()
    total = max(job.chunks_total, 1)
    Job.objects.filter(pk=job_id, status=Job.Status.RUNNING).update(
        progress=min(stored / total, 0.99), heartbeat=timezone.now()
    )
    if stored >= job.chunks_total:
        _gather(job_id)


def _gather(job_id: str) -> None:
    """All chunks are in: the values in sample order give the indices (the same however many
    workers computed them)."""
    request = _checked_request(job_id)
    values = [v for chunk in JobChunk.objects.filter(job_id=job_id).order_by("index") for v in chunk.values]
    _finish(job_id, Job.Status.DONE, result=result_document(request, sobol_result(request, values)))
    JobChunk.objects.filter(job_id=job_id).delete()


def _finish(job_id: str, status: str, result: Any = None, errors: list | None = None) -> None:
    """End a job once: a job that has already ended keeps its first ending (a duplicate delivery
    or a late chunk changes nothing)."""
    changes = {"status": status, "finished": timezone.now(), "result": result, "errors": errors or []}
    if status == Job.Status.DONE:
        changes["progress"] = 1.0
    Job.objects.filter(pk=job_id).exclude(status__in=FINISHED).update(**changes)


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
