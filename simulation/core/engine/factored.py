"""The centres' arithmetic of Monte Carlo draws, factored (R1–R18 under R23, R24).

In a draw, almost every centre figure is a per-centre coefficient times a per-draw factor: listed
persons are L0 × I_L (R1), pay and costs follow from them, the growth indexes and the pots that are
shared out by listed or need. Only the visit shocks (R23, a factor per draw and centre on every
visit rate), the cost shocks (1 + ε per draw, centre and year) and two thresholds (the small-unit
supplement, R7, and the GP list-size lever, R16) vary cell by cell. This module therefore builds
each year's coefficients once, (N,), and spends passes over the (D, N) cells only on:

    RES − NEU = Σ_k s_k ⊗ a_k  +  (I_L ⊗ 1) · vf · g  +  small  −  ε' · (Σ_j r_j ⊗ b_j  +  gp)

where s_k, r_j are per-draw factors (D,), a_k, b_j, g per-centre coefficients (N,), vf the visit
factor and ε' = 1 + ε the cost factor. About 16 passes a cell where ``year._earn_and_spend``, which
keeps every component for the rows and explanations, takes about 65 (issue 27).

The figures are those of R1–R18 in exact arithmetic, not to the bit: the products are grouped
otherwise (L0 × cni × I_L rather than (L0 × I_L) × cni, a pot shared as a per-draw factor rather
than divided cell by cell), so a draw differs from the same draw through ``_earn_and_spend`` by
rounding, some 1e-15 of a centre's revenue. Every draw is still computed alone, row by row, so
its numbers do not depend on how the draws are chunked (R24, tests). Used for Monte Carlo draws
only: a deterministic run and a batch keep every figure (``year``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulation.core.engine.inputs import Compensation
from simulation.core.engine.year import Setting


@dataclass(frozen=True)
class DrawnCentres:
    """What a Monte Carlo year needs of its centres before neutrality compensation (R14)."""

    result: np.ndarray  # RES − NEU (D, N)
    paid: np.ndarray  # Σ_c (earned + VAT − deduction), what the region pays before NEU (D,)
    overhead_funded: np.ndarray  # Σ_c OHF (D,), R17
    listed_factor: np.ndarray  # I_L (D,): listed persons are L0 × I_L (R1)


def drawn_centres(setting: Setting, t: int, is_private: np.ndarray) -> DrawnCentres:
    """R1–R13 and R15–R18 of year t for every draw of ``setting``, R14 aside: the figures the
    region's totals and the ledger read, without the components."""
    revenue, paid = _revenue(setting, t, is_private)
    cost = _cost(setting, t, is_private)
    if setting.cost_noise is not None:
        cost *= setting.cost_noise.year(t)  # R23
    revenue -= cost
    centres, effects = setting.model.centres, setting.effects
    region_run = ~is_private
    overhead_funded = setting.index_p[:, t] * float(
        np.sum(centres.overhead_cost * effects.overhead_funded[t] * region_run)
    )
    return DrawnCentres(revenue, paid, overhead_funded, setting.index_l[:, t])


