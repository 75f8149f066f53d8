"""A region's history — each published year's data, its books (outturn) and what the rules in force
that year say of it — and the back-test: a projection made in an earlier year (the rules then in
force on that year's data, or a saved scenario) against what later years' data and books show.

Every figure is read from projections the one scenario service runs (``scenario_run``, cached):
nothing here computes money (``simulation.core.history`` reads the runs).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from django.utils.translation import gettext as _

from healthcentres.models import Dataset
from healthcentres.outturns import history_units
from healthcentres.selectors import dataset_centre_records, datasets_in_history, outturn_booked
from regions.models import Region
from simulation.core.engine.inputs import FORMS
from simulation.core.history import (
    BacktestRow,
    BeforeAfter,
    Booked,
    BookedAgainstModel,
    YearFigures,
    backtest_rows,
    booked_against_model,
    intraprenad_before_after,
    listed_weighted,
    year_figures,
)
from simulation.core.scenario import Problem, ScenarioInvalid, deep_merge
from simulation.core.summary import REGION_RUN_FORMS
from simulation.models import Scenario
from simulation.services.scenarios import scenario_dataset, scenario_document, scenario_run, sync_bound


@dataclass(frozen=True)
class HistoryYear:
    """One year of the history: its published data read by the rules in force that year (year 0 of
    their projection: ``figures``), its goal figures, and its books where an outturn is uploaded."""

    dataset: Dataset
    figures: YearFigures
    phone_access: float | None
    assessment_3d: float | None
    booked: Booked | None
    units: dict[str, str]  # unit → operating form that year

    @property
    def year(self) -> int:
        return self.dataset.base_year


def history_years(region: Region) -> list[HistoryYear]:
    """Every year of the region's history, oldest first."""
    units = history_units(region)
    booked = outturn_booked(region)
    years = []
    for dataset in datasets_in_history(region):
        figures = year_figures(_year_zero(region, dataset), dataset.base_year)
        records = dataset_centre_records(dataset)
        forms = units.get(dataset.base_year, {})
        books = booked.get(dataset.base_year)
        years.append(
            HistoryYear(
                dataset=dataset,
                figures=figures,
                phone_access=listed_weighted(records, "phone_access"),
                assessment_3d=listed_weighted(records, "assessment_3d"),
                booked=Booked(dataset.base_year, books, forms) if books else None,
                units=forms,
            )
        )
    return years


def region_run_forms(history: list[HistoryYear]) -> dict[int, set[str]]:
    """Year → the region-run operating forms with units that year."""
    return {h.year: {f for f in h.units.values() if f in REGION_RUN_FORMS} for h in history}


def history_comparison(history: list[HistoryYear]) -> tuple[list[BookedAgainstModel], BeforeAfter | None]:
    """The books against the model year by year, and the region-run result before and after the
    centres became an intraprenad (when the history has both)."""
    rows = booked_against_model((h.figures, h.booked) for h in history)
    return rows, intraprenad_before_after(rows, region_run_forms(history))


def history_before_after(region: Region) -> BeforeAfter | None:
    """For the overview: the before-and-after of intraprenad, when the region's history has both
    periods (a cheap look at the units first: most regions have no change of form to answer)."""
    forms = {year: set(units.values()) for year, units in history_units(region).items()}
    if not any("intraprenad" in f for f in forms.values()) or not any(f & {"egen_regi"} for f in forms.values()):
        return None
    return history_comparison(history_years(region))[1]


def default_start(history: list[HistoryYear]) -> int | None:
    """The year a back-test starts from unless asked: the last year before the region-run centres
    changed form (what a projection made then could not know), else the history's first year."""
    forms = region_run_forms(history)
    years = [h.year for h in history]
    changed = [b for a, b in pairwise(years) if forms[a] and forms[b] and forms[a] != forms[b]]
    if changed:
        return years[years.index(changed[0]) - 1]
    return years[0] if len(years) > 1 else None


def _year_zero(region: Region, dataset: Dataset) -> dict[str, Any]:
    """The rules in force in the dataset's year on its data, that year only, without uncertainty:
    what the model says of the year (its run, from the projection cache)."""
    plain = Scenario(
        region=region,
        dataset=dataset,
        name=f"{dataset.name}: {dataset.base_year}",
        overrides={"horizon": 1, "uncertainty": None},
    )
    return scenario_run(plain, sync_bound()).projection["runs"][0]


def history_document(history: list[HistoryYear]) -> dict[str, Any]:
    """The history as the API answers it (``GET /api/v1/regions/{code}/history``)."""
    return {"years": [_year_document(year) for year in history]}


