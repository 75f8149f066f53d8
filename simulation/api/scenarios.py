import re

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import ClosedSerializer, SimulateThrottle, TextField, errors, refuse_large_body
from healthcentres.models import Dataset
from regions.access import can_edit_region
from regions.selectors import region_get
from simulation.api.examples import EXAMPLE_DOCUMENT
from simulation.api.schemas import Projection
from simulation.api.stored import stored_projection_response
from simulation.core.projection import CSV_TABLES
from simulation.core.scenario import MAX_TEXT, MAX_VARIANTS, TEXT_LIMITS
from simulation.models import Scenario
from simulation.presentation.downloads import projection_download
from simulation.services.projections import scenario_stored
from simulation.services.scenarios import (
    document_run,
    scenario_create,
    scenario_dataset,
    scenario_delete,
    scenario_document,
    scenario_run,
    scenario_update,
    sync_bound,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: The scenario document's JSON Schema component (simulation.document_schema, added by config.openapi).
Document = {"$ref": "#/components/schemas/ScenarioDocument"}


class SimulateApi(APIView):
    """Run a scenario document (`vardpeng.scenario/1`) and return its projection (`vardpeng.projection/1`)."""

    throttle_classes = [SimulateThrottle]

    @extend_schema(
        request={"application/json": Document},
        responses={200: Projection, **errors(400, 401, 413, 415, 429)},
        examples=[OpenApiExample("Two centres and a variant", value=EXAMPLE_DOCUMENT, request_only=True)],
        tags=["simulate"],
    )
    def post(self, request):
        refuse_large_body(request, settings.VARDPENG_MAX_DOCUMENT_BYTES, "The scenario document")
        return Response(document_run(request.data, bound=sync_bound()))


@extend_schema_field({"$ref": "#/components/schemas/RuleOverrides"})
class RuleOverridesField(serializers.DictField):
    """Rule sections deep-merged over the region's rulebook; checked with the whole document."""


@extend_schema_field({"type": "array", "items": {"$ref": "#/components/schemas/Lever"}})
class LeversField(serializers.ListField):
    pass


@extend_schema_field({"type": "array", "maxItems": MAX_VARIANTS, "items": {"$ref": "#/components/schemas/Variant"}})
class VariantsField(serializers.ListField):
    pass


class ScenarioInputSerializer(ClosedSerializer):
    """What a client sends to create or change a scenario. The parts of the scenario document are
    checked as a whole document when the scenario is saved (paths such as ``levers[0].year``)."""

    name = TextField(max_length=TEXT_LIMITS["name"])
    description = TextField(required=False, allow_blank=True, default="", max_length=MAX_TEXT)
    dataset = serializers.IntegerField(
        required=False, min_value=1, help_text="Dataset id; default the region's current dataset"
    )
    overrides = RuleOverridesField(required=False, default=dict)
    levers = LeversField(required=False, default=list)
    variants = VariantsField(required=False, default=list)


class ScenarioWriteSerializer(ScenarioInputSerializer):
    """Also takes the ``version`` the client read, for clients that cannot send If-Match."""

    version = serializers.IntegerField(required=False)


#: An If-Match this API understands: * or one or more ETags ("3", W/"3").
IF_MATCH_PATTERN = r'^\s*(\*|(W/)?"[0-9]+"(\s*,\s*(W/)?"[0-9]+")*)\s*$'
IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    # Not required: a client that cannot set headers sends `version` in the body instead, and a
    # schema cannot say "this header or that body field". Without either the answer is 428.
    required=False,
    pattern=IF_MATCH_PATTERN,
    description=(
        "The ETag from GET (optimistic concurrency); a stale one answers 412. A client that cannot set "
        "headers sends the version it read as `version` in the body instead. With neither, the server "
        "answers 428 Precondition Required."
    ),
)


class ScenarioOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    region = serializers.CharField()
    dataset = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()
    overrides = serializers.JSONField()
    levers = serializers.JSONField()
    variants = serializers.JSONField()
    preset = serializers.CharField()
    version = serializers.IntegerField()
    created_by = serializers.CharField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_by = serializers.CharField(allow_null=True)
    updated_at = serializers.DateTimeField()
    on_current_data = serializers.BooleanField(
        help_text="It runs on the region's current dataset (else on the data it was saved with: POST …/rebase moves it)"
    )
    document_url = serializers.CharField()
    projection_url = serializers.CharField()
    versions_url = serializers.CharField()


