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

from celery import Celery, group
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import close_old_connections, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from simulation.core.analysis import KINDS, AnalysisRequest, analyse, analysis_request, result_document, work_cells
from simulation.core.analysis.kinds import Chunked
from simulation.core.errors import DomainError
from simulation.core.scenario import ScenarioInvalid, prepare
from simulation.models import Job, JobChunk
from simulation.services.runners import runner_alive, this_runner
from simulation.services.scenarios import document_run, job_bound, refuse_too_large, refuse_too_much_work

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
#: One chunk of a job whose kind spreads its work over workers (the name is older than the registry).
CHUNK_TASK = "simulation.tasks.sobol_chunk_task"
#: A job whose runner died this many times (each time it was taken up again) is failed instead:
#: it may be what kills its process (memory).
MAX_ATTEMPTS = 3


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
    refuse_too_large(prepare(document), job_bound())
    return _queued(owner, PROJECTION, {"kind": PROJECTION, "scenario": document})


def _queued(owner, kind: str, request: Any) -> Job:
    with transaction.atomic():
        # The owner's row is the lock of their job count: two starts at once count one after the
        # other, so the limit holds (a count alone let four jobs in against three).
        get_user_model().objects.select_for_update().filter(pk=owner.pk).first()
        unfinished = Job.objects.filter(owner=owner, status__in=(Job.Status.QUEUED, Job.Status.RUNNING)).count()
        if unfinished >= settings.VARDPENG_MAX_OPEN_JOBS:
            raise TooManyJobs(
                f"You have {unfinished} analyses under way (at most {settings.VARDPENG_MAX_OPEN_JOBS}); "
                "wait for one to finish or cancel it."
            )
        in_process = not settings.VARDPENG_JOBS_INLINE and not on_workers()
        job = Job.objects.create(kind=kind, owner=owner, request=request, runner=this_runner() if in_process else "")
    _dispatch(job.pk)
    job.refresh_from_db()
    return job


def _dispatch(job_id: str) -> None:
    """Run the job: at once (the tests), on the workers, or on this process's pool — the last two
    once the caller's transaction has committed (a worker or a thread reads the job from the database)."""
    if settings.VARDPENG_JOBS_INLINE:
        job_run(job_id)
    elif on_workers():
        transaction.on_commit(lambda: _enqueue(job_id))
    else:
        transaction.on_commit(lambda: _pool.submit(_run_in_thread, job_id))


def celery_app() -> Celery:
    """The project's Celery app (``VARDPENG_CELERY_APP``), imported when a job is first sent."""
    return import_string(settings.VARDPENG_CELERY_APP)


def _enqueue(job_id: str) -> None:
    """Hand the job to the workers; with the broker unreachable, run it here rather than lose it."""
    try:
        celery_app().send_task(JOB_TASK, args=[job_id])
    except Exception:
        logger.exception("the broker did not take job %s; running it in the web process", job_id)
        Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(runner=this_runner())
        _pool.submit(_run_in_thread, job_id, True)


def _run_in_thread(job_id: str, in_process: bool = False) -> None:
    close_old_connections()
    try:
        job_run(job_id, in_process=in_process)
    finally:
        close_old_connections()


def _claim(job_id: str) -> str:
    """Take a queued job, or a running one whose runner has gone quiet (its worker died); RAN when
    this caller now runs it, BUSY when a live runner has it, ENDED when there is nothing to do."""
    now = timezone.now()
    claimed = {
        "status": Job.Status.RUNNING,
        "heartbeat": now,
        "attempts": F("attempts") + 1,
        "runner": this_runner(),
    }
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


def job_run(job_id: str, in_process: bool = False) -> str:
    """Run a job to its end: done with a result, failed with errors, or cancelled. A job of a kind
    whose work comes in chunks (Sobol) is fanned out on workers as a group of chunks instead
    (``job_chunk`` finishes it), unless the broker does not take them or ``in_process`` (the broker
    did not take the job itself): then it runs here, as every other kind does."""
    claimed = _claim(job_id)
    if claimed != RAN:
        return claimed
    job = Job.objects.get(pk=job_id)
    chunked = KINDS[job.kind].chunked if job.kind in KINDS else None
    try:
        if chunked is not None and on_workers() and not in_process and _fan_out(job, chunked):
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


def _fan_out(job: Job, chunked: Chunked) -> bool:
    """Send every chunk not yet computed as one Celery group; workers take them as they come.
    False when the broker does not take them (the caller runs the job itself)."""
    chunks = chunked.chunks(analysis_request(job.request))
    Job.objects.filter(pk=job.pk).update(chunks_total=len(chunks))
    done = set(JobChunk.objects.filter(job_id=job.pk).values_list("index", flat=True))
    missing = [i for i in range(len(chunks)) if i not in done]
    if not missing:
        _gather(job.pk)
        return True
    try:
        group(celery_app().signature(CHUNK_TASK, args=(job.pk, i)) for i in missing).apply_async()
    except Exception:
        logger.exception("the broker did not take the chunks of job %s; running it in this process", job.pk)
        return False
    return True


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


def job_chunk(job_id: str, index: int) -> None:
    """Compute one chunk of a job's evaluations and store it; the chunk that completes the set
    gathers them in order and finishes the job. Idempotent: a chunk stored once is kept."""
    job = Job.objects.filter(pk=job_id).defer("request", "result").first()
    if job is None or job.status in FINISHED:
        return
    if job.cancel_requested:
        _finish(job_id, Job.Status.CANCELLED)
        return
    if not JobChunk.objects.filter(job_id=job_id, index=index).exists():
        request = _checked_request(job_id)
        chunked = _chunked(request)
        start, stop = chunked.chunks(request)[index]
        beat = _signs_of_life(job_id)
        try:
            values = chunked.chunk(request, start, stop, beat)
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


