"""The region's history (``/regions/CODE/history/``): each published year's figures, its books
beside what the model says of it, the answer to "has intraprenad improved the result?" where the
history has one, and a back-test from a chosen year (``?from=YEAR``) or of a saved scenario
(``?scenario=ID``) with its band and how often what happened fell inside it."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from common.access import public_read
from common.query import whole_number
from healthcentres.models import Dataset
from healthcentres.selectors import dataset_current
from regions.access import can_edit_region
from regions.selectors import region_get
from simulation.core.history import BACKTEST_FIGURES
from simulation.core.scenario import ScenarioInvalid
from simulation.presentation import history_words
from simulation.presentation.history_charts import backtest_charts, history_figures
from simulation.services.history import (
    backtest,
    default_start,
    history_before_after,
    history_comparison,
    history_years,
)


@public_read
@require_GET
def region_history(request, code: str):
    region = region_get(code)
    history = history_years(region)
    current = dataset_current(region)
    context = {
        "region": region,
        "can_edit": can_edit_region(request.user, region),
        "current_dataset": current,
        "dataset": current,
        "history": history,
        "any_demo": any(h.dataset.is_demo for h in history),
    }
    if not history:
        return render(request, "simulation/history.html", context)
    rows, before_after = history_comparison(history)
    start, scenario = _chosen(request, region, history)
    done, problems = None, []
    if start is not None or scenario is not None:
        try:
            done = backtest(region, start, scenario)
        except ScenarioInvalid as invalid:
            problems = invalid.problems
    context |= {
        "years": _table(history, {r.year: r for r in rows}),
        "gap_words": history_words.gap_words(rows),
        "before_after": history_words.before_after_words(before_after) if before_after else None,
        "start_years": [h.year for h in history[:-1]],
        "start": done.start if done else start,
        "scenarios": _testable(region, history),
        "scenario": scenario,
        "backtest": done,
        "backtest_rows": _backtest_rows(done) if done else [],
        "backtest_words": history_words.backtest_words(done) if done else [],
        "backtest_charts": backtest_charts(done) if done else [],
        "problems": problems,
        "figures": history_figures(history, done),
    }
    return render(request, "simulation/history.html", context)


def history_answer(region) -> dict | None:
    """For the overview: the evaluation's question, "has intraprenad improved the result?", answered
    from the region's history with its caveat, where the history has years before and after."""
    found = history_before_after(region)
    return history_words.before_after_words(found) if found is not None else None


def _chosen(request, region, history):
    """The back-test asked for in the address (a year, or a saved scenario of the region), else
    the default start year."""
    scenario_id = whole_number(request.GET.get("scenario"))
    if scenario_id is not None:
        scenario = region.scenarios.filter(pk=scenario_id).select_related("dataset").first()
        if scenario is not None:
            return None, scenario
    start = whole_number(request.GET.get("from"))
    years = [h.year for h in history]
    if start is not None and start in years[:-1]:
        return start, None
    return default_start(history), None


def _testable(region, history) -> list:
    """Saved scenarios that run on a published year with later years to compare with."""
    years = {h.dataset.pk for h in history[:-1]}
    return list(region.scenarios.filter(preset="", dataset_id__in=years).order_by("name"))


def _table(history, booked_model) -> list[dict]:
    """The history as a table: each year's figures, its books and the model."""
    found = []
    for h in history:
        row = booked_model.get(h.year)
        found.append(
            {
                "year": h.year,
                "dataset": h.dataset,
                "listed": h.figures.listed,
                "market_share": h.figures.market_share,
                "hired_share": h.figures.hired_share,
                "phone_access": h.phone_access,
                "assessment_3d": h.assessment_3d,
                "booked": row.booked if row else None,
                "model": h.figures.region_run_result,
                "gap": row.gap if row else None,
                "balance": h.booked.region_run_balance if h.booked else None,
                "forms": sorted({f for f in h.units.values() if f != "private"}),
                "published": h.dataset.status == Dataset.Status.CURRENT,
            }
        )
    return found


def _backtest_rows(done) -> list[dict]:
    return [
        {
            "year": r.year,
            "label": history_words.figure_label(r.figure),
            "projected": history_words.figure_text(r.figure, r.projected),
            "actual": history_words.figure_text(r.figure, r.actual),
            "error": history_words.error_text(r.figure, r.error),
            "band": (
                f"{history_words.figure_text(r.figure, r.band[0])} – {history_words.figure_text(r.figure, r.band[1])}"
                if r.band
                else ""
            ),
            "inside": r.inside,
        }
        for r in sorted(done.rows, key=lambda r: (BACKTEST_FIGURES.index(r.figure), r.year))
    ]
