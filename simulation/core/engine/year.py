"""One projected year (R1–R21, R26): its arithmetic, and the typed record of its figures.

``project_year`` computes year t from the run's ``Setting`` (what is fixed for the whole run) and
the ledger (the only state carried from year t − 1), and returns a frozen ``Year``: what each
centre earns and spends, what each result unit books, and the region's totals. Recorders
(``recorders``, ``rows``) keep what their kind of run needs of it.

Arrays are shaped (D, N) per centre and (D, U) per unit: D draws of a Monte Carlo run, members of a
batch (``inputs``: batch shapes), or 1 for a deterministic run; region totals are (D,).

Plain numpy, measured against the two usual ways to fuse the year's arithmetic (issue 27, 2-core
machine): numexpr evaluated a 58-operation year expression at about twice numpy's speed, which
the year's many sums (numpy's, so that every draw is summed as the deterministic run is) would not
keep; numba (``bench/fused.py``) computed the centres' arithmetic 39× faster with the same bits,
but costs 0,38 s in every process that loads it, so this module, which every run uses, stays numpy. Monte
Carlo draws need far less than this module computes: ``drawn_year`` and ``factored`` compute
them with per-centre coefficients times per-draw factors, some 16 passes a cell where this takes
65, to rounding rather than to the bit (README: measurements); where numba pays (``fused``: large
runs, long-lived processes), their cells and the ledger's are computed by compiled loops to the
same bits. What does not change between draws is built once per run (``GroupSums``, ``plans``,
the ledger's dated slots).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Protocol

import numpy as np

from simulation.core.engine.booking import UnitPolicy
from simulation.core.engine.compensation import Pay, Volumes, pay_year
from simulation.core.engine.costs import CostBase, Spend, spend_year
from simulation.core.engine.dated import growth_index
from simulation.core.engine.groups import GroupSums, group_sum
from simulation.core.engine.inputs import CARRIED, Model
from simulation.core.engine.ledger import Ledger, UnitYear
from simulation.core.engine.levers import LeverEffects
from simulation.core.engine.plans import UnitGroup, UnitPlans
from simulation.core.engine.structure import Structure


class CostFactors(Protocol):
    """The cost shocks of some draws, year by year (``montecarlo.CostNoise``)."""

    sd: float

    def year(self, t: int) -> np.ndarray: ...

    def normals(self, t: int) -> np.ndarray: ...


@dataclass(frozen=True)
class Shocks:
    """The shocks of some Monte Carlo draws (R23)."""

    listed_growth: np.ndarray  # (D, H) added to the listed growth rate
    wage_growth: np.ndarray  # (D, H)
    price_growth: np.ndarray  # (D, H)
    visit_factor: np.ndarray  # (D, N) multiplies every visit rate, all years
    cost_noise: CostFactors | None  # 1 + ε of each year (D, N) multiplies each centre's total cost; None if sd 0

    @property
    def draws(self) -> int:
        return int(self.listed_growth.shape[0])


@dataclass(frozen=True)
class Setting:
    """What one run holds fixed over its years: the model, its structure and levers, the growth
    indexes of every draw (or member), the shocks, and the base-year figures the years start from."""

    model: Model
    structure: Structure
    effects: LeverEffects
    draws: int  # D: Monte Carlo draws, batch members, or 1
    index_l: np.ndarray  # I_L (D, H), R1
    index_w: np.ndarray  # I_W (D, H), R16
    index_p: np.ndarray  # I_P (D, H), R17
    index_c: np.ndarray  # I_C (1, H), or (B, H) when a batch moves compensation growth
    visit_factor: np.ndarray | float  # (D, N) lognormal visit shocks (R23), 1.0 without
    cost_noise: CostFactors | None  # 1 + ε (R23) year by year, None without cost shocks
    visit_price: np.ndarray | None  # (H,) p of R10 set in advance on expected volumes (R24)
    base: CostBase  # W0 and h0 of R16
    opening_by_unit: np.ndarray  # (U,) Σ of the centres' opening balances (R19, R20)
    one_path: bool  # a deterministic run (rows), not draws or batch members
    sums: GroupSums  # sums by unit and form, their indexes shared by the chunks of a run
    plans: UnitPlans  # each year's units and policies, shared by the chunks of a run
    all_listed: bool  # every centre has listed patients in the base year (R3: λ = I_L for all)

    @classmethod
    def of(
        cls,
        model: Model,
        structure: Structure,
        effects: LeverEffects,
        shocks: Shocks | None = None,
        visit_price: np.ndarray | None = None,
        members: int | None = None,
        sums: GroupSums | None = None,
        plans: UnitPlans | None = None,
    ) -> Setting:
        """A deterministic run (no shocks), D draws (``shocks``, paid at ``visit_price``), or a
        batch of ``members`` (each its own deterministic path)."""
        a = model.assumptions
        draws = members or (shocks.draws if shocks else 1)
        index_l = growth_index(a.listed_growth, shocks.listed_growth if shocks else None)  # R1
        if members is not None:
            index_l = np.broadcast_to(index_l, (draws, model.horizon))  # every member's own listed, (B, N)
        unit_count = len(structure.unit_ids)
        opening = model.centres.opening_balance[None, :]
        return cls(
            model=model,
            structure=structure,
            effects=effects,
            draws=draws,
            index_l=index_l,
            index_w=growth_index(a.wage_growth, shocks.wage_growth if shocks else None),
            index_p=growth_index(a.price_growth, shocks.price_growth if shocks else None),
            index_c=growth_index(a.compensation_growth),
            visit_factor=shocks.visit_factor if shocks else 1.0,
            cost_noise=shocks.cost_noise if shocks else None,
            visit_price=visit_price,
            base=CostBase.of(model.centres, model.costs),
            opening_by_unit=group_sum(opening, structure.unit_of[0], unit_count)[0],
            one_path=shocks is None and members is None,
            sums=GroupSums(structure) if sums is None else sums,
            plans=UnitPlans(model, structure, effects.drawdown) if plans is None else plans,
            all_listed=bool((model.centres.listed > 0).all()),
        )

    def ledger(self) -> Ledger:
        """A fresh ledger for this run's units. Parts of the reserve are tracked only when some
        form's policy lets a kept surplus expire (R19 step 4b). A run of one path keeps every open
        deficit by its year of origin, which explanations tell; draws and batch members keep by year
        only those of units that are ``carried`` in some year, where the year decides the write-off."""
        model, structure = self.model, self.structure
        expiring = any(np.isfinite(policy.surplus_expiry_years).any() for policy in model.ledger.values())
        dated: np.ndarray | None = None
        if not self.one_path:
            carried_forms = [f for f, policy in model.ledger.items() if policy.deficit == CARRIED]
            dated = np.asarray(np.isin(structure.unit_forms, carried_forms).any(axis=0))
        units = len(structure.unit_ids)
        return Ledger(self.draws, units, model.horizon, model.base_year, track_parts=expiring, dated=dated)


@dataclass(frozen=True)
class CentreYear:
    """What each centre earns and spends in one year, (D, N) (R1–R18)."""

    listed: np.ndarray  # L (R1)
    volume_factor: np.ndarray  # λ (R3)
    volumes: Volumes  # R2
    pay: Pay  # R4–R13
    spend: Spend  # R16, R17
    cost_total: np.ndarray  # COST, times 1 + ε in a Monte Carlo draw (R23)
    revenue_before_neutrality: np.ndarray  # REV − NEU
    neutrality: np.ndarray  # NEU (R14)
    result: np.ndarray  # RES (R15, R18)

    @property
    def revenue_total(self) -> np.ndarray:
        return self.revenue_before_neutrality + self.neutrality


@dataclass(frozen=True)
class Booked:
    """One group of result units booked together: their indexes and their ledger year."""

    units: np.ndarray  # (k,) indexes into the structure's unit_ids
    moved: UnitYear  # each (D, k)


@dataclass(frozen=True)
class UnitsYear:
    """What the result units booked in one year (R19, R20)."""

    policy: UnitPolicy  # every unit's policy this year, (U,) or (B, U)
    starting: np.ndarray  # (U,) units that start this year
    region_run: Booked  # egen regi and intraprenad units, booked first (R14)
    private: Booked
    centre_result: np.ndarray | None  # RES of every centre (D, N), R15, R18; not kept for draws
    sums: GroupSums
    t: int

    @cached_property
    def result(self) -> np.ndarray:
        """r_u (D, U), net of the return requirement: every unit's, made when a recorder asks (the
        booked groups summed only their own centres)."""
        if self.centre_result is None:
            raise ValueError("a Monte Carlo draw's year keeps no centre results")
        return self.sums.by_unit(self.centre_result, self.t) - self.policy.return_requirement

    @property
    def groups(self) -> tuple[Booked, Booked]:
        return self.region_run, self.private

    def total(self, figure: str) -> np.ndarray:
        """Σ over every booked unit of one ``UnitYear`` figure, (D,)."""
        return sum((getattr(group.moved, figure).sum(axis=1) for group in self.groups), start=np.zeros(1))


@dataclass(frozen=True)
class RegionYear:
    """The region's totals of one year (R21, R26), each (D,)."""

    compensation_paid: np.ndarray
    loss_coverage: np.ndarray
    recovery: np.ndarray
    drawdown: np.ndarray
    overhead_funded: np.ndarray
    net_cost: np.ndarray
    consolidated_cost: np.ndarray
    region_run_balance: np.ndarray
    result_by_form: np.ndarray  # (D, 3) Σ RES of each form's centres


