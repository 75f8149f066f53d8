"""Compiled loops for Monte Carlo draws (numba): the centres' results, the units' sums, a unit
group's year of R19 and R20, and the cost shocks' normals, cell by cell.

Imported only through ``fused`` (importing numba and loading the cached machine code costs a
process about 0,38 s, which pays only when many draws are run; see ``fused``). Each loop computes a
draw's cell once, in the order of operations of the numpy code it stands for (``groups.group_sum``,
``booking``, ``ledger.Ledger.step``), with no fastmath, so that no multiply-add is fused and no sum
reordered: the same inputs give the same bits (``tests/engine/test_fused.py``). Every loop runs per
draw, so a draw's numbers never depend on the other draws of its chunk (R24).
"""

from __future__ import annotations

import numba
import numpy as np

# inputs.COVERED, inputs.CARRIED and booking.DUST, written here rather than imported: numba freezes
# a global into the machine code it caches, and checks only this file for changes, so a change to
# another module's constant would keep the old value in the cache (tests/engine/test_fused.py
# holds these to the originals).
COVERED, CARRIED = 0, 1
DUST = 1e-9


@numba.njit(cache=True, nogil=True)
def unit_results(  # pragma: no cover - compiled
    centre_result: np.ndarray, position: np.ndarray, size: int, added: np.ndarray, return_requirement: np.ndarray
) -> np.ndarray:
    """r_u of the units of one group, (D, size): each unit's sum over its centres (``position[c]``
    is centre c's unit's place in the group, −1 outside it), less the return requirement, plus
    ``added`` (D, size) when it has columns. Summed from 0.0 in the centres' order, as
    ``np.bincount`` sums (``groups.group_sum``)."""
    draws, centres = centre_result.shape
    out = np.zeros((draws, size))
    for d in range(draws):
        row = out[d]
        values = centre_result[d]
        for c in range(centres):
            at = position[c]
            if at >= 0:
                row[at] += values[c]
        for j in range(size):
            row[j] -= return_requirement[j]
        if added.shape[1]:
            for j in range(size):
                row[j] += added[d, j]
    return out


@numba.njit(cache=True, nogil=True)
def book(  # pragma: no cover - compiled
    t: int, start: int, result: np.ndarray, state: tuple, dated: np.ndarray, policy: tuple, moved: np.ndarray
) -> None:
    """R19 steps 1–6 and R20's closing for the units at ``start`` … ``start + k`` of the ledger's
    ``state`` (reserve, owed, capital (D, U), deficits (slots, D, U) and the first slot of each
    unit that may hold a deficit, ``live_from`` (U,); changed in place), with
    unit results ``result`` (D, k) and each unit's ``policy`` (``fused.kernel_policy``: deficit
    codes, retention, restoration years, return requirement, surplus cap, drawdown, closing, each
    (k,)). Writes what moved into ``moved`` (6, D, k): balance_open, balance_close, recovery,
    loss_coverage, written_off, drawdown. The ledger's reserve parts are not kept here: ``fused``
    books runs that track them in numpy."""
    reserve, owed, capital, deficits, live_from = state
    deficit, retention, restoration_years, return_requirement, surplus_cap, drawdown, closing = policy
    draws, size = result.shape
    capped = np.isfinite(surplus_cap).any()
    for d in range(draws):
        for j in range(size):
            u = start + j
            r = result[d, j]
            s = reserve[d, u]
            o = owed[d, u]
            moved[0, d, j] = s - o
            # Steps 1 and 2: a surplus restores open deficits oldest first, a share of the rest is kept.
            surplus = max(r, 0.0)
            restored = min(surplus, o)
            left = surplus - restored
            if dated[u] and restored > 0.0:  # only these keep their deficits by year of origin
                _restore_oldest_first(deficits, live_from[u], t, d, u, restored)
            o -= restored  # less 0.0 changes no bit (owed ≥ 0)
            kept = retention[j] * left
            s += kept
            recovery = (left - kept) + return_requirement[j]
            if capped and r >= 0.0:
                excess = max(s - surplus_cap[j], 0.0)
                s -= excess
                recovery += excess
            # Step 3: a deficit is covered by the region, or met from the reserve and then carried.
            shortfall = max(-r, 0.0)
            loss_coverage = 0.0
            if deficit[j] == COVERED:
                loss_coverage = shortfall
            else:
                from_reserve = min(s, shortfall)
                s -= from_reserve
                new_deficit = shortfall - from_reserve
                if dated[u]:
                    deficits[t + 1, d, u] += new_deficit
                o += new_deficit
            # Step 4: carried deficits past their restoration years are written off.
            written_off = 0.0
            if deficit[j] == CARRIED and t + 1 >= restoration_years[j]:
                written_off = _write_off_due(deficits, live_from[u], t, d, u, restoration_years[j])
                o -= written_off
            if o < DUST:
                o = 0.0
            loss_coverage += written_off
            # Step 5: the drawdown lever takes what the reserve holds.
            drawn = 0.0
            if drawdown[j] != 0.0:
                drawn = min(drawdown[j], s)
                s -= drawn
            # R20: a closing unit hands its reserve and open deficits to the region.
            if closing[j]:
                recovery += s
                loss_coverage += o
                written_off += o
                s = 0.0
                o = 0.0
                capital[d, u] = 0.0
                deficits[:, d, u] = 0.0
            reserve[d, u] = s
            owed[d, u] = o
            moved[1, d, j] = s - o
            moved[2, d, j] = recovery
            moved[3, d, j] = loss_coverage
            moved[4, d, j] = written_off
            moved[5, d, j] = drawn
    _forget_written_off(live_from, start, t, deficit, restoration_years)


