"""What the analysis pages show, built in Python: the default parameters and metrics a politician
asks about, in words, and the tornado chart of a sensitivity result (Plotly figure dict)."""

from __future__ import annotations

import math
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from simulation.core import numbers
from simulation.core.analysis import analysis_request
from simulation.core.analysis.break_even import REFUSED_AT_BOUND, never_reached
from simulation.core.analysis.evaluate import moved, shown_value
from simulation.core.scenario import ScenarioInvalid, prepare
from simulation.presentation import describe
from simulation.presentation.charts import chart_layout, to_mnkr

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
PARAMETER_LABELS = {
    "compensation.budget_per_listed": gettext_lazy("Budget per listed"),
    "compensation.fixed_share": gettext_lazy("Fixed share of the budget"),
    "assumptions.wage_growth": gettext_lazy("Wage growth"),
    "assumptions.price_growth": gettext_lazy("Price growth"),
    "assumptions.listed_growth": gettext_lazy("Growth in listed"),
    "assumptions.compensation_growth": gettext_lazy("Growth of the compensation"),
    "centres.*.staff_cost": gettext_lazy("Staff costs"),
    "centres.*.hired_cost": gettext_lazy("Hired-staff costs"),
    "costs.hired_premium": gettext_lazy("Premium for hired staff"),
    "ledger.intraprenad.return_requirement": gettext_lazy("Return requirement, intraprenad"),
}
METRICS = {
    "consolidated_cost": gettext_lazy("Cost in the consolidated view"),
    "net_cost": gettext_lazy("Net cost to the region"),
    "loss_coverage": gettext_lazy("Loss coverage"),
    "result.region_run": gettext_lazy("Result of the region-run centres"),
    "result.private": gettext_lazy("Result of the private centres"),
    "region_run_balance": gettext_lazy("Balance of the region-run units"),
}


def parameter_label(path: str) -> str:
    return str(PARAMETER_LABELS.get(path, path))


def change_text(parameter: dict[str, Any]) -> str:
    """±5 % or ±1,0 procentenheter, as the table says how far each parameter was moved."""
    if "change" in parameter:
        return f"±{numbers.percent(parameter['change'], 0)}"
    if "delta" in parameter:
        delta = parameter["delta"]
        if abs(delta) < 1:
            return "±" + _("%(points)s percentage points") % {"points": numbers.number(delta * 100, 1)}
        return f"±{numbers.mnkr(delta)}"
    return f"{parameter.get('low')}–{parameter.get('high')}"


def tornado_chart(result: dict[str, Any]) -> dict[str, Any]:
    """Each parameter's effect on the metric at its low and high end, against the base (mnkr)."""
    rows = list(reversed(result["rows"]))  # Plotly draws the first category at the bottom
    labels = [parameter_label(r["path"]) for r in rows]
    base = result["base"]
    metric = str(METRICS.get(result["metric"], result["metric"]))
    metric = metric[:1].lower() + metric[1:]  # inside a sentence
    traces = [
        {
            "type": "bar",
            "orientation": "h",
            "name": name,
            "y": labels,
            "x": to_mnkr(r[side] - base for r in rows),
            "marker": {"color": colour},
            "hovertemplate": f"%{{y}}, {name}: %{{x:+,.1f}} {numbers.unit('mnkr')}<extra></extra>",
        }
        for side, name, colour in (("low", _("low end"), "#0072B2"), ("high", _("high end"), "#D55E00"))
    ]
    title = _("What moves %(metric)s (%(base)s over the period)") % {"metric": metric, "base": numbers.mnkr(base)}
    layout = chart_layout(
        title,
        "",
        barmode="overlay",
        hovermode="closest",
        height=140 + 34 * len(rows),
        margin={"l": 20, "r": 20, "t": 60, "b": 90},
        xaxis={"title": {"text": _("change against the scenario, SEK m")}, "tickformat": ",.1f", "zeroline": True},
        yaxis={"automargin": True},
    )
    return {"data": traces, "layout": layout}


