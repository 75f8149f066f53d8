"""Project configuration.

The Celery app (``config.celery``) is not imported with the settings: creating it took a tenth of a
second of every command's start (``manage.py simulate`` needs no broker). The worker finds it
(``celery -A config``), and the web process loads it when it first sends a job
(``VARDPENG_CELERY_APP``); ``config.celery_app`` still names it."""

from typing import Any


def __getattr__(name: str) -> Any:
    if name == "celery_app":
        from config.celery import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