def _revenue(setting: Setting, t: int, is_private: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """REV − NEU per draw and centre (R2–R13), and Σ_c (earned + VAT − deduction) per draw."""
    model, centres = setting.model, setting.model.centres
    comp = model.compensation
    index_l = setting.index_l[:, t]
    index_c = float(setting.index_c[0, t])
    base = centres.listed

    # R4, R5: the budget and its pots, per draw.
    listed_total = index_l * float(np.sum(base))
    budget = comp.budget_per_listed[t] * index_c * listed_total
    fixed_pot = comp.fixed_share[t] * budget
    variable_pot = budget - fixed_pot

    # R6, R7: the sparsity supplement is L × a coefficient; the small-unit one is bounded below by
    # 0, so it is computed cell by cell, but only for the centres small enough in some draw.
    sparsity = base * (comp.sparsity_per_listed[t] * index_c * centres.rural)
    small, small_centres = _small_unit(comp, t, base, index_l, index_c)
    small_total = small.sum(axis=1)

    # R8: what the fixed pot leaves is shared by need, L × cni.
    for_capitation = fixed_pot - (index_l * float(np.sum(sparsity)) + small_total)
    need = base * centres.cni
    need_total = index_l * float(np.sum(need))
    per_need = _share(for_capitation, need_total)

    # R9: the goal pot shared by listed persons and goal achievement.
    achieved = _goal_achievement(setting, t)
    goal_pot = comp.goal_share[t] * variable_pot
    per_listed = _share(goal_pot, listed_total)

    # R10–R13: visits at the price set in advance (R24), fees, deductions, VAT on what is earned.
    if setting.visit_price is None:
        raise ValueError("Monte Carlo draws pay their visits at the price set in advance (R24)")
    price = float(setting.visit_price[t])
    doctor, other = centres.doctor_visits_per_listed, centres.other_visits_per_listed
    with_vat = 1.0 + comp.vat_compensation_rate[t] * is_private
    visits = price * base * (comp.doctor_visit_weight[t] * doctor + other)
    deduction = comp.outside_visit_fee[t] * index_c * base * centres.outside_visits_per_listed
    fees = comp.patient_fee_per_visit[t] * base * (doctor + other)
    by_visits_paid = with_vat * visits - deduction  # per unit of I_L × vf
    by_visits = by_visits_paid + fees

    terms = (
        (index_l * per_need, with_vat * need),
        (index_l, with_vat * sparsity),
        (index_l * per_listed, with_vat * base * achieved),
    )
    revenue = _outer_sum(terms, index_l.shape[0], base.shape[0])
    visit_factor = np.broadcast_to(setting.visit_factor, revenue.shape)
    visit_cells = np.multiply(visit_factor, index_l[:, None])  # I_L × vf, (D, N)
    paid = np.einsum("dc,c->d", visit_cells, by_visits_paid)
    visit_cells *= by_visits
    revenue += visit_cells
    if small_centres is not None:
        small *= with_vat[small_centres]
        revenue[:, small_centres] += small
        paid += small.sum(axis=1)
    for factor, coefficient in terms:
        paid += factor * float(np.sum(coefficient))
    return revenue, paid


def _cost(setting: Setting, t: int, is_private: np.ndarray) -> np.ndarray:
    """COST per draw and centre before the cost shock (R16, R17)."""
    model, centres, effects, base = setting.model, setting.model.centres, setting.effects, setting.base
    costs = model.costs
    index_l, index_w, index_p = setting.index_l[:, t], setting.index_w[:, t], setting.index_p[:, t]
    # R3: λ = I_L where a centre has listed persons, 1 where it has none.
    with_listed = (centres.listed > 0).astype(float)
    without_listed = 1.0 - with_listed

    premium = costs.hired_premium[t]
    target = effects.hired_cost_share[t]
    hired_share = np.where(np.isnan(target), base.hired_work_share, target / (premium * (1.0 - target) + target))
    # R16: W × (1 − h) + W × h × π, W = W0 × (1 − e) × λ × I_W.
    personnel = base.work * (1.0 - effects.efficiency[t]) * ((1.0 - hired_share) + hired_share * premium)
    # R17: premises and overhead grow with prices, other costs with λ and prices.
    overhead = centres.overhead_cost * (1.0 - effects.overhead_reduction[t]) * ~is_private
    gp_per_listed, gp_cells = _gp_extra(setting, t, index_l, index_w, with_listed)
    terms = (
        (index_l * index_w, personnel * with_listed + gp_per_listed),
        (index_w, personnel * without_listed),
        (index_l * index_p, centres.other_cost * with_listed),
        (index_p, centres.premises_cost + overhead + centres.other_cost * without_listed),
    )
    cost = _outer_sum(terms, index_l.shape[0], centres.count)
    if gp_cells is not None:
        cost[:, gp_cells[0]] += gp_cells[1]
    return cost


def _small_unit(
    comp: Compensation, t: int, base: np.ndarray, index_l: np.ndarray, index_c: float
) -> tuple[np.ndarray, np.ndarray | None]:
    """R7's supplement (D, k) of the k centres below the threshold in some draw, and which they are.
    L × I_L is monotone in I_L, so a centre at or above the threshold at the smallest I_L is in no
    draw below it."""
    threshold = float(comp.small_unit_threshold[t])
    if threshold <= 0:
        return np.zeros((index_l.shape[0], 0)), None
    small = np.flatnonzero(threshold - base * float(index_l.min()) > 0)
    supplement = threshold - np.multiply.outer(index_l, base[small])
    np.maximum(0.0, supplement, out=supplement)
    supplement /= threshold  # (threshold − L) / threshold: bounded, no overflow for a tiny threshold
    supplement *= comp.small_unit_amount[t] * index_c
    return supplement, small


def _gp_extra(
    setting: Setting, t: int, index_l: np.ndarray, index_w: np.ndarray, with_listed: np.ndarray
) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray] | None]:
    """The GP list-size lever's addition to staff (R16): per unit of I_L × I_W (N,), and, where it
    cannot be written so, the centres it applies to with their addition cell by cell (D, k).

    GP FTE needed minus FTE in post, max(0, L × g − FTE × λ), is I_L × max(0, L0 × g − FTE) when
    λ = I_L > 0 (a centre with listed persons, growth indexes above 0): a per-centre coefficient."""
    centres, effects, costs = setting.model.centres, setting.effects, setting.model.costs
    per_listed = np.zeros(centres.count)
    applies = np.flatnonzero(~np.isnan(effects.listed_per_gp[t]))
    if not len(applies):
        return per_listed, None
    gps_needed = centres.listed[applies] / effects.listed_per_gp[t][applies]
    fte = centres.gp_fte[applies]
    cost_per_gp = effects.gp_phase[t][applies] * costs.gp_cost_per_fte[t]
    if with_listed[applies].all() and index_l.min() > 0:
        per_listed[applies] = np.maximum(0.0, gps_needed - fte) * cost_per_gp
        return per_listed, None
    # λ × FTE: I_L × FTE where there are listed persons, FTE where there are none.
    in_post = np.multiply.outer(index_l, fte * with_listed[applies]) + fte * (1.0 - with_listed[applies])
    gap = np.multiply.outer(index_l, gps_needed)
    gap -= in_post
    np.maximum(0.0, gap, out=gap)
    gap *= cost_per_gp
    gap *= index_w[:, None]
    return per_listed, (applies, gap)


