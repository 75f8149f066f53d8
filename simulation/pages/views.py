"""Dashboards for politicians and analysts. Every figure comes from a projection (services);
charts are figure dicts from charts.py, drawn by plotly.js in the browser."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from common.access import public_read
from common.locale import page_language
from healthcentres.selectors import dataset_current
from regions.access import can_edit_region
from regions.demo import SOURCES
from regions.selectors import region_get
from simulation.core import numbers
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
from simulation.pages.overviews import region_overview_list
from simulation.presentation import charts, comparison, dashboards, describe, models_compare, narrative
from simulation.presentation.demo_sources import demo_source_tables
from simulation.presentation.downloads import comparison_download
from simulation.services.scenarios import scenario_dataset, scenario_document, scenario_explain, scenario_run
from simulation.services.selectors import centre_names, scenario_baseline

#: The proposals a politician asks about first come first in the default comparison.
PRESET_ORDER = ["motion-70-30", "intraprenad-all", "neutrality", "jamtland-2010", "list-size-1100", "uncertainty"]


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


def _region_context(request, region, current) -> dict[str, Any]:
    """What every region page shows around its content; ``current`` is the region's current dataset."""
    return {"region": region, "can_edit": can_edit_region(request.user, region), "current_dataset": current}


@public_read
@require_GET
def region_dashboard(request, code: str):
    region = region_get(code)
    dataset = dataset_current(region)
    context = _region_context(request, region, dataset) | {"scenarios": region.scenarios.order_by("name")}
    if dataset is None:
        return render(request, "simulation/dashboard.html", context | {"dataset": None})
    scenario = _chosen_scenario(request, region, dataset)
    try:
        done = scenario_run(scenario)
        projection = done.projection
    except ScenarioInvalid as invalid:
        return render(
            request,
            "simulation/dashboard.html",
            context | {"dataset": scenario_dataset(scenario), "scenario": scenario, "problems": invalid.problems},
        )
    run = projection["runs"][0]
    years = projection["years"]
    year = _int(request.GET.get("year"), years[-1], years)
    data = scenario_dataset(scenario)
    names = centre_names(data)
    rows = dashboards.centre_rows(run, year, names)
    units = dashboards.unit_rows(run, year, names)
    reference = _reference_run(region, scenario)
    _link_why(region, scenario, year, rows, units)
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
            "dataset": data,
            "scenario": scenario,
            "projection": projection,
            "run": run,
            "years": years,
            "year": year,
            "headline": dashboards.headline(run, reference[1] if reference else None),
            "reference_label": reference[0] if reference else "",
            "answer": narrative.overview_sentences(scenario.name, run, done.document, reference),
            "assumptions": narrative.answer_assumptions(
                reference[1] if reference else None, run, done.document, scenario, data
            ),
            "cost_views_definition": dashboards.cost_views_definition(),
            "cost_views_note": dashboards.cost_views_note(run),
            "centres": rows,
            "centre": centre,
            "units": units,
            "figures": figures,
            "has_bands": bool(run.get("bands")),
            "history_answer": history_answer(region),
        },
    )


def _reference_run(region, scenario) -> tuple[str, dict] | None:
    """The baseline a chosen scenario is compared with on its overview (none for the baseline)."""
    baseline = scenario_baseline(region, scenario_dataset(scenario))
    if scenario.pk is None or baseline.pk == scenario.pk:
        return None
    try:
        return baseline.name, scenario_run(baseline).projection["runs"][0]
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


def _chosen_scenario(request, region, dataset) -> Scenario:
    """The scenario of ?scenario=ID when the region has it, else the region's baseline."""
    chosen = request.GET.get("scenario")
    if chosen and chosen.isdigit():
        found = region.scenarios.filter(pk=int(chosen)).select_related("dataset").first()
        if found is not None:
            return found
    return scenario_baseline(region, dataset)


def _int(text: str | None, default: int, allowed) -> int:
    return int(text) if text and text.isdigit() and int(text) in allowed else default


