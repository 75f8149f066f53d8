"""Analysis results in the reader's words and charts (spec §11), built in Python: the labels of
parameters and metrics, the tornado of a sensitivity, the Sobol indices, and break-even's answer in
a sentence. They read result documents and never compute money."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from simulation.core import numbers
from simulation.core.analysis import analysis_request
from simulation.core.analysis.break_even import REFUSED_AT_BOUND, BreakEven, never_reached
from simulation.core.analysis.evaluate import moved, shown_value
from simulation.core.analysis.request import AnalysisRequest
from simulation.core.outputs import REGION
from simulation.core.scenario import ScenarioInvalid, prepare
from simulation.presentation import describe
from simulation.presentation.charts import chart_layout, to_mnkr
from simulation.presentation.output_labels import figure_label

#: The parameters a region's budget debate turns on, by the words a politician uses.
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
#: The metrics an analysis page offers: a region figure by its own label, a form's result by its.
METRICS = {
    "consolidated_cost": figure_label(REGION, "consolidated_cost"),
    "net_cost": figure_label(REGION, "net_cost"),
    "loss_coverage": figure_label(REGION, "loss_coverage"),
    "result.region_run": gettext_lazy("Result of the region-run centres"),
    "result.private": gettext_lazy("Result of the private centres"),
    "region_run_balance": figure_label(REGION, "region_run_balance"),
}


def parameter_label(path: str) -> str:
    """A rule parameter by its one name (the rule-parameter table's); the others (a centre's costs
    moved together, an assumption) by the words above."""
    if path in describe.RULE_PARAMETERS:
        return describe.parameter_label(path)
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
    spec = request.detail_as(BreakEven)
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


def _refused_bound(request: AnalysisRequest, bounds: tuple[float, float]) -> tuple[float, str]:
    """Which bound the validator refuses, and what it refuses there, in words."""
    spec = request.detail_as(BreakEven)
    for bound in bounds:
        try:
            prepare(moved(request.document, spec.path, spec.mode, 1.0, bound))
        except ScenarioInvalid as invalid:
            path = invalid.problems[0].path
            known = ".".join(p for p in path.split(".") if not p.isdigit())
            what = describe.parameter_label(known) if known in describe.RULE_PARAMETERS else _("a figure of the rules")
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
