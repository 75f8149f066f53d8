"""A year of Monte Carlo draws (R21–R26): what the bands read, computed the fast way.

``project_drawn_year`` is ``year.project_year`` for draws: the same units' books and region's
totals, without the centre figures that only rows and explanations read. The centres' arithmetic
is factored (``factored``), and neutrality compensation (R14), which is a per-draw factor times
each private centre's listed persons, is added to the private units' and the private form's sums
rather than cell by cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

import numpy as np

from simulation.core.engine import fused
from simulation.core.engine.factored import drawn_centres
from simulation.core.engine.inputs import PRIVATE
from simulation.core.engine.ledger import Ledger
from simulation.core.engine.plans import UnitGroup
from simulation.core.engine.year import (
    Booked,
    RegionYear,
    Setting,
    UnitsYear,
    book_group,
    open_units,
    region_figures,
)


@dataclass(frozen=True)
class DrawnYear:
    """What Monte Carlo draws keep of year t (R21–R26): the units' books and the region's totals."""

    t: int
    units: UnitsYear
    region: RegionYear


def project_drawn_year(setting: Setting, ledger: Ledger, t: int, kernels: ModuleType | None = None) -> DrawnYear:
    """Year t of Monte Carlo draws (``setting`` with shocks and a visit price set in advance, R24):
    what the bands read (R21–R26). The centres' arithmetic is factored (``factored``), and
    neutrality compensation (R14) is added by unit and by form rather than cell by cell. With
    ``kernels`` (``fused``) the cells are computed by compiled loops, to the same numbers. Advances
    ``ledger`` by the year."""
    plan = setting.plans.year(t)
    is_private = plan.is_private
    drawn = drawn_centres(setting, t, is_private, kernels)
    open_units(setting, ledger, t)
    region_run = _book(kernels, setting, ledger, t, plan.region_run, drawn.result)

    # R14: NEU = L × LC_rr / Σ_rr L for private centres, L = L0 × I_L: a per-draw factor times L0.
    base = setting.model.centres.listed
    private_listed = base * is_private
    neutrality = np.zeros_like(drawn.listed_factor)  # NEU per base-year listed person, (D,): NEU_c = this × L0_c
    if setting.model.neutrality_compensation:
        loss_coverage = region_run.moved.loss_coverage.sum(axis=1)
        listed_region_run = drawn.listed_factor * float(np.sum(base * ~is_private))
        per_listed = np.divide(
            loss_coverage, listed_region_run, out=np.zeros_like(loss_coverage), where=listed_region_run > 0
        )
        neutrality = drawn.listed_factor * per_listed
    units = plan.private.units
    listed_by_unit = setting.sums.by_unit(private_listed[None, :], t)[0, units]
    neutrality_by_unit = np.multiply.outer(neutrality, listed_by_unit)
    private = _book(kernels, setting, ledger, t, plan.private, drawn.result, added=neutrality_by_unit)

    neutrality_paid = neutrality * float(np.sum(private_listed))
    result_by_form = drawn.result_by_form
    result_by_form[:, PRIVATE] += neutrality_paid
    booked = UnitsYear(plan.policy, plan.starting, region_run, private, None, setting.sums, t)
    region = region_figures(drawn.paid + neutrality_paid, drawn.overhead_funded, booked, result_by_form)
    return DrawnYear(t, booked, region)


def _book(
    kernels: ModuleType | None,
    setting: Setting,
    ledger: Ledger,
    t: int,
    group: UnitGroup,
    centre_results: np.ndarray,
    added: np.ndarray | None = None,
) -> Booked:
    """``year.book_group`` for draws: with ``kernels`` the units' sums and their ledger year in one
    compiled pass over the cells (``fused``), else in numpy."""
    policy = None
    if kernels is not None and not ledger.track_parts:
        policy = fused.kernel_policy(group.policy, group.drawdown, group.closing)
    if kernels is None or policy is None:
        return book_group(setting, ledger, t, group, centre_results, added=added)
    units = group.units
    extra = np.zeros((centre_results.shape[0], 0)) if added is None else np.ascontiguousarray(added)
    position = setting.sums.positions(t, units)
    results = kernels.unit_results(np.ascontiguousarray(centre_results), position, len(units), extra, policy[3])
    return Booked(units, ledger.step_compiled(kernels.book, t, units, results, policy))
