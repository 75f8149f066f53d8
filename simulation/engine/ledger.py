"""The result-unit ledger (R19, R20): reserves, open deficits by year of origin, write-offs.

State per draw and unit: a reserve S ≥ 0 and open deficits D[y] ≥ 0 by the year y they arose, so
that restoration deadlines are exact. Slot k of the deficit axis holds the deficit that arose in
base_year − 1 + k (slot 0: a negative opening balance).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .inputs import CARRIED, COVERED


@dataclass(frozen=True)
class UnitPolicy:
    """The ledger policy of the processed units in one year, one entry per unit."""

    deficit: np.ndarray  # codes COVERED / CARRIED / BORNE
    surplus_retention: np.ndarray
    restoration_years: np.ndarray
    return_requirement: np.ndarray
    surplus_cap: np.ndarray


@dataclass(frozen=True)
class UnitYear:
    """One year's ledger movements of the processed units, each (D, len(units))."""

    balance_open: np.ndarray
    balance_close: np.ndarray
    recovery: np.ndarray
    loss_coverage: np.ndarray
    written_off: np.ndarray
    drawdown: np.ndarray


class Ledger:
    """Ledger state of U units over D draws, advanced one year at a time."""

    def __init__(self, draws: int, units: int, horizon: int, base_year: int) -> None:
        self.reserve = np.zeros((draws, units))
        self.deficits = np.zeros((draws, units, horizon + 1))
        self.base_year = base_year

    def open(self, units: np.ndarray, balance: np.ndarray) -> None:
        """Start units afresh with a balance (R19: opening balance; R20: start capital).

        A positive balance is the opening reserve; a negative one is an open deficit dated the
        year before the base year (only the base year's opening balances can be negative).
        """
        self.reserve[:, units] = np.maximum(balance, 0.0)
        self.deficits[:, units, :] = 0.0
        self.deficits[:, units, 0] = np.maximum(-balance, 0.0)

    def balance(self, units: np.ndarray) -> np.ndarray:
        return self.reserve[:, units] - self.deficits[:, units, :].sum(axis=-1)

    def step(
        self,
        t: int,
        units: np.ndarray,
        result: np.ndarray,
        policy: UnitPolicy,
        drawdown: np.ndarray,
        closing: np.ndarray,
    ) -> UnitYear:
        """Book year t for ``units`` (indices) with unit results r_u (D, len(units)) (R19 steps 1–6).

        ``result`` is already net of the return requirement. ``closing`` marks units that have no
        centres next year: they close at the end of this year (R20).
        """
        used = t + 2  # slots that can hold a deficit by the end of year t
        reserve = self.reserve[:, units]
        deficits = self.deficits[:, units, :used]
        balance_open = reserve - deficits.sum(axis=-1)

        recovery = np.broadcast_to(policy.return_requirement, result.shape).copy()  # step 1
        loss_coverage = np.zeros_like(result)
        surplus = np.maximum(result, 0.0)
        shortfall = np.maximum(-result, 0.0)

        # Step 2: restore open deficits oldest first, then keep a share of what is left.
        restoring = surplus > 0
        if restoring.any():
            owed = np.cumsum(deficits, axis=-1)
            still_owed = np.maximum(owed - surplus[..., None], 0.0)
            paid_down = np.diff(still_owed, axis=-1, prepend=0.0)
            deficits = np.where(restoring[..., None], paid_down, deficits)
            left = surplus - (owed[..., -1] - still_owed[..., -1])
            kept = policy.surplus_retention * left
            reserve = reserve + kept
            recovery += left - kept
        in_surplus = result >= 0
        excess = np.where(in_surplus, np.maximum(reserve - policy.surplus_cap, 0.0), 0.0)
        reserve = reserve - excess
        recovery += excess

        # Step 3: a deficit is covered by the region, or met from the reserve and then carried.
        covered = policy.deficit == COVERED
        loss_coverage += np.where(covered, shortfall, 0.0)
        from_reserve = np.where(covered, 0.0, np.minimum(reserve, shortfall))
        reserve = reserve - from_reserve
        deficits[..., t + 1] += np.where(covered, 0.0, shortfall - from_reserve)

        # Step 4: carried deficits past their restoration years are written off.
        origin = self.base_year - 1 + np.arange(used)
        due = (self.base_year + t - origin)[None, :] >= policy.restoration_years[:, None]
        due &= (policy.deficit == CARRIED)[:, None]
        written_off = np.where(due, deficits, 0.0).sum(axis=-1)
        deficits = np.where(due, 0.0, deficits)
        loss_coverage += written_off

        # Step 5: drawdown from the reserve.
        drawn = np.minimum(drawdown, reserve)
        reserve = reserve - drawn

        # R20: a unit left with no centres hands its reserve and open deficits to the region.
        if closing.any():
            left_open = np.where(closing, deficits.sum(axis=-1), 0.0)
            recovery += np.where(closing, reserve, 0.0)
            loss_coverage += left_open
            written_off = written_off + left_open
            reserve = np.where(closing, 0.0, reserve)
            deficits = np.where(closing[:, None], 0.0, deficits)

        self.reserve[:, units] = reserve
        self.deficits[:, units, :used] = deficits
        balance_close = reserve - deficits.sum(axis=-1)  # step 6
        return UnitYear(balance_open, balance_close, recovery, loss_coverage, written_off, drawn)
