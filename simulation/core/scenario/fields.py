"""The scenario document's vocabulary (§2): its keys, defaults and bounds, defined once.

The validator, the JSON Schema, the models and the upload template all read these tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# The bounds and the rule parameters live in their own tables; re-exported here, where the
# validator and the JSON Schema have always found them (one definition each).
from simulation.core.scenario.limits import (  # noqa: F401
    MAX_ANY_NUMBER,
    MAX_DRAWS,
    MAX_HORIZON,
    MAX_LISTED,
    MAX_MONEY,
    MAX_RATE_PER_LISTED,
    MAX_TEXT,
    MAX_VARIANTS,
)
from simulation.core.scenario.parameters import ASSUMPTIONS, COMPENSATION, LEDGER_DEFAULTS  # noqa: F401

SCHEMA = "vardpeng.scenario/1"
BASELINE = "baseline"


@dataclass(frozen=True)
class CentreField:
    """One column of the centre record (§2.1): what it holds, for people and for the validator."""

    name: str
    kind: str  # "text", "form", "yes/no" or "number"
    unit: str  # what a value means, as the upload template says it
    help: str
    label: str  # Swedish, for people reading the upload template
    required: bool = False
    low: float | None = None
    high: float | None = None
    strict_low: bool = False  # the lower bound itself is refused
    default: Any = None  # taken when an optional field is blank or missing
    max_length: int | None = None  # text: the longest value (the models use the same number)


def _money(name: str, help: str, label: str, low: float = 0) -> CentreField:
    return CentreField(name, "number", "SEK per year", help, label, low=low, high=MAX_MONEY, default=0.0)


def _rate(name: str, help: str, label: str) -> CentreField:
    unit = "visits per person and year"
    return CentreField(name, "number", unit, help, label, low=0, high=MAX_RATE_PER_LISTED, default=0.0)


def _share(name: str, help: str, label: str) -> CentreField:
    return CentreField(name, "number", "share 0–1", help, label, low=0, high=1, default=0.0)


#: The centre record, in the order of the upload template. Adding a field here adds it to the
#: validator, the JSON Schema, the upload template and (with a migration) ``CentreFacts``.
CENTRE_RECORD: tuple[CentreField, ...] = (
    CentreField("id", "text", "text", "Stable identifier of the centre, unique in the file", "Id", True, max_length=40),
    CentreField("name", "text", "text", "Name of the centre", "Namn", True, max_length=200),
    CentreField(
        "unit",
        "text",
        "text",
        "Result unit whose balance the centre shares (default: the centre's own id)",
        "Resultatenhet",
        max_length=40,
    ),
    CentreField(
        "operating_form",
        "form",
        "egen regi / intraprenad / privat",
        "Operating form in the base year",
        "Driftform",
        True,
    ),
    CentreField("municipality", "text", "text", "Municipality (optional)", "Kommun", max_length=100),
    CentreField(
        "rural", "yes/no", "ja / nej", "Entitled to the sparsity supplement (glesbygd)", "Glesbygd", default=False
    ),
    CentreField(
        "listed", "number", "persons", "Listed patients in the base year", "Listade", True, low=0, high=MAX_LISTED
    ),
    CentreField(
        "cni",
        "number",
        "index",
        "Care need index, 1.0 = region average (default 1)",
        "Vårdtyngd (CNI)",
        low=0,
        high=100,
        strict_low=True,
        default=1.0,
    ),
    _rate("doctor_visits_per_listed", "Doctor visits", "Läkarbesök per listad"),
    _rate("other_visits_per_listed", "Nurse and other professions' visits", "Övriga besök per listad"),
    _rate("outside_visits_per_listed", "Visits the listed make at other centres", "Besök utanför per listad"),
    _share("phone_access", "Telephone accessibility", "Telefontillgänglighet"),
    _share("assessment_3d", "Medical assessment within 3 days", "Medicinsk bedömning inom 3 dagar"),
    _money("staff_cost", "Own employees", "Personalkostnad"),
    _money("hired_cost", "Hired staff (hyrpersonal)", "Inhyrd personal"),
    _money("premises_cost", "Premises", "Lokaler"),
    _money("other_cost", "Everything else except central overhead", "Övriga kostnader"),
    _money("overhead_cost", "Central overhead charged to region-run centres", "Central overhead"),
    CentreField(
        "gp_fte",
        "number",
        "full-time equivalents",
        "GPs in the base year",
        "Allmänläkare (årsarbetare)",
        low=0,
        high=10_000,
        default=0.0,
    ),
    CentreField(
        "opening_balance",
        "number",
        "SEK",
        "This centre's part of its result unit's balance at the start of the base year: the unit opens with the "
        "sum over its centres, so write a pooled unit's balance on one of its rows (or split it), never on each",
        "Ingående balans",
        low=-MAX_MONEY,
        high=MAX_MONEY,
        default=0.0,
    ),
)
CENTRE_FIELDS = tuple(f.name for f in CENTRE_RECORD)


def centre_field_label(name: str, language: str = "sv") -> str:
    """A centre field as people call it: the Swedish label, or in English its short description."""
    field = next(f for f in CENTRE_RECORD if f.name == name)
    return field.label if language == "sv" else field.help.split(" (")[0].split(": ")[0]


CENTRE_REQUIRED = tuple(f.name for f in CENTRE_RECORD if f.required)
#: Numeric centre fields: lower bound, upper bound, and whether the lower bound is strict.
CENTRE_NUMBERS: dict[str, tuple[float | None, float | None, bool]] = {
    f.name: (f.low, f.high, f.strict_low) for f in CENTRE_RECORD if f.kind == "number"
}
CENTRE_DEFAULTS: dict[str, Any] = {f.name: f.default for f in CENTRE_RECORD if f.default is not None}
#: The longest text each centre field may hold; the models use the same numbers (one definition).
TEXT_LIMITS: dict[str, int] = {f.name: f.max_length for f in CENTRE_RECORD if f.max_length}

UNCERTAINTY_SDS = ("listed_growth_sd", "wage_growth_sd", "price_growth_sd", "visit_rate_sd", "cost_sd")
VARIANT_OVERRIDABLE = (
    "assumptions",
    "compensation",
    "costs",
    "ledger",
    "neutrality_compensation",
    "uncertainty",
)
#: Years a document may name (base year, lever years).
YEAR_RANGE = (1900, 2200)
RULE_KEYS = (
    "horizon",
    "assumptions",
    "compensation",
    "costs",
    "ledger",
    "neutrality_compensation",
    "uncertainty",
)
#: What a region publishes as its rules (issue 23) — every one required, so that leaving one out
#: can never silently reset it to its defaults. ``horizon`` and ``uncertainty`` are also stored with
#: a rulebook (the baseline's settings), but they are not rules: saving keeps the stored ones.
RULEBOOK_KEYS = ("assumptions", "compensation", "costs", "ledger", "neutrality_compensation")
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
