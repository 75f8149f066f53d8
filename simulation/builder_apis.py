"""The scenario builder's two calls: recompute the charts for the current choices, and save.

REST endpoints like the others (throttled with POST /simulate, errors in the one shape, in the
OpenAPI schema); the builder page posts its form's fields to them with the session's CSRF token.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions, serializers
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import ClosedSerializer, SimulateThrottle, errors
from regions.access import can_edit_region

from . import charts, dashboards
from .builder import BuilderForm, to_scenario
from .models import Scenario
from .selectors import builder_setup, centre_names
from .services import scenario_create, scenario_run, scenario_update


class BuilderRequest(ClosedSerializer):
    form = serializers.DictField(help_text="The builder form's fields by name, as the page sends them")
    id = serializers.IntegerField(required=False, allow_null=True, help_text="Save: the scenario saved before")
    version = serializers.IntegerField(required=False, allow_null=True, help_text="Save: the version read")


def _unsaved_scenario(request, code: str) -> tuple[Scenario, dict]:
    """The builder's choices as an unsaved scenario on the region's current data and rules."""
    region, dataset, rulebook, egen_regi = builder_setup(code)
    if dataset is None or rulebook is None:
        raise exceptions.ValidationError(_("This region has no data yet."))
    request_body = BuilderRequest(data=request.data)
    request_body.is_valid(raise_exception=True)
    body = request_body.validated_data
    form = BuilderForm(body["form"], egen_regi_centres=egen_regi)
    if not form.is_valid():
        raise exceptions.ValidationError(dict(form.errors))
    fields = to_scenario(form.cleaned_data, dataset.base_year)
    name = form.cleaned_data.get("name") or _("New scenario")
    return Scenario(region=region, dataset=dataset, name=name, **fields), body


class BuilderPreviewApi(APIView):
    """Recompute the builder's charts for its current choices (nothing stored)."""

    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [JSONParser]
    throttle_classes = [SimulateThrottle]  # every recompute runs the engine, as /simulate does

    @extend_schema(request=BuilderRequest, responses={200: dict, **errors(400, 401, 404, 413, 429)}, tags=["builder"])
    def post(self, request, code: str):
        scenario, _body = _unsaved_scenario(request, code)
        done = scenario_run(scenario, max_cells=settings.VARDPENG_MAX_SYNC_CELLS)
        run = done.projection["runs"][0]
        return Response(
            {
                "figures": {
                    "net-cost": charts.net_cost_chart(run),
                    "result-by-form": charts.result_by_form_chart(run),
                    "unit-balances": charts.unit_balance_chart(run, names=centre_names(scenario.dataset)),
                },
                "headline": dashboards.headline(run),
                "cost_views_note": dashboards.cost_views_note(run),
                "document": done.document,
            }
        )


class BuilderSaveApi(APIView):
    """Save the builder's scenario: a new one, or an update of the one saved before (its version)."""

    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [JSONParser]
    throttle_classes = [SimulateThrottle]

    @extend_schema(
        request=BuilderRequest, responses={200: dict, **errors(400, 401, 403, 404, 412, 428, 429)}, tags=["builder"]
    )
    def post(self, request, code: str):
        scenario, body = _unsaved_scenario(request, code)
        if not can_edit_region(request.user, scenario.region):
            raise exceptions.PermissionDenied(_("Only analysts of this region may save."))
        fields = {"name": scenario.name, "overrides": scenario.overrides, "levers": scenario.levers}
        if body.get("id"):
            # Only a scenario of this region: the rights checked above are this region's.
            target = Scenario.objects.filter(pk=body["id"], region=scenario.region).first()
            if target is None:
                raise exceptions.NotFound(_("No such scenario in this region."))
            saved = scenario_update(
                scenario_id=target.pk, expected_version=body.get("version"), changes=fields, user=request.user
            )
        else:
            saved = scenario_create(region=scenario.region, created_by=request.user, **fields)
        projection = reverse("api-scenario-projection", args=[saved.pk])
        return Response(
            {
                "id": saved.pk,
                "version": saved.version,
                "name": saved.name,
                "dashboard_url": f"{reverse('region-dashboard', args=[saved.region.code])}?scenario={saved.pk}",
                "document_url": reverse("api-scenario-document", args=[saved.pk]),
                "csv_url": f"{projection}?format=csv",
                "xlsx_url": f"{projection}?format=xlsx",
            }
        )
