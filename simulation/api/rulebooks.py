"""A region's rules over REST (issue 23): the rulebook in force, publishing a new version,
the versions with their differences in words, undo, and another region's model on this
region's data (``adopt``)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import errors, refuse_large_body
from healthcentres.models import DATA_YEARS
from healthcentres.selectors import dataset_current
from regions.access import can_edit_region
from regions.models import Region, Rulebook
from regions.rulebooks import rulebook_versions
from regions.selectors import region_get, rulebook_current
from simulation.core.numbers import current_language
from simulation.core.scenario import Problem, ScenarioInvalid
from simulation.services.adopt import BUDGETS, adopt_document
from simulation.services.rulebooks import (
    rulebook_publish_checked,
    rulebook_restore_checked,
    rules_complete,
    rules_shown,
)

#: A region's rules are a few kilobytes; a quarter megabyte leaves room for long dated values.
MAX_RULEBOOK_BYTES = 256 * 1024
BODY_NAME = gettext_noop("The rulebook")
MAX_VERSION = 2**31 - 1
RULES = {"$ref": "#/components/schemas/RulebookRules"}
RULEBOOK = {
    "type": "object",
    "properties": {
        "version": {
            "anyOf": [{"type": "integer", "minimum": 0, "maximum": MAX_VERSION}, {"type": "null"}],
            "description": "The version you read (optional): a newer one answers 412 instead of overwriting it",
        },
        "effective_from": {"type": "integer", "minimum": DATA_YEARS[0], "maximum": DATA_YEARS[1]},
        "rules": RULES,
    },
    "required": ["effective_from", "rules"],
    "additionalProperties": False,
}
RULEBOOK_OUT = RULEBOOK | {"required": ["version", "effective_from", "rules"]}


class RulebookVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    effective_from = serializers.IntegerField()
    by = serializers.CharField(help_text="Who published it (empty: loaded by the system)")
    at = serializers.DateTimeField()
    restored_from = serializers.IntegerField(allow_null=True, help_text="The version it published again (undo)")
    changes = serializers.CharField(help_text="The difference from the version before it, in words")
    in_force = serializers.BooleanField(help_text="It is the newest version of its year's rulebook")
    in_force_now = serializers.BooleanField(help_text="It is the version the region's baseline runs on today")


def _output(rulebook: Rulebook) -> dict:
    return {
        "version": rulebook.version,
        "effective_from": rulebook.effective_from,
        "rules": rules_shown(rulebook.rules),
    }


def _editable(request, region: Region) -> None:
    if not can_edit_region(request.user, region):
        raise exceptions.PermissionDenied(
            _("Only analysts of %(region)s and admins may change its rules.") % {"region": region.code}
        )


def _whole(value) -> int | None:
    """A JSON integer (2026 or 2026.0, as JSON Schema counts them), never text or true."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not value.is_integer():
        return None
    return int(value)


def _body(request) -> tuple[int, dict, int | None]:
    """The PUT body, checked strictly as the schema says (an integer year, not "2026")."""
    body = request.data
    if not isinstance(body, dict):
        raise ScenarioInvalid([Problem("", "must be an object with effective_from and rules")])
    problems = [Problem(key, "unknown key") for key in body if key not in ("version", "effective_from", "rules")]
    problems += [Problem(key, "required") for key in ("effective_from", "rules") if key not in body]
    year, version = _whole(body.get("effective_from")), _whole(body.get("version"))
    if "effective_from" in body and year is None:
        problems.append(Problem("effective_from", "must be a whole year such as 2026"))
    if body.get("version") is not None and not (version is not None and 0 <= version <= MAX_VERSION):
        problems.append(Problem("version", "must be the version number you read"))
    try:
        rules_complete(body.get("rules"))
    except ScenarioInvalid as invalid:
        problems += invalid.problems
    if problems:
        raise ScenarioInvalid(problems)
    return year, body["rules"], version


class RulebookApi(APIView):
    """The region's rules in force for its current data (what its baseline and presets run on).
    PUT publishes rules from a year as a new version (the region's analysts and admins)."""

    public_read = True

    @extend_schema(responses={200: RULEBOOK_OUT, **errors(401, 404)}, tags=["rules"])
    def get(self, request, code: str):
        region = region_get(code)
        current = dataset_current(region)
        rulebook = rulebook_current(region, current.base_year if current else None)
        if rulebook is None:
            raise exceptions.NotFound(_("%(region)s has no rules yet.") % {"region": region.code})
        return Response(_output(rulebook))

    @extend_schema(
        request={"application/json": RULEBOOK},
        responses={200: RULEBOOK_OUT, **errors(400, 401, 403, 404, 412, 413, 415)},
        tags=["rules"],
    )
    def put(self, request, code: str):
        region = region_get(code)
        _editable(request, region)
        refuse_large_body(request, MAX_RULEBOOK_BYTES, BODY_NAME)
        year, rules, version = _body(request)
        rulebook_publish_checked(
            region=region, effective_from=year, rules=rules, user=request.user, expected_version=version
        )
        return Response(_output(Rulebook.objects.get(region=region, effective_from=year)))


class RulebookVersionsApi(APIView):
    """Every published version of the region's rules, newest first, with its difference in words."""

    public_read = True

    @extend_schema(responses={200: RulebookVersionSerializer(many=True), **errors(401, 404)}, tags=["rules"])
    def get(self, request, code: str):
        region = region_get(code)
        current = dataset_current(region)
        entries = rulebook_versions(region, current_language(), current.base_year if current else None)
        return Response(
            [
                {
                    "version": e.number,
                    "effective_from": e.effective_from,
                    "by": e.by,
                    "at": e.at,
                    "restored_from": e.restored_from,
                    "changes": e.changes,
                    "in_force": e.current,
                    "in_force_now": e.in_force_now,
                }
                for e in entries
            ]
        )


class RulebookRestoreApi(APIView):
    """Undo: publish an earlier version's rules again, from its year, as a new version."""

    @extend_schema(request=None, responses={200: RULEBOOK_OUT, **errors(401, 403, 404)}, tags=["rules"])
    def post(self, request, code: str, number: int):
        region = region_get(code)
        _editable(request, region)
        version = rulebook_restore_checked(region=region, number=number, user=request.user)
        return Response(_output(Rulebook.objects.get(region=region, effective_from=version.effective_from)))


class AdoptApi(APIView):
    """Another region's model on this region's data: a complete, runnable scenario document (POST it
    to /simulate). Its ``description`` says what was taken from where."""

    public_read = True

    @extend_schema(
        parameters=[
            OpenApiParameter("model", str, required=True, pattern="^[A-Za-z]{1,4}$", description="The other region"),
            OpenApiParameter("budget", str, enum=list(BUDGETS), description="Whose budget level (default own)"),
        ],
        responses={200: {"$ref": "#/components/schemas/ScenarioDocument"}, **errors(400, 401, 404, 409)},
        tags=["rules"],
    )
    def get(self, request, code: str):
        region = region_get(code)
        model_code = request.query_params.get("model", "")
        if not model_code:
            raise ScenarioInvalid([Problem("model", "required: the code of the region whose model to adopt")])
        model = region_get(model_code)
        return Response(adopt_document(region, model, request.query_params.get("budget", "own")))
