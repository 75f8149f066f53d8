"""Metrics (§11.1): one number read from a run's ``region``/``units`` rows of the projection."""

from __future__ import annotations

from typing import Any

from ..engine import FORMS

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


def metric_value(run: dict[str, Any], metric: str, year: int | None) -> float:
    """The metric of one run: flows summed over the horizon (or taken in ``year``), stocks read at
    the last year (or at ``year``)."""
    region = run["region"]
    if metric == "region_run_balance":
        return float(_at(region, year)["region_run_balance"])
    if metric.startswith("balance."):
        unit = metric.removeprefix("balance.")
        last = year if year is not None else region[-1]["year"]
        rows = [r for r in run["units"] if r["unit"] == unit and r["year"] == last]
        return float(rows[0]["balance_close"]) if rows else 0.0  # 0 in a year the unit does not exist
    if metric == "written_off":
        return float(sum(r["written_off"] for r in run["units"] if year is None or r["year"] == year))
    rows = region if year is None else [_at(region, year)]
    if metric == "result.region_run":
        return float(sum(r["by_form"][f]["result"] for r in rows for f in ("egen_regi", "intraprenad")))
    if metric.startswith("result."):
        form = metric.removeprefix("result.")
        return float(sum(r["by_form"][form]["result"] for r in rows))
    return float(sum(r[metric] for r in rows))


def _at(region: list[dict[str, Any]], year: int | None) -> dict[str, Any]:
    return region[-1] if year is None else next(r for r in region if r["year"] == year)