@public_read
@require_GET
def region_compare(request, code: str, template: str = "simulation/compare.html"):
    """2–4 scenarios side by side against a reference (``?s=…&s=…&ref=…``: the address reproduces
    the comparison); the print view (``print/``) shows the same as a brief on A4."""
    region = region_get(code)
    dataset = dataset_current(region)
    available = list(region.scenarios.select_related("dataset").order_by("name"))
    context = _region_context(request, region, dataset) | {
        "available": available,
        "max_compared": comparison.MAX_COMPARED,
    }
    if dataset is None:
        return render(request, template, context | {"dataset": None})
    chosen, reference, message = _compared(request, region, dataset, available)
    if reference is None:
        # A region whose analysts have not saved two scenarios yet has nothing to compare.
        return render(request, template, context | {"dataset": dataset, "too_few": True})
    models = models_compare.models_choice(request.GET, region)  # issue 23: other regions' models
    context["models"] = models
    try:
        compared = comparison.comparison_build(chosen, reference)
        compared = models_compare.with_models(compared, region, dataset, models)
    except ScenarioInvalid as invalid:
        return render(request, template, context | {"dataset": dataset, "problems": invalid.problems})
    saved = [("s", c.scenario.pk) for c in compared.scenarios if c.scenario.pk is not None]
    query = urlencode([*saved, ("ref", compared.reference.scenario.pk), *models_compare.models_query(models)])
    return render(
        request,
        template,
        context
        | {
            "dataset": dataset,
            "comparison": compared,
            "chosen_ids": [c.scenario.pk for c in compared.scenarios],
            "reference_id": compared.reference.scenario.pk,
            "labels": [c.label for c in compared.scenarios],
            "years": compared.years,
            "message": message,
            "data_note": _data_note(compared, dataset),
            "query": query,
            "summary": dashboards.comparison_rows([(c.label, c.run) for c in compared.scenarios]),
            "cost_views_definition": dashboards.cost_views_definition(),
            "answers": comparison.answers(compared),
            "components": comparison.component_rows(compared),
            "form_rows": comparison.form_rows(compared),
            "group_tables": comparison.group_tables(compared),
            "ranked": comparison.ranked(compared),
            "figures": (figures := _for(template, comparison.figures(compared))),
            "form_chart_keys": [key for key in figures if key.startswith("compare-form-")],
            "differences": comparison.parameter_differences(compared),
            "model_differences": models_compare.model_differences(compared, numbers.current_language()),
            "today": timezone.localdate(),
        },
    )


def _data_note(compared, current) -> str:
    """When a compared scenario runs on older data than the region's current: say which, since its
    differences then include the change of data."""
    older = [c.label for c in compared.scenarios if scenario_dataset(c.scenario).pk != current.pk]
    if not older:
        return ""
    return _(
        "%(scenarios)s run on older data than the region's current (%(current)s): their differences include "
        "the change of data. Move them to the current data on the scenarios page."
    ) % {"scenarios": ", ".join(older), "current": current.name}


@public_read
@require_GET
def region_compare_print(request, code: str):
    """The comparison as a brief to hand round: A4, the words, the main charts and the tables."""
    return region_compare(request, code, template="simulation/compare_print.html")


def _for(template: str, figures: dict[str, dict]) -> dict[str, dict]:
    return _compact(figures) if template.endswith("_print.html") else figures


def _compact(figures: dict[str, dict]) -> dict[str, dict]:
    """Charts for a printed page: no year axis title (the years say it), the legend close below."""
    for figure in figures.values():
        layout = figure["layout"]
        layout.setdefault("xaxis", {})["title"] = {"text": ""}
        layout["legend"] = layout.get("legend", {}) | {"y": -0.12}
        layout["margin"] = layout.get("margin", {}) | {"b": 50, "t": 40}
    return figures


