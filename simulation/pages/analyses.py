"""What the page *Vad driver resultatet?* offers: the parameters a politician asks about first, and
the break-even goals and parameters that mean something in the chosen scenario. The results are
drawn by ``simulation.presentation.analyses``."""

from __future__ import annotations

import math
from typing import Any

from simulation.core.scenario import prepare
from simulation.presentation.analyses import (
    BREAK_EVEN_METRICS,
    BREAK_EVEN_PARAMETERS,
    METRICS,
    UNIT_BALANCE_GOAL,
    change_text,
    parameter_label,
)

#: The drivers page lists these parameters and metrics in the presentation's words.
__all__ = ["DEFAULT_PARAMETERS", "METRICS", "break_even_choices", "change_text", "parameter_label"]

#: The parameters a region's budget debate turns on, with a plausible uncertainty each (§11.2).
DEFAULT_PARAMETERS: list[dict[str, Any]] = [
    {"path": "compensation.budget_per_listed", "change": 0.05},
    {"path": "compensation.fixed_share", "change": 0.05},
    {"path": "assumptions.wage_growth", "delta": 0.01},
    {"path": "assumptions.price_growth", "delta": 0.01},
    {"path": "assumptions.listed_growth", "delta": 0.005},
    {"path": "assumptions.compensation_growth", "delta": 0.01},
    {"path": "centres.*.staff_cost", "change": 0.05},
    {"path": "centres.*.hired_cost", "change": 0.2},
    {"path": "costs.hired_premium", "change": 0.1},
    {"path": "ledger.intraprenad.return_requirement", "delta": 1_000_000},
]
REGION_RUN = ("egen_regi", "intraprenad")


def break_even_choices(document: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """What *Vad krävs?* offers for a scenario (its runnable document): only goals and parameters
    that mean something in it — no intraprenad goal or return requirement without an intraprenad,
    no balance goal for units whose balance cannot move (the region covers their deficits and
    takes their surpluses), a unit's balance only for a unit it has — and bounds at which the
    scenario can be run (a fixed share scaled to at most 100 %)."""
    normalised = prepare(document).document
    forms = {c["operating_form"] for c in normalised["centres"]}
    forms |= {lever["to"] for lever in normalised["levers"] if lever["type"] == "convert_form"}
    movable = {form for form in REGION_RUN if form in forms and _balance_moves(normalised["ledger"][form])}
    metrics = [{"key": "consolidated_cost", "label": str(BREAK_EVEN_METRICS["consolidated_cost"])}]
    if forms & set(REGION_RUN):
        metrics.insert(0, {"key": "result.region_run", "label": str(BREAK_EVEN_METRICS["result.region_run"])})
    if "intraprenad" in forms:
        metrics.insert(1, {"key": "result.intraprenad", "label": str(BREAK_EVEN_METRICS["result.intraprenad"])})
    if movable:
        metrics.insert(-1, {"key": "region_run_balance", "label": str(BREAK_EVEN_METRICS["region_run_balance"])})
    for unit in _units_with_equity(normalised, movable):
        metrics.insert(-1, {"key": f"balance.{unit}", "label": str(UNIT_BALANCE_GOAL) % {"unit": unit}})
    parameters = []
    for path, spec in BREAK_EVEN_PARAMETERS.items():
        if path.startswith("ledger.intraprenad.") and "intraprenad" not in forms:
            continue
        bounds = list(spec["bounds"])
        if path == "compensation.fixed_share":
            largest = max(_values(normalised["compensation"]["fixed_share"]))
            bounds[1] = min(bounds[1], math.floor(1e4 / largest) / 1e4) if largest > 0 else bounds[1]
        parameters.append({"path": path, "label": parameter_label(path)} | spec | {"bounds": bounds})
    return {"parameters": parameters, "metrics": metrics}


def _values(value: Any) -> list[float]:
    return [float(v) for v in value.values()] if isinstance(value, dict) else [float(value)]


def _balance_moves(policy: dict[str, Any]) -> bool:
    """A unit's balance can change under these rules (R19): it carries or bears deficits, or keeps surplus."""
    return policy["deficit"] != "covered" or max(_values(policy["surplus_retention"])) > 0


def _units_with_equity(document: dict[str, Any], movable: set[str]) -> list[str]:
    """Result units of a region-run form whose balance can move that pool centres or are an
    intraprenad (a one-centre egen regi unit is that centre, and the region-run goal covers it)."""
    members: dict[str, list[str]] = {}
    for centre in document["centres"]:
        members.setdefault(centre["unit"], []).append(centre["operating_form"])
    found = {
        unit for unit, forms in members.items() if forms[0] in movable and (len(forms) > 1 or forms[0] == "intraprenad")
    }
    found |= {
        lever["unit"]
        for lever in document["levers"]
        if lever["type"] == "convert_form" and lever.get("unit") and lever["to"] in movable
    }
    return sorted(found)
