"""What every API view of every app shares: closed input objects, size limits, the shared
throttle, and the documented error responses. Imports no app and no ``config``."""

from __future__ import annotations

import orjson
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.renderers import JSONRenderer
from rest_framework.throttling import UserRateThrottle
from rest_framework.utils.encoders import JSONEncoder


class FastJSONRenderer(JSONRenderer):
    """DRF's JSON renderer written by orjson: a projection holds tens of thousands of floats, and
    the standard library spent a quarter of a /simulate request writing them. Anything orjson does
    not know (lazy translations, decimals) goes through DRF's own encoder; indented output, which
    only people ask for, through DRF itself."""

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if data is None:
            return b""
        if self.get_indent(accepted_media_type, renderer_context or {}):
            return super().render(data, accepted_media_type, renderer_context)
        return orjson.dumps(data, default=JSONEncoder().default, option=orjson.OPT_UTC_Z | orjson.OPT_NON_STR_KEYS)


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


class TextField(serializers.CharField):
    """Text, and only text: DRF's CharField takes 0 or false as "0" or "False", which the schema
    (type: string) says is refused."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            raise exceptions.ValidationError("must be text")
        return super().to_internal_value(data)


class SimulateThrottle(UserRateThrottle):
    """Per user, in the configured (shared) cache."""

    scope = "simulate"


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
                    "row": serializers.IntegerField(
                        allow_null=True, help_text="Data row, 1 = the first after the header"
                    ),
                    "column": serializers.CharField(allow_null=True),
                    "message": serializers.CharField(),
                    "cell": serializers.CharField(
                        allow_null=True, help_text="Where a spreadsheet shows it, such as G5 (the header is row 1)"
                    ),
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
        409: "Conflict: the object is no longer in a state that allows this",
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
