"""The Celery app: analysis jobs on workers when ``CELERY_BROKER_URL`` is set (Redis in production;
RabbitMQ works too: ``amqp://guest:guest@127.0.0.1:5672//``). Without a broker nothing here is used
and jobs run in the web process (simulation.services.jobs)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("vardpeng")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
