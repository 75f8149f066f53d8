"""Break-even (§11.5): the x in [a, b] at which a metric reaches a target, by Brent's method."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from simulation.core.analysis import schema_parts as schema
from simulation.core.analysis.evaluate import Evaluator, Progress, moved, shown_value
from simulation.core.analysis.paths import Path, PathError, parse_path
from simulation.core.analysis.request import AnalysisRequest, Asked, Parsed, metric_parsed
from simulation.core.scenario import Problem, ScenarioInvalid

#: Any x whose metric is this close to the target is an answer (SEK, §11.5).
TOLERANCE_SEK = 1.0
MAX_ITERATIONS = 100
#: The most runs a break-even takes: both bounds and Brent's iterations.
MAX_RUNS = MAX_ITERATIONS + 2
#: The bounds of a scale when the request gives none (§11.5); a shift must give its own.
SCALE_BOUNDS = (0.25, 4.0)
MODES = ("scale", "shift")
#: §11.5's error when the metric does not reach the target between the bounds (under ``target``),
#: and how to read its figures back (``never_reached``) for words in the reader's language.
NEVER_REACHED = "{metric} goes from {at_a:.0f} at {a:g} to {at_b:.0f} at {b:g} and never reaches {value:g}"
_NEVER_REACHED = re.compile(
    r"(?P<metric>\S+) goes from (?P<at_a>\S+) at (?P<a>\S+) to (?P<at_b>\S+) at (?P<b>\S+)"
    r" and never reaches (?P<value>\S+)"
)
#: §11.5's error when the document at a bound is refused (under ``parameter.bounds``).
REFUSED_AT_BOUND = "the scenario is refused at a bound: "
KEYS = ("parameter", "target")


@dataclass(frozen=True)
class BreakEven:
    """What a break-even asks: the path moved, how (scale: × x, shift: + x), within which bounds,
    and the metric's target value (SEK)."""

    path: Path
    mode: str
    bounds: tuple[float, float]
    target: float


def parse(asked: Asked) -> Parsed:
    """``parameter`` {path, mode, bounds} and ``target`` {metric, value}; the metric is the target's."""
    check = asked.check
    parameter = check.object(asked.raw.get("parameter"), "parameter", ("path", "mode", "bounds"), ("path",)) or {}
    target = check.object(asked.raw.get("target"), "target", ("metric", "value"), ("metric",)) or {}
    metric = None if "metric" not in target else metric_parsed(asked, target["metric"], "target.metric")
    value = check.number(target.get("value", 0.0), "target.value")
    mode = check.choice(parameter.get("mode", "scale"), "parameter.mode", MODES)
    bounds = _bounds(asked, parameter.get("bounds", list(SCALE_BOUNDS) if mode == "scale" else None))
    path = None
    if "path" in parameter:
        try:
            path = parse_path(parameter["path"], asked.document)
        except PathError as error:
            check.fail("parameter.path", str(error))
    if check.problems or path is None or mode is None or bounds is None or value is None:
        return Parsed(metric)
    return Parsed(metric, detail=BreakEven(path, mode, bounds, value))


def _bounds(asked: Asked, bounds: Any) -> tuple[float, float] | None:
    check = asked.check
    if bounds is None:
        check.fail("parameter.bounds", "a shift needs bounds [a, b]")
        return None
    if not isinstance(bounds, list) or len(bounds) != 2:
        check.fail("parameter.bounds", "must be [a, b]")
        return None
    low, high = (check.number(b, f"parameter.bounds[{i}]") for i, b in enumerate(bounds))
    if low is None or high is None:
        return None
    if not low < high:
        check.fail("parameter.bounds", "a must be below b")
        return None
    return low, high


def runs(request: AnalysisRequest) -> int:
    return MAX_RUNS


def request_schema() -> schema.Schema:
    bounds = {"type": "array", "items": schema.NUMBER, "minItems": 2, "maxItems": 2}
    parameter = schema.closed({"path": schema.PATH, "mode": {"enum": list(MODES)}, "bounds": bounds}, ("path",))
    target = schema.closed({"metric": schema.METRIC, "value": schema.NUMBER}, ("metric",))
    return schema.kind_request("break_even", {"parameter": parameter, "target": target}, KEYS)


