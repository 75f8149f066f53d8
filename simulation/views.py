"""Dashboards for politicians and analysts. Every figure comes from a projection (services);
charts are figure dicts from charts.py, drawn by plotly.js in the browser."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from common.access import public_read
from common.api import SimulateThrottle
from healthcentres.selectors import dataset_current
from regions.access import can_edit_region
from regions.selectors import region_get, rulebook_for_year

from . import charts, compare_charts, dashboards
from .builder import BuilderForm, initial_from_rules, to_scenario
from .models import Scenario
from .projection import scenario_project
from .scenario import ScenarioInvalid, prepare
from .selectors import region_overview_list, scenario_baseline
from .services import (
    PreconditionRequired,
    StaleWrite,
    scenario_create,
    scenario_document,
    scenario_prepare,
    scenario_projection,
    scenario_update,
)

MAX_COMPARED = 4
#: The proposals a politician asks about first come first in the default comparison.
PRESET_ORDER = ["motion-70-30", "intraprenad-all", "neutrality", "jamtland-2010", "list-size-1100", "uncertainty"]


@public_read
def home(request):
    """Every region with its baseline headline figures."""
    overviews = region_overview_list()
    return render(
        request,
        "regions/home.html",
        {"overviews": overviews, "any_demo": any(o.region.is_demo for o in overviews)},
    )


def _names(dataset) -> dict[str, str]:
    return {row.centre.code: row.name for row in dataset.rows.select_related("centre")}


def _region_context(request, region) -> dict[str, Any]:
    return {"region": region, "can_edit": can_edit_region(request.user, region)}


@public_read
@require_GET
def region_dashboard(request, code: str):
    region = region_get(code)
    dataset = dataset_current(region)
    context = _region_context(request, region) | {"scenarios": region.scenarios.order_by("name")}
    if dataset is None:
        return render(request, "simulation/dashboard.html", context | {"dataset": None})
    scenario = scenario_baseline(region, dataset)
    chosen = request.GET.get("scenario")
    if chosen and chosen.isdigit():
        scenario = region.scenarios.filter(pk=int(chosen)).select_related("dataset").first() or scenario
    try:
        projection = scenario_projection(scenario)
    except ScenarioInvalid as invalid:
        return render(
            request,
            "simulation/dashboard.html",
            context | {"dataset": dataset, "scenario": scenario, "problems": invalid.problems},
        )
    run = projection["runs"][0]
    years = projection["years"]
    year = _int(request.GET.get("year"), years[-1], years)
    names = _names(scenario.dataset)
    rows = dashboards.centre_rows(run, year, names)
    centre_id = request.GET.get("centre") or (rows[0]["centre_id"] if rows else "")
    centre = next((r for r in rows if r["centre_id"] == centre_id), rows[0] if rows else None)
    figures = {
        "net-cost": charts.net_cost_chart(run),
        "result-by-form": charts.result_by_form_chart(run),
        "unit-balances": charts.unit_balance_chart(run, names=names),
        "centre-results": charts.centre_result_chart(rows, year),
    }
    if centre is not None:
        figures["waterfall"] = charts.waterfall_chart(centre, centre["name"])
    return render(
        request,
        "simulation/dashboard.html",
        context
        | {
            "dataset": scenario.dataset,
            "scenario": scenario,
            "projection": projection,
            "run": run,
            "years": years,
            "year": year,
            "headline": dashboards.headline(run),
            "cost_views_definition": dashboards.cost_views_definition(),
            "cost_views_note": dashboards.cost_views_note(run),
            "centres": rows,
            "centre": centre,
            "units": dashboards.unit_rows(run, year),
            "figures": figures,
            "has_bands": bool(run.get("bands")),
        },
    )


def _int(text: str | None, default: int, allowed) -> int:
    return int(text) if text and text.isdigit() and int(text) in allowed else default


@public_read
@require_GET
def region_compare(request, code: str):
    """2–4 scenarios side by side; the URL (?s=…&s=…) reproduces the comparison."""
    region = region_get(code)
    dataset = dataset_current(region)
    available = list(region.scenarios.select_related("dataset").order_by("name"))
    context = _region_context(request, region) | {"available": available, "max_compared": MAX_COMPARED}
    if dataset is None:
        return render(request, "simulation/compare.html", context | {"dataset": None})
    ids = [int(s) for s in request.GET.getlist("s") if s.isdigit()]
    by_id = {s.pk: s for s in available}
    chosen = [by_id[i] for i in dict.fromkeys(ids) if i in by_id]
    message = ""
    if ids and not 2 <= len(chosen) <= MAX_COMPARED:
        message = _("Choose between 2 and %(max)s scenarios of this region.") % {"max": MAX_COMPARED}
    if not chosen or message:
        chosen = _default_comparison(region, dataset, available)
    labelled = [(s.name, s) for s in chosen]
    try:
        projections = [(label, scenario_projection(s)) for label, s in labelled]
        documents = [scenario_prepare(s).document for _label, s in labelled]  # defaults filled in
    except ScenarioInvalid as invalid:
        return render(request, "simulation/compare.html", context | {"dataset": dataset, "problems": invalid.problems})
    runs = [(label, p["runs"][0]) for label, p in projections]
    names = _names(dataset)
    figures = {
        "compare-cost": compare_charts.compare_cost_chart(runs),
        "compare-difference": compare_charts.compare_difference_chart(runs),
        "compare-region-run-balance": compare_charts.compare_region_run_balance_chart(runs),
        "compare-result-by-form": compare_charts.compare_result_by_form_chart(runs),
    }
    return render(
        request,
        "simulation/compare.html",
        context
        | {
            "dataset": dataset,
            "chosen": chosen,
            "chosen_ids": [s.pk for s in chosen],
            "summary": dashboards.comparison_rows(runs),
            "cost_views_definition": dashboards.cost_views_definition(),
            "figures": figures,
            "gains": dashboards.gains_and_losses(runs, names),
            "differences": dashboards.parameter_differences(documents),
            "labels": [label for label, _s in labelled],
            "message": message,
            "years": projections[0][1]["years"],
        },
    )


def _default_comparison(region, dataset, available: list[Scenario]) -> list[Scenario]:
    """Without a choice: the baseline against the region's presets (as many as fit)."""
    baseline = scenario_baseline(region, dataset)
    presets = [s for s in available if s.preset and s.preset != "baseline" and s.dataset_id == dataset.pk]
    presets.sort(key=lambda s: PRESET_ORDER.index(s.preset) if s.preset in PRESET_ORDER else len(PRESET_ORDER))
    first = [baseline] if baseline.pk else []
    return (first + presets)[:MAX_COMPARED] if len(first + presets) >= 2 else available[:MAX_COMPARED]


