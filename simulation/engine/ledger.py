"""The result-unit ledger (R19, R20): reserves, open deficits by year of origin, write-offs.

State per draw and unit: a reserve S ≥ 0 and open deficits D[y] ≥ 0 by the year y they arose, so
that restoration deadlines are exact. Slot k of the deficit state holds the deficits that arose in
base_year − 1 + k (slot 0: a negative opening balance).

Layout, for speed with many draws: deficits are stored slot-major, one (D, U) plane per slot, and
the units are kept in an order where the units booked together (region-run units, then private
units, see ``arrange``) sit side by side, so that a year's step works on views, not copies.
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
class LedgerSteps:
    """What each step of R19–R20 moved, for explanations (§11.3); each (D, len(units))."""

    reserve_open: np.ndarray  # S before the year
    owed_open: np.ndarray  # Σ D before the year
    restored: np.ndarray  # step 2: open deficits restored
    kept: np.ndarray  # step 2: surplus kept in the reserve
    over_cap: np.ndarray  # step 2: reserve above the surplus cap, to the region
    from_reserve: np.ndarray  # step 3: deficit met from the reserve
    new_deficit: np.ndarray  # step 3: deficit carried as a new open deficit
    written_off_due: np.ndarray  # step 4: carried deficits past their restoration years
    drawdown_planned: np.ndarray  # step 5: the lever's amount
    reserve_before_drawdown: np.ndarray  # step 5: S the drawdown is limited by
    reserve_handed: np.ndarray  # R20: reserve handed to the region at closing
    deficit_handed: np.ndarray  # R20: open deficits the region takes over at closing
    reserve_close: np.ndarray
    owed_close: np.ndarray
    open_deficits: np.ndarray  # (slots, D, len(units)) after the year; slot k arose in base_year − 1 + k


@dataclass(frozen=True)
class UnitYear:
    """One year's ledger movements of the processed units, each (D, len(units))."""

    balance_open: np.ndarray
    balance_close: np.ndarray
    recovery: np.ndarray
    loss_coverage: np.ndarray
    written_off: np.ndarray
    drawdown: np.ndarray
    steps: LedgerSteps | None = None  # only when asked for (a deterministic run being explained)


