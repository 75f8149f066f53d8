"""A region's history and the back-test of a projection against it: the figures of one year that
the history shows and the back-test compares, read from a projection run (never computed anew),
and the comparison itself. Pure (no Django).

The figures describe the region-run centres (egen regi and intraprenad, R26's region-run forms),
whose operating form the region chooses and whose results its books carry — what an evaluation of
intraprenad judges — beside the region's listed total and their share of it:

- ``listed``: listed at region-run centres (R1); ``listed_total``: at all centres;
- ``market_share``: ``listed / listed_total`` (R21's market share, summed over the region-run forms);
- ``personnel_cost``: region-run centres' own and hired staff (R16: ``cost_staff + cost_hired``);
- ``hired_share``: their hired staff's share of it, ``cost_hired / personnel_cost`` (R16);
- ``result.FORM``: the form's unit results (R19's ``r_u``, after the return requirement), as the
  books carry them; ``result.region_run``: egen regi and intraprenad together (§11.1);
- ``region_run_balance``: the region-run units' balances at year end (R26).

In a run's base year these are the data's own (year 0 of R1 and R16 are the data), so the same
reading gives what a year's data says and what a projection from an earlier year foresaw.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from simulation.core.engine.inputs import FORMS
from simulation.core.summary import REGION_RUN_FORMS

#: The figures a back-test compares, in the order it lists them.
BACKTEST_FIGURES = (
    "listed",
    "personnel_cost",
    "hired_share",
    "result.egen_regi",
    "result.intraprenad",
    "result.private",
    "result.region_run",
    "region_run_balance",
)


@dataclass(frozen=True)
class YearFigures:
    """One year of a run, as the history shows it (see the module)."""

    year: int
    listed: float
    listed_total: float
    personnel_cost: float
    hired_cost: float
    #: form → Σ unit results of that form's units (None when the form has no unit that year)
    results: dict[str, float | None]
    region_run_balance: float
    balances: dict[str, float] = field(default_factory=dict)  # unit → balance at year end

    @property
    def market_share(self) -> float | None:
        return self.listed / self.listed_total if self.listed_total else None

    @property
    def hired_share(self) -> float | None:
        return self.hired_cost / self.personnel_cost if self.personnel_cost else None

    @property
    def region_run_result(self) -> float | None:
        return sum_known(self.results[form] for form in REGION_RUN_FORMS)


def sum_known(values: Iterable[float | None]) -> float | None:
    """The sum of the values that are known (None when none is)."""
    known = [v for v in values if v is not None]
    return float(sum(known)) if known else None


def year_figures(run: Mapping[str, Any], year: int) -> YearFigures:
    """The history's figures of ``year`` in a projection run (one variant's centres, units, region)."""
    centres = [c for c in run["centres"] if c["year"] == year]
    region_run = [c for c in centres if c["operating_form"] in REGION_RUN_FORMS]
    units = [u for u in run["units"] if u["year"] == year]
    region = next(r for r in run["region"] if r["year"] == year)
    results: dict[str, float | None] = {}
    for form in FORMS:
        mine = [u["result"] for u in units if u["operating_form"] == form]
        results[form] = float(sum(mine)) if mine else None
    return YearFigures(
        year=year,
        listed=float(sum(c["listed"] for c in region_run)),
        listed_total=float(sum(c["listed"] for c in centres)),
        personnel_cost=float(sum(c["cost_staff"] + c["cost_hired"] for c in region_run)),
        hired_cost=float(sum(c["cost_hired"] for c in region_run)),
        results=results,
        region_run_balance=float(region["region_run_balance"]),
        balances={u["unit"]: float(u["balance_close"]) for u in units},
    )


def listed_weighted(records: Iterable[Mapping[str, Any]], key: str) -> float | None:
    """A goal figure of the region-run centres' records (§2.1: phone access, assessment within
    three days), weighted by their listed; None without listed."""
    pairs = [(r["listed"], r[key]) for r in records if r["operating_form"] in REGION_RUN_FORMS]
    weight = sum(listed for listed, _value in pairs)
    return sum(listed * value for listed, value in pairs) / weight if weight else None


@dataclass(frozen=True)
class Booked:
    """A year's outturn as the books carry it: each reported unit's (result, balance at year end)."""

    year: int
    units: dict[str, tuple[float, float]]
    forms: dict[str, str]  # unit → its operating form that year (from the year's data)

    def result(self, form: str) -> float | None:
        return sum_known(result for unit, (result, _b) in self.units.items() if self.forms.get(unit) == form)

    @property
    def region_run_result(self) -> float | None:
        return sum_known(self.result(form) for form in REGION_RUN_FORMS)

    @property
    def region_run_balance(self) -> float | None:
        return sum_known(b for unit, (_r, b) in self.units.items() if self.forms.get(unit) in REGION_RUN_FORMS)


def figure_value(figures: YearFigures, figure: str) -> float | None:
    """A back-test figure of a year as the data or a projection has it."""
    if figure.startswith("result."):
        form = figure.removeprefix("result.")
        return figures.region_run_result if form == "region_run" else figures.results[form]
    return {
        "listed": figures.listed,
        "personnel_cost": figures.personnel_cost,
        "hired_share": figures.hired_share,
        "region_run_balance": figures.region_run_balance,
    }[figure]


def actual_value(figure: str, data: YearFigures | None, booked: Booked | None) -> float | None:
    """What happened: the year's data for listed and costs, its books for results and balances."""
    if figure.startswith("result.") or figure == "region_run_balance":
        if booked is None:
            return None
        if figure == "region_run_balance":
            return booked.region_run_balance
        form = figure.removeprefix("result.")
        return booked.region_run_result if form == "region_run" else booked.result(form)
    return figure_value(data, figure) if data is not None else None


