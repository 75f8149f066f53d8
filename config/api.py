"""The one place where errors become API responses: every one as ``{"errors": [...]}``."""

from __future__ import annotations

import logging

from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, DataError, IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from common.api import PayloadTooLarge
from common.unavailable import API_MESSAGE, RETRY_AFTER
from simulation.core.errors import DomainError

logger = logging.getLogger(__name__)


def _problems(detail, path: str = "") -> list[dict]:
    """Flatten DRF's nested error details into [{"path", "message"}]."""
    if isinstance(detail, dict):
        found = []
        for key, value in detail.items():
            sub = key if key != "non_field_errors" else ""
            found += _problems(value, f"{path}.{sub}" if path and sub else (sub or path))
        return found
    if isinstance(detail, list):
        found = []
        for i, item in enumerate(detail):
            nested = isinstance(item, dict | list) and not isinstance(item, str)
            found += _problems(item, f"{path}[{i}]" if nested else path)
        return found
    return [{"path": path, "message": str(detail)}]


def exception_handler(exc, context):
    """Every API error as {"errors": [...]}: path/message, or row/column/message for uploads."""
    if isinstance(exc, DomainError):
        return Response({"errors": exc.problem_dicts()}, status=exc.status)
    if isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    if isinstance(exc, DatabaseError) and not isinstance(exc, IntegrityError | DataError):
        # The database is down or overloaded: the client may retry; nothing was written.
        logger.warning("database unavailable in %s: %s", context.get("view"), exc)
        return Response(
            {"errors": [{"path": "", "message": _(API_MESSAGE)}]},
            status=503,
            headers={"Retry-After": RETRY_AFTER},
        )
    if isinstance(exc, Http404):
        # Django's "No Scenario matches the given query." names a model in English: say it in words.
        exc = exceptions.NotFound(_("Not found."))
    response = drf_exception_handler(exc, context)
    if response is None:
        logger.exception("unhandled error in %s", context.get("view"))
        return Response(
            {"errors": [{"path": "", "message": _("Something went wrong on our side; it has been logged.")}]},
            status=500,
        )
    detail = response.data.get("detail") if isinstance(response.data, dict) else None
    problems = [{"path": "", "message": str(detail)}] if detail is not None else _problems(response.data)
    response.data = {"errors": problems}
    return response