def _chunked(request: AnalysisRequest) -> Chunked:
    chunked = KINDS[request.kind].chunked
    if chunked is None:
        raise TypeError(f"a {request.kind} job does not come in chunks")
    return chunked


def _gather(job_id: str) -> None:
    """All chunks are in: the values in sample order give the indices (the same however many
    workers computed them)."""
    request = _checked_request(job_id)
    values = [v for chunk in JobChunk.objects.filter(job_id=job_id).order_by("index") for v in chunk.values]
    _finish(job_id, Job.Status.DONE, result=result_document(request, _chunked(request).gather(request, values)))
    JobChunk.objects.filter(job_id=job_id).delete()


def _finish(job_id: str, status: str, result: Any = None, errors: list | None = None) -> None:
    """End a job once: a job that has already ended keeps its first ending (a duplicate delivery
    or a late chunk changes nothing). A result the database does not take (beyond jsonb's limit,
    or not JSON) fails the job at once with a message, rather than leaving it running."""
    changes = {"status": status, "finished": timezone.now(), "result": result, "errors": errors or []}
    if status == Job.Status.DONE:
        changes["progress"] = 1.0
    try:
        with transaction.atomic():  # a savepoint: the failed write must not break the caller's transaction
            Job.objects.filter(pk=job_id).exclude(status__in=FINISHED).update(**changes)
    except Exception:
        if status != Job.Status.DONE:
            raise
        logger.exception("the result of job %s could not be stored", job_id)
        _finish(job_id, Job.Status.FAILED, errors=[{"path": "", "message": _result_not_stored(job_id)}])


def _result_not_stored(job_id: str) -> str:
    language = Job.objects.filter(pk=job_id).values_list("request__language", flat=True).first()
    with translation.override(language if language in ("sv", "en") else settings.LANGUAGE_CODE):
        return _(
            "The result could not be stored (it is too large for the database). Start the job again "
            "with less: fewer variants, years or centres."
        )


def _nobody_runs(job: Job) -> bool:
    """A running job whose runner is known to have died, or has given no sign of life for longer
    than a live one would (VARDPENG_JOB_STALE_AFTER)."""
    alive = runner_alive(job.runner)
    if alive is not None:
        return not alive
    stale = timezone.now() - timedelta(seconds=settings.VARDPENG_JOB_STALE_AFTER)
    return job.heartbeat is None or job.heartbeat < stale


def job_cancel(job: Job) -> Job:
    """Ask a job to stop: a queued job, and a running one that nobody runs any more (its process
    died), are cancelled at once; a running one at its next progress."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        if job.is_finished:
            raise JobFinished(f"The job has already ended ({job.status}).")
        job.cancel_requested = True
        if job.status == Job.Status.QUEUED or _nobody_runs(job):
            job.status, job.finished = Job.Status.CANCELLED, timezone.now()
        job.save()
    return job


def jobs_recover() -> int:
    """At a web process's start: the jobs that a process of this machine was running, or was about
    to run, when it died are taken up again — or failed with a message once they have been taken up
    MAX_ATTEMPTS times (they may be what killed it). Returns how many were taken up or failed.

    Another process starting at the same moment takes up a job at most once between them: the
    update that takes it names the dead runner."""
    me, found = this_runner(), 0
    unfinished = Job.objects.filter(status__in=(Job.Status.QUEUED, Job.Status.RUNNING)).exclude(runner="")
    for pk, runner, attempts, cancelled in unfinished.values_list("pk", "runner", "attempts", "cancel_requested"):
        if runner_alive(runner) is not False:
            continue
        orphan = Job.objects.filter(pk=pk, runner=runner, status__in=(Job.Status.QUEUED, Job.Status.RUNNING))
        if cancelled:  # asked to stop before its process died: it stops now
            found += orphan.update(status=Job.Status.CANCELLED, finished=timezone.now())
        elif attempts >= MAX_ATTEMPTS:
            found += orphan.update(
                status=Job.Status.FAILED,
                finished=timezone.now(),
                errors=[{"path": "", "message": _runner_died(pk, attempts)}],
            )
        elif orphan.update(status=Job.Status.QUEUED, runner=me if not on_workers() else "", heartbeat=None):
            logger.warning("job %s lost its process (%s); running it again", pk, runner)
            found += 1
            _dispatch(pk)
    return found


def _runner_died(job_id: str, attempts: int) -> str:
    language = Job.objects.filter(pk=job_id).values_list("request__language", flat=True).first()
    with translation.override(language if language in ("sv", "en") else settings.LANGUAGE_CODE):
        return _(
            "The process running the job stopped %(times)s times without finishing it; start it again with less work."
        ) % {"times": attempts}


def job_sweep_stale(now=None) -> int:
    """Jobs that have run past the time limit died with their process: they fail, saying so."""
    limit = timedelta(seconds=settings.VARDPENG_JOB_TIME_LIMIT)
    cutoff = (now or timezone.now()) - limit
    return Job.objects.filter(status=Job.Status.RUNNING, started__lt=cutoff).update(
        status=Job.Status.FAILED,
        finished=timezone.now(),
        errors=[{"path": "", "message": "The job stopped without finishing (time limit or restart); start it again."}],
    )
