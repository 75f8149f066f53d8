"""Break-even (§11.5): the x in [a, b] at which a metric reaches a target, by Brent's method."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from scipy.optimize import brentq

from simulation.core.analysis.evaluate import Evaluator, Progress, moved, shown_value
from simulation.core.analysis.request import AnalysisRequest
from simulation.core.scenario import Problem, ScenarioInvalid

#: Any x whose metric is this close to the target is an answer (SEK, §11.5).
TOLERANCE_SEK = 1.0
MAX_ITERATIONS = 100
#: The most runs a break-even takes: both bounds and Brent's iterations.
MAX_RUNS = MAX_ITERATIONS + 2
#: §11.5's error when the metric does not reach the target between the bounds (under ``target``),
#: and how to read its figures back (``never_reached``) for words in the reader's language.
NEVER_REACHED = "{metric} goes from {at_a:.0f} at {a:g} to {at_b:.0f} at {b:g} and never reaches {value:g}"
_NEVER_REACHED = re.compile(
    r"(?P<metric>\S+) goes from (?P<at_a>\S+) at (?P<a>\S+) to (?P<at_b>\S+) at (?P<b>\S+)"
    r" and never reaches (?P<value>\S+)"
)
#: §11.5's error when the document at a bound is refused (under ``parameter.bounds``).
REFUSED_AT_BOUND = "the scenario is refused at a bound: "


class _Found(Exception):
    def __init__(self, x: float, achieved: float) -> None:
        self.x, self.achieved = x, achieved


def break_even(request: AnalysisRequest, progress: Progress | None = None) -> dict[str, Any]:
    spec = request.break_even
    evaluate = Evaluator(request, (spec.path,))
    largest = MAX_RUNS  # progress is the share of the largest possible number of runs

    def metric_at(x: float) -> float:
        value = evaluate(moved(request.document, spec.path, spec.mode, 1.0, x))
        if progress:
            progress(min(1.0, evaluate.evaluations / largest))
        return value

    a, b = spec.bounds
    try:
        at_a, at_b = metric_at(a), metric_at(b)
    except ScenarioInvalid as invalid:
        reasons = "; ".join(str(p) for p in invalid.problems[:3])
        raise ScenarioInvalid([Problem("parameter.bounds", REFUSED_AT_BOUND + reasons)]) from None
    x = achieved = None
    for bound, value in ((a, at_a), (b, at_b)):
        if abs(value - spec.target) <= TOLERANCE_SEK:
            x, achieved = bound, value  # the lower bound first: the least change that reaches it
            break
    if x is None:
        if (at_a - spec.target) * (at_b - spec.target) > 0:
            raise _never(request, a, at_a, b, at_b)

        def gap(x: float) -> float:
            value = metric_at(x)
            if abs(value - spec.target) <= TOLERANCE_SEK:
                raise _Found(x, value)
            return value - spec.target

        try:
            x = brentq(gap, a, b, xtol=1e-12, maxiter=MAX_ITERATIONS)
            achieved = metric_at(x)
        except _Found as found:
            x, achieved = found.x, found.achieved
        if abs(achieved - spec.target) > TOLERANCE_SEK:
            raise _never(request, a, at_a, b, at_b)  # the metric jumps over the target
    return {
        "x": x,
        "parameter_value": shown_value(request.document, spec.path, spec.mode, 1.0, x),
        "achieved": achieved,
        "evaluations": evaluate.evaluations,
    }


def _never(request: AnalysisRequest, a: float, at_a: float, b: float, at_b: float) -> ScenarioInvalid:
    value = request.break_even.target
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
