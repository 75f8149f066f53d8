"""Dashboards for politicians and analysts. Every figure comes from a projection (services);
charts are figure dicts from charts.py, drawn by plotly.js in the browser."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from common.access import public_read
from common.locale import page_language
from healthcentres.selectors import dataset_current
from regions.demo import SOURCES
from regions.selectors import region_get
from simulation.core.scenario import ScenarioInvalid
from simulation.models import Scenario
from simulation.pages.analyses import (
    DEFAULT_PARAMETERS,
    METRICS,
    break_even_choices,
    change_text,
    parameter_label,
)
from simulation.pages.builder import address_values, builder_form, builder_initial
from simulation.pages.builder_start import builder_start
from simulation.pages.explain import why_lines
from simulation.pages.history import history_answer
from simulation.pages.overview_tables import centre_table, unit_table
from simulation.pages.overviews import region_overview_list
from simulation.pages.region import chosen_scenario, int_choice, region_context
from simulation.presentation import charts, dashboards, describe, narrative
from simulation.presentation.demo_sources import demo_source_tables
from simulation.services.projections import (
    scenario_dataset,
    scenario_document,
    scenario_explain,
    scenario_run,
    scenario_summary,
)
from simulation.services.selectors import centre_names, scenario_baseline


@public_read
def home(request):
    """Every region with its baseline headline figures."""
    overviews = region_overview_list()
    return render(
        request,
        "regions/home.html",
        {
            "overviews": overviews,
            "any_demo": any(o.dataset is not None and o.dataset.is_demo for o in overviews),
            "cost_views_definition": dashboards.cost_views_definition(),
        },
    )


@public_read
@require_GET
def method(request):
    """Så räknar vi: the rules in words with their numbers, a glossary of every term the pages use,
    and where the demo data comes from (every figure with its source or the mark *antagande*)."""
    shared, regions = demo_source_tables()
    tables = [{"code": "", "name": "", "national": False, "rows": shared}, *regions]
    return render(request, "simulation/method.html", {"demo_tables": tables, "sources": SOURCES})


@public_read
@require_GET
def region_dashboard(request, code: str):
    region = region_get(code)
    dataset = dataset_current(region)
    context = region_context(request, region, dataset) | {"scenarios": region.scenarios.order_by("name")}
    if dataset is None:
        return render(request, "simulation/dashboard.html", context | {"dataset": None})
    scenario = chosen_scenario(request, region, dataset)
    try:
        done = scenario_run(scenario)
        projection = done.projection
    except ScenarioInvalid as invalid:
        return render(
            request,
            "simulation/dashboard.html",
            context | {"dataset": scenario_dataset(scenario), "scenario": scenario, "problems": invalid.problems},
        )
    return render(request, "simulation/dashboard.html", context | _overview(request, region, scenario, projection))


def _overview(request, region, scenario: Scenario, projection: dict[str, Any]) -> dict[str, Any]:
    """What the overview shows of a scenario's projection: the headline against the baseline, the
    answer in words, the charts, and the centre and unit tables a page at a time (``paging``)."""
    run = projection["runs"][0]
    years = projection["years"]
    year = int_choice(request.GET.get("year"), years[-1], years)
    data = scenario_dataset(scenario)
    names = centre_names(data)
    rows = dashboards.centre_rows(run, year, names)
    units = dashboards.unit_rows(run, year, names)
    reference = _reference_run(region, scenario)
    # The stored summary's document: the words need its rules and levers, not a validation of it.
    document = scenario_summary(scenario)["document"]
    _link_why(region, scenario, year, rows, units)
    centre_id = request.GET.get("centre") or (rows[0]["centre_id"] if rows else "")
    centre = next((r for r in rows if r["centre_id"] == centre_id), rows[0] if rows else None)
    figures = {
        "net-cost": charts.net_cost_chart(run),
        "result-by-form": charts.result_by_form_chart(run),
        "unit-balances": charts.unit_balance_chart(run, names=names),
        "centre-results": charts.centre_result_chart(rows, year),
    }
    centre_page, centre_columns = centre_table(rows, request.GET)
    unit_page, unit_columns = unit_table(units, request.GET, bool(run.get("bands")))
    if centre is not None:
        figures["waterfall"] = charts.waterfall_chart(centre, centre["name"])
    return {
        "dataset": data,
        "scenario": scenario,
        "projection": projection,
        "run": run,
        "years": years,
        "year": year,
        "headline": dashboards.headline(run, reference[1] if reference else None),
        "reference_label": reference[0] if reference else "",
        "answer": narrative.overview_sentences(scenario.name, run, document, reference),
        "assumptions": narrative.answer_assumptions(reference[1] if reference else None, run, document, scenario, data),
        "cost_views_definition": dashboards.cost_views_definition(),
        "cost_views_note": dashboards.cost_views_note(run),
        "centres": rows,
        "centre": centre,
        "centre_page": centre_page,
        "centre_columns": centre_columns,
        "unit_page": unit_page,
        "unit_columns": unit_columns,
        "figures": figures,
        "has_bands": bool(run.get("bands")),
        "history_answer": history_answer(region),
    }


def _reference_run(region, scenario) -> tuple[str, dict] | None:
    """The baseline a chosen scenario is compared with on its overview (none for the baseline)."""
    baseline = scenario_baseline(region, scenario_dataset(scenario))
    if scenario.pk is None or baseline.pk == scenario.pk:
        return None
    try:
        # Its summary's run: the headline and the words read its region rows and sums, as of a run.
        return baseline.name, scenario_summary(baseline)["runs"][0]
    except ScenarioInvalid:
        return None


def _link_why(region, scenario, year: int, centres: list[dict], units: list[dict]) -> None:
    """Give every centre and unit row the address of its *Varför?* page."""
    base = reverse("region-why", args=[region.code])
    common = {"scenario": scenario.pk or "", "year": year}
    for row in centres:
        row["why_url"] = f"{base}?{urlencode(common | {'centre': row['centre_id']})}"
    for row in units:
        row["why_url"] = f"{base}?{urlencode(common | {'unit': row['unit']})}"


@public_read
@require_GET
def region_drivers(request, code: str):
    """What drives the result? A tornado (spec §11.4) of the chosen scenario's metric, run as a job."""
    region = region_get(code)
    dataset = dataset_current(region)
    context = region_context(request, region, dataset) | {"scenarios": region.scenarios.order_by("name")}
    if dataset is None:
        return render(request, "simulation/drivers.html", context | {"dataset": None})
    scenario = chosen_scenario(request, region, dataset)
    metric = request.GET.get("metric") if request.GET.get("metric") in METRICS else "consolidated_cost"
    try:
        document = scenario_document(scenario)
    except ScenarioInvalid as invalid:
        return render(request, "simulation/drivers.html", context | {"dataset": dataset, "problems": invalid.problems})
    try:
        choices = break_even_choices(document)
    except ScenarioInvalid as invalid:
        return render(request, "simulation/drivers.html", context | {"dataset": dataset, "problems": invalid.problems})
    parameters = [p | {"label": parameter_label(p["path"]), "moved": change_text(p)} for p in DEFAULT_PARAMETERS]
    request_template = {"schema": "vardpeng.analysis/1", "kind": "sensitivity", "scenario": document}
    return render(
        request,
        "simulation/drivers.html",
        context
        | {
            "dataset": dataset,
            "scenario": scenario,
            "metric": metric,
            "metrics": [(key, str(label)) for key, label in METRICS.items()],
            "parameters": parameters,
            "analysis_request": request_template,
            "break_even_parameters": choices["parameters"],
            "break_even_metrics": [(m["key"], m["label"]) for m in choices["metrics"]],
        },
    )


