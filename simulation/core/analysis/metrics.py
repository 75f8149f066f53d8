"""Metrics (§11.1): one number read from a run's ``region``/``units`` rows of the projection.

A metric is read from yearly series, one row per run: those of one engine run (its tables, the same
figures the projection document carries) or those of a batch of runs (``engine.batch``). What a
metric means — which series, flow or stock, summed or read in one year — is written once, here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from simulation.core import outputs
from simulation.core.engine import FORMS, RunResult
from simulation.core.engine.batch import BatchResult

#: Flows of the region table (R21, R26) and flows summed over the units' rows: written-off deficits
#: (R19 step 4, R20), expired surplus (step 4b). The table of output figures says which.
REGION_FLOWS = outputs.REGION_METRICS
UNIT_FLOWS = outputs.UNIT_METRICS
FORM_RESULTS = (*(f"result.{form}" for form in FORMS), "result.region_run")

#: A source of yearly series: name → (runs, years). Names: a region field, a unit flow (summed over
#: units), ``result.FORM`` and ``balance.UNIT`` (0 in a year the unit has no centres).
Series = Callable[[str], np.ndarray]


def metric_problem(metric: Any, units: set[str]) -> str | None:
    """Why ``metric`` is not one of §11.1's, or None."""
    if not isinstance(metric, str):
        return "must be a metric such as consolidated_cost"
    known = (*REGION_FLOWS, *UNIT_FLOWS, *FORM_RESULTS, "region_run_balance")
    if metric in known:
        return None
    if metric.startswith("balance."):
        unit = metric.removeprefix("balance.")
        return None if unit in units else f"unknown unit {unit}"
    return f"must be one of {', '.join(known)} or balance.UNIT"


def metric_values(series: Series, years: np.ndarray, metric: str, year: int | None) -> np.ndarray:
    """The metric of each run (§11.1): flows summed over the horizon (or taken in ``year``), stocks
    read at the last year (or at ``year``)."""
    if metric == "region_run_balance" or metric.startswith("balance."):
        at = len(years) - 1 if year is None else int(np.flatnonzero(years == year)[0])
        return series(metric)[:, at]
    if metric == "result.region_run":
        values = series("result.egen_regi") + series("result.intraprenad")
    else:
        values = series(metric)
    return values.sum(axis=1) if year is None else values[:, years == year].sum(axis=1)


def metric_value(result: RunResult, metric: str, year: int | None) -> float:
    """The metric of one engine run, read from its tables."""
    years = result.region["year"].to_numpy()
    return float(metric_values(run_series(result), years, metric, year)[0])


def batch_metric_values(result: BatchResult, metric: str, year: int | None) -> np.ndarray:
    """The metric of every member of a batch run."""
    return metric_values(batch_series(result), result.years, metric, year)


def run_series(result: RunResult) -> Series:
    region, units = result.region, result.units
    years = region["year"].to_numpy()

    def series(name: str) -> np.ndarray:
        if name.startswith("result."):
            return region[f"{name.removeprefix('result.')}.result"].to_numpy(dtype=float)[None, :]
        if name in UNIT_FLOWS:
            by_year = units.groupby("year")[name].sum()
            return by_year.reindex(years, fill_value=0.0).to_numpy(dtype=float)[None, :]
        if name.startswith("balance."):
            rows = units[units["unit"] == name.removeprefix("balance.")].set_index("year")["balance_close"]
            return rows.reindex(years, fill_value=0.0).to_numpy(dtype=float)[None, :]
        return region[name].to_numpy(dtype=float)[None, :]

    return series


def batch_series(result: BatchResult) -> Series:
    def series(name: str) -> np.ndarray:
        if name.startswith("balance."):
            unit = name.removeprefix("balance.")
            if unit not in result.unit_ids:
                return np.zeros((result.unit_balance.shape[0], len(result.years)))
            return result.unit_balance[:, result.unit_ids.index(unit), :]
        return result.region[name]

    return series
