"""Recorders: what a run keeps of each projected year (``year.Year``).

A deterministic run keeps every row (``rows.RowRecorder``); a Monte Carlo chunk keeps what the
bands need (``BandRecorder``, R25, R26); a batch keeps what analysis metrics read per member
(``BatchRecorder``, §11.1). Each is fed the years in order by ``run.project``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from simulation.core.engine.drawn_year import DrawnYear
from simulation.core.engine.fields import BATCH_TOTALS
from simulation.core.engine.inputs import BORNE, FORMS
from simulation.core.engine.year import Year


class Recorder(Protocol):
    """Keeps what one kind of run needs of each year."""

    #: The year index t whose intermediate figures (the ledger's steps) are wanted, if any.
    detail_year: int | None

    def record(self, year: Year) -> None: ...


#: R25 counts the draws in which a deficit is written off or a borne balance ends negative. Below
#: half an öre that is rounding, not a loss: the ledger keeps Σ D beside the deficits by year, and
#: one unit in the last place of a deficit of millions (2e-9 SEK) left after a full restoration was
#: later "written off", counting a draw at risk that no analyst would count (our reading of R25).
ROUNDING = 0.005


class DrawTotals:
    """What the bands of a Monte Carlo run read (R25, R26): per draw and year the region's figures,
    and per unit the number of draws at risk. Chunks of draws write their own rows and add their
    counts as they finish, so memory grows with draws × years and with units, never with chunks."""

    #: The arrays with one row per draw.
    PER_DRAW = ("net_cost", "consolidated_cost", "region_run_balance", "loss_coverage", "result_by_form")

    def __init__(self, draws: int, units: int, horizon: int) -> None:
        self.net_cost = np.zeros((draws, horizon))
        self.consolidated_cost = np.zeros((draws, horizon))  # R26
        self.region_run_balance = np.zeros((draws, horizon))  # R26
        # R21: banded so that every headline figure of a page under uncertainty has its range.
        self.loss_coverage = np.zeros((draws, horizon))
        self.result_by_form = np.zeros((draws, len(FORMS), horizon))
        self.risk_draws = draws
        self.risk_ever = np.zeros(units, dtype=np.int64)  # draws with a write-off or a negative borne balance
        self.risk_by_year = np.zeros((units, horizon), dtype=np.int64)  # draws with one in that year
        self._lock = threading.Lock()

    def part(self, rows: slice) -> dict[str, np.ndarray]:
        """What the draws ``rows`` wrote, and the counts at risk (``workers``: a child process's
        totals, which start blank, hold only its own draws' counts)."""
        return {name: getattr(self, name)[rows] for name in self.PER_DRAW} | {
            "risk_ever": self.risk_ever,
            "risk_by_year": self.risk_by_year,
        }

    def add_part(self, rows: slice, part: dict[str, np.ndarray]) -> None:
        """Take in what ``part`` gave of another process's draws ``rows``."""
        for name in self.PER_DRAW:
            getattr(self, name)[rows] = part[name]
        self.add_risk(part["risk_ever"], part["risk_by_year"])

    def add_risk(self, ever: np.ndarray, by_year: np.ndarray) -> None:
        """Add one chunk's counts of draws at risk (threads may finish chunks at once)."""
        with self._lock:
            self.risk_ever += ever
            self.risk_by_year += by_year


class BandRecorder:
    """Records the draws ``rows`` of a Monte Carlo run into ``totals``: the region figures the bands
    read, and each unit's risk counted as the years go, so that no draws × units × years array is
    ever held (R25). ``finish`` adds the chunk's counts."""

    detail_year: int | None = None

    def __init__(self, totals: DrawTotals, rows: slice, units: int) -> None:
        self.totals = totals
        self.rows = rows
        self.draws, self.units = rows.stop - rows.start, units
        # Draws ever at risk, per group of units booked together (``Booked``): a group keeps its
        # units from year to year, except when a conversion opens or closes one, so the years OR
        # into one array without scattering into (draws, units) columns every year.
        self.at_risk_ever: dict[bytes, tuple[np.ndarray, np.ndarray]] = {}
        self.risk_by_year = np.zeros_like(totals.risk_by_year)

    def record(self, year: DrawnYear | Year) -> None:
        t, region, totals, rows = year.t, year.region, self.totals, self.rows
        totals.net_cost[rows, t] = region.net_cost
        totals.consolidated_cost[rows, t] = region.consolidated_cost
        totals.region_run_balance[rows, t] = region.region_run_balance
        totals.loss_coverage[rows, t] = region.loss_coverage
        totals.result_by_form[rows, :, t] = region.result_by_form
        deficit = year.units.policy.deficit
        for group in year.units.groups:
            moved = group.moved
            # A write-off, or a borne balance below zero (R25).
            at_risk = (moved.written_off > ROUNDING) | (
                (moved.balance_close < -ROUNDING) & (deficit[group.units] == BORNE)
            )
            ever = self.at_risk_ever.setdefault(group.units.tobytes(), (group.units, np.zeros_like(at_risk)))[1]
            ever |= at_risk
            self.risk_by_year[group.units, t] += at_risk.sum(axis=0)

    def finish(self) -> None:
        at_risk_ever = np.zeros((self.draws, self.units), dtype=bool)
        for units, ever in self.at_risk_ever.values():
            at_risk_ever[:, units] |= ever
        self.totals.add_risk(at_risk_ever.sum(axis=0), self.risk_by_year)


@dataclass(frozen=True)
class MemberTotals:
    """Per batch member and year, what analysis metrics read (§11.1)."""

    region: dict[str, np.ndarray]  # BATCH_TOTALS, net_cost, consolidated_cost, region_run_balance -> (B, H)
    result_by_form: np.ndarray  # (B, 3, H)
    unit_balance: np.ndarray  # (B, U, H) balance_close; 0 where the unit has no centres
    pot_shortfall: np.ndarray  # (B, H) supplements exceed the fixed pot (R8)


class BatchRecorder:
    """Keeps each batch member's region totals, results by form and unit balances per year."""

    detail_year: int | None = None

    def __init__(self, members: int, units: int, horizon: int) -> None:
        names = (*BATCH_TOTALS, "net_cost", "consolidated_cost", "region_run_balance")
        self.region = {name: np.zeros((members, horizon)) for name in names}
        self.result_by_form = np.zeros((members, len(FORMS), horizon))
        self.unit_balance = np.zeros((members, units, horizon))
        self.pot_shortfall = np.zeros((members, horizon), dtype=bool)

    def record(self, year: Year) -> None:
        t, pay, region, units = year.t, year.centres.pay, year.region, year.units
        kept = {
            "budget": pay.budget,
            "compensation_paid": region.compensation_paid,
            "goal_unpaid": pay.goal_pot - pay.goals.sum(axis=1),
            "loss_coverage": region.loss_coverage,
            "recovery": region.recovery,
            "drawdown": region.drawdown,
            "neutrality_paid": year.centres.neutrality.sum(axis=1),
            "overhead_funded": region.overhead_funded,
            "written_off": units.total("written_off"),
            "expired": units.total("expired"),
            "net_cost": region.net_cost,
            "consolidated_cost": region.consolidated_cost,
            "region_run_balance": region.region_run_balance,
        }
        for name, values in kept.items():
            self.region[name][:, t] = values
        self.result_by_form[:, :, t] = region.result_by_form
        for group in units.groups:
            self.unit_balance[:, group.units, t] = group.moved.balance_close
        # The check of R8 that ``checks.fixed_pot_shortfalls`` makes before a single run.
        self.pot_shortfall[:, t] = (pay.capitation_pot < -pay.fixed_pot * 1e-12)[:, 0]

    def totals(self) -> MemberTotals:
        return MemberTotals(self.region, self.result_by_form, self.unit_balance, self.pot_shortfall)
