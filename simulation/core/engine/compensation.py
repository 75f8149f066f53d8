"""What the region pays each centre in one year (R4–R13).

Arrays are shaped (D, N): D draws (1 in a deterministic run) by N centres. Region aggregates are
(D,). All money in SEK.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from simulation.core.engine.inputs import Centres, Compensation

#: A growth index of one year: a number, or a (B, 1) column in a batch run that moves the growth.
Index = float | np.ndarray


@dataclass(frozen=True)
class Volumes:
    """Listed patients and visits of one year (R1, R2), shape (D, N)."""

    listed: np.ndarray
    doctor_visits: np.ndarray
    other_visits: np.ndarray
    outside_visits: np.ndarray


@dataclass(frozen=True)
class Pay:
    """The compensation components of one year, per centre (D, N), and the pots (D,)."""

    capitation: np.ndarray
    sparsity: np.ndarray
    small_unit: np.ndarray
    goals: np.ndarray
    visits: np.ndarray
    patient_fees: np.ndarray
    deduction: np.ndarray
    vat: np.ndarray
    budget: np.ndarray
    fixed_pot: np.ndarray  # F (D, 1), R5
    goal_pot: np.ndarray
    visit_price: np.ndarray

    earned: np.ndarray  # CAP + S1 + S2 + GOAL + VIS: the part of the budget a centre earns (R13, R22)

    # The intermediate figures of R8–R10, kept so that a figure can be explained from this very
    # computation (§11.3); the arrays the ones above were made from, not copies.
    capitation_pot: np.ndarray  # K (D, 1)
    need_total: np.ndarray  # Σ L × cni (D, 1)
    listed_total: np.ndarray  # Σ L (D, 1)
    goal_achievement: np.ndarray  # Σ_g w_g × φ_c,g (N,), (B, N) in a batch run
    goal_fulfilment: tuple[np.ndarray, ...]  # φ_c,g (N,) for each goal, in the goals' order
    achievements: Mapping[str, np.ndarray]  # a(t) of each goal key this year (R9), (N,) or (B, N)
    visit_pot: np.ndarray  # P (D, 1)
    weighted_visits: np.ndarray  # WV (D, N)
    weighted_total: np.ndarray | None  # Σ WV (D, 1); None when the price was set in advance (R24)
    index_c: Index  # I_C(t); (B, 1) in a batch run that moves compensation growth


def weighted_visits(comp: Compensation, t: int, volumes: Volumes) -> np.ndarray:
    """WV_c = doctor_visit_weight × DV_c + OV_c (R10)."""
    return comp.doctor_visit_weight[t] * volumes.doctor_visits + volumes.other_visits


def goal_achievement(
    comp: Compensation, t: int, count: int, achievements: Mapping[str, np.ndarray]
) -> tuple[np.ndarray, list[np.ndarray]]:
    """Σ_g w_g × φ_c,g per centre (R9), and each goal's fulfilment φ_c,g, in the goals' order: per
    centre first, so the (D, N) arrays are touched once whatever the goals. (N,), or (B, N) when a
    batch moves a goal or an achievement."""
    achieved = np.zeros(count)
    fulfilment = []
    for goal in comp.goals:
        span = goal.target[t] - goal.floor[t]
        fulfilment.append(np.clip((achievements[goal.key] - goal.floor[t]) / span, 0.0, 1.0))  # φ
        achieved = achieved + goal.weight[t] * fulfilment[-1]
    return achieved, fulfilment


def supplements(
    comp: Compensation, t: int, centres: Centres, listed: np.ndarray, index_c: Index
) -> tuple[np.ndarray, np.ndarray]:
    """Sparsity (R6) and small-unit (R7) supplements, each (D, N)."""
    sparsity = listed * (comp.sparsity_per_listed[t] * index_c * centres.rural)
    threshold = comp.small_unit_threshold[t]
    if np.ndim(threshold) == 0 and threshold > 0:
        # One threshold above 0 for every draw: the same arithmetic without the guarded division.
        small_unit = threshold - listed
        np.maximum(0.0, small_unit, out=small_unit)
        small_unit /= threshold
        small_unit *= comp.small_unit_amount[t] * index_c
    elif np.any(threshold > 0):
        # (threshold − L) / threshold rather than 1 − L / threshold: bounded, no overflow for tiny
        # thresholds; 0 for a batch member whose threshold is 0 (no supplement).
        small_unit = np.divide(
            np.maximum(0.0, threshold - listed), threshold, out=np.zeros_like(listed), where=threshold > 0
        )
        small_unit *= comp.small_unit_amount[t] * index_c
    else:
        small_unit = np.zeros_like(listed)
    return sparsity, small_unit


def budget_and_fixed_pot(
    comp: Compensation, t: int, listed: np.ndarray, index_c: Index, listed_total: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """The budget B (R4) and its fixed pot (R5), each (D, 1), for listed persons ``listed`` (D, N)
    (``listed_total`` is their Σ, (D, 1), when it is at hand)."""
    total = listed.sum(axis=1, keepdims=True) if listed_total is None else listed_total
    budget = comp.budget_per_listed[t] * index_c * total  # R4
    return budget, comp.fixed_share[t] * budget  # R5


def capitation_pot(
    comp: Compensation, t: int, centres: Centres, listed: np.ndarray, index_c: Index, fixed_pot: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The supplements (R6, R7) and what the fixed pot leaves for capitation (R8)."""
    sparsity, small_unit = supplements(comp, t, centres, listed, index_c)  # R6, R7
    return sparsity, small_unit, fixed_pot - (sparsity + small_unit).sum(axis=1, keepdims=True)  # R8