@numba.njit(cache=True, nogil=True, inline="always")
def _forget_written_off(  # pragma: no cover - compiled
    live_from: np.ndarray, start: int, t: int, deficit: np.ndarray, restoration_years: np.ndarray
) -> None:
    """After year t, in every draw, the slots that fell due (step 4) hold nothing: a carried unit's
    first slot that may hold a deficit moves past them."""
    for j in range(deficit.shape[0]):
        if deficit[j] == CARRIED and t + 1 >= restoration_years[j]:
            u = start + j
            live_from[u] = max(live_from[u], min(t + 2, int(t + 1 - restoration_years[j]) + 1))


@numba.njit(cache=True, nogil=True, inline="always")
def _restore_oldest_first(  # pragma: no cover - compiled
    deficits: np.ndarray, first: int, t: int, d: int, u: int, amount: float
) -> None:
    """Step 2's restoration of draw d's unit u: the open deficits of years up to t, oldest first
    (``booking.take_oldest_first``), from slot ``first`` (the earlier ones hold none)."""
    for k in range(first, t + 1):
        plane = deficits[k, d, u]
        paid = min(plane, amount)
        deficits[k, d, u] = plane - paid
        amount -= paid


@numba.njit(cache=True, nogil=True, inline="always")
def _write_off_due(  # pragma: no cover - compiled
    deficits: np.ndarray, first: int, t: int, d: int, u: int, restoration_years: float
) -> float:
    """Step 4 for draw d's carried unit u: its deficits past their restoration years, written off
    (``booking.write_off``), from slot ``first`` (the earlier ones hold none); slot k arose in
    base_year − 1 + k, so it is due once t + 1 − k ≥ restoration_years."""
    written_off = 0.0
    for k in range(first, min(t + 2, int(t + 1 - restoration_years) + 1)):
        written_off += deficits[k, d, u]
        deficits[k, d, u] = 0.0
    return written_off


@numba.njit(cache=True, nogil=True)
def centre_results(  # pragma: no cover - compiled
    revenue_factors: np.ndarray,
    revenue_coefficients: np.ndarray,
    visit_factor: np.ndarray,
    index_l: np.ndarray,
    by_visits: np.ndarray,
    by_visits_paid: np.ndarray,
    small_centres: np.ndarray,
    small_added: np.ndarray,
    cost_factors: np.ndarray,
    cost_coefficients: np.ndarray,
    gp_centres: np.ndarray,
    gp_cells: np.ndarray,
    cost_normals: np.ndarray,
    cost_sd: float,
    form: np.ndarray,
    out: np.ndarray,
    by_form: np.ndarray,
) -> np.ndarray:
    """RES − NEU of every draw and centre into ``out`` (D, N), in ``factored``'s order of operations:
    revenue Σ_k s_k a_k + (vf × I_L) × b_visits (+ the small-unit supplement), less the cost
    Σ_j r_j b_j (+ the GP lever's cells) times 1 + ε, ε = ``cost_sd`` × the draw's normal
    (``cost_normals``, no columns without cost shocks; ``montecarlo.CostNoise``'s arithmetic), and
    each form's sum of them into ``by_form`` (D, 3) in the centres' order, as ``np.bincount`` sums
    (``groups.GroupSums.by_form``; ``form`` (N,) each centre's form). Returns what the visits pay
    per draw, Σ_c (vf × I_L) × b_paid, summed left to right as ``factored._revenue`` sums it."""
    draws, centres = out.shape
    paid = np.zeros(draws)
    revenue_terms, cost_terms = revenue_factors.shape[1], cost_factors.shape[1]
    cost = np.empty(centres)
    for d in range(draws):
        # Term by term along the row (each cell still sums its terms in order, from 0.0): loops
        # over the centres that the compiler can vectorise.
        row = out[d]
        row[:] = 0.0
        for k in range(revenue_terms):
            factor, coefficients = revenue_factors[d, k], revenue_coefficients[k]
            for c in range(centres):
                row[c] += factor * coefficients[c]
        scale, visits = index_l[d], visit_factor[d]
        if centres:  # left to right from the first centre, as np.cumsum adds (factored._revenue)
            paid_here = (visits[0] * scale) * by_visits_paid[0]
            for c in range(1, centres):
                paid_here += (visits[c] * scale) * by_visits_paid[c]
            paid[d] = paid_here
        for c in range(centres):
            row[c] += (visits[c] * scale) * by_visits[c]
        cost[:] = 0.0
        for k in range(cost_terms):
            factor, coefficients = cost_factors[d, k], cost_coefficients[k]
            for c in range(centres):
                cost[c] += factor * coefficients[c]
        for i in range(small_centres.shape[0]):
            row[small_centres[i]] += small_added[d, i]
        for i in range(gp_centres.shape[0]):
            cost[gp_centres[i]] += gp_cells[d, i]
        if cost_normals.shape[1]:
            normals = cost_normals[d]
            for c in range(centres):
                row[c] -= cost[c] * (normals[c] * cost_sd + 1.0)
        else:
            for c in range(centres):
                row[c] -= cost[c]
        sums = by_form[d]
        sums[:] = 0.0
        for c in range(centres):
            sums[form[c]] += row[c]
    return paid


@numba.njit(cache=True, nogil=True)
def standard_normals(rng: np.random.Generator, out: np.ndarray) -> None:  # pragma: no cover - compiled
    """Fill ``out`` (rows × columns) row after row with ``rng``'s standard normals: numba's generator
    reproduces numpy's to the bit and leaves the stream where numpy's would (R24), at a third of
    its time (``tests/engine/test_fused.py``)."""
    for row in range(out.shape[0]):
        for column in range(out.shape[1]):
            out[row, column] = rng.standard_normal()