def _goal_achievement(setting: Setting, t: int) -> np.ndarray:
    """Σ_g w_g × φ_c,g per centre (R9), as ``compensation.pay_year`` has it."""
    comp, centres = setting.model.compensation, setting.model.centres
    achievements = setting.effects.achievements(centres, t)
    achieved = np.zeros(centres.count)
    for goal in comp.goals:
        span = goal.target[t] - goal.floor[t]
        achieved = achieved + goal.weight[t] * np.clip((achievements[goal.key] - goal.floor[t]) / span, 0.0, 1.0)
    return achieved


def _share(pot: np.ndarray, total: np.ndarray) -> np.ndarray:
    """pot / total per draw, 0 where the total is 0 (nothing to share it by)."""
    return np.divide(pot, total, out=np.zeros_like(pot), where=total != 0)


def _outer_sum(terms: tuple[tuple[np.ndarray, np.ndarray], ...], draws: int, centres: int) -> np.ndarray:
    """Σ_k s_k[d] × a_k[c], (D, N), over the terms whose coefficients are not all zero."""
    total: np.ndarray | None = None
    for factor, coefficient in terms:
        if not coefficient.any():
            continue
        if total is None:
            total = np.multiply.outer(factor, coefficient)
        else:
            total += np.multiply.outer(factor, coefficient)
    return np.zeros((draws, centres)) if total is None else total