@public_read
@require_GET
def region_why(request, code: str):
    """*Varför?* — one centre-year or unit-year explained line by line (spec §11.3). With
    ``fragment=1`` only the explanation, for the overview's dialog."""
    region = region_get(code)
    dataset = dataset_current(region)
    context = region_context(request, region, dataset)
    if dataset is None:
        return render(request, "simulation/why.html", context | {"dataset": None})
    scenario = chosen_scenario(request, region, dataset)
    centre, unit = request.GET.get("centre") or None, request.GET.get("unit") or None
    context |= {"dataset": dataset, "scenario": scenario, "fragment": request.GET.get("fragment") == "1"}
    try:
        projection = scenario_run(scenario).projection
        years = projection["years"]
        year = int_choice(request.GET.get("year"), years[-1], years)
        if centre is None and unit is None and not context["fragment"]:
            # The bare address (typed, bookmarked, shared): ask which figure, rather than refuse.
            return render(request, "simulation/why.html", context | _why_choices(projection, dataset, year))
        language = page_language()
        result = scenario_explain(scenario, year, centre=centre, unit=None if centre else unit, language=language)
    except ScenarioInvalid as invalid:
        template = "simulation/_why.html" if context["fragment"] else "simulation/why.html"
        return render(request, template, context | {"problems": invalid.problems}, status=400)
    back = {"scenario": scenario.pk or "", "year": year} | ({"centre": centre} if centre else {})
    context |= {"result": result, "year": year, "lines": why_lines(result), "back_query": urlencode(back)}
    return render(request, "simulation/_why.html" if context["fragment"] else "simulation/why.html", context)


def _why_choices(projection: dict[str, Any], dataset, year: int) -> dict[str, Any]:
    """What the Varför? page offers when it was not told what to explain: every centre and every
    result unit of the scenario, and its years."""
    names = centre_names(dataset)
    run = projection["runs"][0]
    centres = sorted({c["centre_id"] for c in run["centres"]}, key=lambda c: (names.get(c, c).casefold(), c))
    # A centre that is its own result unit is named by the centre (the dashboard's unit table does too).
    units = sorted(((u, names.get(u, u)) for u in {u["unit"] for u in run["units"]}), key=lambda u: u[1].casefold())
    return {
        "choose": True,
        "year": year,
        "years": projection["years"],
        "centre_choices": [(code, names.get(code, code)) for code in centres],
        "unit_choices": units,
    }


# --- scenario builder ------------------------------------------------------------------------------


@public_read
@require_GET
def builder(request, code: str):
    """Anyone who may read tries levers and sees the money move; analysts of the region save.
    ``?scenario=ID`` opens a saved scenario; the form's other parameters in the address (what the
    page writes there as levers change) reproduce an unsaved reform, so it can be shared."""
    start = builder_start(code, request.GET.get("scenario"))
    region = start.region
    context = region_context(request, region, dataset_current(region)) | {
        "dataset": start.dataset,
        "start": start,
        "problems": start.problems,
    }
    if start.document is None:
        return render(request, "simulation/builder.html", context)
    initial = builder_initial(start.document, region.code)
    egen_regi = [centre for centre, _name in start.egen_regi]
    form = builder_form(start.document, initial=initial | address_values(request.GET, initial, egen_regi))
    return render(
        request,
        "simulation/builder.html",
        context
        | {
            "form": form,
            "base_year": start.years[0],
            "initial": initial,
            "kept_levers": [describe.lever_text(lever) for lever in start.kept.levers],
            "can_save": context["can_edit"],
        },
    )
