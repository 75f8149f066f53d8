"""Engine inputs: frozen dataclasses of plain numbers and numpy arrays.

The scenario layer (``simulation.core.scenario``) turns a validated scenario document into these; the
engine never sees the document itself. Every time-varying parameter is already resolved to one value
per projected year (a numpy array of length H), so the engine indexes ``param[t]`` and knows nothing
of dated values.

A *batch* model (``engine.batch``) stands for B scenarios that differ only in numbers, run at once
the way Monte Carlo draws are: a per-year parameter that differs is shaped (H, B, 1) — so that
``param[t]`` is a (B, 1) column that broadcasts over the (B, N) centre arrays of the year loop —
and a centre field that differs is shaped (B, N). Everything else keeps its usual shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

#: Operating forms, in the order used for integer codes throughout the engine.
#: *egen regi* is a centre run by the region itself; an *intraprenad* is region-run but has its own
#: equity and entrepreneur-like freedom; *private* centres are run by private providers.
FORMS: tuple[str, ...] = ("egen_regi", "intraprenad", "private")
EGEN_REGI, INTRAPRENAD, PRIVATE = 0, 1, 2

#: Deficit policies of the ledger (R19), in code order.
DEFICIT_POLICIES: tuple[str, ...] = ("covered", "carried", "borne")
COVERED, CARRIED, BORNE = 0, 1, 2

#: Centre fields that a goal (R9) may measure: shares 0–1 of the centre record (§2.1).
GOAL_KEYS: tuple[str, ...] = ("phone_access", "assessment_3d")


@dataclass(frozen=True)
class Centres:
    """Base-year facts of N centres (§2.1); every array has length N, money in SEK."""

    ids: tuple[str, ...]
    names: tuple[str, ...]
    units: tuple[str, ...]
    forms: np.ndarray  # int codes into FORMS
    rural: np.ndarray  # bool
    listed: np.ndarray
    cni: np.ndarray
    doctor_visits_per_listed: np.ndarray
    other_visits_per_listed: np.ndarray
    outside_visits_per_listed: np.ndarray
    achievements: Mapping[str, np.ndarray]  # GOAL_KEYS -> share 0–1
    staff_cost: np.ndarray
    hired_cost: np.ndarray
    premises_cost: np.ndarray
    other_cost: np.ndarray
    overhead_cost: np.ndarray
    gp_fte: np.ndarray
    opening_balance: np.ndarray

    @property
    def count(self) -> int:
        return len(self.ids)

    @cached_property
    def by_listed(self) -> np.ndarray:
        """The centres' indexes sorted by listed persons: sorted once for every chunk of draws
        (``factored``: the small-unit supplement's sums), which took 1 ms a chunk-year at 20 000."""
        return np.argsort(self.listed, kind="stable")


@dataclass(frozen=True)
class Assumptions:
    """Annual growth rates per projected year (fractions, 0.03 = 3 %)."""

    listed_growth: np.ndarray
    wage_growth: np.ndarray
    price_growth: np.ndarray
    compensation_growth: np.ndarray


@dataclass(frozen=True)
class Goal:
    """One goal of goal-related pay (R9); weight, floor and target per year."""

    key: str
    weight: np.ndarray
    floor: np.ndarray
    target: np.ndarray


@dataclass(frozen=True)
class Compensation:
    """The region's compensation rules per year (R4–R13). Money in SEK, shares 0–1."""

    budget_per_listed: np.ndarray
    fixed_share: np.ndarray
    sparsity_per_listed: np.ndarray
    small_unit_threshold: np.ndarray
    small_unit_amount: np.ndarray
    goal_share: np.ndarray
    goals: tuple[Goal, ...]
    doctor_visit_weight: np.ndarray
    patient_fee_per_visit: np.ndarray
    outside_visit_fee: np.ndarray
    vat_compensation_rate: np.ndarray


@dataclass(frozen=True)
class Costs:
    """Cost parameters per year (R16): hired premium π ≥ 1 and the cost of one GP FTE in SEK."""

    hired_premium: np.ndarray
    gp_cost_per_fte: np.ndarray


@dataclass(frozen=True)
class LedgerPolicy:
    """What happens to a result unit's surplus or deficit (R19), per year."""

    deficit: int  # code into DEFICIT_POLICIES
    surplus_retention: np.ndarray
    restoration_years: np.ndarray
    return_requirement: np.ndarray
    surplus_cap: np.ndarray  # +inf where there is no cap
    surplus_expiry_years: np.ndarray  # +inf where a kept surplus never expires (R19 step 4b)


@dataclass(frozen=True)
class Selector:
    """Which centres a lever applies to: by form in that year and/or by id; None means any."""

    forms: frozenset[int] | None = None
    centres: frozenset[str] | None = None


@dataclass(frozen=True)
class ConvertForm:
    """R20: from ``year`` the selected centres take form ``to`` and join ``unit``."""

    year: int
    to: int
    selector: Selector
    unit: str | None = None
    start_capital: float = 0.0


@dataclass(frozen=True)
class HiredShare:
    """R16: hired cost share moves linearly from the base-year share to ``target`` at ``year``."""

    year: int
    target: float
    selector: Selector


@dataclass(frozen=True)
class Efficiency:
    """R16: work shrinks by ``annual`` per year, compounding, from ``from_year`` on."""

    from_year: int
    annual: float
    selector: Selector


@dataclass(frozen=True)
class OverheadReduction:
    """R17: the overhead charged to the selected centres falls by ``share`` from ``from_year`` on.

    The central services it paid for do not vanish with the charge: unless ``saved`` (the services
    are really cut, ``funded_by: "saved"``), the region pays the part no longer charged centrally
    (``overhead_funded``, R21)."""

    from_year: int
    share: float
    selector: Selector
    saved: bool = False


@dataclass(frozen=True)
class GoalTrend:
    """R9: the selected centres' achievement of goal ``goal`` moves by ``annual`` (share points) a
    year from ``from_year`` on, kept within 0–1."""

    goal: str
    from_year: int
    annual: float
    selector: Selector


@dataclass(frozen=True)
class GpListTarget:
    """R16: GPs are added until each has ``listed_per_gp`` listed, phased in over ``phase_years``."""

    from_year: int
    listed_per_gp: float
    phase_years: float
    selector: Selector


@dataclass(frozen=True)
class Drawdown:
    """R19 step 5: the unit takes ``amount`` SEK out of its reserve in ``year``."""

    unit: str
    year: int
    amount: float


Lever = ConvertForm | HiredShare | Efficiency | OverheadReduction | GoalTrend | GpListTarget | Drawdown


@dataclass(frozen=True)
class Uncertainty:
    """Monte Carlo settings (§6). Standard deviations are plain numbers, 0 = no shock."""

    draws: int
    seed: int
    listed_growth_sd: float = 0.0
    wage_growth_sd: float = 0.0
    price_growth_sd: float = 0.0
    visit_rate_sd: float = 0.0
    cost_sd: float = 0.0


@dataclass(frozen=True)
class Model:
    """Everything one run of the engine needs: one variant of a scenario, fully resolved."""

    base_year: int
    horizon: int
    assumptions: Assumptions
    compensation: Compensation
    costs: Costs
    ledger: Mapping[int, LedgerPolicy]  # form code -> policy
    neutrality_compensation: bool
    centres: Centres
    levers: tuple[Lever, ...] = ()
    uncertainty: Uncertainty | None = None
    years: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "years", np.arange(self.base_year, self.base_year + self.horizon))