@dataclass(frozen=True)
class Year:
    """Every figure of projected year t (index 0 = the base year)."""

    t: int
    forms: np.ndarray  # (N,) each centre's form code this year
    unit_of: np.ndarray  # (N,) each centre's unit (index into the structure's unit_ids) this year
    centres: CentreYear
    units: UnitsYear
    region: RegionYear


@dataclass(frozen=True)
class _Earned:
    """A year's centre figures before neutrality compensation, which follows the region-run books."""

    listed: np.ndarray
    volume_factor: np.ndarray
    volumes: Volumes
    pay: Pay
    spend: Spend
    cost_total: np.ndarray
    revenue: np.ndarray  # REV − NEU
    result: np.ndarray  # RES − NEU


def _earn_and_spend(setting: Setting, t: int, is_private: np.ndarray) -> _Earned:
    """R1–R13 and R15–R18 of year t for every centre, neutrality compensation (R14) aside."""
    model, centres, effects = setting.model, setting.model.centres, setting.effects
    index_l = setting.index_l[:, t : t + 1]
    listed = centres.listed * index_l  # R1, (D, N)
    # R3: λ is I_L wherever a centre has listed patients, so then it is one number per draw.
    volume_factor = index_l if setting.all_listed else np.where(centres.listed > 0, index_l, 1.0)
    visit_factor = setting.visit_factor
    volumes = Volumes(  # R2
        listed,
        listed * centres.doctor_visits_per_listed * visit_factor,
        listed * centres.other_visits_per_listed * visit_factor,
        listed * centres.outside_visits_per_listed * visit_factor,
    )
    index_c = setting.index_c
    pay = pay_year(
        model.compensation,
        t,
        centres,
        volumes,
        index_c[0, t] if index_c.shape[0] == 1 else index_c[:, t : t + 1],
        is_private,
        None if setting.visit_price is None else np.full(setting.draws, setting.visit_price[t]),
        achievements=effects.achievements(centres, t),
    )
    spend = spend_year(
        model.costs,
        t,
        centres,
        setting.base,
        effects,
        listed,
        volume_factor,
        setting.index_w[:, t : t + 1],
        setting.index_p[:, t : t + 1],
        ~is_private,
    )
    cost_total = spend.total
    if setting.cost_noise is not None:
        cost_total = cost_total * setting.cost_noise.year(t)  # R23
    revenue = pay.earned + pay.patient_fees - pay.deduction + pay.vat
    volume_factor = np.broadcast_to(volume_factor, listed.shape)  # read per centre by explanations
    return _Earned(listed, volume_factor, volumes, pay, spend, cost_total, revenue, revenue - cost_total)