def scenario_output(scenario: Scenario) -> dict:
    return {
        "id": scenario.pk,
        "region": scenario.region.code,
        "dataset": scenario_dataset(scenario).pk,
        "name": scenario.name,
        "description": scenario.description,
        "overrides": scenario.overrides,
        "levers": scenario.levers,
        "variants": scenario.variants,
        "preset": scenario.preset,
        "version": scenario.version,
        "created_by": scenario.created_by.username if scenario.created_by else None,
        "created_at": scenario.created_at,
        "updated_by": scenario.updated_by.username if scenario.updated_by else None,
        "updated_at": scenario.updated_at,
        "on_current_data": scenario_dataset(scenario).status == Dataset.Status.CURRENT,
        "document_url": f"/api/v1/scenarios/{scenario.pk}/document",
        "projection_url": f"/api/v1/scenarios/{scenario.pk}/projection",
        "versions_url": f"/api/v1/scenarios/{scenario.pk}/versions",
    }


def etag(scenario: Scenario) -> str:
    return f'"{scenario.version}"'


def expected_version(request, scenario: Scenario, body: dict) -> int | None:
    """The version the client read: from If-Match (an ETag, or *), else from the body's version."""
    if_match = request.headers.get("If-Match")
    if if_match:
        if not re.fullmatch(IF_MATCH_PATTERN, if_match):
            raise exceptions.ValidationError(
                {"If-Match": ['must be the ETag from GET (such as "3"), a list of them, or *']}
            )
        tokens = [t.strip().removeprefix("W/") for t in if_match.split(",")]
        if "*" in tokens:
            return scenario.version
        versions = [int(t.strip('"')) for t in tokens]
        return scenario.version if scenario.version in versions else versions[0]
    return body.get("version")


def _scenario_for(request, pk: int, for_write: bool = False) -> Scenario:
    scenario = get_object_or_404(
        Scenario.objects.select_related("region", "dataset", "created_by", "updated_by"), pk=pk
    )
    if for_write and not can_edit_region(request.user, scenario.region):
        raise exceptions.PermissionDenied(
            _("Only analysts of %(region)s and admins may change its scenarios.") % {"region": scenario.region.code}
        )
    return scenario


def _input(request, partial: bool) -> dict:
    form = ScenarioWriteSerializer(data=request.data, partial=partial)
    form.is_valid(raise_exception=True)
    data = dict(form.validated_data)
    if partial:  # PATCH: only what was sent, not the serializer's defaults
        data = {k: v for k, v in data.items() if k in request.data}
    return data


def _dataset(region, data: dict) -> None:
    """Swap a dataset id for the dataset, refusing one of another region."""
    if "dataset" in data:
        dataset = Dataset.objects.filter(pk=data["dataset"], region=region).first()
        if dataset is None:
            raise exceptions.ValidationError({"dataset": [f"no dataset {data['dataset']} in region {region.code}"]})
        data["dataset"] = dataset


class ScenarioListCreateApi(APIView):
    """A region's saved scenarios and presets; analysts of the region create new ones."""

    public_read = True

    @extend_schema(responses={200: ScenarioOutputSerializer(many=True), **errors(401, 404)}, tags=["scenarios"])
    def get(self, request, code: str):
        region = region_get(code)
        scenarios = region.scenarios.select_related("region", "dataset", "created_by", "updated_by").order_by("name")
        return Response([scenario_output(s) for s in scenarios])

    @extend_schema(
        request=ScenarioInputSerializer,
        responses={201: ScenarioOutputSerializer, **errors(400, 401, 403, 404, 413, 415)},
        tags=["scenarios"],
    )
    def post(self, request, code: str):
        region = region_get(code)
        if not can_edit_region(request.user, region):
            raise exceptions.PermissionDenied(
                _("Only analysts of %(region)s and admins may create its scenarios.") % {"region": region.code}
            )
        data = _input(request, partial=False)
        data.pop("version", None)
        _dataset(region, data)
        scenario = scenario_create(region=region, created_by=request.user, **data)
        response = Response(scenario_output(scenario), status=status.HTTP_201_CREATED)
        response["ETag"] = etag(scenario)
        response["Location"] = f"/api/v1/scenarios/{scenario.pk}/"
        return response


