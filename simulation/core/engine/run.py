"""Project one model year by year (R1–R22), for one path, for many Monte Carlo draws at once, or for
a batch of scenarios that differ only in numbers (``inputs``: batch shapes).

Everything is vectorised over centres and draws (or batch members); only years are looped, because
the ledger makes year t depend on year t − 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from simulation.core.engine.compensation import Volumes, pay_year
from simulation.core.engine.costs import CostBase, spend_year
from simulation.core.engine.dated import growth_index
from simulation.core.engine.detail import YearDetail, unit_column
from simulation.core.engine.inputs import BORNE, FORMS, PRIVATE, Model
from simulation.core.engine.ledger import Ledger, UnitPolicy, UnitYear
from simulation.core.engine.levers import LeverEffects
from simulation.core.engine.structure import Structure

CENTRE_FIELDS = (
    "listed",
    "revenue_capitation",
    "revenue_sparsity",
    "revenue_small_unit",
    "revenue_goals",
    "revenue_visits",
    "revenue_patient_fees",
    "deduction_outside_visits",
    "revenue_vat",
    "revenue_neutrality",
    "revenue_total",
    "cost_staff",
    "cost_hired",
    "cost_premises",
    "cost_other",
    "cost_overhead",
    "cost_total",
    "result",
    "overhead_funded",  # R17: not a cost of the centre, paid by the region centrally
)
UNIT_FIELDS = (
    "result",
    "return_requirement",
    "balance_open",
    "balance_close",
    "loss_coverage",
    "recovery",
    "drawdown",
    "written_off",
    "expired",
    "start_capital",  # R20: equity a conversion opens the unit with this year (bookkeeping, no money moves)
)
#: The unit fields the ledger books (the rest come from the structure and the policy).
BOOKED_FIELDS = ("balance_open", "balance_close", "loss_coverage", "recovery", "drawdown", "written_off", "expired")


@dataclass(frozen=True)
class Shocks:
    """The shocks of some Monte Carlo draws (R23)."""

    listed_growth: np.ndarray  # (D, H) added to the listed growth rate
    wage_growth: np.ndarray  # (D, H)
    price_growth: np.ndarray  # (D, H)
    visit_factor: np.ndarray  # (D, N) multiplies every visit rate, all years
    cost_factor: np.ndarray | None  # (D, H, N) 1 + ε multiplies each centre's total cost; None if sd 0

    @property
    def draws(self) -> int:
        return self.listed_growth.shape[0]


@dataclass
class Trace:
    """What a projection recorded. Deterministic runs fill the row lists; draws fill the aggregates."""

    visit_price: np.ndarray  # (H,) price p of R10 in the first draw
    centres: dict[str, list[np.ndarray]] = field(default_factory=dict)  # field -> per year (N,)
    units: list[dict[str, np.ndarray]] = field(default_factory=list)  # per year, active units
    region: list[dict[str, float]] = field(default_factory=list)  # by_form flattened: 'private.listed'
    net_cost: np.ndarray | None = None  # (D, H)
    consolidated_cost: np.ndarray | None = None  # (D, H) R26
    region_run_balance: np.ndarray | None = None  # (D, H) R26
    loss_coverage: np.ndarray | None = None  # (D, H) R21, banded so that its headline figure has a range
    result_by_form: np.ndarray | None = None  # (D, 3, H)
    unit_risk: np.ndarray | None = None  # (D, U, H) write-off or negative borne balance, while running
    # What the bands need of unit_risk, as counts over draws, so that chunks add up without the
    # whole draws × units × years cube ever being held (R25).
    risk_draws: int = 0
    risk_ever: np.ndarray | None = None  # (U,) draws with a write-off or negative balance in any year
    risk_by_year: np.ndarray | None = None  # (U, H) draws with one in that year
    detail: YearDetail | None = None  # the year asked for with ``explain_year``
    # A batch run: what every analysis metric (§11.1) reads, per member and year.
    totals: dict[str, np.ndarray] | None = None  # region field (BATCH_TOTALS) -> (B, H)
    unit_balance: np.ndarray | None = None  # (B, U, H) balance_close; 0 where the unit has no centres
    pot_shortfall: np.ndarray | None = None  # (B, H) supplements exceed the fixed pot (R8)


#: The region fields a batch run keeps per member (besides net cost, consolidated cost and the
#: region-run balance, which every aggregate run keeps).
BATCH_TOTALS = (
    "budget",
    "compensation_paid",
    "goal_unpaid",
    "loss_coverage",
    "recovery",
    "drawdown",
    "neutrality_paid",
    "overhead_funded",
    "written_off",
    "expired",
)


def group_sum(values: np.ndarray, groups: np.ndarray, size: int) -> np.ndarray:
    """Sum (D, N) values into (D, size) groups, group of centre n being groups[n]."""
    draws = values.shape[0]
    flat = (groups[None, :] + size * np.arange(draws)[:, None]).ravel()
    return np.bincount(flat, weights=values.ravel(), minlength=draws * size).reshape(draws, size)


def unit_policy(model: Model, t: int, unit_forms: np.ndarray) -> UnitPolicy:
    """The ledger policy of each unit in year t: the policy of its operating form (R19). An entry
    is (U,), or (B, U) where a batch moves that figure of some form's policy."""
    forms = np.maximum(unit_forms, 0)
    policies = [model.ledger[f] for f in range(len(FORMS))]

    def pick(attribute: str) -> np.ndarray:
        values = [getattr(p, attribute)[t] for p in policies]
        if all(np.ndim(v) == 0 for v in values):
            return np.array(values)[forms]
        members = max(np.size(v) for v in values)
        by_form = np.stack([np.broadcast_to(np.reshape(v, -1), (members,)) for v in values], axis=1)  # (B, 3)
        return by_form[:, forms]

    return UnitPolicy(
        deficit=np.array([p.deficit for p in policies])[forms],
        surplus_retention=pick("surplus_retention"),
        restoration_years=pick("restoration_years"),
        return_requirement=pick("return_requirement"),
        surplus_cap=pick("surplus_cap"),
        surplus_expiry_years=pick("surplus_expiry_years"),
    )


