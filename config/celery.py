"""The Celery app: analysis jobs on workers when ``CELERY_BROKER_URL`` is set (Redis in production;
RabbitMQ works too: ``amqp://guest:guest@127.0.0.1:5672//``). Without a broker nothing here is used
and jobs run in the web process (simulation.services.jobs)."""

import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("vardpeng")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def _keep_compiled_loops(**_: object) -> None:
    """A worker process lives to run many jobs: its first Monte Carlo run loads the compiled loops
    (0,38 s once), and every later run is faster (simulation.core.engine.fused)."""
    from simulation.core.engine import fused

    fused.stay_loaded()
