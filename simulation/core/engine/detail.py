"""The intermediate figures of one deterministic year, kept so that analyses can explain a figure
from the engine's own computation (§11.3) instead of computing any rule a second time."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulation.core.engine.booking import UnitPolicy
from simulation.core.engine.compensation import Pay, Volumes
from simulation.core.engine.costs import CostBase, Spend
from simulation.core.engine.ledger import UnitYear


@dataclass(frozen=True)
class YearDetail:
    """Everything one deterministic year computed on its way to the rows (§11.3 explains from it):
    arrays are the engine's own, shaped (1, N) per centre and (1, U) per unit as in the year loop."""

    t: int
    volumes: Volumes
    pay: Pay
    spend: Spend
    base: CostBase  # W0 and h0 of R16
    efficiency: np.ndarray  # e(t) of R16 (N,)
    overhead_reduction: np.ndarray  # o(t) of R17 (N,)
    overhead_funded_share: np.ndarray  # o(t) where the region pays the uncharged part centrally (N,)
    gp_phase: np.ndarray  # phase(t) of the GP list-size lever (N,) (R16)
    listed_per_gp: np.ndarray  # its target (N,), NaN where the lever does not apply
    hired_cost_share: np.ndarray  # the hired-share lever's target s (N,), NaN where none applies
    volume_factor: np.ndarray  # λ (1, N)
    base_achievements: dict  # goal key -> the base-year achievement (N,), before any trend (R9)
    index_w: float
    index_p: float
    listed_region_run: float  # Σ L of region-run centres (R14)
    loss_coverage_region_run: float  # LC_rr (R14)
    neutrality: np.ndarray  # NEU (1, N)
    result: np.ndarray  # RES (1, N)
    policy: UnitPolicy  # every unit's policy in this year
    unit_ids: tuple[str, ...]
    unit_of: np.ndarray  # (N,) each centre's unit (index into unit_ids) in this year
    unit_forms: np.ndarray  # (U,) each unit's form code in this year, −1 where it has no centres
    unit_result: np.ndarray  # r_u (1, U), net of the return requirement
    start_capital: np.ndarray  # (U,) start capital of the units a conversion starts this year (R20)
    booked: dict[int, UnitYear]  # unit index → its ledger year (columns of one unit)


def unit_column(moved: UnitYear, i: int) -> UnitYear:
    """One unit's ledger year out of a booked group (column i), its steps included."""
    steps = moved.steps
    if steps is not None:
        steps = type(steps)(**{f: getattr(steps, f)[..., i : i + 1] for f in steps.__dataclass_fields__})
    figures = {f: getattr(moved, f)[:, i : i + 1] for f in UnitYear.__dataclass_fields__ if f != "steps"}
    return UnitYear(**figures, steps=steps)