def tornado_rows(result: dict[str, Any], parameters: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The table under the chart: each parameter, how far it was moved, and the metric at each end."""
    moved = {p["path"]: change_text(p) for p in parameters}
    return [
        {
            "parameter": parameter_label(r["path"]),
            "moved": moved.get(r["path"], ""),
            "low": numbers.mnkr(r["low"]),
            "high": numbers.mnkr(r["high"]),
            "swing": numbers.mnkr(r["swing"]),
        }
        for r in result["rows"]
    ]


#: What a break-even question may move (§11.5): how, within which bounds, and how to say its value.
BREAK_EVEN_PARAMETERS: dict[str, dict[str, Any]] = {
    "compensation.budget_per_listed": {"mode": "scale", "bounds": [0.5, 2.0], "unit": "kr_per_listed"},
    "compensation.fixed_share": {"mode": "scale", "bounds": [0.5, 1.15], "unit": "share"},
    "ledger.intraprenad.return_requirement": {"mode": "shift", "bounds": [0, 50_000_000], "unit": "sek"},
    "centres.*.staff_cost": {"mode": "scale", "bounds": [0.5, 1.5], "unit": "factor"},
}
BREAK_EVEN_METRICS = {
    "result.region_run": gettext_lazy("the region-run centres break even over the period"),
    "result.intraprenad": gettext_lazy("the intraprenad centres break even over the period"),
    "region_run_balance": gettext_lazy("the region-run units end the period with a balance of zero"),
    "consolidated_cost": gettext_lazy("the cost in the consolidated view is as given over the period"),
}
UNIT_BALANCE_GOAL = gettext_lazy("the unit %(unit)s ends the period with a balance of zero")
#: What each goal's figure is called inside a sentence ("… goes from A to B").
TARGET_NOUNS = {
    "result.region_run": gettext_lazy("the region-run centres' summed result over the period"),
    "result.intraprenad": gettext_lazy("the intraprenad centres' summed result over the period"),
    "region_run_balance": gettext_lazy("the region-run units' balance at the end of the period"),
    "consolidated_cost": gettext_lazy("the cost in the consolidated view over the period"),
}
UNIT_BALANCE_NOUN = gettext_lazy("the balance of the unit %(unit)s at the end of the period")
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


def _value_text(value: Any, unit: str) -> str:
    if isinstance(value, dict):  # a dated value: its first year's number
        value = value[min(value)]
    if unit == "kr_per_listed":
        return numbers.kr(value)
    if unit == "share":
        return numbers.percent(value)
    if unit == "factor":
        return _("%(percent)s of today's staff costs") % {"percent": numbers.percent(value, 0)}
    return numbers.mnkr(value)


def break_even_failure_sentence(raw: dict[str, Any], errors: list[dict[str, Any]]) -> str | None:
    """A break-even that failed as §11.5 says (the goal is not reached between the bounds, or the
    scenario is refused at a bound), in the reader's words and numbers; None for any other failure
    (the page then lists the errors as they are)."""
    try:
        request = analysis_request(raw)
    except ScenarioInvalid:
        return None
    spec = request.break_even
    unit = BREAK_EVEN_PARAMETERS.get(spec.path.text, {"unit": "sek"})["unit"]
    a, b = spec.bounds
    parameter = parameter_label(spec.path.text).lower()
    for error in errors:
        message = str(error.get("message", ""))
        found = never_reached(message) if error.get("path") == "target" else None
        if found is not None:
            return _(
                "The goal is not reached within the bounds: with %(parameter)s from %(low)s to %(high)s, %(metric)s "
                "goes from %(at_low)s to %(at_high)s and never reaches %(target)s. Try wider bounds or another goal."
            ) % {
                "parameter": parameter,
                "low": _value_text(shown_value(request.document, spec.path, spec.mode, 1.0, a), unit),
                "high": _value_text(shown_value(request.document, spec.path, spec.mode, 1.0, b), unit),
                "metric": target_noun(request.metric),
                "at_low": numbers.mnkr(found.at_a),
                "at_high": numbers.mnkr(found.at_b),
                "target": numbers.mnkr(spec.target),
            }
        if error.get("path") == "parameter.bounds" and message.startswith(REFUSED_AT_BOUND):
            bound, problem = _refused_bound(request, (a, b))
            return _(
                "The goal cannot be tried within these bounds: with %(parameter)s at %(value)s the scenario cannot "
                "be computed (%(why)s). Try narrower bounds."
            ) % {
                "parameter": parameter,
                "value": _value_text(shown_value(request.document, spec.path, spec.mode, 1.0, bound), unit),
                "why": problem,
            }
    return None


def target_noun(metric: str) -> str:
    if metric.startswith("balance."):
        return str(UNIT_BALANCE_NOUN) % {"unit": metric.removeprefix("balance.")}
    return str(TARGET_NOUNS.get(metric, METRICS.get(metric, metric))).lower()


def _refused_bound(request, bounds: tuple[float, float]) -> tuple[float, str]:
    """Which bound the validator refuses, and what it refuses there, in words."""
    spec = request.break_even
    for bound in bounds:
        try:
            prepare(moved(request.document, spec.path, spec.mode, 1.0, bound))
        except ScenarioInvalid as invalid:
            path = invalid.problems[0].path
            known = describe.RULE_PARAMETERS.get(".".join(p for p in path.split(".") if not p.isdigit()))
            what = str(known[0]) if known else _("a figure of the rules")
            return bound, _("%(what)s falls outside what the rules allow") % {"what": what.lower()}
    return bounds[1], _("the rules do not allow it")


def break_even_sentence(request: dict[str, Any], result: dict[str, Any]) -> str:
    """The answer in one sentence with the figure to cite: "Med 4 712 kr per listad (+8,6 %) går de
    regiondrivna vårdcentralerna jämnt upp över perioden." """
    path = request["parameter"]["path"]
    spec = BREAK_EVEN_PARAMETERS.get(path, {"mode": request["parameter"].get("mode", "scale"), "unit": "sek"})
    value = _value_text(result["parameter_value"], spec["unit"])
    change = f" ({numbers.signed_percent(result['x'] - 1)})" if spec["mode"] == "scale" else ""
    metric = request["target"]["metric"]
    outcome = str(BREAK_EVEN_METRICS.get(metric, metric))
    if metric.startswith("balance."):
        outcome = str(UNIT_BALANCE_GOAL) % {"unit": metric.removeprefix("balance.")}
    target = float(request["target"].get("value", 0) or 0)
    if metric == "consolidated_cost":
        outcome = _("the cost in the consolidated view is %(target)s over the period") % {
            "target": numbers.mnkr(target)
        }
    return _("With %(parameter)s at %(value)s%(change)s, %(outcome)s.") % {
        "parameter": parameter_label(path).lower(),
        "value": value,
        "change": change,
        "outcome": outcome,
    }


def sobol_chart(result: dict[str, Any]) -> dict[str, Any]:
    """Sobol indices (§11.6) as bars with 95 % whiskers: first-order (the parameter alone) and total
    (with its interactions), in per cent of the figure's variance."""
    rows = list(reversed(result["rows"]))
    labels = [parameter_label(r["path"]) for r in rows]
    traces = [
        {
            "type": "bar",
            "orientation": "h",
            "name": name,
            "y": labels,
            "x": [100 * r[key] for r in rows],
            "error_x": {"type": "data", "array": [100 * r[f"{key}_conf"] for r in rows], "visible": True},
            "marker": {"color": colour},
            "hovertemplate": f"%{{y}}, {name}: %{{x:.0f}} % (± %{{error_x.array:.0f}})<extra></extra>",
        }
        for key, name, colour in (("S1", _("alone"), "#0072B2"), ("ST", _("with interactions"), "#E69F00"))
    ]
    metric = str(METRICS.get(result["metric"], result["metric"]))
    title = _("Share of the uncertainty in %(metric)s each assumption explains") % {
        "metric": metric[:1].lower() + metric[1:]
    }
    layout = chart_layout(
        title,
        "",
        barmode="group",
        hovermode="closest",
        height=160 + 44 * len(rows),
        margin={"l": 20, "r": 20, "t": 60, "b": 90},
        xaxis={
            "title": {"text": _("share of the variance, per cent (whiskers: 95-percent confidence)")},
            "ticksuffix": " %",
        },
        yaxis={"automargin": True},
    )
    return {"data": traces, "layout": layout}


def sobol_sentence(result: dict[str, Any]) -> str:
    """The answer in words: which assumption's uncertainty matters most, and how sure that is."""
    rows = sorted(result["rows"], key=lambda r: -r["ST"])
    if not rows or rows[0]["ST"] == 0:
        return _("None of the chosen assumptions moves this figure in this scenario.")
    top = rows[0]
    sentence = _(
        "The uncertainty in %(parameter)s matters most: on its own it explains about %(alone)s of the "
        "variation, with its interactions %(total)s (± %(conf)s)."
    ) % {
        "parameter": parameter_label(top["path"]).lower(),
        "alone": numbers.percent(max(top["S1"], 0.0), 0),
        "total": numbers.percent(top["ST"], 0),
        "conf": numbers.percent(top["ST_conf"], 0),
    }
    if len(rows) > 1 and rows[1]["ST"] >= 0.5 * top["ST"]:
        sentence += " " + _("%(parameter)s comes close (%(total)s).") % {
            "parameter": parameter_label(rows[1]["path"]),
            "total": numbers.percent(rows[1]["ST"], 0),
        }
    return sentence
