"""What every API view of every app shares: closed input objects, size limits, the shared
throttle, and the documented error responses. Imports no app and no ``config``."""

from __future__ import annotations

import contextlib

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.throttling import UserRateThrottle
from rest_framework.utils.encoders import JSONEncoder

from simulation.core.exports import json_bytes


class SafeJSONParser(JSONParser):
    """DRF's JSON parser, also refusing a body nested deeper than Python's recursion limit (50 000
    opening brackets raise RecursionError, which DRF does not catch: a 500 for anyone)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(_("JSON parse error - the body is nested too deeply.")) from None


class FastJSONRenderer(JSONRenderer):
    """DRF's JSON renderer written by orjson (``json_bytes``, which the CLI writes its projections
    with too): a projection holds tens of thousands of floats, and the standard library spent a
    quarter of a /simulate request writing them. Anything orjson does not know (lazy translations,
    decimals) goes through DRF's own encoder; indented output, which only people ask for, through
    DRF itself."""

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if data is None:
            return b""
        if self.get_indent(accepted_media_type, renderer_context or {}):
            return super().render(data, accepted_media_type, renderer_context)
        return json_bytes(data, default=JSONEncoder().default)


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = gettext_lazy("The request body is too large.")
    default_code = "too_large"


#: What callers of ``refuse_large_body`` call the body they refuse, for the catalogue (said in the answer's language).
BODY_NAMES = (gettext_noop("The scenario document"), gettext_noop("The analysis request"), gettext_noop("The file"))


def refuse_large_body(request, limit: int, what: str) -> None:
    """413 before the body is read, from the declared length."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        raise PayloadTooLarge(
            _("%(what)s is larger than %(size)s MB.") % {"what": _(what), "size": limit // (1024 * 1024)}
        )


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
    """Per user, counted atomically in the configured (shared) cache: ``cache.add`` starts a
    window's counter with its expiry and ``cache.incr`` counts (on Redis: SET NX EX and INCR), so
    requests arriving together each get their own count. DRF's own throttle read a list of times,
    added to it and wrote it back: 65 of a burst of 75 passed a limit of 60 a minute.

    Windows are fixed (a minute for 60/min), and the previous window's count weighs as much as is
    left of it (a sliding-window estimate), so a burst across a window's end passes no more than
    the rate either. A refused request is not counted. The database cache's ``incr`` is a read and
    a write: only Redis (docker-compose) and the per-process memory cache count atomically."""

    scope = "simulate"

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window, into = divmod(self.now, self.duration)
        current = f"{self.key}:{int(window)}"
        self.previous = self.cache.get(f"{self.key}:{int(window) - 1}", 0)
        self.count = self._increment(current)
        self.into = into
        if self.previous * (1 - into / self.duration) + self.count <= self.num_requests:
            return True
        with contextlib.suppress(ValueError):  # expired meanwhile: nothing left to take back
            self.cache.decr(current)
        return False

    def _increment(self, key: str) -> int:
        # Kept for two windows: the next one weighs this one's count.
        for _attempt in range(2):
            self.cache.add(key, 0, 2 * self.duration)
            try:
                return self.cache.incr(key)
            except ValueError:  # expired or evicted between add and incr
                continue
        return self.num_requests + 1

    def wait(self) -> float:
        """Seconds until a request would pass (the Retry-After header)."""
        left = self.duration - self.into
        if self.count > self.num_requests or not self.previous:
            return left  # this window is full: wait for the next
        # The previous window's weight falls with time: until previous·(1 − t/d) + count ≤ rate.
        needed = self.duration * (1 - (self.num_requests - self.count) / self.previous) - self.into
        return max(1.0, min(left, needed))


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
        413: "Too large: the body, or the work or the answer it asks for (the message names the limit)",
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
