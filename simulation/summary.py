"""The figures pages show that a projection does not hold as such: sums over the horizon and
differences between scenarios. Pure (no Django); the only place such figures are derived.

The two views of the region's cost (spec R21, R26):
- ``net_cost`` is the cash flow: what the region pays out in the year;
- ``consolidated_cost`` is what primary care really costs the region, counting a deficit carried in
  one of its own (egen regi or intraprenad) units as the region's money the year it arises.
Their difference over the horizon is what the region-run units' balances absorbed (plus their
drawdowns): money that is the region's whether or not it has been written off yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: Below this (SEK over the horizon) the two views tell the same story; a page says nothing more.
MATERIAL_GAP_SEK = 0.5e6


def horizon_sum(run: dict[str, Any], field: str) -> float:
    """A flow of the region table summed over the projected years."""
    return float(sum(row[field] for row in run["region"]))


@dataclass(frozen=True)
class CostViews:
    """A run's two cost figures over the horizon, and the region-run balance they differ by."""

    net_cost: float
    consolidated_cost: float
    region_run_balance_end: float  # at the end of the last year
    last_year: int

    @property
    def gap(self) -> float:
        """Net cost less consolidated cost: what the region-run units' balances absorbed (R26)."""
        return self.net_cost - self.consolidated_cost

    @property
    def tell_different_stories(self) -> bool:
        return abs(self.gap) >= MATERIAL_GAP_SEK


def cost_views(run: dict[str, Any]) -> CostViews:
    last = run["region"][-1]
    net_cost, consolidated = horizon_sum(run, "net_cost"), horizon_sum(run, "consolidated_cost")
    return CostViews(net_cost, consolidated, last["region_run_balance"], last["year"])


@dataclass(frozen=True)
class ScenarioDifference:
    """One scenario against the reference over the horizon (positive: costs the region more)."""

    net_cost: float
    consolidated_cost: float
    loss_coverage: float
    region_run_balance_end: float  # difference of the balances at the end of the last year

    @property
    def saving_is_carried(self) -> bool:
        """Net cost falls while the region-run units end poorer: (part of) the saving is a deficit
        the region's own units carry, not money saved (R26)."""
        return self.net_cost <= -MATERIAL_GAP_SEK and self.region_run_balance_end <= -MATERIAL_GAP_SEK


def scenario_difference(reference: dict[str, Any], run: dict[str, Any]) -> ScenarioDifference:
    return ScenarioDifference(
        net_cost=horizon_sum(run, "net_cost") - horizon_sum(reference, "net_cost"),
        consolidated_cost=horizon_sum(run, "consolidated_cost") - horizon_sum(reference, "consolidated_cost"),
        loss_coverage=horizon_sum(run, "loss_coverage") - horizon_sum(reference, "loss_coverage"),
        region_run_balance_end=run["region"][-1]["region_run_balance"] - reference["region"][-1]["region_run_balance"],
    )


def per_listed(amount: float, listed: float) -> float:
    """SEK per listed person (0 for a centre without listed)."""
    return amount / listed if listed else 0.0


def centre_result_differences(reference: dict[str, Any], run: dict[str, Any]) -> list[tuple[float, str]]:
    """Each centre's result summed over the horizon, less the reference's: (difference, centre id),
    largest gain first. Centres missing from the run count as 0."""

    def totals(of: dict[str, Any]) -> dict[str, float]:
        summed: dict[str, float] = {}
        for row in of["centres"]:
            summed[row["centre_id"]] = summed.get(row["centre_id"], 0.0) + row["result"]
        return summed

    base, changed = totals(reference), totals(run)
    return sorted(((changed.get(c, 0.0) - base[c], c) for c in base), reverse=True)


def yearly_differences(reference: dict[str, Any], run: dict[str, Any], field: str) -> tuple[list[int], list[float]]:
    """A region figure of the run less the reference's, for every year both project."""
    first = {r["year"]: r[field] for r in reference["region"]}
    rows = [r for r in run["region"] if r["year"] in first]
    return [r["year"] for r in rows], [r[field] - first[r["year"]] for r in rows]


def market_shares(listed_by_form: dict[str, float]) -> dict[str, float]:
    """Each form's share of the listed persons (0 when nobody is listed)."""
    total = sum(listed_by_form.values())
    return {form: listed / total if total else 0.0 for form, listed in listed_by_form.items()}