class ScenarioDetailApi(APIView):
    """One scenario. PUT and PATCH need If-Match (the ETag) or the version you read."""

    public_read = True

    @extend_schema(responses={200: ScenarioOutputSerializer, **errors(401, 404)}, tags=["scenarios"])
    def get(self, request, pk: int):
        scenario = _scenario_for(request, pk)
        response = Response(scenario_output(scenario))
        response["ETag"] = etag(scenario)
        return response

    def _write(self, request, pk: int, partial: bool) -> Response:
        scenario = _scenario_for(request, pk, for_write=True)
        data = _input(request, partial=partial)
        version = expected_version(request, scenario, data)
        data.pop("version", None)
        _dataset(scenario.region, data)
        updated = scenario_update(scenario_id=scenario.pk, expected_version=version, changes=data, user=request.user)
        response = Response(scenario_output(updated))
        response["ETag"] = etag(updated)
        return response

    @extend_schema(
        request=ScenarioInputSerializer,
        parameters=[IF_MATCH],
        responses={200: ScenarioOutputSerializer, **errors(400, 401, 403, 404, 412, 413, 415, 428)},
        tags=["scenarios"],
    )
    def put(self, request, pk: int):
        return self._write(request, pk, partial=False)

    @extend_schema(
        request=ScenarioInputSerializer,
        parameters=[IF_MATCH],
        responses={200: ScenarioOutputSerializer, **errors(400, 401, 403, 404, 412, 413, 415, 428)},
        tags=["scenarios"],
    )
    def patch(self, request, pk: int):
        return self._write(request, pk, partial=True)

    @extend_schema(responses={204: None, **errors(401, 403, 404)}, tags=["scenarios"])
    def delete(self, request, pk: int):
        scenario_delete(scenario=_scenario_for(request, pk, for_write=True), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


DOWNLOAD = OpenApiParameter(
    "download", str, enum=["1"], required=False, description="Serve as a file to save (Content-Disposition: attachment)"
)


def _download(request) -> bool:
    """?download=1 asks for a file to save; any other value is refused (the schema's enum)."""
    value = request.query_params.get("download")
    if value not in (None, "1"):
        raise exceptions.ValidationError({"download": ["must be 1 (or left out)"]})
    return value == "1"


class ScenarioDocumentApi(APIView):
    """The complete runnable scenario document: `manage.py simulate` on it gives the same projection."""

    public_read = True

    @extend_schema(parameters=[DOWNLOAD], responses={200: Document, **errors(400, 401, 404)}, tags=["scenarios"])
    def get(self, request, pk: int):
        scenario = _scenario_for(request, pk)
        response = Response(scenario_document(scenario))
        if _download(request):
            filename = f"vardpeng-{scenario.region.code}-{scenario.pk}-v{scenario.version}.scenario.json"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class ScenarioProjectionApi(APIView):
    """The projection of a scenario: JSON (default; `?download=1` as a file), `?format=csv` (one
    table: `?table=centres` — the default and the projection's CSV form of §7 — `units` or `region`;
    `&variant=machine`, the default: field names, comma, full precision; `&variant=sv`: for Swedish
    Excel, semicolons, decimal comma, headers in words, whole kronor) or `?format=xlsx` (a sheet per
    table with number formats, after a sheet saying what the file holds). Every run is labelled with
    the scenario's name. Served from the cache when nothing changed."""

    public_read = True

    @extend_schema(
        parameters=[
            OpenApiParameter("format", str, enum=["json", "csv", "xlsx"], required=False),
            OpenApiParameter(
                "table",
                str,
                enum=list(CSV_TABLES),
                required=False,
                description="With format=csv: which table (default centres)",
            ),
            OpenApiParameter(
                "variant",
                str,
                enum=["machine", "sv"],
                required=False,
                description="With format=csv: machine (default) or sv (for Swedish Excel)",
            ),
            DOWNLOAD,
        ],
        responses={
            (200, "application/json"): OpenApiResponse(Projection),
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR),
            (200, XLSX): OpenApiResponse(OpenApiTypes.BINARY),
            **errors(400, 401, 404),
        },
        tags=["scenarios"],
    )
    def get(self, request, pk: int):
        scenario = _scenario_for(request, pk)
        kind = request.query_params.get("format", "json")
        if kind not in ("json", "csv", "xlsx"):
            raise exceptions.ValidationError({"format": ["must be one of json, csv, xlsx"]})
        table = request.query_params.get("table", "centres")
        if table not in CSV_TABLES:
            raise exceptions.ValidationError({"table": [f"must be one of {', '.join(CSV_TABLES)}"]})
        download = _download(request)
        variant = request.query_params.get("variant", "machine")
        if variant not in ("machine", "sv"):
            raise exceptions.ValidationError({"variant": ["must be one of machine, sv"]})
        if kind == "json":
            response = stored_projection_response(request, scenario_stored(scenario))
            if download:
                filename = f"vardpeng-{scenario.region.code}-{scenario.pk}-v{scenario.version}.projection.json"
                response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response
        done = scenario_run(scenario)
        return projection_download(scenario, done.document, done.projection, kind, table, variant)