def band_of(run: Mapping[str, Any], figure: str, year: int) -> tuple[float, float] | None:
    """The 5–95 % band (R25) of a figure in a year of a Monte Carlo run, where the run has one:
    results by form (the band of the centres' summed results, less the form's return requirements,
    which no draw changes: R19's ``r_u``), the region-run result when one region-run form has units
    that year, and the region-run balance (R26). None otherwise."""
    bands = run.get("bands")
    if not bands:
        return None
    years = [r["year"] for r in run["region"]]
    if year not in years:
        return None
    t = years.index(year)
    if figure == "region_run_balance":
        return bands["region_run_balance"]["p5"][t], bands["region_run_balance"]["p95"][t]
    if not figure.startswith("result."):
        return None
    figures = year_figures(run, year)
    form = figure.removeprefix("result.")
    if form == "region_run":
        present = [f for f in REGION_RUN_FORMS if figures.results[f] is not None]
        if len(present) != 1:
            return None  # percentiles of two forms do not add up to the percentile of their sum
        form = present[0]
    mine = figures.results[form]
    if mine is None:
        return None
    requirement = run["region"][t]["by_form"][form]["result"] - mine
    band = bands["result_by_form"][form]
    return band["p5"][t] - requirement, band["p95"][t] - requirement


@dataclass(frozen=True)
class BacktestRow:
    year: int
    figure: str
    projected: float
    actual: float
    band: tuple[float, float] | None = None

    @property
    def error(self) -> float:
        """Projected less actual: positive where the projection foresaw too much."""
        return self.projected - self.actual

    @property
    def inside(self) -> bool | None:
        return None if self.band is None else self.band[0] <= self.actual <= self.band[1]


def backtest_rows(
    run: Mapping[str, Any],
    data: Mapping[int, YearFigures],
    booked: Mapping[int, Booked],
    years: Iterable[int],
) -> list[BacktestRow]:
    """A projection run against what later years' data (``data``) and books (``booked``) show, for
    every figure both have in ``years`` that the run projects (finite values only)."""
    projected_years = {r["year"] for r in run["region"]}
    rows = []
    for year in sorted(years):
        if year not in projected_years:
            continue
        foreseen = year_figures(run, year)
        for figure in BACKTEST_FIGURES:
            actual = actual_value(figure, data.get(year), booked.get(year))
            projected = figure_value(foreseen, figure)
            if figure.startswith("result.") and figure != "result.region_run" and projected is None:
                projected = 0.0 if actual is not None else None  # the projection has no unit of that form
            if actual is None or projected is None or not (math.isfinite(actual) and math.isfinite(projected)):
                continue
            rows.append(BacktestRow(year, figure, projected, actual, band_of(run, figure, year)))
    return rows


@dataclass(frozen=True)
class BookedAgainstModel:
    """A year's region-run result in the books and by the rules in force that year on its data;
    ``gap`` is what the books hold beyond the model (grants and costs outside the rules, or a
    difference between the data and the books)."""

    year: int
    booked: float
    model: float

    @property
    def gap(self) -> float:
        return self.booked - self.model


def booked_against_model(years: Iterable[tuple[YearFigures, Booked | None]]) -> list[BookedAgainstModel]:
    """Every year with a booked region-run result, beside the model's (oldest first)."""
    found = []
    for figures, booked in years:
        actual = booked.region_run_result if booked is not None else None
        model = figures.region_run_result
        if actual is not None and model is not None:
            found.append(BookedAgainstModel(figures.year, actual, model))
    return sorted(found, key=lambda row: row.year)


@dataclass(frozen=True)
class BeforeAfter:
    """The region-run result before and after the region-run centres became an intraprenad: the
    years of each period, the mean booked result a year and the mean the model gives (SEK)."""

    before: tuple[int, ...]
    after: tuple[int, ...]
    booked_before: float
    booked_after: float
    model_before: float
    model_after: float
    last_before: BookedAgainstModel
    last_after: BookedAgainstModel

    @property
    def change(self) -> float:
        return self.booked_after - self.booked_before

    @property
    def model_change(self) -> float:
        return self.model_after - self.model_before


def intraprenad_before_after(rows: list[BookedAgainstModel], forms: Mapping[int, Iterable[str]]) -> BeforeAfter | None:
    """The booked years before the region-run centres were intraprenad (egen regi only) and after
    (intraprenad only), when the history has both; None otherwise. ``forms``: year → the
    region-run forms with units that year."""
    before = [r for r in rows if set(forms.get(r.year, ())) == {"egen_regi"}]
    after = [r for r in rows if set(forms.get(r.year, ())) == {"intraprenad"}]
    if not before or not after or max(r.year for r in before) > min(r.year for r in after):
        return None

    def mean(values: list[float]) -> float:
        return sum(values) / len(values)

    return BeforeAfter(
        before=tuple(r.year for r in before),
        after=tuple(r.year for r in after),
        booked_before=mean([r.booked for r in before]),
        booked_after=mean([r.booked for r in after]),
        model_before=mean([r.model for r in before]),
        model_after=mean([r.model for r in after]),
        last_before=before[-1],
        last_after=after[-1],
    )