def pay_year(
    comp: Compensation,
    t: int,
    centres: Centres,
    volumes: Volumes,
    index_c: Index,
    is_private: np.ndarray,
    visit_price: np.ndarray | None = None,
    achievements: Mapping[str, np.ndarray] | None = None,
) -> Pay:
    """Compute R4–R13 for year t.

    ``index_c`` is I_C(t), the compensation-growth index (a number, or (B, 1) in a batch run).
    ``visit_price`` (D,) fixes the price p of R10 in advance (Monte Carlo, R24); without it p is
    set on this year's volumes. ``achievements`` are the goals' achievements a(t) this year (R9:
    moved by a trend lever); without it, the base-year fields.
    """
    achievements = centres.achievements if achievements is None else achievements
    listed = volumes.listed
    listed_total = listed.sum(axis=1, keepdims=True)
    budget, fixed_pot = budget_and_fixed_pot(comp, t, listed, index_c, listed_total)
    variable_pot = budget - fixed_pot

    sparsity, small_unit, for_capitation = capitation_pot(comp, t, centres, listed, index_c, fixed_pot)
    need = listed * centres.cni
    need_total = need.sum(axis=1, keepdims=True)
    capitation = need * np.divide(for_capitation, need_total, out=np.zeros_like(need_total), where=need_total != 0)

    goal_pot = comp.goal_share[t] * variable_pot  # R9
    achieved, fulfilment = goal_achievement(comp, t, centres.count, achievements)
    per_listed = np.divide(goal_pot, listed_total, out=np.zeros_like(goal_pot), where=listed_total != 0)
    goals = listed * achieved
    goals *= per_listed

    visit_pot = variable_pot - goal_pot  # R10
    weighted = weighted_visits(comp, t, volumes)
    weighted_total = None
    if visit_price is None:
        weighted_total = weighted.sum(axis=1, keepdims=True)
        price = np.divide(visit_pot, weighted_total, out=np.zeros_like(visit_pot), where=weighted_total != 0)
    else:
        price = visit_price.reshape(-1, 1)
    visits = price * weighted

    patient_fees = (volumes.doctor_visits + volumes.other_visits) * comp.patient_fee_per_visit[t]  # R11
    deduction = comp.outside_visit_fee[t] * index_c * volumes.outside_visits  # R12
    earned = capitation + sparsity + small_unit + goals + visits
    vat = earned * (comp.vat_compensation_rate[t] * is_private)  # R13
    return Pay(
        capitation=capitation,
        sparsity=sparsity,
        small_unit=small_unit,
        goals=goals,
        visits=visits,
        patient_fees=patient_fees,
        deduction=deduction,
        vat=vat,
        budget=budget[:, 0],
        fixed_pot=fixed_pot,
        goal_pot=goal_pot[:, 0],
        visit_price=price[:, 0],
        earned=earned,
        capitation_pot=for_capitation,
        need_total=need_total,
        listed_total=listed_total,
        goal_achievement=achieved,
        goal_fulfilment=tuple(fulfilment),
        achievements=achievements,
        visit_pot=visit_pot,
        weighted_visits=weighted,
        weighted_total=weighted_total,
        index_c=index_c,
    )