class Ledger:
    """Ledger state of U units over D draws, advanced one year at a time."""

    def __init__(self, draws: int, units: int, horizon: int, base_year: int) -> None:
        self.reserve = np.zeros((draws, units))
        self.deficits = np.zeros((horizon + 1, draws, units))
        self.owed = np.zeros((draws, units))  # Σ over slots of the open deficits, kept in step
        self.base_year = base_year
        self.order = np.arange(units)  # position -> unit
        self.position = np.arange(units)  # unit -> position

    def arrange(self, t: int, *groups: np.ndarray) -> None:
        """Put each group of units side by side (in this order) before year t is booked, moving the
        state only when needed, and only the deficit slots that can be in use."""
        wanted = np.concatenate(groups) if groups else np.empty(0, dtype=int)
        if np.array_equal(self.order[: len(wanted)], wanted):
            return
        order = np.concatenate([wanted, np.setdiff1d(self.order, wanted, assume_unique=True)])
        moves = self.position[order]
        self.reserve = self.reserve[:, moves]
        self.owed = self.owed[:, moves]
        self.deficits[: t + 1] = self.deficits[: t + 1, :, moves]  # later slots are still all zero
        self.order = order
        self.position = np.empty_like(order)
        self.position[order] = np.arange(len(order))

    def _span(self, units: np.ndarray) -> slice:
        start = int(self.position[units[0]]) if len(units) else 0
        span = slice(start, start + len(units))
        if not np.array_equal(self.order[span], units):
            raise ValueError("units must be arranged side by side before they are booked")
        return span

    def open(self, units: np.ndarray, balance: np.ndarray) -> None:
        """Start units afresh with a balance (R19: opening balance; R20: start capital).

        A positive balance is the opening reserve; a negative one is an open deficit dated the
        year before the base year (only the base year's opening balances can be negative).
        """
        at = self.position[units]
        self.reserve[:, at] = np.maximum(balance, 0.0)
        self.deficits[:, :, at] = 0.0
        self.deficits[0][:, at] = np.maximum(-balance, 0.0)
        self.owed[:, at] = np.maximum(-balance, 0.0)

    def step(
        self,
        t: int,
        units: np.ndarray,
        result: np.ndarray,
        policy: UnitPolicy,
        drawdown: np.ndarray,
        closing: np.ndarray,
        detail: bool = False,
    ) -> UnitYear:
        """Book year t for ``units`` (arranged side by side) with unit results r_u, (D, len(units)).

        ``result`` is already net of the return requirement. ``closing`` marks units that have no
        centres next year: they close at the end of this year (R20). R19 steps 1–6. With
        ``detail`` the year's steps are kept too (``UnitYear.steps``).
        """
        span = self._span(units)
        reserve = self.reserve[:, span]  # views: updated in place
        owed = self.owed[:, span]
        planes = [self.deficits[k, :, span] for k in range(t + 2)]  # slots that can hold a deficit
        balance_open = reserve - owed
        opened = (reserve.copy(), owed.copy()) if detail else None

        surplus = np.maximum(result, 0.0)
        shortfall = np.maximum(-result, 0.0)

        # Step 2: restore open deficits oldest first, then keep a share of what is left.
        restored = np.minimum(surplus, owed)
        left = surplus - restored
        if restored.any():
            to_pay = restored.copy()
            for plane in planes[:-1]:
                paid = np.minimum(plane, to_pay)
                plane -= paid
                to_pay -= paid
            owed -= restored
        kept = policy.surplus_retention * left
        reserve += kept
        recovery = (left - kept) + policy.return_requirement  # step 1: the return requirement
        excess = None
        if np.isfinite(policy.surplus_cap).any():
            excess = np.where(result >= 0, np.maximum(reserve - policy.surplus_cap, 0.0), 0.0)
            reserve -= excess
            recovery += excess

        # Step 3: a deficit is covered by the region, or met from the reserve and then carried.
        covered = policy.deficit == COVERED
        loss_coverage = np.where(covered, shortfall, 0.0)
        from_reserve = np.where(covered, 0.0, np.minimum(reserve, shortfall))
        reserve -= from_reserve
        new_deficit = np.where(covered, 0.0, shortfall - from_reserve)
        planes[t + 1] += new_deficit
        owed += new_deficit

        # Step 4: carried deficits past their restoration years are written off.
        written_off = np.zeros_like(result)
        carried = policy.deficit == CARRIED
        for k, plane in enumerate(planes):
            age = t + 1 - k  # year(t) − year of origin
            due = carried & (age >= policy.restoration_years)
            if due.any():
                written_off += np.where(due, plane, 0.0)
                plane[:, due] = 0.0
        owed -= written_off
        # Restoring and writing off subtract from ``owed`` what they take from the slots; clear
        # the rounding dust so that a fully written-off unit owes exactly 0.
        owed[owed < 1e-9] = 0.0
        loss_coverage += written_off
        written_off_due = written_off.copy() if detail else None

        # Step 5: drawdown from the reserve.
        reserve_before_drawdown = reserve.copy() if detail else None
        drawn = np.minimum(drawdown, reserve)
        reserve -= drawn

        # R20: a unit left with no centres hands its reserve and open deficits to the region.
        left_open = handed = None
        if closing.any():
            left_open = np.where(closing, owed, 0.0)
            handed = np.where(closing, reserve, 0.0)
            recovery += handed
            loss_coverage += left_open
            written_off += left_open
            reserve[:, closing] = 0.0
            owed[:, closing] = 0.0
            for plane in planes:
                plane[:, closing] = 0.0

        balance_close = reserve - owed  # step 6
        steps = None
        if detail:
            none = np.zeros_like(result)
            steps = LedgerSteps(
                *opened,
                restored,
                kept,
                none if excess is None else excess,
                from_reserve,
                new_deficit,
                written_off_due,
                np.broadcast_to(drawdown, result.shape).copy(),
                reserve_before_drawdown,
                none if handed is None else handed,
                none if left_open is None else left_open,
                reserve.copy(),
                owed.copy(),
                np.array(planes),
            )
        return UnitYear(balance_open, balance_close, recovery, loss_coverage, written_off, drawn, steps)
