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

from simulation.core import outputs

#: Below this (SEK over the horizon) the two views tell the same story; a page says nothing more.
MATERIAL_GAP_SEK = 0.5e6


def horizon_sum(run: dict[str, Any], field: str) -> float:
    """A flow of the region table summed over the projected years (0 for a field an older
    projection does not hold, such as 1.2's ``overhead_funded``)."""
    return float(sum(row.get(field, 0.0) for row in run["region"]))


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


@dataclass(frozen=True)
class Components:
    """Where a run's money goes over the horizon (SEK, sums over the projected years; the
    region-run balance at the end of the last year). They add up (R21, R26):

    - ``net_cost`` = ``compensation_paid`` + ``loss_coverage`` + ``drawdown`` − ``recovery`` +
      ``overhead_funded``;
    - ``consolidated_cost`` = ``net_cost`` − (``region_run_balance_change`` − ``start_capital``) −
      ``region_run_drawdown``: what the region-run units' balances absorbed is the region's own
      money, and start capital raises their balances without any money moving (R20)."""

    budget: float
    compensation_paid: float
    goal_unpaid: float
    neutrality_paid: float
    overhead_funded: float
    loss_coverage: float
    written_off: float
    drawdown: float
    region_run_drawdown: float
    recovery: float
    expired: float
    net_cost: float
    consolidated_cost: float
    region_run_balance_change: float
    start_capital: float
    region_run_balance_end: float

    @property
    def other_compensation(self) -> float:
        """What compensation holds besides the budget the centres earn and neutrality: VAT
        compensation to private centres less the deductions for visits elsewhere (R12, R13).
        The centres earn the budget less the goal pay nobody earned (R4–R10, R22)."""
        return self.compensation_paid - (self.budget - self.goal_unpaid) - self.neutrality_paid


COMPONENT_FIELDS = tuple(Components.__dataclass_fields__)
#: Operating forms whose balances are the region's own money (R26).
REGION_RUN_FORMS = ("egen_regi", "intraprenad")
#: Components summed from the units' rows rather than read from the region table.
_FROM_UNITS = outputs.names(outputs.REGION, in_table=False)


def components(run: dict[str, Any]) -> Components:
    flows = {f: horizon_sum(run, f) for f in COMPONENT_FIELDS if f not in _FROM_UNITS}
    units = run["units"]
    region_run = [u for u in units if u["operating_form"] in REGION_RUN_FORMS]
    start_capital = float(sum(u.get("start_capital", 0.0) for u in region_run))
    return Components(
        **flows,
        written_off=float(sum(u["written_off"] for u in units)),
        expired=float(sum(u.get("expired", 0.0) for u in units)),
        region_run_drawdown=float(sum(u["drawdown"] for u in region_run)),
        # Σ (close − open) is what R26 takes out of the cash flow; the start capital a unit opens
        # with is in its balance but not in that sum (no money moved), so it is added back here
        # and shown as its own part.
        region_run_balance_change=float(sum(u["balance_close"] - u["balance_open"] for u in region_run))
        + start_capital,
        start_capital=start_capital,
        region_run_balance_end=run["region"][-1]["region_run_balance"],
    )


def components_difference(reference: dict[str, Any], run: dict[str, Any]) -> Components:
    """The run's components less the reference's, field by field."""
    mine, theirs = components(run), components(reference)
    return Components(**{f: getattr(mine, f) - getattr(theirs, f) for f in COMPONENT_FIELDS})


def form_results(run: dict[str, Any]) -> dict[str, float]:
    """Each operating form's summed result over the horizon (the form each centre has that year)."""
    forms = run["region"][0]["by_form"]
    return {form: float(sum(r["by_form"][form]["result"] for r in run["region"])) for form in forms}


def results_by(run: dict[str, Any], group_of: dict[str, str]) -> dict[str, float]:
    """The centres' results summed over the horizon per group (``group_of``: centre id → group)."""
    totals: dict[str, float] = {}
    for row in run["centres"]:
        group = group_of.get(row["centre_id"])
        if group is not None:
            totals[group] = totals.get(group, 0.0) + row["result"]
    return totals


def group_differences(reference: dict[str, Any], run: dict[str, Any], group_of: dict[str, str]) -> dict[str, float]:
    """Per group, the run's summed result less the reference's (groups of either run)."""
    mine, theirs = results_by(run, group_of), results_by(reference, group_of)
    return {g: mine.get(g, 0.0) - theirs.get(g, 0.0) for g in dict.fromkeys([*theirs, *mine])}
