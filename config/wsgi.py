"""WSGI entry point for gunicorn (production settings unless told otherwise)."""

import logging
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()


def _keep_compiled_loops() -> None:
    """A web process lives to run many Monte Carlo runs: its first loads the compiled loops (0,38 s
    once), and every later run is faster (simulation.core.engine.fused)."""
    from simulation.core.engine import fused

    fused.stay_loaded()


_keep_compiled_loops()


def _recover_jobs() -> None:
    """Jobs a dead process of this machine left running (or queued on its pool) are taken up again
    or failed with a message (simulation.services.jobs.jobs_recover): each web process does it as it starts."""
    from django.db import DatabaseError

    from simulation.services.jobs import jobs_recover

    try:
        jobs_recover()
    except DatabaseError:  # not migrated yet, or the database is down: the next start tries again
        logging.getLogger(__name__).warning("could not look for jobs left by a dead process", exc_info=True)


_recover_jobs()