@public_read
@require_GET
def region_compare_export(request, code: str, kind: str):
    """What the comparison page shows, as Excel or CSV (``variant=machine`` for programs)."""
    region = region_get(code)
    dataset = dataset_current(region)
    if dataset is None or kind not in ("xlsx", "csv"):
        raise Http404
    available = list(region.scenarios.select_related("dataset").order_by("name"))
    chosen, reference, _message = _compared(request, region, dataset, available)
    if reference is None:
        raise Http404
    variant = "machine" if request.GET.get("variant") == "machine" else "sv"
    models = models_compare.models_choice(request.GET, region)  # issue 23: other regions' models
    try:
        compared = comparison.comparison_build(chosen, reference)
        compared = models_compare.with_models(compared, region, dataset, models)
    except ScenarioInvalid as invalid:
        return render(
            request,
            "simulation/compare.html",
            {"region": region, "dataset": dataset, "problems": invalid.problems},
            status=400,
        )
    return comparison_download(compared, region, kind, variant)


def _compared(request, region, dataset, available: list[Scenario]):
    """The chosen scenarios and reference from the address, or the default comparison; with a
    message when the choice cannot be shown as asked. The reference is None when the region has
    fewer than two scenarios to compare.

    Without a reference chosen among them, the reference is "Dagens regler och data" (the
    baseline), added to the chosen scenarios when they leave room for it."""
    ids = [int(s) for s in request.GET.getlist("s") if s.isdigit()]
    by_id = {s.pk: s for s in available}
    chosen = [by_id[i] for i in dict.fromkeys(ids) if i in by_id]
    ref = request.GET.get("ref")
    reference = next((s for s in chosen if ref and ref.isdigit() and s.pk == int(ref)), None)
    baseline = scenario_baseline(region, dataset)
    if chosen and reference is None and baseline.pk is not None and len(chosen) < comparison.MAX_COMPARED:
        chosen = [baseline, *(s for s in chosen if s.pk != baseline.pk)]
    message = ""
    if ids and not comparison.MIN_COMPARED <= len(chosen) <= comparison.MAX_COMPARED:
        message = _(
            "Choose between %(min)s and %(max)s scenarios: you chose %(count)s, so the default comparison is shown."
        ) % {"min": comparison.MIN_COMPARED, "max": comparison.MAX_COMPARED, "count": len(chosen)}
    if not chosen or message:
        chosen, reference = _default_comparison(region, dataset, available), None
    if len(chosen) < comparison.MIN_COMPARED:
        return chosen, None, ""
    if reference is None:
        reference = next((s for s in chosen if s.pk == baseline.pk and baseline.pk is not None), chosen[0])
    return chosen, reference, message


def _default_comparison(region, dataset, available: list[Scenario]) -> list[Scenario]:
    """Without a choice: the baseline against the region's presets (as many as fit; a preset
    always runs on the current data)."""
    baseline = scenario_baseline(region, dataset)
    presets = [s for s in available if s.preset and s.preset != "baseline"]
    presets.sort(key=lambda s: PRESET_ORDER.index(s.preset) if s.preset in PRESET_ORDER else len(PRESET_ORDER))
    first = [baseline] if baseline.pk else []
    most = comparison.MAX_COMPARED
    return (first + presets)[:most] if len(first + presets) >= 2 else available[:most]


@public_read
@require_GET
def region_drivers(request, code: str):
    """What drives the result? A tornado (spec §11.4) of the chosen scenario's metric, run as a job."""
    region = region_get(code)
    dataset = dataset_current(region)
    context = _region_context(request, region, dataset) | {"scenarios": region.scenarios.order_by("name")}
    if dataset is None:
        return render(request, "simulation/drivers.html", context | {"dataset": None})
    scenario = _chosen_scenario(request, region, dataset)
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
    context = _region_context(request, region, dataset)
    if dataset is None:
        return render(request, "simulation/why.html", context | {"dataset": None})
    scenario = _chosen_scenario(request, region, dataset)
    centre, unit = request.GET.get("centre") or None, request.GET.get("unit") or None
    context |= {"dataset": dataset, "scenario": scenario, "fragment": request.GET.get("fragment") == "1"}
    try:
        projection = scenario_run(scenario).projection
        years = projection["years"]
        year = _int(request.GET.get("year"), years[-1], years)
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
    context = _region_context(request, region, dataset_current(region)) | {
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
