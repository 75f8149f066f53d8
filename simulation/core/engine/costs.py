"""What a centre spends in one year (R16, R17). Arrays (D, N), money in SEK."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulation.core.engine.inputs import Centres, Costs
from simulation.core.engine.levers import LeverEffects


@dataclass(frozen=True)
class CostBase:
    """Base-year work, in employee-cost SEK, and the hired share of it (R16)."""

    work: np.ndarray  # W0 = staff_cost + hired_cost / π
    hired_work_share: np.ndarray  # h0

    @classmethod
    def of(cls, centres: Centres, costs: Costs) -> CostBase:
        premium = costs.hired_premium[0]
        work = centres.staff_cost + centres.hired_cost / premium
        hired = np.divide(centres.hired_cost / premium, work, out=np.zeros_like(work), where=work > 0)
        return cls(work, hired)


@dataclass(frozen=True)
class Spend:
    staff: np.ndarray
    hired: np.ndarray
    premises: np.ndarray
    other: np.ndarray
    overhead: np.ndarray
    overhead_funded: np.ndarray  # OHF (R17): the uncharged overhead the region pays centrally; not a cost of the centre
    # R16's intermediate figures, for explanations (§11.3).
    work: np.ndarray  # W (D, N)
    hired_share: np.ndarray  # h (N,)
    gp_extra: np.ndarray | None  # the GP list-size lever's addition to staff (D, N), None without it

    @property
    def total(self) -> np.ndarray:
        return self.staff + self.hired + self.premises + self.other + self.overhead


def hired_work_share(costs: Costs, t: int, base: CostBase, effects: LeverEffects) -> np.ndarray:
    """h, the hired share of work in year t (R16): the base year's, or what a hired-share lever's
    target cost share s comes to at the premium π, s / (π(1 − s) + s)."""
    premium = costs.hired_premium[t]
    target = effects.hired_cost_share[t]
    return np.where(np.isnan(target), base.hired_work_share, target / (premium * (1.0 - target) + target))


def spend_year(
    costs: Costs,
    t: int,
    centres: Centres,
    base: CostBase,
    effects: LeverEffects,
    listed: np.ndarray,
    volume_factor: np.ndarray,
    index_w: np.ndarray,
    index_p: np.ndarray,
    region_run: np.ndarray,
) -> Spend:
    """Compute R16–R17 for year t.

    ``volume_factor`` is λ (R3), ``index_w``/``index_p`` are I_W(t)/I_P(t) per draw, shaped (D, 1);
    ``region_run`` marks egen regi and intraprenad centres in year t (overhead applies only to them).
    """
    # Per-centre coefficients (N,) first, so that each (D, N) array is touched as few times as possible.
    premium = costs.hired_premium[t]
    hired_share = hired_work_share(costs, t, base, effects)
    work_now = base.work * (1.0 - effects.efficiency[t])
    work = (work_now * volume_factor) * index_w  # R16
    staff = work * (1.0 - hired_share)
    hired = work * (hired_share * premium)

    listed_per_gp = effects.listed_per_gp[t]
    has_gp_target = ~np.isnan(listed_per_gp)
    gp_extra = None
    if has_gp_target.any():
        gps_per_listed = np.divide(1.0, listed_per_gp, out=np.zeros(centres.count), where=has_gp_target)
        gp_gap = np.maximum(0.0, listed * gps_per_listed - (centres.gp_fte * has_gp_target) * volume_factor)
        gp_extra = gp_gap * (effects.gp_phase[t] * costs.gp_cost_per_fte[t]) * index_w
        staff += gp_extra

    premises = centres.premises_cost * index_p  # R17
    other = centres.other_cost * volume_factor * index_p
    overhead = (centres.overhead_cost * (1.0 - effects.overhead_reduction[t]) * region_run) * index_p
    overhead_funded = (centres.overhead_cost * effects.overhead_funded[t] * region_run) * index_p
    return Spend(staff, hired, premises, other, overhead, overhead_funded, work, hired_share, gp_extra)
