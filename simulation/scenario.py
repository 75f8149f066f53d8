"""The scenario document (``vardpeng.scenario/1``, spec §2) ⇄ engine inputs.

One parser and one validator for every way a document arrives: the CLI, the REST API, the upload
and the web app. ``prepare`` returns the normalised document (defaults filled in, numbers parsed)
and one engine :class:`~simulation.engine.inputs.Model` per variant, or raises
:class:`ScenarioInvalid` listing every problem with its path (§8). No Django here.
"""

from __future__ import annotations

import copy
import difflib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import yaml

from .engine import dated
from .engine import problems as model_problems
from .engine.inputs import (
    DEFICIT_POLICIES,
    FORMS,
    GOAL_KEYS,
    Assumptions,
    Centres,
    Compensation,
    ConvertForm,
    Costs,
    Drawdown,
    Efficiency,
    Goal,
    GpListTarget,
    HiredShare,
    LedgerPolicy,
    Model,
    OverheadReduction,
    Selector,
    Uncertainty,
)
from .engine.structure import build_structure
from .parsing import NotANumber, parse_bool, parse_form, parse_number

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


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a document, where it is (``centres[3].listed``) and what is wrong."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "message": self.message}


#: A refusal lists at most this many problems, and how many more there are: enough to fix the first
#: round, and a hostile document cannot make the answer larger than itself.
MAX_PROBLEMS = 200


class ScenarioInvalid(Exception):
    """The document was refused; ``problems`` lists every reason (§8), up to MAX_PROBLEMS."""

    def __init__(self, problems: list[Problem]) -> None:
        if len(problems) > MAX_PROBLEMS:
            rest = len(problems) - MAX_PROBLEMS
            problems = [*problems[:MAX_PROBLEMS], Problem("", f"… and {rest} more problems")]
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class PreparedScenario:
    """A validated document: normalised, and resolved into one engine model per variant."""

    name: str
    base_year: int
    horizon: int
    document: dict[str, Any]
    runs: tuple[tuple[str, Model], ...]


