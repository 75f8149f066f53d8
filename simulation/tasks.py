"""Celery tasks: thin wrappers around simulation.services.jobs, which keeps every job's state in the database.

Both are acknowledged late and idempotent (settings: CELERY_TASK_ACKS_LATE): a worker that dies
mid-task leaves the message to be delivered again, and the delivery finds in the database what
is left to do.
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from simulation.services.jobs import BUSY, job_chunk, job_run


@shared_task(name="simulation.tasks.job_task", bind=True, max_retries=None)
def job_task(self, job_id: str) -> str:
    """Run (or take over) an analysis job. While a live worker runs it, look again later: if that
    worker dies, this delivery is the one that takes the job over."""
    outcome = job_run(job_id)
    if outcome == BUSY:
        raise self.retry(countdown=settings.VARDPENG_JOB_STALE_AFTER)
    return outcome


@shared_task(name="simulation.tasks.sobol_chunk_task")
def chunk_task(job_id: str, index: int) -> None:
    """One chunk of a job's evaluations (a Sobol job's, §11.6). The name stays the one that
    messages already queued carry."""
    job_chunk(job_id, index)