RESULT: dict[str, schema.Schema] = {
    "x": schema.FLOAT | {"description": "The scale factor or shift found"},
    "parameter_value": {"description": "What the path holds at x: a number or a dated object, or for centres.* x"},
    "achieved": schema.FLOAT | {"description": "The metric at x, within 1 SEK of the target"},
    "evaluations": schema.INTEGER | {"description": "Every run, the bounds included"},
}


class _Found(Exception):
    def __init__(self, x: float, achieved: float) -> None:
        self.x, self.achieved = x, achieved


def break_even(request: AnalysisRequest, progress: Progress | None = None) -> dict[str, Any]:
    """Both bounds, then Brent's method between them."""
    spec = request.detail_as(BreakEven)
    evaluate = Evaluator(request, (spec.path,))

    def metric_at(x: float) -> float:
        value = evaluate(moved(request.document, spec.path, spec.mode, 1.0, x))
        if progress:
            # progress is the share of the largest possible number of runs
            progress(min(1.0, evaluate.evaluations / MAX_RUNS))
        return value

    a, b = spec.bounds
    try:
        at_a, at_b = metric_at(a), metric_at(b)
    except ScenarioInvalid as invalid:
        reasons = "; ".join(str(p) for p in invalid.problems[:3])
        raise ScenarioInvalid([Problem("parameter.bounds", REFUSED_AT_BOUND + reasons)]) from None
    # At a bound already: the lower bound first, the least change that reaches it.
    reached = [(bound, value) for bound, value in ((a, at_a), (b, at_b)) if abs(value - spec.target) <= TOLERANCE_SEK]
    if reached:
        x, achieved = reached[0]
    elif (at_a - spec.target) * (at_b - spec.target) > 0:
        raise _never(request, a, at_a, b, at_b)
    else:
        x, achieved = _brent(metric_at, spec)
        if abs(achieved - spec.target) > TOLERANCE_SEK:
            raise _never(request, a, at_a, b, at_b)  # the metric jumps over the target
    return {
        "x": x,
        "parameter_value": shown_value(request.document, spec.path, spec.mode, 1.0, x),
        "achieved": achieved,
        "evaluations": evaluate.evaluations,
    }


def _brent(metric_at: Callable[[float], float], spec: BreakEven) -> tuple[float, float]:
    """x between the bounds where the metric crosses the target, and the metric there; it stops
    at the first x within the tolerance. SciPy is imported here, when a break-even runs, not when
    the module is (it takes most of a second)."""
    from scipy.optimize import brentq

    def gap(x: float) -> float:
        value = metric_at(x)
        if abs(value - spec.target) <= TOLERANCE_SEK:
            raise _Found(x, value)
        return value - spec.target

    try:
        x = float(brentq(gap, *spec.bounds, xtol=1e-12, maxiter=MAX_ITERATIONS))
    except _Found as found:
        return found.x, found.achieved
    return x, metric_at(x)


def _never(request: AnalysisRequest, a: float, at_a: float, b: float, at_b: float) -> ScenarioInvalid:
    value = request.detail_as(BreakEven).target
    message = NEVER_REACHED.format(metric=request.metric, at_a=at_a, a=a, at_b=at_b, b=b, value=value)
    return ScenarioInvalid([Problem("target", message)])


@dataclass(frozen=True)
class NeverReached:
    """The figures of a NEVER_REACHED error: the metric at each bound, and the target (SEK)."""

    metric: str
    a: float
    at_a: float
    b: float
    at_b: float
    target: float


def never_reached(message: str) -> NeverReached | None:
    """The figures of a NEVER_REACHED message, or None for any other message."""
    found = _NEVER_REACHED.fullmatch(message)
    if found is None:
        return None
    try:
        numbers = {k: float(found[k]) for k in ("a", "at_a", "b", "at_b", "value")}
    except ValueError:
        return None
    return NeverReached(found["metric"], numbers["a"], numbers["at_a"], numbers["b"], numbers["at_b"], numbers["value"])
