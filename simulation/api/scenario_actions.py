"""What else happens to a saved scenario besides reading and writing it: its history, a copy, and
moving it to the region's current data — the same services the pages call."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import ClosedSerializer, TextField, errors
from simulation.api.scenarios import (
    IF_MATCH,
    ScenarioOutputSerializer,
    _scenario_for,
    etag,
    expected_version,
    scenario_output,
)
from simulation.services.rebase import scenario_rebase
from simulation.services.scenarios import scenario_clone


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    change = serializers.CharField(help_text="created, edited, renamed, rebased (moved to the current data), cloned")
    changed_by = serializers.CharField(allow_null=True)
    changed_at = serializers.DateTimeField()
    name = serializers.CharField()
    dataset = serializers.IntegerField()
    overrides = serializers.JSONField()
    levers = serializers.JSONField()
    variants = serializers.JSONField()


class ScenarioVersionsApi(APIView):
    """The scenario's history, newest first: every version as it was saved, with who and when."""

    public_read = True

    @extend_schema(responses={200: VersionSerializer(many=True), **errors(401, 404)}, tags=["scenarios"])
    def get(self, request, pk: int):
        scenario = _scenario_for(request, pk)
        return Response(
            [
                {
                    "version": v.version,
                    "change": v.change,
                    "changed_by": v.changed_by.username if v.changed_by else None,
                    "changed_at": v.changed_at,
                    "name": v.name,
                    "dataset": v.dataset_id,
                    "overrides": v.overrides,
                    "levers": v.levers,
                    "variants": v.variants,
                }
                for v in scenario.versions.select_related("changed_by")
            ]
        )


class CloneRequest(ClosedSerializer):
    name = TextField(required=False, max_length=200, help_text='Default: "NAME (kopia)"')


class ScenarioCloneApi(APIView):
    """A copy of the scenario under a new name: the same data and changes, a history of its own."""

    @extend_schema(
        request=CloneRequest,
        responses={201: ScenarioOutputSerializer, **errors(400, 401, 403, 404, 413)},
        tags=["scenarios"],
    )
    def post(self, request, pk: int):
        scenario = _scenario_for(request, pk, for_write=True)
        body = CloneRequest(data=request.data)
        body.is_valid(raise_exception=True)
        copy = scenario_clone(scenario=scenario, name=body.validated_data.get("name"), user=request.user)
        response = Response(scenario_output(copy), status=status.HTTP_201_CREATED)
        response["Location"] = reverse("api-scenario", args=[copy.pk])
        response["ETag"] = etag(copy)
        return response


class RebaseRequest(ClosedSerializer):
    version = serializers.IntegerField(required=False, help_text="The version you read, when you cannot send If-Match")


class ScenarioRebaseApi(APIView):
    """Run the scenario on the region's current dataset from now on: a new version (If-Match)."""

    @extend_schema(
        request=RebaseRequest,
        parameters=[IF_MATCH],
        responses={200: ScenarioOutputSerializer, **errors(400, 401, 403, 404, 412, 413, 428)},
        tags=["scenarios"],
    )
    def post(self, request, pk: int):
        scenario = _scenario_for(request, pk, for_write=True)
        body = RebaseRequest(data=request.data)
        body.is_valid(raise_exception=True)
        version = expected_version(request, scenario, body.validated_data)
        rebased = scenario_rebase(scenario=scenario, expected_version=version, user=request.user)
        response = Response(scenario_output(rebased))
        response["ETag"] = etag(rebased)
        return response
