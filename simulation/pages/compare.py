"""The comparison: 2–4 scenarios side by side against a reference, on a page, as a printed brief
and as downloads. Every figure is read from the summaries stored beside cached projections
(``simulation.presentation.comparison``): a national comparison parses no projection."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from common.access import public_read
from common.query import whole_number
from healthcentres.selectors import dataset_current
from regions.selectors import region_get
from simulation.core import numbers
from simulation.core.scenario import ScenarioInvalid
from simulation.models import Scenario
from simulation.pages.region import region_context
from simulation.presentation import comparison, dashboards, models_compare
from simulation.presentation.downloads import comparison_download, model_budgets
from simulation.services.projections import scenario_dataset
from simulation.services.selectors import scenario_baseline

#: The proposals a politician asks about first come first in the default comparison.
PRESET_ORDER = ["motion-70-30", "intraprenad-all", "neutrality", "jamtland-2010", "list-size-1100", "uncertainty"]
#: Above twice this many centres the page lists this many of the largest gains and of the largest
#: losses per scenario (the downloads list every centre): 1 200 centres × 3 scenarios would be most
#: of a national page. A region's few dozen centres are all listed.
RANKED_ENDS = 50


@public_read
@require_GET
def region_compare(request, code: str, template: str = "simulation/compare.html"):
    """2–4 scenarios side by side against a reference (``?s=…&s=…&ref=…``: the address reproduces
    the comparison); the print view (``print/``) shows the same as a brief on A4."""
    region = region_get(code)
    dataset = dataset_current(region)
    available = list(region.scenarios.select_related("dataset").order_by("name"))
    context = region_context(request, region, dataset) | {
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
    shown = _shown(compared, dataset, template, message, models_compare.models_query(models))
    budgets = model_budgets(models, region)
    shown["column_budgets"] = [budgets.get(c.label, "") for c in compared.scenarios]
    return render(request, template, context | {"dataset": dataset} | shown)


def _shown(
    compared: comparison.Comparison, dataset, template: str, message: str, models_query: list[tuple[str, str]]
) -> dict[str, Any]:
    """What the comparison page shows of a built comparison (one entry per table or chart, each a
    row per figure with a value per compared scenario)."""
    # Another region's model is a column without a saved scenario: the address names it by ?models=.
    saved = [("s", c.scenario.pk) for c in compared.scenarios if c.scenario.pk is not None]
    query = urlencode([*saved, ("ref", compared.reference.scenario.pk), *models_query])
    figures = _for(template, comparison.figures(compared))
    return {
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
        "ranked": comparison.ranked(compared, RANKED_ENDS),
        "figures": figures,
        "form_chart_keys": [key for key in figures if key.startswith("compare-form-")],
        "differences": comparison.parameter_differences(compared),
        "model_differences": models_compare.model_differences(compared, numbers.current_language()),
        "today": timezone.localdate(),
    }


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
    return comparison_download(compared, region, kind, variant, models)


def _compared(request, region, dataset, available: list[Scenario]):
    """The chosen scenarios and reference from the address, or the default comparison; with a
    message when the choice cannot be shown as asked. The reference is None when the region has
    fewer than two scenarios to compare.

    Without a reference chosen among them, the reference is "Dagens regler och data" (the
    baseline), added to the chosen scenarios when they leave room for it."""
    ids = [n for n in map(whole_number, request.GET.getlist("s")) if n is not None]
    by_id = {s.pk: s for s in available}
    chosen = [by_id[i] for i in dict.fromkeys(ids) if i in by_id]
    ref = whole_number(request.GET.get("ref"))
    reference = next((s for s in chosen if s.pk == ref), None)
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
