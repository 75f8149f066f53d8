"""What every API view shares: read access, errors in one shape, size limits, throttling."""

from __future__ import annotations

import logging

from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, DataError, IntegrityError
from django.http import Http404
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle
from rest_framework.views import exception_handler as drf_exception_handler

from healthcentres.importing import ImportRefused
from simulation.scenario import ScenarioInvalid
from simulation.services import PreconditionRequired, StaleWrite

logger = logging.getLogger(__name__)


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "too_large"


def refuse_large_body(request, limit: int, what: str) -> None:
    """413 before the body is read, from the declared length."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        raise PayloadTooLarge(f"{what} is larger than {limit // (1024 * 1024)} MB.")


class ClosedSerializer(serializers.Serializer):
    """Refuses keys it does not define (the OpenAPI schema closes the object the same way)."""

    def to_internal_value(self, data):
        if hasattr(data, "keys"):
            unknown = sorted(set(data.keys()) - set(self.fields))
            if unknown:
                raise exceptions.ValidationError({key: ["unknown key"] for key in unknown})
        return super().to_internal_value(data)


class SimulateThrottle(UserRateThrottle):
    """Per user, in the configured (shared) cache."""

    scope = "simulate"


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
    if isinstance(exc, ScenarioInvalid):
        return Response({"errors": [p.as_dict() for p in exc.problems]}, status=400)
    if isinstance(exc, ImportRefused):
        return Response({"errors": [p.as_dict() for p in exc.problems]}, status=400)
    if isinstance(exc, StaleWrite):
        return Response({"errors": [{"path": "version", "message": str(exc)}]}, status=412)
    if isinstance(exc, PreconditionRequired):
        return Response({"errors": [{"path": "version", "message": str(exc)}]}, status=428)
    if isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    if isinstance(exc, DatabaseError) and not isinstance(exc, IntegrityError | DataError):
        # The database is down or overloaded: the client may retry; nothing was written.
        logger.warning("database unavailable in %s: %s", context.get("view"), exc)
        return Response(
            {"errors": [{"path": "", "message": "The database does not answer right now; try again shortly."}]},
            status=503,
            headers={"Retry-After": "30"},
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or "Not found.")
    response = drf_exception_handler(exc, context)
    if response is None:
        logger.exception("unhandled error in %s", context.get("view"))
        return Response(
            {"errors": [{"path": "", "message": "Something went wrong on our side; it has been logged."}]},
            status=500,
        )
    detail = response.data.get("detail") if isinstance(response.data, dict) else None
    problems = [{"path": "", "message": str(detail)}] if detail is not None else _problems(response.data)
    response.data = {"errors": problems}
    return response


# --- schema components shared by every endpoint --------------------------------------------------

from drf_spectacular.utils import OpenApiResponse, inline_serializer  # noqa: E402

ProblemsSerializer = inline_serializer(
    "Problems",
    {
        "errors": serializers.ListField(
            child=inline_serializer("Problem", {"path": serializers.CharField(), "message": serializers.CharField()})
        )
    },
)
UploadProblemsSerializer = inline_serializer(
    "UploadProblems",
    {
        "errors": serializers.ListField(
            child=inline_serializer(
                "UploadProblem",
                {
                    "row": serializers.IntegerField(allow_null=True),
                    "column": serializers.CharField(allow_null=True),
                    "message": serializers.CharField(),
                },
            )
        )
    },
)


def errors(*codes: int, upload: bool = False) -> dict[int, OpenApiResponse]:
    """Documented error responses: every one has the {"errors": [...]} shape."""
    meaning = {
        400: "Refused: every problem with its path",
        401: "Not signed in (or public read is off)",
        403: "Signed in, but not allowed for this region",
        404: "No such object",
        412: "Stale write: the scenario changed since you read it",
        413: "Body too large",
        415: "Unsupported media type",
        428: "Send If-Match or version",
        429: "Too many requests; wait and retry",
    }
    return {
        code: OpenApiResponse(
            UploadProblemsSerializer if (upload and code == 400) else ProblemsSerializer, description=meaning[code]
        )
        for code in codes
    }