def load_text(text: str, filename: str = "") -> Any:
    """Parse a document from JSON, or YAML when the file name says so (or JSON fails)."""
    is_yaml = filename.lower().endswith((".yaml", ".yml"))
    if not is_yaml:
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            if filename.lower().endswith(".json") or text.lstrip().startswith(("{", "[")):
                raise ScenarioInvalid(
                    [Problem("", f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}")]
                ) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ScenarioInvalid([Problem("", f"not valid YAML{where}")]) from None


def deep_merge(base: Any, overrides: Any) -> Any:
    """Objects merge key by key; anything else replaces (§5)."""
    if isinstance(base, Mapping) and isinstance(overrides, Mapping):
        merged = dict(base)
        for key, value in overrides.items():
            merged[key] = deep_merge(base[key], value) if key in base else copy.deepcopy(value)
        return merged
    return copy.deepcopy(overrides)


def prepare(document: Any) -> PreparedScenario:
    """Validate a whole document, variants included, and build the engine models (§2, §5, §8)."""
    check = _Checker()
    normal = check.document(document)
    base_problems = list(check.problems)
    if base_problems or normal is None:
        raise ScenarioInvalid(base_problems or [Problem("", "the document could not be read")])
    model = _model(normal)
    problems = _model_problems(model)
    runs: list[tuple[str, Model]] = [(BASELINE, model)]

    raw_variants = document.get("variants") or []
    normal_variants = []
    for i, (raw, variant) in enumerate(zip(raw_variants, normal["variants"], strict=True)):
        merged_raw = deep_merge({k: v for k, v in document.items() if k != "variants"}, variant["overrides"])
        merged_raw["levers"] = list(document.get("levers") or []) + list(raw.get("levers") or [])
        variant_check = _Checker()
        merged = variant_check.document(merged_raw)
        n_base = len(normal["levers"])
        found = [_variant_path(p, i, n_base) for p in variant_check.problems]
        if merged is not None and not found:
            variant_model = _model(merged)
            found = [_variant_path(p, i, n_base) for p in _model_problems(variant_model)]
            runs.append((variant["name"], variant_model))
            variant = variant | {"levers": merged["levers"][n_base:]}
        problems += found
        normal_variants.append(variant)
    if problems:
        raise ScenarioInvalid(problems)
    normal["variants"] = normal_variants
    return PreparedScenario(normal["name"], normal["base_year"], normal["horizon"], normal, tuple(runs))


def validate_rules(rules: Any) -> dict[str, Any]:
    """Validate a region's rulebook: the rule sections of a document (§2), with the same messages."""
    check = _Checker()
    section = check.object(rules, "", RULE_KEYS, ("compensation",))
    normal = check.rules(section) if section is not None else {}
    if check.problems:
        raise ScenarioInvalid(check.problems)
    return normal


def validate_centres(rows: Any, base_year: int) -> list[dict[str, Any]]:
    """Validate centre records (§2.1) as a document's ``centres``: fields, unique ids, and one
    operating form per result unit. Problems have paths ``centres[i].field``."""
    check = _Checker()
    centres = check.centres(rows)
    if not check.problems:
        _, structural = build_structure(_centres(centres), (), np.array([base_year]))
        for problem in structural:
            check.fail(_mixed_unit_path(problem.centres, [c["operating_form"] for c in centres]), problem.message)
    if check.problems:
        raise ScenarioInvalid(check.problems)
    return centres


def _variant_path(problem: Problem, index: int, n_base_levers: int) -> Problem:
    """Point a problem found in a merged variant document back at the variant that caused it."""
    path = problem.path
    if path.startswith("levers["):
        lever = int(path[len("levers[") : path.index("]")])
        if lever >= n_base_levers:
            rest = path[path.index("]") + 1 :]
            return Problem(f"variants[{index}].levers[{lever - n_base_levers}]{rest}", problem.message)
        return Problem(f"variants[{index}]: {path}", problem.message)
    return Problem(f"variants[{index}].overrides" + (f".{path}" if path else ""), problem.message)


def _model_problems(model: Model) -> list[Problem]:
    """Structural problems found by the engine (units mixing forms, supplements over the pot)."""
    found = []
    for problem in model_problems(model):
        if problem.section == "levers":
            path = f"levers[{problem.lever}]"
        elif problem.section == "centres":
            path = _mixed_unit_path(problem.centres, model.centres.forms.tolist())
        else:
            path = "compensation"
        found.append(Problem(path, problem.message))
    return found


def _mixed_unit_path(members: tuple[int, ...], forms: list) -> str:
    """Blame the first centre of a mixed unit whose form differs from the unit's first centre."""
    odd = next((c for c in members if forms[c] != forms[members[0]]), members[0])
    return f"centres[{odd}].unit"


# --- validation -------------------------------------------------------------------------------


class _Checker:
    """Walks a raw document, collecting problems with paths and returning normalised values."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    # primitives

    def object(self, value: Any, path: str, allowed: tuple[str, ...], required: tuple[str, ...] = ()) -> dict | None:
        if not isinstance(value, Mapping):
            self.fail(path, "must be an object")
            return None
        for key in value:
            if key not in allowed:
                hint = difflib.get_close_matches(str(key), allowed, n=1)
                self.fail(_join(path, key), "unknown key" + (f" (did you mean {hint[0]}?)" if hint else ""))
        for key in required:
            if _blank(value.get(key)):
                self.fail(_join(path, key), "required")
        # null means "not given": an optional key set to null takes its default, everywhere (§2).
        return {key: item for key, item in value.items() if item is not None}

    def number(
        self,
        value: Any,
        path: str,
        low: float | None = None,
        high: float | None = None,
        strict_low: bool = False,
        whole: bool = False,
    ) -> float | None:
        try:
            number = parse_number(value)
        except NotANumber as error:
            self.fail(path, str(error))
            return None
        if whole and number != int(number):
            self.fail(path, "must be a whole number")
            return None
        # Every number is bounded, so that every figure derived from it stays finite (§8).
        high = MAX_ANY_NUMBER if high is None else high
        if low is None and number < -MAX_ANY_NUMBER:
            self.fail(path, f"must be ≥ {_fmt(-MAX_ANY_NUMBER)}")
        elif (low, high) == (0, 1) and not 0 <= number <= 1:
            self.fail(path, "must be within 0–1")  # a share: the spec's own wording (§8)
        elif low is not None and strict_low and number <= low:
            self.fail(path, f"must be > {_fmt(low)}")
        elif low is not None and number < low:
            self.fail(path, f"must be ≥ {_fmt(low)}")
        elif high is not None and number > high:
            self.fail(path, f"must be ≤ {_fmt(high)}")
        else:
            return int(number) if whole else number
        return None

    def dated(self, value: Any, path: str, **bounds: Any) -> float | dict[str, float] | None:
        """A plain number or a ``{"YEAR": value}`` step function (§1)."""
        if not isinstance(value, Mapping):
            return self.number(value, path, **bounds)
        if not value:
            self.fail(path, "must hold at least one year")
            return None
        steps: dict[str, float] = {}
        for key, item in value.items():
            year = str(key)
            if not _YEAR.fullmatch(year):
                self.fail(_join(path, key), "must be a year such as 2026")
                continue
            number = self.number(item, _join(path, key), **bounds)
            if number is not None:
                steps[year] = number
        return dict(sorted(steps.items())) if len(steps) == len(value) else None

    def text(self, value: Any, path: str, required: bool = False, max_length: int = MAX_TEXT) -> str | None:
        if isinstance(value, str) and _CONTROL.search(value):
            # Checked before blanks are stripped: a form feed alone is refused, not taken as empty.
            self.fail(path, "must not contain control characters (such as NUL)")
            return None
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(path, "required")
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.fail(path, "must be text")
            return None
        text = (str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)).strip()
        if len(text) > max_length or len(str(value)) > max_length:
            self.fail(path, f"must be at most {max_length} characters (has {len(str(value))})")
            return None
        return text

    def choice(self, value: Any, path: str, options: tuple[str, ...]) -> str | None:
        if isinstance(value, str) and value in options:
            return value
        self.fail(path, f"must be one of {', '.join(options)}")
        return None

    def form(self, value: Any, path: str) -> str | None:
        try:
            return parse_form(value)
        except ValueError as error:
            self.fail(path, str(error))
            return None

    def boolean(self, value: Any, path: str) -> bool | None:
        try:
            return parse_bool(value)
        except ValueError as error:
            self.fail(path, str(error))
            return None

    def items(self, value: Any, path: str) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(path, "must be a list")
            return []
        return value

    # sections

    def document(self, raw: Any) -> dict | None:
        doc = self.object(raw, "", DOCUMENT_KEYS, ("name", "base_year", "compensation", "centres"))
        if doc is None:
            return None
        if doc.get("schema", SCHEMA) != SCHEMA:
            self.fail("schema", f"must be {SCHEMA}")
        base_year = (
            self.number(doc.get("base_year"), "base_year", *YEAR_RANGE, whole=True) if "base_year" in doc else None
        )
        centres = self.centres(doc.get("centres"))
        normal = {
            "schema": SCHEMA,
            "name": self.text(doc.get("name"), "name", max_length=TEXT_LIMITS["name"]),
            "description": self.text(doc.get("description"), "description") or "",
            "region": self.region(doc.get("region")),
            "base_year": base_year,
            **self.rules(doc),
            "levers": self.levers(doc.get("levers"), centres),
            "variants": self.variants(doc.get("variants")),
            "centres": centres,
        }
        return None if self.problems else normal

    def rules(self, doc: Mapping) -> dict:
        """The rule sections shared by a document and a region's rulebook."""
        return {
            "horizon": self.number(doc.get("horizon", 10), "horizon", 1, MAX_HORIZON, whole=True),
            "assumptions": self.assumptions(doc.get("assumptions")),
            "compensation": self.compensation(doc.get("compensation")),
            "costs": self.costs(doc.get("costs")),
            "ledger": self.ledger(doc.get("ledger")),
            "neutrality_compensation": self.boolean(
                doc.get("neutrality_compensation", False), "neutrality_compensation"
            ),
            "uncertainty": self.uncertainty(doc.get("uncertainty")),
        }

    def region(self, value: Any) -> dict | None:
        if value is None:
            return None
        region = self.object(value, "region", ("code", "name"))
        if region is None:
            return None
        return {
            "code": self.text(region.get("code"), "region.code"),
            "name": self.text(region.get("name"), "region.name"),
        }

    def assumptions(self, value: Any) -> dict:
        section = self.object(_given(value), "assumptions", ASSUMPTIONS) or {}
        return {
            key: self.dated(section.get(key, 0.0), f"assumptions.{key}", low=-1, high=1, strict_low=True)
            for key in ASSUMPTIONS
        }

    def compensation(self, value: Any) -> dict | None:
        allowed = (*COMPENSATION, "goals")
        required = tuple(k for k, (default, *_) in COMPENSATION.items() if default is None)
        if value is None:
            return None  # reported as required by the document
        section = self.object(value, "compensation", allowed, required)
        if section is None:
            return None
        normal: dict[str, Any] = {}
        for key, (default, low, high) in COMPENSATION.items():
            raw = section.get(key, default)
            normal[key] = None if raw is None else self.dated(raw, f"compensation.{key}", low=low, high=high)
        normal["goals"] = self.goals(section.get("goals"), normal.get("goal_share"))
        return normal

    def goals(self, value: Any, goal_share: Any) -> list[dict]:
        goals = []
        seen: set[str] = set()
        for i, raw in enumerate(self.items(value, "compensation.goals")):
            path = f"compensation.goals[{i}]"
            goal = self.object(raw, path, ("key", "weight", "floor", "target"), ("key", "weight", "floor", "target"))
            if goal is None:
                continue
            key = self.choice(goal.get("key"), f"{path}.key", GOAL_KEYS) if "key" in goal else None
            if key in seen:
                self.fail(f"{path}.key", f"duplicate goal {key}")
            seen.add(key or "")
            normal = {"key": key}
            for name in ("weight", "floor", "target"):
                normal[name] = self.dated(goal[name], f"{path}.{name}", low=0, high=1) if name in goal else None
            goals.append(normal)
            if normal["floor"] is not None and normal["target"] is not None:
                years = _years_of(normal["floor"], normal["target"])
                floor, target = (
                    dated.resolve(_keyed(normal["floor"]), years),
                    dated.resolve(_keyed(normal["target"]), years),
                )
                if (target <= floor).any():
                    self.fail(f"{path}.target", "must be greater than floor")
        shares = [goal_share] if goal_share is not None else []
        if goals and shares and all(g["weight"] is not None for g in goals):
            years = _years_of(goal_share, *(g["weight"] for g in goals))
            active = dated.resolve(_keyed(goal_share), years) > 0
            total = sum(dated.resolve(_keyed(g["weight"]), years) for g in goals)
            off = active & (np.abs(total - 1.0) > 1e-6)
            if off.any():
                self.fail("compensation.goals", f"weights must sum to 1 (they sum to {_fmt(float(total[off][0]))})")
        return goals

    def costs(self, value: Any) -> dict:
        section = self.object(_given(value), "costs", ("hired_premium", "gp_cost_per_fte")) or {}
        return {
            "hired_premium": self.dated(section.get("hired_premium", 1.0), "costs.hired_premium", low=1, high=100),
            "gp_cost_per_fte": self.dated(
                section.get("gp_cost_per_fte", 0.0), "costs.gp_cost_per_fte", low=0, high=MAX_MONEY
            ),
        }

    def ledger(self, value: Any) -> dict:
        section = self.object(_given(value), "ledger", FORMS) or {}
        ledger = {}
        allowed = ("surplus_retention", "deficit", "restoration_years", "return_requirement", "surplus_cap")
        for form in FORMS:
            path = f"ledger.{form}"
            policy = self.object(_given(section.get(form)), path, allowed) or {}
            defaults = LEDGER_DEFAULTS[form]
            cap = policy.get("surplus_cap")
            ledger[form] = {
                "surplus_retention": self.dated(
                    policy.get("surplus_retention", defaults["surplus_retention"]),
                    f"{path}.surplus_retention",
                    low=0,
                    high=1,
                ),
                "deficit": self.choice(policy.get("deficit", defaults["deficit"]), f"{path}.deficit", DEFICIT_POLICIES),
                "restoration_years": self.dated(
                    policy.get("restoration_years", 3), f"{path}.restoration_years", low=0, high=MAX_HORIZON, whole=True
                ),
                "return_requirement": self.dated(
                    policy.get("return_requirement", 0.0), f"{path}.return_requirement", low=0, high=MAX_MONEY
                ),
                "surplus_cap": None if cap is None else self.dated(cap, f"{path}.surplus_cap", low=0, high=MAX_MONEY),
            }
        return ledger

    def uncertainty(self, value: Any) -> dict | None:
        if value is None:
            return None
        section = self.object(value, "uncertainty", ("draws", "seed", *UNCERTAINTY_SDS))
        if section is None:
            return None
        normal = {
            "draws": self.number(section.get("draws", 1000), "uncertainty.draws", 1, MAX_DRAWS, whole=True),
            "seed": self.number(section.get("seed", 0), "uncertainty.seed", 0, 2**63 - 1, whole=True),
        }
        for key in UNCERTAINTY_SDS:
            # Beyond 0.5 a yearly growth shock is no longer a plausible uncertainty but a typo.
            normal[key] = self.number(section.get(key, 0.0), f"uncertainty.{key}", low=0, high=0.5)
        return normal

    def centres(self, value: Any) -> list[dict]:
        rows = self.items(value, "centres")
        if value is not None and isinstance(value, list) and not rows:
            self.fail("centres", "must hold at least one centre")
        centres = []
        first_seen: dict[str, int] = {}
        for i, raw in enumerate(rows):
            centre = self.centre(raw, f"centres[{i}]")
            ident = _centre_id(raw)
            if ident in first_seen:
                self.fail(f"centres[{i}].id", f"duplicate id {ident} (also centres[{first_seen[ident]}])")
            elif ident is not None:
                first_seen[ident] = i
            if centre is not None:
                centres.append(centre)
        return centres

    def centre(self, raw: Any, path: str) -> dict | None:
        """One centre record of §2.1, with defaults; also used for each row of an uploaded file."""
        record = self.object(raw, path, CENTRE_FIELDS, CENTRE_REQUIRED)
        if record is None:
            return None
        before = len(self.problems)
        centre: dict[str, Any] = {
            "id": self.text(record.get("id"), f"{path}.id", max_length=TEXT_LIMITS["id"]),
            "name": self.text(record.get("name"), f"{path}.name", max_length=TEXT_LIMITS["name"]),
            "operating_form": self.form(record["operating_form"], f"{path}.operating_form")
            if record.get("operating_form") is not None
            else None,
            "municipality": self.text(
                record.get("municipality"), f"{path}.municipality", max_length=TEXT_LIMITS["municipality"]
            )
            or "",
            "rural": self.boolean(record.get("rural", False), f"{path}.rural"),
        }
        centre["unit"] = self.text(record.get("unit"), f"{path}.unit", max_length=TEXT_LIMITS["unit"]) or centre["id"]
        for name, (low, high, strict) in CENTRE_NUMBERS.items():
            raw_value = record.get(name)
            if _blank(raw_value):
                if name in CENTRE_REQUIRED:
                    continue  # reported as required above
                centre[name] = CENTRE_DEFAULTS[name]
            else:
                centre[name] = self.number(raw_value, f"{path}.{name}", low, high, strict_low=strict)
        return centre if len(self.problems) == before else None

    def levers(self, value: Any, centres: list[dict], offset: int = 0) -> list[dict]:
        centre_ids = {c["id"] for c in centres}
        units = {c["unit"] for c in centres}
        levers = []
        for i, raw in enumerate(self.items(value, "levers")):
            path = f"levers[{i + offset}]"
            if not isinstance(raw, Mapping):
                self.fail(path, "must be an object")
                continue
            kind = self.choice(raw.get("type"), f"{path}.type", tuple(LEVER_KEYS))
            if kind is None:
                continue
            required, optional = LEVER_KEYS[kind]
            lever = self.object(raw, path, ("type", *required, *optional), required)
            if lever is None:
                continue
            levers.append(self.lever(kind, lever, path, centre_ids, units))
        return levers

    def lever(self, kind: str, lever: dict, path: str, centre_ids: set[str], units: set[str]) -> dict:
        normal: dict[str, Any] = {"type": kind}
        year_key = "from_year" if "from_year" in LEVER_KEYS[kind][0] else "year"
        if year_key in lever:
            normal[year_key] = self.number(lever[year_key], f"{path}.{year_key}", *YEAR_RANGE, whole=True)
        for key, (low, high, strict) in LEVER_NUMBERS.items():
            if key in lever:
                normal[key] = self.number(lever[key], f"{path}.{key}", low, high, strict_low=strict)
        if kind == "efficiency" and normal.get("annual") == 1:
            self.fail(f"{path}.annual", "must be below 1")
        if kind == "gp_list_target":
            normal.setdefault("phase_years", 1.0)
        if kind == "convert_form":
            normal["to"] = self.form(lever["to"], f"{path}.to") if "to" in lever else None
            normal["start_capital"] = normal.get("start_capital", 0.0)
            if lever.get("unit") is not None:
                normal["unit"] = self.text(lever["unit"], f"{path}.unit", required=True, max_length=TEXT_LIMITS["unit"])
                units.add(normal["unit"])
            if lever.get("from") is not None:
                normal["from"] = self.forms(lever["from"], f"{path}.from")
            if "centres" not in lever and "from" not in lever:
                self.fail(path, "needs centres or from to say which centres convert")
        if kind == "drawdown":
            unit = self.text(lever.get("unit"), f"{path}.unit", max_length=TEXT_LIMITS["unit"])
            if unit is not None and unit not in units:
                self.fail(
                    f"{path}.unit",
                    f"unknown unit {unit} (not in the data nor created by an earlier conversion)",
                )
            normal["unit"] = unit
        if "forms" in lever:
            normal["forms"] = self.forms(lever["forms"], f"{path}.forms")
        if "centres" in lever:
            normal["centres"] = self.centre_ids(lever["centres"], f"{path}.centres", centre_ids)
        return normal

    def forms(self, value: Any, path: str) -> list[str]:
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not values:
            self.fail(path, "must be a form or a list of forms")
            return []
        return [f for j, item in enumerate(values) if (f := self.form(item, f"{path}[{j}]"))]

    def centre_ids(self, value: Any, path: str, known: set[str]) -> list[str] | str:
        if value == "all":
            return "all"
        if not isinstance(value, list):
            self.fail(path, 'must be a list of centre ids or "all"')
            return []
        ids = []
        for j, item in enumerate(value):
            centre = self.text(item, f"{path}[{j}]", required=True, max_length=TEXT_LIMITS["id"])
            if centre is not None and centre not in known:
                self.fail(f"{path}[{j}]", f"unknown centre {centre}")
            ids.append(centre)
        return ids

    def variants(self, value: Any) -> list[dict]:
        variants = []
        names: set[str] = set()
        for i, raw in enumerate(self.items(value, "variants")):
            path = f"variants[{i}]"
            variant = self.object(raw, path, ("name", "description", "overrides", "levers"), ("name",))
            if variant is None:
                continue
            name = self.text(variant.get("name"), f"{path}.name", max_length=TEXT_LIMITS["name"])
            if name == BASELINE:
                self.fail(f"{path}.name", f"{BASELINE} is the name of the document itself")
            elif name in names:
                self.fail(f"{path}.name", f"duplicate variant name {name}")
            names.add(name or "")
            overrides = _given(variant.get("overrides"))
            if not isinstance(overrides, Mapping):
                self.fail(f"{path}.overrides", "must be an object")
                overrides = {}
            for key in overrides:
                if key not in VARIANT_OVERRIDABLE:
                    self.fail(
                        f"{path}.overrides.{key}",
                        "cannot be overridden by a variant (variants run on the same centres and years; "
                        f"overridable: {', '.join(VARIANT_OVERRIDABLE)})",
                    )
            if not isinstance(variant.get("levers", []), list):
                self.fail(f"{path}.levers", "must be a list")
            variants.append(
                {
                    "name": name,
                    "description": self.text(variant.get("description"), f"{path}.description") or "",
                    "overrides": dict(overrides),
                    "levers": list(variant.get("levers", [])) if isinstance(variant.get("levers", []), list) else [],
                }
            )
        return variants


def _centre_id(raw: Any) -> str | None:
    """A record's id as text, read leniently so duplicates are found even in broken records."""
    if not isinstance(raw, Mapping) or _blank(raw.get("id")) or isinstance(raw.get("id"), bool | dict | list):
        return None
    ident = raw["id"]
    return str(int(ident)) if isinstance(ident, float) and ident.is_integer() else str(ident).strip()


def _given(value: Any) -> Any:
    """An optional section: null (not given) is empty; anything else is checked as it is."""
    return {} if value is None else value


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


#: Control characters other than tab and line breaks: never meaningful in a name, and NUL cannot be
#: stored in PostgreSQL text or JSON.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: A year key of a dated value (§1): four ASCII digits, nothing around them.
_YEAR = re.compile(r"[0-9]{4}")


def _join(path: str, key: Any) -> str:
    return f"{path}.{key}" if path else str(key)


def _fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else repr(float(number))


def _keyed(value: float | dict[str, float]) -> float | dict[int, float]:
    return {int(k): v for k, v in value.items()} if isinstance(value, dict) else value


def _years_of(*values: Any) -> np.ndarray:
    """Every year at which any of these dated values changes (enough to compare step functions)."""
    years = {int(k) for v in values if isinstance(v, dict) for k in v} or {0}
    return np.array(sorted(years))


# --- normalised document → engine model ---------------------------------------------------------


def _model(doc: dict) -> Model:
    years = np.arange(doc["base_year"], doc["base_year"] + doc["horizon"])

    def series(value: Any) -> np.ndarray:
        return dated.resolve(_keyed(value), years)

    comp = doc["compensation"]
    uncertainty = doc["uncertainty"]
    return Model(
        base_year=doc["base_year"],
        horizon=doc["horizon"],
        assumptions=Assumptions(*(series(doc["assumptions"][k]) for k in ASSUMPTIONS)),
        compensation=Compensation(
            **{k: series(comp[k]) for k in COMPENSATION},
            goals=tuple(
                Goal(g["key"], series(g["weight"]), series(g["floor"]), series(g["target"])) for g in comp["goals"]
            ),
        ),
        costs=Costs(series(doc["costs"]["hired_premium"]), series(doc["costs"]["gp_cost_per_fte"])),
        ledger={
            f: LedgerPolicy(
                deficit=DEFICIT_POLICIES.index(p["deficit"]),
                surplus_retention=series(p["surplus_retention"]),
                restoration_years=series(p["restoration_years"]),
                return_requirement=series(p["return_requirement"]),
                surplus_cap=np.full(len(years), np.inf) if p["surplus_cap"] is None else series(p["surplus_cap"]),
            )
            for f, p in ((FORMS.index(name), policy) for name, policy in doc["ledger"].items())
        },
        neutrality_compensation=doc["neutrality_compensation"],
        centres=_centres(doc["centres"]),
        levers=tuple(_lever(lever) for lever in doc["levers"]),
        uncertainty=Uncertainty(**uncertainty) if uncertainty else None,
    )


def _centres(rows: list[dict]) -> Centres:
    def column(name: str) -> np.ndarray:
        return np.array([float(row[name]) for row in rows])

    return Centres(
        ids=tuple(r["id"] for r in rows),
        names=tuple(r["name"] for r in rows),
        units=tuple(r["unit"] for r in rows),
        forms=np.array([FORMS.index(r["operating_form"]) for r in rows], dtype=np.int8),
        rural=np.array([bool(r["rural"]) for r in rows]),
        achievements={key: column(key) for key in GOAL_KEYS},
        **{name: column(name) for name in CENTRE_NUMBERS if name not in GOAL_KEYS},
    )


def _selector(lever: dict, forms_key: str = "forms") -> Selector:
    forms = lever.get(forms_key)
    centres = lever.get("centres")
    return Selector(
        forms=None if forms is None else frozenset(FORMS.index(f) for f in forms),
        centres=None if centres in (None, "all") else frozenset(centres),
    )


_LEVER_BUILDERS: dict[str, Callable[[dict], Any]] = {
    "convert_form": lambda v: ConvertForm(
        v["year"], FORMS.index(v["to"]), _selector(v, "from"), v.get("unit"), v["start_capital"]
    ),
    "hired_share": lambda v: HiredShare(v["year"], v["target"], _selector(v)),
    "efficiency": lambda v: Efficiency(v["from_year"], v["annual"], _selector(v)),
    "overhead_reduction": lambda v: OverheadReduction(v["from_year"], v["share"], _selector(v)),
    "gp_list_target": lambda v: GpListTarget(v["from_year"], v["listed_per_gp"], v["phase_years"], _selector(v)),
    "drawdown": lambda v: Drawdown(v["unit"], v["year"], v["amount"]),
}


def _lever(lever: dict) -> Any:
    return _LEVER_BUILDERS[lever["type"]](lever)