def _book(
    ledger: Ledger,
    t: int,
    policy: UnitPolicy,
    drawdown: np.ndarray,
    closing: np.ndarray,
    idx: np.ndarray,
    results: np.ndarray,
    detail: bool = False,
) -> UnitYear:
    """Advance the ledger of the units ``idx`` by one year."""
    sub = UnitPolicy(*(getattr(policy, f)[..., idx] for f in UnitPolicy.__dataclass_fields__))
    return ledger.step(t, idx, results[:, idx], sub, drawdown[idx], closing[idx], detail)


def project(
    model: Model,
    structure: Structure,
    effects: LeverEffects,
    shocks: Shocks | None = None,
    visit_price: np.ndarray | None = None,
    explain_year: int | None = None,
    batch: int | None = None,
) -> Trace:
    """Run the year loop. Without shocks: one path, every row recorded. With shocks: D draws,
    only the aggregates that feed the bands (R25), paying visits at ``visit_price`` (R24).
    ``batch``: the model holds that many members (``inputs``), each run as its own deterministic
    path; only what analysis metrics read is kept (``Trace.totals``, ``unit_balance``).
    ``explain_year`` (an index t, deterministic runs only) keeps that year's ``detail``."""
    centres, comp, years = model.centres, model.compensation, model.years
    horizon, count, unit_count = model.horizon, centres.count, len(structure.unit_ids)
    draws = batch or (shocks.draws if shocks else 1)
    record_rows = shocks is None and batch is None

    a = model.assumptions
    index_l = growth_index(a.listed_growth, shocks.listed_growth if shocks else None)  # R1
    index_w = growth_index(a.wage_growth, shocks.wage_growth if shocks else None)
    index_p = growth_index(a.price_growth, shocks.price_growth if shocks else None)
    if batch is not None:
        index_l = np.broadcast_to(index_l, (draws, horizon))  # every member's own listed, (B, N)
    index_c = growth_index(a.compensation_growth)  # (1, H), or (B, H) when a batch moves it
    visit_factor = shocks.visit_factor if shocks else 1.0
    base = CostBase.of(centres, model.costs)
    expiring = any(np.isfinite(policy.surplus_expiry_years).any() for policy in model.ledger.values())
    ledger = Ledger(draws, unit_count, horizon, model.base_year, track_parts=expiring)
    active = structure.active
    opening_by_unit = group_sum(centres.opening_balance[None, :], structure.unit_of[0], unit_count)[0]

    trace = Trace(visit_price=np.zeros(horizon))
    if record_rows:
        trace.centres = {name: [] for name in CENTRE_FIELDS}
    else:
        trace.net_cost = np.zeros((draws, horizon))
        trace.consolidated_cost = np.zeros((draws, horizon))
        trace.region_run_balance = np.zeros((draws, horizon))
        trace.loss_coverage = np.zeros((draws, horizon))
        trace.result_by_form = np.zeros((draws, len(FORMS), horizon))
        trace.unit_risk = np.zeros((draws, unit_count, horizon), dtype=bool)
    if batch is not None:
        trace.totals = {name: np.zeros((draws, horizon)) for name in BATCH_TOTALS}
        trace.unit_balance = np.zeros((draws, unit_count, horizon))
        trace.pot_shortfall = np.zeros((draws, horizon), dtype=bool)

    for t in range(horizon):
        forms = structure.forms[t]
        unit_of = structure.unit_of[t]
        is_private = forms == PRIVATE
        region_run = ~is_private

        listed = centres.listed * index_l[:, t : t + 1]  # R1, (D, N)
        volume_factor = np.where(centres.listed > 0, index_l[:, t : t + 1], 1.0)  # R3
        volumes = Volumes(  # R2
            listed,
            listed * centres.doctor_visits_per_listed * visit_factor,
            listed * centres.other_visits_per_listed * visit_factor,
            listed * centres.outside_visits_per_listed * visit_factor,
        )
        pay = pay_year(
            comp,
            t,
            centres,
            volumes,
            index_c[0, t] if index_c.shape[0] == 1 else index_c[:, t : t + 1],
            is_private,
            None if visit_price is None else np.full(draws, visit_price[t]),
            achievements=effects.achievements(centres, t),
        )
        spend = spend_year(
            model.costs,
            t,
            centres,
            base,
            effects,
            listed,
            volume_factor,
            index_w[:, t : t + 1],
            index_p[:, t : t + 1],
            region_run,
        )
        cost_total = spend.total
        if shocks is not None and shocks.cost_factor is not None:
            cost_total = cost_total * shocks.cost_factor[:, t]  # R23
        revenue_before_neutrality = pay.earned + pay.patient_fees - pay.deduction + pay.vat
        result_before_neutrality = revenue_before_neutrality - cost_total

        # Units: open those that start this year, then book region-run units before private ones,
        # because neutrality compensation (R14) passes on what region-run units cost the region.
        unit_forms = structure.unit_forms[t]
        starting = active[t] & (~active[t - 1] if t > 0 else True)
        balances = opening_by_unit if t == 0 else np.zeros(unit_count)
        ledger.open(np.flatnonzero(starting), balances[starting], structure.start_capital[t][starting])
        policy = unit_policy(model, t, unit_forms)
        closing = active[t] & (~active[t + 1] if t + 1 < horizon else False)
        drawdown = effects.drawdown[t]

        unit_result = group_sum(result_before_neutrality, unit_of, unit_count) - policy.return_requirement
        region_run_units = np.flatnonzero(active[t] & (unit_forms != PRIVATE))
        private_units = np.flatnonzero(active[t] & (unit_forms == PRIVATE))
        ledger.arrange(t, region_run_units, private_units)
        books = (ledger, t, policy, drawdown, closing)
        explained = record_rows and t == explain_year
        region_run_year = _book(*books, region_run_units, unit_result, explained)  # R19, R20 for region-run units
        loss_coverage_region_run = region_run_year.loss_coverage.sum(axis=1, keepdims=True)
        listed_region_run = (listed * region_run).sum(axis=1, keepdims=True)
        neutrality = np.zeros_like(listed)
        if model.neutrality_compensation:  # R14
            per_listed = np.divide(
                loss_coverage_region_run,
                listed_region_run,
                out=np.zeros_like(listed_region_run),
                where=listed_region_run > 0,
            )
            neutrality = listed * per_listed * is_private
        result = result_before_neutrality + neutrality  # R15, R18
        unit_result = group_sum(result, unit_of, unit_count) - policy.return_requirement
        private_year = _book(*books, private_units, unit_result, explained)  # R19, R20 for private units
        phases = ((region_run_units, region_run_year), (private_units, private_year))

        # R21: region totals.
        compensation_paid = (pay.earned + pay.vat + neutrality - pay.deduction).sum(axis=1)
        loss_coverage, recovery, drawn = (
            sum(getattr(moved, name).sum(axis=1) for _, moved in phases)
            for name in ("loss_coverage", "recovery", "drawdown")
        )
        overhead_funded = spend.overhead_funded.sum(axis=1)  # R17: paid centrally, not charged
        net_cost = compensation_paid + loss_coverage + drawn - recovery + overhead_funded
        # R26: what the region-run units' balances absorbed is the region's own money, so it is
        # taken back out of the cash flow; balance_open includes start capital, which costs nothing.
        region_run_balance = region_run_year.balance_close.sum(axis=1)
        balance_change = region_run_balance - region_run_year.balance_open.sum(axis=1)
        consolidated_cost = net_cost - balance_change - region_run_year.drawdown.sum(axis=1)
        trace.visit_price[t] = pay.visit_price[0]

        if batch is not None:
            written_off = sum(moved.written_off.sum(axis=1) for _, moved in phases)
            expired = sum(moved.expired.sum(axis=1) for _, moved in phases)
            kept = {
                "budget": pay.budget,
                "compensation_paid": compensation_paid,
                "goal_unpaid": pay.goal_pot - pay.goals.sum(axis=1),
                "loss_coverage": loss_coverage,
                "recovery": recovery,
                "drawdown": drawn,
                "neutrality_paid": neutrality.sum(axis=1),
                "overhead_funded": overhead_funded,
                "written_off": written_off,
                "expired": expired,
            }
            for name, values in kept.items():
                trace.totals[name][:, t] = values
            for idx, moved in phases:
                trace.unit_balance[:, idx, t] = moved.balance_close
            # The check of R8 that ``checks.fixed_pot_shortfalls`` makes before a single run.
            trace.pot_shortfall[:, t] = (pay.capitation_pot < -pay.fixed_pot * 1e-12)[:, 0]
        if not record_rows:
            trace.net_cost[:, t] = net_cost
            trace.consolidated_cost[:, t] = consolidated_cost
            trace.region_run_balance[:, t] = region_run_balance
            trace.loss_coverage[:, t] = loss_coverage
            trace.result_by_form[:, :, t] = group_sum(result, forms, len(FORMS))
            for idx, moved in phases:
                negative_borne = (moved.balance_close < 0) & (policy.deficit[idx] == BORNE)
                trace.unit_risk[:, idx, t] = (moved.written_off > 0) | negative_borne
            continue

        if explained:
            trace.detail = YearDetail(
                t=t,
                volumes=volumes,
                pay=pay,
                spend=spend,
                base=base,
                efficiency=effects.efficiency[t],
                overhead_reduction=effects.overhead_reduction[t],
                overhead_funded_share=effects.overhead_funded[t],
                gp_phase=effects.gp_phase[t],
                listed_per_gp=effects.listed_per_gp[t],
                hired_cost_share=effects.hired_cost_share[t],
                volume_factor=volume_factor,
                base_achievements=dict(centres.achievements),
                index_w=float(index_w[0, t]),
                index_p=float(index_p[0, t]),
                listed_region_run=float(listed_region_run[0, 0]),
                loss_coverage_region_run=float(loss_coverage_region_run[0, 0]),
                neutrality=neutrality,
                result=result,
                policy=policy,
                unit_ids=structure.unit_ids,
                unit_of=unit_of,
                unit_forms=unit_forms,
                unit_result=unit_result,
                start_capital=structure.start_capital[t],
                booked={int(u): unit_column(moved, i) for idx, moved in phases for i, u in enumerate(idx)},
            )

        booked = {name: np.zeros((draws, unit_count)) for name in BOOKED_FIELDS}
        for idx, moved in phases:
            for name in booked:
                booked[name][:, idx] = getattr(moved, name)

        columns = {
            "listed": listed,
            "revenue_capitation": pay.capitation,
            "revenue_sparsity": pay.sparsity,
            "revenue_small_unit": pay.small_unit,
            "revenue_goals": pay.goals,
            "revenue_visits": pay.visits,
            "revenue_patient_fees": pay.patient_fees,
            "deduction_outside_visits": pay.deduction,
            "revenue_vat": pay.vat,
            "revenue_neutrality": neutrality,
            "revenue_total": revenue_before_neutrality + neutrality,
            "cost_staff": spend.staff,
            "cost_hired": spend.hired,
            "cost_premises": spend.premises,
            "cost_other": spend.other,
            "cost_overhead": spend.overhead,
            "cost_total": cost_total,
            "result": result,
            "overhead_funded": spend.overhead_funded,
        }
        for name, values in columns.items():
            trace.centres[name].append(values[0])
        # Units in the order of their first centre, the order a reader of the centre list expects.
        first_centre = np.full(unit_count, count)
        np.minimum.at(first_centre, unit_of, np.arange(count))
        idx = np.flatnonzero(active[t])
        idx = idx[np.argsort(first_centre[idx], kind="stable")]
        trace.units.append(
            {
                "index": idx,
                "form": unit_forms[idx],
                "result": unit_result[0, idx],
                "return_requirement": policy.return_requirement[idx],
                "start_capital": np.where(starting[idx], structure.start_capital[t][idx], 0.0),
            }
            | {name: booked[name][0, idx] for name in booked}
        )
        listed_total = listed[0].sum()
        by_form = {}
        for f, name in enumerate(FORMS):
            mine = forms == f
            form_listed = listed[0][mine].sum()
            by_form[f"{name}.listed"] = float(form_listed)
            by_form[f"{name}.market_share"] = float(form_listed / listed_total) if listed_total > 0 else 0.0
            by_form[f"{name}.result"] = float(result[0][mine].sum())
        trace.region.append(
            {
                "year": int(years[t]),
                "listed": float(listed_total),
                "budget": float(pay.budget[0]),
                "compensation_paid": float(compensation_paid[0]),
                "goal_unpaid": float(pay.goal_pot[0] - pay.goals[0].sum()),
                "loss_coverage": float(loss_coverage[0]),
                "recovery": float(recovery[0]),
                "drawdown": float(drawn[0]),
                "neutrality_paid": float(neutrality[0].sum()),
                "overhead_funded": float(overhead_funded[0]),
                "net_cost": float(net_cost[0]),
                "consolidated_cost": float(consolidated_cost[0]),
                "region_run_balance": float(region_run_balance[0]),
            }
            | by_form
        )
    if not record_rows:
        trace.risk_draws = draws
        trace.risk_ever = trace.unit_risk.any(axis=2).sum(axis=0)
        trace.risk_by_year = trace.unit_risk.sum(axis=0)
        trace.unit_risk = None
    return trace
