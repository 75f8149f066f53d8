"""The scenario builder's two calls: recompute the charts for the current choices, and save.

REST endpoints like the others (throttled with POST /simulate, errors in the one shape, in the
OpenAPI schema); the builder page posts its form's fields to them with the session's CSRF token.
Anyone who may read may recompute (nothing is stored); analysts of the region save.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import ClosedSerializer, SimulateThrottle, errors
from regions.access import can_edit_region
from regions.selectors import region_get
from simulation.models import Scenario
from simulation.pages.builder import builder_form, to_scenario
from simulation.pages.builder_start import builder_start
from simulation.presentation import charts, dashboards, narrative
from simulation.services.scenarios import scenario_create, scenario_run, scenario_update, sync_bound
from simulation.services.selectors import centre_names


class BuilderRequest(ClosedSerializer):
    form = serializers.DictField(help_text="The builder form's fields by name, as the page sends them")
    id = serializers.IntegerField(
        required=False, allow_null=True, help_text="The saved scenario the builder edits (its data and kept changes)"
    )
    version = serializers.IntegerField(required=False, allow_null=True, help_text="Save: the version read")
    as_new = serializers.BooleanField(required=False, default=False, help_text="Save: as a new scenario")


class PreviewAllowed(permissions.BasePermission):
    """Signed-in users, and anonymous visitors when public read is on (they cannot save)."""

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated) or settings.VARDPENG_PUBLIC_READ


def _builder_scenario(request, code: str) -> tuple[Scenario, dict, Scenario | None]:
    """The builder's choices as an unsaved scenario on the data it started from (a saved
    scenario's, or the region's current data), keeping what the form does not show."""
    body_in = BuilderRequest(data=request.data)
    body_in.is_valid(raise_exception=True)
    body = body_in.validated_data
    start = builder_start(code, body.get("id"))
    if body.get("id") and start.scenario is None:
        raise exceptions.NotFound(_("No such scenario in this region."))
    if start.document is None:
        raise exceptions.ValidationError(_("This region has no data yet."))
    form = builder_form(start.document, body["form"])
    if not form.is_valid():
        raise exceptions.ValidationError(dict(form.errors))
    fields = to_scenario(form.cleaned_data, start.years[0], start.kept)
    name = form.cleaned_data.get("name") or _("New scenario")
    scenario = Scenario(region=start.region, dataset=start.dataset, name=name, **fields)
    if start.scenario is not None:
        scenario.description, scenario.variants = start.scenario.description, start.scenario.variants
    return scenario, body, start.scenario


class BuilderPreviewApi(APIView):
    """Recompute the builder's charts for its current choices (nothing stored); the headline
    figures also as differences from the region's rules on the same data."""

    permission_classes = [PreviewAllowed]
    throttle_classes = [SimulateThrottle]  # every recompute runs the engine, as /simulate does

    @extend_schema(request=BuilderRequest, responses={200: dict, **errors(400, 401, 404, 413, 429)}, tags=["builder"])
    def post(self, request, code: str):
        scenario, _body, _saved = _builder_scenario(request, code)
        done = scenario_run(scenario, bound=sync_bound(_("Use fewer variants or a shorter horizon.")))
        plain = Scenario(region=scenario.region, dataset=scenario.dataset, name=_("Current rules and data"))
        reference = scenario_run(plain).projection["runs"][0]
        run = done.projection["runs"][0]
        return Response(
            {
                "figures": {
                    "net-cost": charts.net_cost_chart(run),
                    "result-by-form": charts.result_by_form_chart(run),
                    "unit-balances": charts.unit_balance_chart(run, names=centre_names(scenario.dataset)),
                },
                "headline": dashboards.headline(run, reference),
                "answer": narrative.overview_sentences(
                    str(scenario.name), run, done.document, (str(plain.name), reference)
                ),
                "last_year": run["region"][-1]["year"],
                "reference": str(plain.name),
                "cost_views_note": dashboards.cost_views_note(run),
                "document": done.document,
            }
        )


class BuilderSaveApi(APIView):
    """Save the builder's scenario: a new version of the scenario it opened (its version, 412 when
    someone saved in between), or a new scenario (no id, or ``as_new``)."""

    permission_classes = [permissions.IsAuthenticated]
    throttle_classes = [SimulateThrottle]

    @extend_schema(
        request=BuilderRequest,
        responses={200: dict, **errors(400, 401, 403, 404, 412, 413, 428, 429)},
        tags=["builder"],
    )
    def post(self, request, code: str):
        # Who may save is decided before anything sent is read: a viewer learns nothing from the
        # validation of a form they may not save.
        if not can_edit_region(request.user, region_get(code)):
            raise exceptions.PermissionDenied(_("Only analysts of this region may save."))
        scenario, body, saved_before = _builder_scenario(request, code)
        fields = {"name": scenario.name, "overrides": scenario.overrides, "levers": scenario.levers}
        if saved_before is not None and not body.get("as_new"):
            saved = scenario_update(
                scenario_id=saved_before.pk, expected_version=body.get("version"), changes=fields, user=request.user
            )
        else:
            extra = {"variants": scenario.variants, "description": scenario.description} if saved_before else {}
            saved = scenario_create(
                region=scenario.region, created_by=request.user, dataset=scenario.dataset, **fields, **extra
            )
        projection = reverse("api-scenario-projection", args=[saved.pk])
        return Response(
            {
                "id": saved.pk,
                "version": saved.version,
                "name": saved.name,
                "dashboard_url": f"{reverse('region-dashboard', args=[saved.region.code])}?scenario={saved.pk}",
                "builder_url": f"{reverse('region-builder', args=[saved.region.code])}?scenario={saved.pk}",
                "history_url": reverse("region-scenario-history", args=[saved.region.code, saved.pk]),
                "document_url": reverse("api-scenario-document", args=[saved.pk]),
                "csv_url": f"{projection}?format=csv",
                "xlsx_url": f"{projection}?format=xlsx",
            }
        )
