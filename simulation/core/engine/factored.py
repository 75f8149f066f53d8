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
otherwise (a pot times each centre's share of need or listed, I_L cancelling, where the full
arithmetic divides the pot by the grown total cell by cell), so a draw differs from the same draw
through ``_earn_and_spend`` by rounding, some 1e-15 of a centre's revenue. No factor is allowed to
overflow where the full arithmetic does not, and a draw's numbers never depend on the other draws
of its chunk, so not on how the draws are chunked (R24): what the chunk decides (which centres are
computed cell by cell) only adds exact zeros, and sums over those centres are taken per draw. Used for Monte Carlo draws
only: a deterministic run and a batch keep every figure (``year``).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

import numpy as np

from simulation.core.engine.compensation import goal_achievement
from simulation.core.engine.costs import hired_work_share
from simulation.core.engine.inputs import FORMS, Centres, Compensation
from simulation.core.engine.year import Setting


@dataclass(frozen=True)
class DrawnCentres:
    """What a Monte Carlo year needs of its centres before neutrality compensation (R14)."""

    result: np.ndarray  # RES − NEU (D, N)
    paid: np.ndarray  # Σ_c (earned + VAT − deduction), what the region pays before NEU (D,)
    overhead_funded: np.ndarray  # Σ_c OHF (D,), R17
    listed_factor: np.ndarray  # I_L (D,): listed persons are L0 × I_L (R1)
    result_by_form: np.ndarray  # (D, 3) Σ of ``result`` over each form's centres


def drawn_centres(setting: Setting, t: int, is_private: np.ndarray, kernels: ModuleType | None = None) -> DrawnCentres:
    """R1–R13 and R15–R18 of year t for every draw of ``setting``, R14 aside: the figures the
    region's totals and the ledger read, without the components; with ``kernels`` (``fused``) in
    one compiled pass over the cells."""
    revenue, cost = _revenue_terms(setting, t, is_private), _cost_terms(setting, t, is_private)
    if kernels is not None:
        result, paid, by_form = _compiled(kernels, setting, t, revenue, cost)
    else:
        result, paid = _revenue(setting, revenue)
        spent = _cost(cost, setting.draws, setting.model.centres.count)
        if setting.cost_noise is not None:
            spent *= setting.cost_noise.year(t)  # R23
        result -= spent
        by_form = setting.sums.by_form(result, t)
    for factor, coefficient in revenue.terms:
        paid += factor * float(np.sum(coefficient))
    centres, effects = setting.model.centres, setting.effects
    region_run = ~is_private
    overhead_funded = setting.index_p[:, t] * float(
        np.sum(centres.overhead_cost * effects.overhead_funded[t] * region_run)
    )
    return DrawnCentres(result, paid, overhead_funded, setting.index_l[:, t], by_form)


@dataclass(frozen=True)
class RevenueTerms:
    """REV − NEU of a year's draws as per-draw factors and per-centre coefficients (R2–R13)."""

    terms: tuple[tuple[np.ndarray, np.ndarray], ...]  # Σ_k s_k ⊗ a_k
    index_l: np.ndarray  # I_L (D,)
    by_visits: np.ndarray  # (N,) per unit of I_L × vf: visits, fees, less the deduction
    by_visits_paid: np.ndarray  # (N,) the same without the fees, which the region does not pay
    small: SmallUnits
    with_vat: np.ndarray  # (N,) 1 + VAT compensation rate where private (R13)


@dataclass(frozen=True)
class CostTerms:
    """COST of a year's draws before the cost shock (R16, R17): Σ_j r_j ⊗ b_j plus the GP lever's cells."""

    terms: tuple[tuple[np.ndarray, np.ndarray], ...]
    gp: GpExtra


