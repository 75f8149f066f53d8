"""The scenario document's vocabulary (§2): its keys, defaults and bounds, defined once.

The validator, the JSON Schema, the models and the upload template all read these tables.
"""

from __future__ import annotations

from typing import Any

SCHEMA = "vardpeng.scenario/1"
BASELINE = "baseline"
MAX_DRAWS = 5000
MAX_HORIZON = 50

# Upper bounds keep every figure the engine derives finite and meaningful: a region has at most a
# few million listed, a centre's yearly money is far below 10¹² SEK, nobody makes 100 visits a year.
MAX_LISTED = 10_000_000
MAX_MONEY = 1e12  # SEK
MAX_RATE_PER_LISTED = 100.0  # visits per listed person and year
#: Any number without a tighter bound stays within ±this (SEK or a plain number).
MAX_ANY_NUMBER = 1e15

CENTRE_REQUIRED = ("id", "name", "operating_form", "listed")
#: The longest text each field may hold; the models use the same numbers (one definition).
TEXT_LIMITS = {"id": 40, "unit": 40, "name": 200, "municipality": 100}
MAX_TEXT = 10_000  # descriptions and any other free text
#: Numeric centre fields: lower bound, upper bound, and whether the lower bound is strict (§2.1).
CENTRE_NUMBERS: dict[str, tuple[float | None, float | None, bool]] = {
    "listed": (0, MAX_LISTED, False),
    "cni": (0, 100, True),
    "doctor_visits_per_listed": (0, MAX_RATE_PER_LISTED, False),
    "other_visits_per_listed": (0, MAX_RATE_PER_LISTED, False),
    "outside_visits_per_listed": (0, MAX_RATE_PER_LISTED, False),
    "phone_access": (0, 1, False),
    "assessment_3d": (0, 1, False),
    "staff_cost": (0, MAX_MONEY, False),
    "hired_cost": (0, MAX_MONEY, False),
    "premises_cost": (0, MAX_MONEY, False),
    "other_cost": (0, MAX_MONEY, False),
    "overhead_cost": (0, MAX_MONEY, False),
    "gp_fte": (0, 10_000, False),
    "opening_balance": (-MAX_MONEY, MAX_MONEY, False),
}
CENTRE_FIELDS = (
    "id",
    "name",
    "unit",
    "operating_form",
    "municipality",
    "rural",
    *CENTRE_NUMBERS,
)
CENTRE_DEFAULTS: dict[str, Any] = dict.fromkeys(CENTRE_NUMBERS, 0.0) | {"cni": 1.0, "rural": False}

ASSUMPTIONS = ("listed_growth", "wage_growth", "price_growth", "compensation_growth")
#: Compensation parameters: (default or None when required, lower, upper).
COMPENSATION: dict[str, tuple[float | None, float, float]] = {
    "budget_per_listed": (None, 0, 1e6),
    "fixed_share": (None, 0, 1),
    "sparsity_per_listed": (0.0, 0, 1e6),
    "small_unit_threshold": (0.0, 0, MAX_LISTED),
    "small_unit_amount": (0.0, 0, MAX_MONEY),
    "goal_share": (0.0, 0, 1),
    "doctor_visit_weight": (1.0, 0, 100),
    "patient_fee_per_visit": (0.0, 0, 1e5),
    "outside_visit_fee": (0.0, 0, 1e5),
    "vat_compensation_rate": (0.0, 0, 1),
}
#: Where the spec leaves a form's deficit policy open, the default is what Swedish regions do
#: (spec §2 example): egen regi is covered, an intraprenad carries, a private provider bears.
LEDGER_DEFAULTS = {
    "egen_regi": {"surplus_retention": 0.0, "deficit": "covered"},
    "intraprenad": {"surplus_retention": 1.0, "deficit": "carried"},
    "private": {"surplus_retention": 1.0, "deficit": "borne"},
}
UNCERTAINTY_SDS = ("listed_growth_sd", "wage_growth_sd", "price_growth_sd", "visit_rate_sd", "cost_sd")
VARIANT_OVERRIDABLE = (
    "assumptions",
    "compensation",
    "costs",
    "ledger",
    "neutrality_compensation",
    "uncertainty",
)
SELECTOR_KEYS = ("forms", "centres")
#: Years a document may name (base year, lever years).
YEAR_RANGE = (1900, 2200)
#: Numeric lever fields: lower bound, upper bound, and whether the lower bound is strict (§4).
LEVER_NUMBERS: dict[str, tuple[float, float, bool]] = {
    "target": (0, 1, False),
    "annual": (0, 1, False),
    "share": (0, 1, False),
    "listed_per_gp": (0, MAX_LISTED, True),
    "phase_years": (0, MAX_HORIZON, True),
    "amount": (0, MAX_MONEY, False),
    "start_capital": (0, MAX_MONEY, False),
}
LEVER_KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # lever type → (required keys, optional keys), besides "type" itself
    "convert_form": (("year", "to"), ("centres", "from", "unit", "start_capital")),
    "hired_share": (("year", "target"), SELECTOR_KEYS),
    "efficiency": (("from_year", "annual"), SELECTOR_KEYS),
    "overhead_reduction": (("from_year", "share"), SELECTOR_KEYS),
    "gp_list_target": (("from_year", "listed_per_gp"), ("phase_years", *SELECTOR_KEYS)),
    "drawdown": (("unit", "year", "amount"), ()),
}
RULE_KEYS = (
    "horizon",
    "assumptions",
    "compensation",
    "costs",
    "ledger",
    "neutrality_compensation",
    "uncertainty",
)
DOCUMENT_KEYS = (
    "schema",
    "name",
    "description",
    "region",
    "base_year",
    "horizon",
    "assumptions",
    "compensation",
    "costs",
    "ledger",
    "neutrality_compensation",
    "levers",
    "variants",
    "uncertainty",
    "centres",
)