def region_run_figures(
    listed: np.ndarray, is_private: np.ndarray, region_run: UnitYear
) -> tuple[np.ndarray, np.ndarray]:
    """What R14 passes on: the loss coverage LC_rr of the region-run units and their listed Σ L,
    each (D, 1)."""
    loss_coverage = region_run.loss_coverage.sum(axis=1, keepdims=True)
    return loss_coverage, (listed * ~is_private).sum(axis=1, keepdims=True)


def _neutrality(setting: Setting, earned: _Earned, is_private: np.ndarray, region_run: UnitYear) -> np.ndarray:
    """R14: private centres receive what the region covered for region-run units, per listed."""
    listed = earned.listed
    if not setting.model.neutrality_compensation:
        return np.zeros_like(listed)
    loss_coverage, listed_region_run = region_run_figures(listed, is_private, region_run)
    per_listed = np.divide(
        loss_coverage, listed_region_run, out=np.zeros_like(listed_region_run), where=listed_region_run > 0
    )
    return listed * per_listed * is_private


def project_year(setting: Setting, ledger: Ledger, t: int, detail: bool = False) -> Year:
    """Compute year t: the centres' pay and costs, the units' books, the region's totals (R1–R21,
    R26). Advances ``ledger`` by the year; ``detail`` keeps the ledger's steps (explanations)."""
    structure, plan = setting.structure, setting.plans.year(t)
    is_private = plan.is_private
    earned = _earn_and_spend(setting, t, is_private)

    # Units: open those that start this year, then book region-run units before private ones,
    # because neutrality compensation (R14) passes on what region-run units cost the region.
    open_units(setting, ledger, t)
    region_run = book_group(setting, ledger, t, plan.region_run, earned.result, detail)  # R19, R20
    neutrality = _neutrality(setting, earned, is_private, region_run.moved)
    result = earned.result + neutrality  # R15, R18
    private = book_group(setting, ledger, t, plan.private, result, detail)  # R19, R20 for private units

    centres = CentreYear(
        earned.listed,
        earned.volume_factor,
        earned.volumes,
        earned.pay,
        earned.spend,
        earned.cost_total,
        earned.revenue,
        neutrality,
        result,
    )
    units = UnitsYear(plan.policy, plan.starting, region_run, private, result, setting.sums, t)
    region = _region_totals(centres, units, setting.sums.by_form(result, t))
    return Year(t, structure.forms[t], structure.unit_of[t], centres, units, region)