def _compiled(
    kernels: ModuleType, setting: Setting, t: int, revenue: RevenueTerms, cost: CostTerms
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """RES − NEU (D, N), the visits' part of what the region pays and the results by form, through
    one compiled pass over the cells (``fused_kernels.centre_results``) in ``_revenue``'s and
    ``_cost``'s order, with the cost shocks of year t (R23) drawn here."""
    draws, centres = setting.draws, setting.model.centres.count
    small = revenue.small
    small_centres = np.zeros(0, dtype=np.int64) if small.centres is None else small.centres
    gp_centres = np.zeros(0, dtype=np.int64) if cost.gp.centres is None else cost.gp.centres
    noise = setting.cost_noise
    normals = np.zeros((draws, 0)) if noise is None else noise.normals(t)
    result, by_form = np.empty((draws, centres)), np.empty((draws, len(FORMS)))
    paid = kernels.centre_results(
        *_stacked(_nonzero(revenue.terms), draws, centres),
        _cells(setting.visit_factor, draws, centres),
        np.ascontiguousarray(revenue.index_l),  # a column of I_L (D, H)
        revenue.by_visits,
        revenue.by_visits_paid,
        small_centres,
        np.ascontiguousarray(small.cells * revenue.with_vat[small_centres]),
        *_stacked(_nonzero(cost.terms), draws, centres),
        gp_centres,
        np.ascontiguousarray(cost.gp.cells),
        normals,
        0.0 if noise is None else float(noise.sd),
        setting.structure.forms[t].astype(np.int64, copy=False),
        result,
        by_form,
    )
    return result, paid + small.total_with_vat, by_form


def _cells(values: np.ndarray | float, draws: int, centres: int) -> np.ndarray:
    """``values`` as a writable C-ordered (D, N) array: the array type ``fused._warm`` compiled the
    loops for (a broadcast view is read-only, which numba types apart and would compile again)."""
    if isinstance(values, np.ndarray) and values.shape == (draws, centres) and values.flags.c_contiguous:
        return values if values.flags.writeable else values.copy()
    return np.broadcast_to(values, (draws, centres)).copy()


def _stacked(terms: list[tuple[np.ndarray, np.ndarray]], draws: int, centres: int) -> tuple[np.ndarray, np.ndarray]:
    """Terms as a (D, K) matrix of factors and a (K, N) one of coefficients."""
    if not terms:
        return np.zeros((draws, 0)), np.zeros((0, centres))
    factors = np.stack([np.broadcast_to(f, (draws,)) for f, _ in terms], axis=1)
    return factors, np.stack([c for _, c in terms])


def _revenue_terms(setting: Setting, t: int, is_private: np.ndarray) -> RevenueTerms:
    """REV − NEU of year t's draws (R2–R13) as factors and coefficients."""
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
    with_vat = 1.0 + comp.vat_compensation_rate[t] * is_private
    small = SmallUnits.of(comp, t, centres, index_l, index_c, with_vat)

    # R8: what the fixed pot leaves is shared by need, L × cni: K × each centre's share of the need,
    # I_L cancelling (a share ≤ 1, so no factor overflows where the full arithmetic does not).
    for_capitation = fixed_pot - (index_l * float(np.sum(sparsity)) + small.total)
    need_share, capitation_pot = _shared(base * centres.cni, for_capitation, index_l)

    # R9: the goal pot shared by listed persons and goal achievement, as in R8.
    listed_share, goal_pot = _shared(base, comp.goal_share[t] * variable_pot, index_l)
    achieved, _ = goal_achievement(comp, t, centres.count, setting.effects.achievements(centres, t))

    # R10–R13: visits at the price set in advance (R24), fees, deductions, VAT on what is earned.
    if setting.visit_price is None:
        raise ValueError("Monte Carlo draws pay their visits at the price set in advance (R24)")
    price = float(setting.visit_price[t])
    doctor, other = centres.doctor_visits_per_listed, centres.other_visits_per_listed
    visits = price * (base * (comp.doctor_visit_weight[t] * doctor + other))  # no overflow for a huge price
    deduction = comp.outside_visit_fee[t] * index_c * base * centres.outside_visits_per_listed
    fees = comp.patient_fee_per_visit[t] * base * (doctor + other)
    by_visits_paid = with_vat * visits - deduction  # per unit of I_L × vf
    by_visits = by_visits_paid + fees

    terms = (
        (capitation_pot, with_vat * need_share),
        (index_l, with_vat * sparsity),
        (goal_pot, with_vat * listed_share * achieved),
    )
    return RevenueTerms(terms, index_l, by_visits, by_visits_paid, small, with_vat)


def _revenue(setting: Setting, revenue: RevenueTerms) -> tuple[np.ndarray, np.ndarray]:
    """REV − NEU per draw and centre, and the part of Σ_c (earned + VAT − deduction) per draw that is
    not a factor times a coefficient (the visits, the small-unit supplement)."""
    index_l, small = revenue.index_l, revenue.small
    result = _outer_sum(revenue.terms, index_l.shape[0], revenue.by_visits.shape[0])
    visit_factor = np.broadcast_to(setting.visit_factor, result.shape)
    visit_cells = np.multiply(visit_factor, index_l[:, None])  # I_L × vf, (D, N)
    # Summed left to right (an accumulation), as the compiled loop sums it, so that both ways give
    # the same bits (einsum adds in an order of its own).
    paid = np.cumsum(visit_cells * revenue.by_visits_paid, axis=1)[:, -1] if result.shape[1] else np.zeros(len(index_l))
    visit_cells *= revenue.by_visits
    result += visit_cells
    if small.centres is not None:
        result[:, small.centres] += small.cells * revenue.with_vat[small.centres]
    return result, paid + small.total_with_vat


def _cost_terms(setting: Setting, t: int, is_private: np.ndarray) -> CostTerms:
    """COST of year t's draws before the cost shock (R16, R17) as factors and coefficients."""
    model, centres, effects, base = setting.model, setting.model.centres, setting.effects, setting.base
    costs = model.costs
    index_l, index_w, index_p = setting.index_l[:, t], setting.index_w[:, t], setting.index_p[:, t]
    # R3: λ = I_L where a centre has listed persons, 1 where it has none.
    with_listed = (centres.listed > 0).astype(float)
    without_listed = 1.0 - with_listed

    premium = costs.hired_premium[t]
    hired_share = hired_work_share(costs, t, base, effects)
    # R16: W × (1 − h) + W × h × π, W = W0 × (1 − e) × λ × I_W.
    personnel = base.work * (1.0 - effects.efficiency[t]) * ((1.0 - hired_share) + hired_share * premium)
    # R17: premises and overhead grow with prices, other costs with λ and prices.
    overhead = centres.overhead_cost * (1.0 - effects.overhead_reduction[t]) * ~is_private
    gp = _gp_extra(setting, t, index_l, index_w, with_listed)
    # The GP correction only where a draw of the chunk has I_L < 0: elsewhere it adds exact zeros.
    below_zero = index_l < 0
    correction = gp.correction if below_zero.any() else np.zeros_like(gp.correction)
    terms = (
        (index_l * index_w, personnel * with_listed + gp.per_listed),
        (index_l * index_w * below_zero, correction),
        (index_w, personnel * without_listed),
        (index_l * index_p, centres.other_cost * with_listed),
        (index_p, centres.premises_cost + overhead + centres.other_cost * without_listed),
    )
    return CostTerms(terms, gp)


def _cost(cost: CostTerms, draws: int, centres: int) -> np.ndarray:
    """COST per draw and centre before the cost shock."""
    spent = _outer_sum(cost.terms, draws, centres)
    if cost.gp.centres is not None:
        spent[:, cost.gp.centres] += cost.gp.cells
    return spent


@dataclass(frozen=True)
class SmallUnits:
    """R7's supplement: cell by cell for the k centres below the threshold in some draw of the chunk,
    and its sums per draw, plain and with VAT (R13), (D,).

    Which centres those k are depends on the chunk's draws (L × I_L is monotone in I_L, so a centre
    at or above the threshold at the chunk's smallest I_L is in none of its draws). A cell outside
    a draw's supplement is an exact 0, which changes no figure it is added to, but a sum's rounding
    depends on how many numbers it adds: the sums are therefore taken per draw over the centres
    sorted by listed persons, so that a draw's numbers are the same in any chunk (R24)."""

    centres: np.ndarray | None  # the k centres, None without a threshold
    cells: np.ndarray  # (D, k)
    total: np.ndarray  # (D,)
    total_with_vat: np.ndarray  # (D,)

    @classmethod
    def of(
        cls,
        comp: Compensation,
        t: int,
        centres: Centres,
        index_l: np.ndarray,
        index_c: float,
        with_vat: np.ndarray,
    ) -> SmallUnits:
        base = centres.listed
        threshold, amount = float(comp.small_unit_threshold[t]), comp.small_unit_amount[t] * index_c
        none = np.zeros_like(index_l)
        if threshold <= 0:
            return cls(None, np.zeros((index_l.shape[0], 0)), none, none)
        small = np.flatnonzero(threshold - base * float(index_l.min()) > 0)
        cells = threshold - np.multiply.outer(index_l, base[small])
        np.maximum(0.0, cells, out=cells)
        cells /= threshold  # (threshold − L) / threshold: bounded, no overflow for a tiny threshold
        cells *= amount
        # Σ over the centres with L0 × I_L below the threshold of (threshold − I_L × L0) / threshold:
        # prefix sums over the centres by L0, up to where each draw's threshold falls.
        order = centres.by_listed
        by_listed, vat = base[order], with_vat[order]
        below = np.full(index_l.shape, len(base))  # a growth index ≤ 0 puts every centre below
        positive = index_l > 0
        below[positive] = np.searchsorted(by_listed, threshold / index_l[positive], side="left")

        def summed(weights: np.ndarray) -> np.ndarray:
            counts = np.concatenate([[0.0], np.cumsum(weights)])[below]
            listed = np.concatenate([[0.0], np.cumsum(weights * by_listed)])[below]
            return (counts - index_l * listed / threshold) * amount

        return cls(small, cells, summed(np.ones_like(by_listed)), summed(vat))


@dataclass(frozen=True)
class GpExtra:
    """The GP list-size lever's addition to staff (R16), in the form it can take this year."""

    per_listed: np.ndarray  # (N,) per unit of I_L × I_W, for a growth index I_L ≥ 0
    correction: np.ndarray  # (N,) per unit of I_L × I_W, added where I_L < 0
    centres: np.ndarray | None  # the centres computed cell by cell instead, or None
    cells: np.ndarray  # (D, k) their addition


def _gp_extra(setting: Setting, t: int, index_l: np.ndarray, index_w: np.ndarray, with_listed: np.ndarray) -> GpExtra:
    """GP FTE needed minus FTE in post, max(0, L × g − FTE × λ), times the cost of a GP (R16).

    Where every centre the lever applies to has listed persons, λ = I_L, so it is
    I_L × max(0, L0 × g − FTE) for I_L ≥ 0 and I_L × min(0, L0 × g − FTE) for I_L < 0: per-centre
    coefficients, the second a correction that adds exact zeros to the draws it is not for. Which
    form is used depends on the structure only, never on a chunk's draws (R24). Otherwise (a centre
    without listed persons, λ = 1 there) the lever's centres are computed cell by cell."""
    centres, effects, costs = setting.model.centres, setting.effects, setting.model.costs
    none = np.zeros(centres.count)
    applies = np.flatnonzero(~np.isnan(effects.listed_per_gp[t]))
    if not len(applies):
        return GpExtra(none, none, None, np.zeros((index_l.shape[0], 0)))
    gps_needed = centres.listed[applies] / effects.listed_per_gp[t][applies]
    fte = centres.gp_fte[applies]
    cost_per_gp = effects.gp_phase[t][applies] * costs.gp_cost_per_fte[t]
    if with_listed[applies].all():
        gap = gps_needed - fte
        per_listed, below_zero = none.copy(), none.copy()
        per_listed[applies] = np.maximum(0.0, gap) * cost_per_gp
        below_zero[applies] = (np.minimum(0.0, gap) - np.maximum(0.0, gap)) * cost_per_gp
        return GpExtra(per_listed, below_zero, None, np.zeros((index_l.shape[0], 0)))
    # λ × FTE: I_L × FTE where there are listed persons, FTE where there are none.
    in_post = np.multiply.outer(index_l, fte * with_listed[applies]) + fte * (1.0 - with_listed[applies])
    cells = np.multiply.outer(index_l, gps_needed)
    cells -= in_post
    np.maximum(0.0, cells, out=cells)
    cells *= cost_per_gp
    cells *= index_w[:, None]
    return GpExtra(none, none, applies, cells)


def _shared(base_year: np.ndarray, pot: np.ndarray, index_l: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A pot shared in proportion to a base-year figure that grows with I_L (listed persons, need):
    each centre's share of the figure (N,), and the pot per draw, 0 where I_L × Σ is 0 (nothing to
    share it by, as ``pay_year`` has it)."""
    total = float(np.sum(base_year))
    share = np.divide(base_year, total, out=np.zeros_like(base_year), where=total != 0)
    return share, np.where(index_l * total != 0, pot, 0.0)


def _nonzero(terms: tuple[tuple[np.ndarray, np.ndarray], ...]) -> list[tuple[np.ndarray, np.ndarray]]:
    """The terms whose coefficients are not all zero (the others add nothing)."""
    return [(factor, coefficient) for factor, coefficient in terms if coefficient.any()]


def _outer_sum(terms: tuple[tuple[np.ndarray, np.ndarray], ...], draws: int, centres: int) -> np.ndarray:
    """Σ_k s_k[d] × a_k[c], (D, N), over the terms whose coefficients are not all zero."""
    total: np.ndarray | None = None
    for factor, coefficient in _nonzero(terms):
        if total is None:
            total = np.multiply.outer(factor, coefficient)
        else:
            total += np.multiply.outer(factor, coefficient)
    return np.zeros((draws, centres)) if total is None else total