def _year_document(year: HistoryYear) -> dict[str, Any]:
    figures, booked = year.figures, year.booked
    return {
        "year": year.year,
        "dataset": year.dataset.pk,
        "is_demo": year.dataset.is_demo,
        "listed": figures.listed,
        "listed_total": figures.listed_total,
        "market_share": figures.market_share,
        "personnel_cost": figures.personnel_cost,
        "hired_share": figures.hired_share,
        "phone_access": year.phone_access,
        "assessment_3d": year.assessment_3d,
        "result_actual": {form: booked.result(form) if booked else None for form in FORMS},
        "result_model": dict(figures.results),
        "balances": {unit: balance for unit, (_result, balance) in booked.units.items()} if booked else {},
        "balances_model": dict(figures.balances),
        "region_run_balance": {
            "actual": booked.region_run_balance if booked else None,
            "model": figures.region_run_balance,
        },
        "outturn_units": {
            form: {
                "reported": sum(1 for u in (booked.units if booked else {}) if year.units.get(u) == form),
                "units": sum(1 for f in year.units.values() if f == form),
            }
            for form in FORMS
        },
    }


class BacktestRefused(ScenarioInvalid):
    """A back-test that cannot be run as asked (a year outside the history, a scenario not the
    region's); every problem with its parameter."""


@dataclass(frozen=True)
class Backtest:
    """A projection from ``start`` against the history: its rows, and the run they were read from."""

    start: int
    scenario: Scenario | None
    run: dict[str, Any]
    rows: list[BacktestRow]

    @property
    def banded(self) -> list[BacktestRow]:
        return [row for row in self.rows if row.band is not None]

    @property
    def inside(self) -> int:
        return sum(1 for row in self.banded if row.inside)


def backtest(region: Region, start: int | None, scenario: Scenario | None = None) -> Backtest:
    """Run the rules in force in ``start`` on that year's data — or ``scenario``, a saved scenario of
    the region — forward over every later year of the history, and compare each figure with what
    that year's data and books show. Raises BacktestRefused (400) for a year the history cannot
    test or a scenario that runs on data outside it."""
    history = history_years(region)
    years = [h.year for h in history]
    dataset = _start_dataset(history, start, scenario)
    start = dataset.base_year
    later = [y for y in years if y > start]
    if not later:
        raise BacktestRefused([Problem("from", _later_needed(years))])
    # Far enough to reach the history's last year, and never shorter than the document's own.
    source = scenario or Scenario(region=region, dataset=dataset)
    horizon = max(max(later) - start + 1, int(scenario_document(source).get("horizon", 10)))
    projected = Scenario(
        region=region,
        dataset=dataset,
        name=scenario.name if scenario else _("Back-test from %(year)s") % {"year": start},
        overrides=deep_merge((scenario.overrides if scenario else None) or {}, {"horizon": horizon}),
        levers=list(scenario.levers or []) if scenario else [],
    )
    run = scenario_run(projected, sync_bound()).projection["runs"][0]
    data = {h.year: h.figures for h in history}
    booked = {h.year: h.booked for h in history if h.booked is not None}
    return Backtest(start, scenario, run, backtest_rows(run, data, booked, later))


def _start_dataset(history: list[HistoryYear], start: int | None, scenario: Scenario | None) -> Dataset:
    years = [h.year for h in history]
    if scenario is not None:
        dataset = scenario_dataset(scenario)
        if dataset.status not in Dataset.IN_HISTORY:
            message = _("The scenario runs on %(name)s, which is not the published data of its year.")
            raise BacktestRefused([Problem("scenario", message % {"name": dataset.name})])
        if start is not None and start != dataset.base_year:
            message = _("The scenario runs on the data of %(year)s: leave out from, or give %(year)s.")
            raise BacktestRefused([Problem("from", message % {"year": dataset.base_year})])
        return dataset
    if start is None:
        raise BacktestRefused([Problem("from", _later_needed(years))])
    found = next((h.dataset for h in history if h.year == start), None)
    if found is None:
        raise BacktestRefused([Problem("from", _later_needed(years, start))])
    return found


def _later_needed(years: list[int], start: int | None = None) -> str:
    """Why a year cannot start a back-test, with the years that can."""
    usable = years[:-1]
    if not usable:
        return _("A back-test needs at least two years of published data; this region has %(count)s.") % {
            "count": len(years)
        }
    named = {"years": ", ".join(map(str, usable)), "year": start}
    if start is None:
        return _("Project from a year with later data to compare with: %(years)s.") % named
    return _("%(year)s is not a year to project from: choose one with later published data (%(years)s).") % named
