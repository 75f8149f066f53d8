"""Recorders: what a run keeps of each projected year (``year.Year``).

A deterministic run keeps every row (``rows.RowRecorder``); a Monte Carlo chunk keeps what the
bands need (``BandRecorder``, R25, R26); a batch keeps what analysis metrics read per member
(``BatchRecorder``, §11.1). Each is fed the years in order by ``run.project``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from simulation.core.engine.fields import BATCH_TOTALS
from simulation.core.engine.inputs import BORNE, FORMS
from simulation.core.engine.year import Year, group_sum


class Recorder(Protocol):
    """Keeps what one kind of run needs of each year."""

    #: The year index t whose intermediate figures (the ledger's steps) are wanted, if any.
    detail_year: int | None

    def record(self, year: Year) -> None: ...


@dataclass(frozen=True)
class DrawTotals:
    """What the bands of some draws (or what an analysis of some batch members) reads: (D, H) per
    draw and year, and each unit's risk as counts over the draws (R25, R26)."""

    net_cost: np.ndarray  # (D, H)
    consolidated_cost: np.ndarray  # (D, H) R26
    region_run_balance: np.ndarray  # (D, H) R26
    result_by_form: np.ndarray  # (D, 3, H)
    risk_draws: int  # D
    risk_ever: np.ndarray  # (U,) draws with a write-off or a negative borne balance in any year
    risk_by_year: np.ndarray  # (U, H) draws with one in that year

    @classmethod
    def merge(cls, parts: list[DrawTotals]) -> DrawTotals:
        """The totals of all draws from those of consecutive chunks (risk counts add up)."""
        return cls(
            net_cost=np.concatenate([p.net_cost for p in parts]),
            consolidated_cost=np.concatenate([p.consolidated_cost for p in parts]),
            region_run_balance=np.concatenate([p.region_run_balance for p in parts]),
            result_by_form=np.concatenate([p.result_by_form for p in parts]),
            risk_draws=sum(p.risk_draws for p in parts),
            risk_ever=np.sum([p.risk_ever for p in parts], axis=0),
            risk_by_year=np.sum([p.risk_by_year for p in parts], axis=0),
        )


class BandRecorder:
    """Keeps, per draw, the region figures the bands read, and counts each unit's risk over the
    draws as it goes, so that no draws × units × years array is ever held (R25)."""

    detail_year: int | None = None

    def __init__(self, draws: int, units: int, horizon: int) -> None:
        self.net_cost = np.zeros((draws, horizon))
        self.consolidated_cost = np.zeros((draws, horizon))
        self.region_run_balance = np.zeros((draws, horizon))
        self.result_by_form = np.zeros((draws, len(FORMS), horizon))
        self.at_risk_ever = np.zeros((draws, units), dtype=bool)
        self.risk_by_year = np.zeros((units, horizon), dtype=np.int64)

    def record(self, year: Year) -> None:
        t, region = year.t, year.region
        self.net_cost[:, t] = region.net_cost
        self.consolidated_cost[:, t] = region.consolidated_cost
        self.region_run_balance[:, t] = region.region_run_balance
        self.result_by_form[:, :, t] = group_sum(year.centres.result, year.forms, len(FORMS))
        deficit = year.units.policy.deficit
        for group in year.units.groups:
            moved = group.moved
            # A write-off, or a borne balance below zero (R25).
            at_risk = (moved.written_off > 0) | ((moved.balance_close < 0) & (deficit[group.units] == BORNE))
            self.at_risk_ever[:, group.units] |= at_risk
            self.risk_by_year[group.units, t] += at_risk.sum(axis=0)

    def totals(self) -> DrawTotals:
        return DrawTotals(
            net_cost=self.net_cost,
            consolidated_cost=self.consolidated_cost,
            region_run_balance=self.region_run_balance,
            result_by_form=self.result_by_form,
            risk_draws=self.net_cost.shape[0],
            risk_ever=self.at_risk_ever.sum(axis=0),
            risk_by_year=self.risk_by_year,
        )


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
        self.result_by_form[:, :, t] = group_sum(year.centres.result, year.forms, len(FORMS))
        for group in units.groups:
            self.unit_balance[:, group.units, t] = group.moved.balance_close
        # The check of R8 that ``checks.fixed_pot_shortfalls`` makes before a single run.
        self.pot_shortfall[:, t] = (pay.capitation_pot < -pay.fixed_pot * 1e-12)[:, 0]

    def totals(self) -> MemberTotals:
        return MemberTotals(self.region, self.result_by_form, self.unit_balance, self.pot_shortfall)
