"""Lever effects per year and centre (§4): efficiency, overhead, goal trends, hired share, GP list
size, drawdown.

Each lever type fills one (H, N) array (or (H, U) for drawdowns). Levers are applied in list order
and a later lever of the same type overwrites an earlier one wherever it selects the centre in that
year, which is how "the later one in the list wins" (§4). A lever with a ``from_year`` acts from that
year on: before it, an earlier lever's effect stands (spec 1.2's ledger example: the Write-off
variant's overhead cut from 2027 leaves the document's own cut of 2026 in place in 2026).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from simulation.core.engine.inputs import (
    Centres,
    ConvertForm,
    Drawdown,
    Efficiency,
    GoalTrend,
    GpListTarget,
    HiredShare,
    Lever,
    OverheadReduction,
)
from simulation.core.engine.structure import Structure, in_horizon, named_centres, select


@dataclass(frozen=True)
class LeverEffects:
    """Per-year lever parameters. Shapes (H, N) unless noted."""

    efficiency: np.ndarray  # e(t), share of work saved (R16)
    overhead_reduction: np.ndarray  # o(t) (R17)
    overhead_funded: np.ndarray  # o(t) where the region pays what it no longer charges (R17), else 0
    hired_cost_share: np.ndarray  # target hired cost share s(t); NaN where no lever applies (R16);
    # (H, B, N) in a batch run that moves personnel costs, since the path starts from each member's share
    listed_per_gp: np.ndarray  # GP list-size target; NaN where no lever applies (R16)
    gp_phase: np.ndarray  # phase(t) of the GP list-size lever (R16)
    drawdown: np.ndarray  # (H, U) SEK a unit draws from its reserve (R19 step 5)
    goal_trend: dict[str, np.ndarray] = field(default_factory=dict)  # goal key -> (H, N) points added (R9)

    def achievements(self, centres: Centres, t: int) -> dict[str, np.ndarray]:
        """Each goal's achievement a(t) per centre (R9): the base-year field, moved by a trend lever
        and kept within 0–1 where one applies. Shapes as ``centres.achievements``."""
        moved = dict(centres.achievements)
        for key, change in self.goal_trend.items():
            moved[key] = np.clip(moved[key] + change[t], 0.0, 1.0)
        return moved


def base_hired_cost_share(centres: Centres) -> np.ndarray:
    """Hired staff's share of personnel cost in the base year (0 where there is no personnel cost)."""
    personnel = centres.staff_cost + centres.hired_cost
    return np.divide(centres.hired_cost, personnel, out=np.zeros_like(personnel), where=personnel > 0)


@dataclass(frozen=True)
class _Year:
    """What a lever's effect needs to know about one projected year."""

    t: int
    year: int
    base_year: int
    mask: np.ndarray  # the centres the lever applies to this year
    base_share: np.ndarray  # each centre's base-year hired cost share, (N,) or (B, N) in a batch


def _efficiency(arrays: dict[str, np.ndarray], lever: Efficiency, at: _Year) -> None:
    n = at.year - lever.from_year + 1  # ≥ 1: the effect is called only from from_year on
    arrays["efficiency"][at.t, at.mask] = 1.0 - (1.0 - lever.annual) ** n


def _overhead_reduction(arrays: dict[str, np.ndarray], lever: OverheadReduction, at: _Year) -> None:
    arrays["overhead"][at.t, at.mask] = lever.share
    arrays["overhead_funded"][at.t, at.mask] = 0.0 if lever.saved else lever.share


def _goal_trend(arrays: dict[str, np.ndarray], lever: GoalTrend, at: _Year) -> None:
    n = at.year - lever.from_year + 1
    arrays[f"goal_trend.{lever.goal}"][at.t, at.mask] = lever.annual * n


def _hired_share(arrays: dict[str, np.ndarray], lever: HiredShare, at: _Year) -> None:
    span = lever.year - at.base_year
    # A target year at or before the base year holds the target from the base year on.
    progress = 1.0 if span <= 0 else min(1.0, (at.year - at.base_year) / span)
    base = at.base_share[..., at.mask]
    arrays["hired_share"][at.t][..., at.mask] = base + (lever.target - base) * progress


def _gp_list_target(arrays: dict[str, np.ndarray], lever: GpListTarget, at: _Year) -> None:
    phase = (at.year - lever.from_year + 1) / lever.phase_years
    arrays["listed_per_gp"][at.t, at.mask] = lever.listed_per_gp
    arrays["gp_phase"][at.t, at.mask] = min(max(phase, 0.0), 1.0)


#: The yearly effect of each lever type on the centres it selects (§4; R16, R17). Conversions shape
#: the structure instead (structure.py) and drawdowns act on units (below).
EFFECTS: dict[type, Callable[[dict[str, np.ndarray], Any, _Year], None]] = {
    Efficiency: _efficiency,
    OverheadReduction: _overhead_reduction,
    GoalTrend: _goal_trend,
    HiredShare: _hired_share,
    GpListTarget: _gp_list_target,
}


def lever_effects(centres: Centres, levers: tuple[Lever, ...], structure: Structure, years: np.ndarray) -> LeverEffects:
    horizon, count = len(years), centres.count
    base_share = base_hired_cost_share(centres)
    arrays = {
        "efficiency": np.zeros((horizon, count)),
        "overhead": np.zeros((horizon, count)),
        "overhead_funded": np.zeros((horizon, count)),
        "hired_share": np.full((horizon, *np.shape(base_share)), np.nan),
        "listed_per_gp": np.full((horizon, count), np.nan),
        "gp_phase": np.zeros((horizon, count)),
    }
    # A trend per goal that some lever moves; the others keep the base-year achievement (R9).
    for goal in dict.fromkeys(lever.goal for lever in levers if isinstance(lever, GoalTrend)):
        arrays[f"goal_trend.{goal}"] = np.zeros((horizon, count))
    drawdown = np.zeros((horizon, len(structure.unit_ids)))
    unit_index = {u: i for i, u in enumerate(structure.unit_ids)}
    base_year = int(years[0])

    for lever in levers:
        if isinstance(lever, Drawdown):
            if in_horizon(lever.year, years) and lever.unit in unit_index:
                drawdown[lever.year - base_year, unit_index[lever.unit]] = lever.amount
            continue
        if isinstance(lever, ConvertForm):
            continue  # conversions shape the structure, not the yearly parameters
        effect = EFFECTS[type(lever)]
        # §4 (1.1): a hired-share path starts at the base year whatever its target year, so one that
        # ends beyond the horizon is followed inside it; only a from_year outside it has no effect.
        starts = base_year if isinstance(lever, HiredShare) else lever.from_year
        if not in_horizon(starts, years):
            continue
        named = named_centres(lever.selector, centres)
        for t, year in enumerate(years):
            if year < starts:
                continue  # not in effect yet: an earlier lever's effect stands (§4)
            mask = select(lever.selector, named, structure.forms[t])
            if mask.any():
                effect(arrays, lever, _Year(t, int(year), base_year, mask, base_share))
    return LeverEffects(
        arrays["efficiency"],
        arrays["overhead"],
        arrays["overhead_funded"],
        arrays["hired_share"],
        arrays["listed_per_gp"],
        arrays["gp_phase"],
        drawdown,
        {name.removeprefix("goal_trend."): a for name, a in arrays.items() if name.startswith("goal_trend.")},
    )