# --- scenario builder ------------------------------------------------------------------------------


def _builder_setup(request, code: str):
    region = region_get(code)
    dataset = dataset_current(region)
    rulebook = rulebook_for_year(region, dataset.base_year) if dataset else None
    egen_regi = (
        [(r.centre.code, r.name) for r in dataset.rows.select_related("centre") if r.operating_form == "egen_regi"]
        if dataset
        else []
    )
    return region, dataset, rulebook, egen_regi


def builder(request, code: str):
    """Analysts (and any signed-in user, without saving) try levers and see the money move."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    region, dataset, rulebook, egen_regi = _builder_setup(request, code)
    context = _region_context(request, region) | {"dataset": dataset}
    if dataset is None or rulebook is None:
        return render(request, "simulation/builder.html", context)
    form = BuilderForm(
        initial=initial_from_rules(rulebook.rules, dataset.base_year, region.code), egen_regi_centres=egen_regi
    )
    return render(request, "simulation/builder.html", context | {"form": form, "base_year": dataset.base_year})


def _builder_scenario(request, code: str):
    """Parse the builder's JSON body into an unsaved scenario, or an error response."""
    if not request.user.is_authenticated:
        return None, JsonResponse({"errors": [{"path": "", "message": _("Sign in first.")}]}, status=401)
    throttle = SimulateThrottle()
    if not throttle.allow_request(request, None):
        # Every recompute runs the engine: the same per-user limit as POST /api/v1/simulate.
        wait = int(throttle.wait() or 1)
        message = _("Too many recomputations; wait %(seconds)s s.") % {"seconds": wait}
        response = JsonResponse({"errors": [{"path": "", "message": message}]}, status=429)
        response["Retry-After"] = str(wait)
        return None, response
    region, dataset, rulebook, egen_regi = _builder_setup(request, code)
    if dataset is None or rulebook is None:
        return None, JsonResponse({"errors": [{"path": "", "message": _("This region has no data yet.")}]}, status=400)
    try:
        body = json.loads(request.body or b"{}")
    except json.JSONDecodeError:
        return None, JsonResponse({"errors": [{"path": "", "message": _("The request is not JSON.")}]}, status=400)
    form = BuilderForm(body.get("form") or {}, egen_regi_centres=egen_regi)
    if not form.is_valid():
        problems = [{"path": field, "message": " ".join(messages)} for field, messages in form.errors.items()]
        return None, JsonResponse({"errors": problems}, status=400)
    fields = to_scenario(form.cleaned_data, dataset.base_year)
    name = form.cleaned_data.get("name") or _("New scenario")
    scenario = Scenario(region=region, dataset=dataset, name=name, **fields)
    return (scenario, body), None


