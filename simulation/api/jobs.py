"""POST /api/v1/analyses and GET/DELETE /api/v1/jobs/{id} (spec §9, §11)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import SimulateThrottle, errors, refuse_large_body
from regions.access import role_of
from regions.models import Role
from simulation.core import numbers
from simulation.core.errors import DomainError
from simulation.models import Job
from simulation.pages.analyses import (
    break_even_failure_sentence,
    break_even_sentence,
    sobol_chart,
    sobol_sentence,
    tornado_chart,
    tornado_rows,
)
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
    kind = serializers.ChoiceField(["explain", "sensitivity", "break_even", "sobol", PROJECTION])
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
    """Start an analysis (§11: sensitivity, break_even). The request is checked at once (400 with
    paths); the work runs in the background: follow the job's URL for progress and the result."""

    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [JSONParser]
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
    parser_classes = [JSONParser]
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


def finished_job(request, pk: str, kind: str, what: str) -> Job:
    """A visible job of ``kind`` that is done; 409 while it is not (the client may poll again)."""
    job = visible_job(request, pk)
    if job.status != Job.Status.DONE or job.kind != kind:
        raise JobNotReady(f"only a finished {what} job has this (this one is a {job.kind} job, {job.status})")
    return job


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
    """A finished sensitivity job as the page draws it: the tornado chart (a Plotly figure built
    in Python) and its table in words, for its owner and administrators."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: dict, **errors(401, 404, 409)}, tags=["analyses"])
    def get(self, request, pk: str):
        job = finished_job(request, pk, "sensitivity", "sensitivity")
        result = job.result
        with translation.override(job.request.get("language", "sv")):
            body = {
                "figure": tornado_chart(result),
                "rows": tornado_rows(result, job.request.get("parameters", [])),
                "scenario_hash": result["scenario_hash"],
                "engine_version": result["engine_version"],
            }
        return Response(body)


class JobSobolApi(APIView):
    """A finished Sobol job as the page draws it: the indices as bars with confidence whiskers (a
    Plotly figure built in Python) and the answer in a sentence, for its owner and administrators."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: dict, **errors(401, 404, 409)}, tags=["analyses"])
    def get(self, request, pk: str):
        job = finished_job(request, pk, "sobol", "Sobol")
        result = job.result
        with translation.override(job.request.get("language", "sv")):
            body = {
                "figure": sobol_chart(result),
                "sentence": sobol_sentence(result),
                "evaluations": result["evaluations"],
                "scenario_hash": result["scenario_hash"],
                "engine_version": result["engine_version"],
            }
        return Response(body)


class JobAnswerApi(APIView):
    """A break-even job's answer in one sentence in the request's language, for its owner and
    admins: when it is done, the value found, with the figure to cite (``reached`` true); when it
    failed because the goal is not reached within the bounds, or the scenario is refused at a
    bound (§11.5), that in words and the reader's numbers (``reached`` false). 409 otherwise."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: dict, **errors(401, 404, 409)}, tags=["analyses"])
    def get(self, request, pk: str):
        job = visible_job(request, pk)
        language = job.request.get("language", "sv")
        if job.kind == "break_even" and job.status == Job.Status.FAILED:
            with translation.override(language), numbers.language_of(language):
                sentence = break_even_failure_sentence(job.request, job.errors)
            if sentence is not None:
                return Response({"sentence": sentence, "reached": False})
        job = finished_job(request, pk, "break_even", "break-even")
        with translation.override(language), numbers.language_of(language):
            sentence = break_even_sentence(job.request, job.result)
        return Response(
            {
                "sentence": sentence,
                "reached": True,
                "evaluations": job.result["evaluations"],
                "scenario_hash": job.result["scenario_hash"],
                "engine_version": job.result["engine_version"],
            }
        )