def open_units(setting: Setting, ledger: Ledger, t: int) -> None:
    """Arrange the year's units for booking, and open those that start this year (R19, R20)."""
    structure, plan = setting.structure, setting.plans.year(t)
    starting = plan.starting
    balances = setting.opening_by_unit if t == 0 else np.zeros(len(structure.unit_ids))
    ledger.arrange(t, plan.region_run.units, plan.private.units)  # first: a blank ledger moves nothing
    ledger.open(np.flatnonzero(starting), balances[starting], structure.start_capital[t][starting])


def book_group(
    setting: Setting,
    ledger: Ledger,
    t: int,
    group: UnitGroup,
    centre_results: np.ndarray,
    detail: bool = False,
    added: np.ndarray | None = None,
) -> Booked:
    """Book one group of units (R19, R20) with the sums of their centres' results, plus ``added``
    (D, k) where a part of the results is summed by unit already."""
    policy, units = group.policy, group.units
    results = setting.sums.of_units(centre_results, t, units) - policy.return_requirement  # r_u
    if added is not None:
        results += added
    return Booked(units, ledger.step(t, units, results, policy, group.drawdown, group.closing, detail))


def _region_totals(centres: CentreYear, units: UnitsYear, result_by_form: np.ndarray) -> RegionYear:
    """R21 and R26: the region's totals of the year."""
    pay = centres.pay
    compensation_paid = (pay.earned + pay.vat + centres.neutrality - pay.deduction).sum(axis=1)
    overhead_funded = centres.spend.overhead_funded.sum(axis=1)  # R17: paid centrally, not charged
    return region_figures(compensation_paid, overhead_funded, units, result_by_form)


def region_figures(
    compensation_paid: np.ndarray, overhead_funded: np.ndarray, units: UnitsYear, result_by_form: np.ndarray
) -> RegionYear:
    """R21 and R26 from what the region paid the centres and the units' books."""
    loss_coverage, recovery, drawn = (units.total(name) for name in ("loss_coverage", "recovery", "drawdown"))
    net_cost = compensation_paid + loss_coverage + drawn - recovery + overhead_funded
    # R26: what the region-run units' balances absorbed is the region's own money, so it is
    # taken back out of the cash flow; balance_open includes start capital, which costs nothing.
    region_run = units.region_run.moved
    region_run_balance = region_run.balance_close.sum(axis=1)
    balance_change = region_run_balance - region_run.balance_open.sum(axis=1)
    consolidated_cost = net_cost - balance_change - region_run.drawdown.sum(axis=1)
    return RegionYear(
        compensation_paid=compensation_paid,
        loss_coverage=loss_coverage,
        recovery=recovery,
        drawdown=drawn,
        overhead_funded=overhead_funded,
        net_cost=net_cost,
        consolidated_cost=consolidated_cost,
        region_run_balance=region_run_balance,
        result_by_form=result_by_form,
    )