@require_POST
def builder_preview(request, code: str):
    """Recompute the charts for the builder's current choices (no page reload, nothing stored)."""
    parsed, error = _builder_scenario(request, code)
    if error:
        return error
    scenario, _body = parsed
    try:
        document = scenario_document(scenario)
        run = scenario_project(prepare(document))["runs"][0]
    except ScenarioInvalid as invalid:
        return JsonResponse({"errors": [p.as_dict() for p in invalid.problems]}, status=400)
    return JsonResponse(
        {
            "figures": {
                "net-cost": charts.net_cost_chart(run),
                "result-by-form": charts.result_by_form_chart(run),
                "unit-balances": charts.unit_balance_chart(run, names=_names(scenario.dataset)),
            },
            "headline": dashboards.headline(run),
            "cost_views_note": dashboards.cost_views_note(run),
            "document": document,
        }
    )


@require_POST
def builder_save(request, code: str):
    """Save the builder's scenario: a new one, or an update of the one saved before (If-Match)."""
    parsed, error = _builder_scenario(request, code)
    if error:
        return error
    scenario, body = parsed
    if not can_edit_region(request.user, scenario.region):
        return JsonResponse(
            {"errors": [{"path": "", "message": _("Only analysts of this region may save.")}]}, status=403
        )
    fields = {"name": scenario.name, "overrides": scenario.overrides, "levers": scenario.levers}
    try:
        if body.get("id"):
            # Only a scenario of this region: the rights checked above are this region's.
            target = Scenario.objects.get(pk=int(body["id"]), region=scenario.region)
            saved = scenario_update(scenario_id=target.pk, expected_version=body.get("version"), changes=fields)
        else:
            saved = scenario_create(region=scenario.region, created_by=request.user, **fields)
    except ScenarioInvalid as invalid:
        return JsonResponse({"errors": [p.as_dict() for p in invalid.problems]}, status=400)
    except StaleWrite as stale:
        return JsonResponse({"errors": [{"path": "version", "message": str(stale)}]}, status=412)
    except PreconditionRequired as missing:
        return JsonResponse({"errors": [{"path": "version", "message": str(missing)}]}, status=428)
    except (Scenario.DoesNotExist, ValueError, TypeError):
        return JsonResponse({"errors": [{"path": "id", "message": _("No such scenario in this region.")}]}, status=404)
    return JsonResponse(
        {
            "id": saved.pk,
            "version": saved.version,
            "name": saved.name,
            "dashboard_url": f"/regions/{saved.region.code}/?scenario={saved.pk}",
            "document_url": f"/api/v1/scenarios/{saved.pk}/document",
            "csv_url": f"/api/v1/scenarios/{saved.pk}/projection?format=csv",
            "xlsx_url": f"/api/v1/scenarios/{saved.pk}/projection?format=xlsx",
        }
    )
