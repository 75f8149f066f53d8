"""The rule-parameter table: every parameter of a region's rules (§2's rule sections), once.

Each entry says where the parameter sits in the document (``path``), how a region's analyst
groups it, its Swedish and English label, unit, bounds, default and help. The validator's
defaults and bounds (``fields.COMPENSATION``, ``LEDGER_DEFAULTS``), the rules page, the
differences of two rulebooks in words and the comparison of two regions' models all read it.
A test holds the validator to the same bounds (tests/core/test_parameters.py). Pure: no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from simulation.core.scenario.limits import MAX_HORIZON, MAX_LISTED, MAX_MONEY

#: Forms and deficit policies as the engine names them (``engine.inputs``), repeated here so that
#: the table imports nothing but the limits; a test holds them equal.
FORMS = ("egen_regi", "intraprenad", "private")
DEFICIT_POLICIES = ("covered", "carried", "borne")
GOAL_KEYS = ("phone_access", "assessment_3d")

#: The groups, in the order a region's analyst reads its rules (issue 23): key → (sv, en).
GROUPS: dict[str, tuple[str, str]] = {
    "budget": ("Budget och uppräkning", "Budget and growth"),
    "split": ("Fast och rörlig ersättning", "Fixed and variable split"),
    "supplements": ("Tillägg", "Supplements"),
    "goals": ("Målrelaterad ersättning", "Goal pay"),
    "visits": ("Besöksersättning", "Visit pay"),
    "fees": ("Avgifter och avdrag", "Fees and deductions"),
    "vat": ("Momskompensation", "VAT compensation"),
    "costs": ("Kostnader", "Costs"),
    "ledger_egen_regi": ("Resultat: egen regi", "Ledger: egen regi"),
    "ledger_intraprenad": ("Resultat: intraprenad", "Ledger: intraprenad"),
    "ledger_private": ("Resultat: privata", "Ledger: private"),
    "neutrality": ("Konkurrensneutralitet", "Neutrality"),
}

#: Units: key → (sv, en). "share" is 0–1, shown as per cent.
UNITS: dict[str, tuple[str, str]] = {
    "share": ("%", "%"),
    "growth": ("% per år", "% a year"),
    "sek_per_listed": ("kr per listad och år", "SEK per listed and year"),
    "sek": ("kr per år", "SEK a year"),
    "sek_balance": ("kr", "SEK"),
    "persons": ("listade", "listed"),
    "factor": ("gånger", "times"),
    "sek_per_visit": ("kr per besök", "SEK per visit"),
    "sek_per_fte": ("kr per årsarbetare", "SEK per full-time equivalent"),
    "years": ("år", "years"),
    "choice": ("", ""),
    "yes_no": ("ja/nej", "yes/no"),
}


@dataclass(frozen=True)
class RuleParameter:
    """One rule parameter. ``kind``: "number" (dated: a value or ``{"YEAR": value}``, §1),
    "choice" (one of ``choices``, not dated) or "boolean" (not dated)."""

    path: str  # e.g. "compensation.fixed_share"; goals: "compensation.goals[].weight"
    group: str
    label_sv: str
    label_en: str
    unit: str
    help: str
    kind: str = "number"
    low: float | None = None
    high: float | None = None
    strict_low: bool = False
    whole: bool = False
    default: Any = None  # None with ``required``: the document must give it
    required: bool = False
    nullable: bool = False  # null is a value of its own (no cap, never expires)
    choices: tuple[str, ...] = ()

    @property
    def section(self) -> str:
        return self.path.split(".")[0]

    @property
    def key(self) -> str:
        return self.path.rsplit(".", 1)[-1]

    def label(self, language: str = "sv") -> str:
        return self.label_sv if language == "sv" else self.label_en

    def unit_label(self, language: str = "sv") -> str:
        sv, en = UNITS[self.unit]
        return sv if language == "sv" else en


def _growth(key: str, sv: str, en: str, help: str) -> RuleParameter:
    # R1–R3: a yearly growth rate above −100 % (a factor of zero or less would end the index).
    path = f"assumptions.{key}"
    return RuleParameter(path, "budget", sv, en, "growth", help, low=-1, high=1, strict_low=True, default=0.0)


def _comp(key: str, group: str, sv: str, en: str, unit: str, help: str, **kw: Any) -> RuleParameter:
    return RuleParameter(f"compensation.{key}", group, sv, en, unit, help, **kw)


def _ledger(form: str) -> tuple[RuleParameter, ...]:
    """R15–R20: what happens to a form's result; the defaults are spec §2's (see LEDGER_DEFAULTS)."""
    group, p = f"ledger_{form}", f"ledger.{form}"
    retention = 0.0 if form == "egen_regi" else 1.0
    deficit = {"egen_regi": "covered", "intraprenad": "carried", "private": "borne"}[form]
    return (
        RuleParameter(
            f"{p}.surplus_retention", group, "Behållet överskott", "Surplus retained", "share",
            "Andel av ett överskott (efter återställda underskott) som enheten behåller; resten går till regionen.",
            low=0, high=1, default=retention,
        ),
        RuleParameter(
            f"{p}.deficit", group, "Underskott", "Deficit", "choice",
            "Täcks av regionen, bärs med och ska återställas, eller bärs av utföraren.",
            kind="choice", choices=DEFICIT_POLICIES, default=deficit,
        ),
        RuleParameter(
            f"{p}.restoration_years", group, "År att återställa underskott", "Years to restore a deficit", "years",
            "Ett underskott som inte återställts inom så många år skrivs av (bara när underskott bärs med).",
            low=0, high=MAX_HORIZON, whole=True, default=3,
        ),
        RuleParameter(
            f"{p}.return_requirement", group, "Avkastningskrav", "Return requirement", "sek",
            "Belopp per år som varje resultatenhet lämnar till regionen innan överskott räknas.",
            low=0, high=MAX_MONEY, default=0.0,
        ),
        RuleParameter(
            f"{p}.surplus_cap", group, "Tak för sparat överskott", "Cap on the kept surplus", "sek_balance",
            "Största reserv en enhet får ha; överskjutande går till regionen. Tomt: inget tak.",
            low=0, high=MAX_MONEY, nullable=True,
        ),
        RuleParameter(
            f"{p}.surplus_expiry_years", group, "År innan sparat överskott förfaller",
            "Years before a kept surplus expires", "years",
            "Ett sparat överskott som inte använts inom så många år går tillbaka till regionen (R19 steg 4b). "
            "Tomt: förfaller aldrig.",
            low=1, high=MAX_HORIZON, whole=True, nullable=True,
        ),
    )  # fmt: skip


#: Every rule parameter, in the order of the groups. Adding one here adds it to the rules page,
#: the differences in words and the models' comparison; the validator must learn it too (a test
#: says so when it has not).
RULE_PARAMETERS: tuple[RuleParameter, ...] = (
    _comp("budget_per_listed", "budget", "Budget per listad", "Budget per listed", "sek_per_listed",
          "Regionens budget för primärvården per listad och år (R4); räknas upp med ersättningsindex.",
          low=0, high=1e6, required=True),
    _growth("listed_growth", "Befolkningsökning", "Growth of the listed", "Årlig förändring av antalet listade (R1)."),
    _growth("wage_growth", "Löneökning", "Wage growth", "Årlig ökning av lönekostnaderna (R2)."),
    _growth("price_growth", "Prisökning", "Price growth", "Årlig ökning av övriga priser (R2)."),
    _growth("compensation_growth", "Uppräkning av ersättningen", "Growth of the compensation",
            "Årlig uppräkning av budget och belopp per listad (R3)."),
    _comp("fixed_share", "split", "Fast andel", "Fixed share", "share",
          "Andel av budgeten som betalas som kapitering per vårdtyngd (R5); resten är rörlig ersättning.",
          low=0, high=1, required=True),
    _comp("sparsity_per_listed", "supplements", "Glesbygdsersättning", "Sparsity supplement", "sek_per_listed",
          "Tillägg per listad för vårdcentraler i glesbygd (R6).", low=0, high=1e6, default=0.0),
    _comp("small_unit_threshold", "supplements", "Gräns för litenhetstillägg", "Small-unit threshold", "persons",
          "Under så många listade får en vårdcentral litenhetstillägg (R7); 0: inget tillägg.",
          low=0, high=MAX_LISTED, default=0.0),
    _comp("small_unit_amount", "supplements", "Litenhetstillägg", "Small-unit supplement", "sek",
          "Tillägget till en vårdcentral med nästan inga listade; minskar linjärt till 0 vid gränsen (R7).",
          low=0, high=MAX_MONEY, default=0.0),
    _comp("goal_share", "goals", "Målrelaterad andel", "Goal share", "share",
          "Andel av den rörliga ersättningen som betalas för måluppfyllelse (R9).", low=0, high=1, default=0.0),
    RuleParameter("compensation.goals[].weight", "goals", "Målets vikt", "Goal weight", "share",
                  "Målets andel av målpotten; vikterna summerar till 1 när målrelaterad andel är över 0 (R9).",
                  low=0, high=1, required=True),
    RuleParameter("compensation.goals[].floor", "goals", "Golv", "Floor", "share",
                  "Måluppfyllelse som inte ger någon ersättning (R9).", low=0, high=1, required=True),
    RuleParameter("compensation.goals[].target", "goals", "Målnivå", "Target", "share",
                  "Måluppfyllelse som ger full ersättning; måste vara över golvet (R9).", low=0, high=1,
                  required=True),
    _comp("doctor_visit_weight", "visits", "Vikt för läkarbesök", "Doctor visit weight", "factor",
          "Hur många övriga besök ett läkarbesök räknas som i besöksersättningen (R10).",
          low=0, high=100, default=1.0),
    _comp("patient_fee_per_visit", "fees", "Patientavgift", "Patient fee", "sek_per_visit",
          "Avgift som patienten betalar per besök och vårdcentralen behåller (R11).", low=0, high=1e5, default=0.0),
    _comp("outside_visit_fee", "fees", "Avdrag för besök utanför", "Outside-visit deduction", "sek_per_visit",
          "Avdrag per besök som de listade gör på andra vårdcentraler (R12).", low=0, high=1e5, default=0.0),
    _comp("vat_compensation_rate", "vat", "Momskompensation", "VAT compensation", "share",
          "Kompensation till privata vårdcentraler för ej avdragsgill moms (R13).", low=0, high=1, default=0.0),
    RuleParameter("costs.hired_premium", "costs", "Merkostnad för hyrpersonal", "Hired-staff premium", "factor",
                  "Hur många gånger en inhyrd person kostar jämfört med en anställd (≥ 1).",
                  low=1, high=100, default=1.0),
    RuleParameter("costs.gp_cost_per_fte", "costs", "Kostnad per allmänläkare", "Cost per GP", "sek_per_fte",
                  "Årskostnad för en allmänläkare, för hävstången om listningstak.", low=0, high=MAX_MONEY,
                  default=0.0),
    *(p for form in FORMS for p in _ledger(form)),
    RuleParameter("neutrality_compensation", "neutrality", "Neutralitetsersättning", "Neutrality compensation",
                  "yes_no", "Privata vårdcentraler får lika mycket som regionen täcker för egen regi (R14).",
                  kind="boolean", default=False),
)  # fmt: skip

PARAMETERS_BY_PATH: dict[str, RuleParameter] = {p.path: p for p in RULE_PARAMETERS}


def parameter(path: str) -> RuleParameter:
    """The parameter at a document path; a goal's index is dropped (``goals[2].weight`` → ``goals[].weight``)."""
    return PARAMETERS_BY_PATH[re.sub(r"\[\d+\]", "[]", path)]


def parameters_of(section: str) -> tuple[RuleParameter, ...]:
    return tuple(p for p in RULE_PARAMETERS if p.section == section and "[]" not in p.path)


ASSUMPTIONS = tuple(p.key for p in parameters_of("assumptions"))
#: Compensation parameters: (default or None when required, lower, upper); goals come apart.
COMPENSATION: dict[str, tuple[float | None, float, float]] = {
    p.key: (None if p.required else p.default, p.low or 0.0, p.high or 0.0) for p in parameters_of("compensation")
}
#: Where the spec leaves a form's deficit policy open, the default is what Swedish regions do
#: (spec §2 example): egen regi is covered, an intraprenad carries, a private provider bears.
LEDGER_DEFAULTS = {
    form: {
        "surplus_retention": PARAMETERS_BY_PATH[f"ledger.{form}.surplus_retention"].default,
        "deficit": PARAMETERS_BY_PATH[f"ledger.{form}.deficit"].default,
    }
    for form in FORMS
}
