"""Metrics (§11.1): one number read from a run's ``region``/``units`` rows of the projection."""

from __future__ import annotations

from typing import Any

from ..engine import FORMS, RunResult

REGION_FLOWS = (
    "net_cost",
    "consolidated_cost",
    "compensation_paid",
    "loss_coverage",
    "recovery",
    "goal_unpaid",
    "neutrality_paid",
)
FORM_RESULTS = (*(f"result.{form}" for form in FORMS), "result.region_run")


def metric_problem(metric: Any, units: set[str]) -> str | None:
    """Why ``metric`` is not one of §11.1's, or None."""
    if not isinstance(metric, str):
        return "must be a metric such as consolidated_cost"
    known = (*REGION_FLOWS, "written_off", *FORM_RESULTS, "region_run_balance")
    if metric in known:
        return None
    if metric.startswith("balance."):
        unit = metric.removeprefix("balance.")
        return None if unit in units else f"unknown unit {unit}"
    return f"must be one of {', '.join(known)} or balance.UNIT"


def metric_value(result: RunResult, metric: str, year: int | None) -> float:
    """The metric of one engine run: flows summed over the horizon (or taken in ``year``), stocks
    read at the last year (or at ``year``). Read from the engine's tables — the same figures the
    projection document (§7) carries."""
    region = result.region if year is None else result.region[result.region["year"] == year]
    last = int(result.region["year"].iloc[-1]) if year is None else year
    if metric == "region_run_balance":
        return float(result.region.loc[result.region["year"] == last, "region_run_balance"].iloc[0])
    if metric.startswith("balance."):
        units = result.units
        rows = units[(units["unit"] == metric.removeprefix("balance.")) & (units["year"] == last)]
        return float(rows["balance_close"].iloc[0]) if len(rows) else 0.0  # 0 in a year it does not exist
    if metric == "written_off":
        units = result.units if year is None else result.units[result.units["year"] == year]
        return float(units["written_off"].sum())
    if metric == "result.region_run":
        return float(region["egen_regi.result"].sum() + region["intraprenad.result"].sum())
    if metric.startswith("result."):
        return float(region[f"{metric.removeprefix('result.')}.result"].sum())
    return float(region[metric].sum())
