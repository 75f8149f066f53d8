"""POST /api/v1/analyses and GET/DELETE /api/v1/jobs/{id} (spec §9, §11)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import SimulateThrottle, errors, refuse_large_body
from regions.access import role_of
from regions.models import Role
from simulation.core import numbers
from simulation.core.analysis import KINDS
from simulation.core.analysis.kinds import figure_kinds
from simulation.core.errors import DomainError
from simulation.models import Job
from simulation.presentation.figures import FIGURES
from simulation.services.jobs import PROJECTION, job_cancel, job_start, job_sweep_stale, projection_job_start

LANGUAGES = ("sv", "en")


@extend_schema_field(
    {
        "oneOf": [
            {"$ref": "#/components/schemas/AnalysisResult"},
            {"$ref": "#/components/schemas/Projection"},
        ]
    }
)
class AnalysisResultField(serializers.JSONField):
    """Null until the job is done (drf-spectacular adds the null branch from ``allow_null``; a
    second one here made ``null`` match two branches of the oneOf)."""


class JobSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="Opaque")
    kind = serializers.ChoiceField([*KINDS, PROJECTION])
    status = serializers.ChoiceField(Job.Status.values)
    progress = serializers.FloatField(help_text="Share of the evaluations done, 0–1")
    created = serializers.DateTimeField()
    started = serializers.DateTimeField(allow_null=True)
    finished = serializers.DateTimeField(allow_null=True)
    result = AnalysisResultField(
        allow_null=True, help_text="Once done: vardpeng.analysis-result/1, or the projection of a projection job"
    )
    errors = serializers.JSONField(help_text="[] until the job fails; then every problem with its path")
    url = serializers.CharField()


def job_output(job: Job) -> dict:
    return {
        "id": job.pk,
        "kind": job.kind,
        "status": job.status,
        "progress": job.progress,
        "created": job.created,
        "started": job.started,
        "finished": job.finished,
        "result": job.result,
        "errors": job.errors,
        "url": reverse("api-job", args=[job.pk]),
    }


EXAMPLE = {
    "schema": "vardpeng.analysis/1",
    "kind": "sensitivity",
    "metric": "consolidated_cost",
    "scenario": {"...": "a whole scenario document (POST /simulate's body)"},
    "parameters": [
        {"path": "compensation.budget_per_listed", "change": 0.05},
        {"path": "centres.*.staff_cost", "change": 0.1},
    ],
}
BREAK_EVEN = {
    "schema": "vardpeng.analysis/1",
    "kind": "break_even",
    "scenario": {"...": "a whole scenario document"},
    "parameter": {"path": "compensation.budget_per_listed", "mode": "scale", "bounds": [0.5, 2]},
    "target": {"metric": "result.region_run", "value": 0},
}


class AnalysisCreateApi(APIView):
    """Start an analysis (§11: explain, sensitivity, break_even, sobol). The request is checked at once
    (400 with paths); the work runs in the background: follow the job's URL for progress and the result."""

    permission_classes = [permissions.IsAuthenticated]
    throttle_classes = [SimulateThrottle]

    @extend_schema(
        request={"application/json": {"$ref": "#/components/schemas/AnalysisRequest"}},
        responses={202: JobSerializer, **errors(400, 401, 413, 415, 429)},
        examples=[
            OpenApiExample("Sensitivity (a tornado)", value=EXAMPLE, request_only=True),
            OpenApiExample("Break-even budget", value=BREAK_EVEN, request_only=True),
        ],
        tags=["analyses"],
    )
    def post(self, request):
        refuse_large_body(request, settings.VARDPENG_MAX_DOCUMENT_BYTES, "The analysis request")
        body = request.data
        if isinstance(body, dict) and "language" not in body:
            body = body | {"language": _language(request)}
        job = job_start(owner=request.user, request=body)
        response = Response(job_output(job), status=status.HTTP_202_ACCEPTED)
        response["Location"] = reverse("api-job", args=[job.pk])
        return response


class SimulationCreateApi(APIView):
    """Project a scenario document in the background: for runs too large for POST /simulate (413
    there). The document is checked at once (400 with paths); follow the job's URL for progress
    and, once done, the projection (vardpeng.projection/1) as its result."""

    permission_classes = [permissions.IsAuthenticated]
    throttle_classes = [SimulateThrottle]

    @extend_schema(
        request={"application/json": {"$ref": "#/components/schemas/ScenarioDocument"}},
        responses={202: JobSerializer, **errors(400, 401, 413, 415, 429)},
        tags=["simulate"],
    )
    def post(self, request):
        refuse_large_body(request, settings.VARDPENG_MAX_DOCUMENT_BYTES, "The scenario document")
        job = projection_job_start(owner=request.user, document=request.data)
        response = Response(job_output(job), status=status.HTTP_202_ACCEPTED)
        response["Location"] = reverse("api-job", args=[job.pk])
        return response


def _language(request) -> str:
    """The request's language from Accept-Language (§11), Swedish by default."""
    header = request.headers.get("Accept-Language", "")
    for part in header.split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return "sv"


class JobNotReady(DomainError):
    """The job exists but has no such figure (yet): it is still running, failed, or of another kind."""

    status = 409
    path = "status"


def visible_job(request, pk: str) -> Job:
    """The job, when this user started it or is an administrator; 404 for anyone else (§9)."""
    job_sweep_stale()
    job = Job.objects.filter(pk=pk).first()
    if job is None or (job.owner_id != request.user.pk and role_of(request.user) != Role.Kind.ADMIN):
        raise exceptions.NotFound("No such job.")
    return job


class JobDetailApi(APIView):
    """A job: visible to the user who started it and to administrators, and to nobody else (404)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: JobSerializer, **errors(401, 404)}, tags=["analyses"])
    def get(self, request, pk: str):
        return Response(job_output(visible_job(request, pk)))

    @extend_schema(
        responses={
            202: OpenApiResponse(JobSerializer, description="Cancelling: the status becomes cancelled"),
            **errors(401, 404, 409),
        },
        tags=["analyses"],
    )
    def delete(self, request, pk: str):
        return Response(job_output(job_cancel(visible_job(request, pk))), status=status.HTTP_202_ACCEPTED)


class JobFigureApi(APIView):
    """A figure of an analysis job (``presentation.figures.FIGURES``) in the request's language, for
    its owner and administrators: ``job_figure_api`` makes one view for each figure the kinds name."""

    permission_classes = [permissions.IsAuthenticated]
    figure = ""

    def get(self, request, pk: str):
        job = visible_job(request, pk)
        kind, figure = figure_kinds()[self.figure], FIGURES[self.figure]
        language = job.request.get("language", "sv")
        body = None
        with translation.override(language), numbers.language_of(language):
            if job.kind == kind.name and job.status == Job.Status.DONE:
                traced = {key: job.result[key] for key in ("scenario_hash", "engine_version")}
                body = figure.done(job.request, job.result) | traced
            elif job.kind == kind.name and job.status == Job.Status.FAILED and figure.failed is not None:
                body = figure.failed(job.request, job.errors)
        if body is None:
            raise JobNotReady(f"only a finished {kind.title} job has this (this one is a {job.kind} job, {job.status})")
        return Response(body)


def job_figure_api(name: str) -> type[JobFigureApi]:
    """The view of one figure, described in the OpenAPI document by its own words and body."""
    figure = FIGURES[name]
    api = type(f"Job{name.title()}Api", (JobFigureApi,), {"figure": name, "__doc__": figure.description})
    responses = {200: figure.body_schema(), **errors(401, 404, 409)}
    return extend_schema_view(get=extend_schema(responses=responses, tags=["analyses"]))(api)
