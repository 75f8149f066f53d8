"""One evaluation: a (changed) resolved document → the engine → the metric. The only way an
analysis computes anything, so no rule is ever computed a second time."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from simulation.core.analysis.metrics import metric_value
from simulation.core.analysis.paths import Path, changed, value_at
from simulation.core.analysis.request import AnalysisRequest
from simulation.core.engine import ModelError, simulate
from simulation.core.scenario import Problem, ScenarioInvalid, prepare

Progress = Callable[[float], None]


class Evaluator:
    """Runs documents and reads one metric; counts the runs (``evaluations``)."""

    def __init__(self, request: AnalysisRequest, paths: tuple[Path, ...] = ()) -> None:
        self.metric, self.year = request.required_metric(), request.year
        self.evaluations = 0
        # The request's resolved document is already normalised: a changed document is checked
        # again only where ``paths`` may have moved its centres (centres.*.FIELD).
        self.checked_centres = request.document["centres"]
        self.centre_fields = tuple(sorted({p.centre_field for p in paths if p.centre_field is not None}))

    def __call__(self, document: dict[str, Any]) -> float:
        # A changed document the validator refuses raises here (§11.2).
        prepared = prepare(document, self.checked_centres, self.centre_fields)
        try:
            result = simulate(prepared.runs[0][1])
        except ModelError as error:
            raise ScenarioInvalid([Problem("", p.message) for p in error.problems]) from None
        self.evaluations += 1
        return metric_value(result, self.metric, self.year)


def moved(document: dict[str, Any], path: Path, how: str, amount: float, x: float) -> dict[str, Any]:
    """The document with the path moved by x: ``change`` (× (1 + x·r)), ``delta`` (+ x·d), ``scale``
    (× x) or ``shift`` (+ x)."""
    if how == "change":
        return changed(document, path, lambda v: v * (1 + x * amount))
    if how == "delta":
        return changed(document, path, lambda v: v + x * amount)
    if how == "scale":
        return changed(document, path, lambda v: v * x)
    return changed(document, path, lambda v: v + x)


def shown_value(document: dict[str, Any], path: Path, how: str, amount: float, x: float) -> Any:
    """What was run at x, for people (§11.4): the number or dated object at the path, or for
    ``centres.*`` the factor or the delta."""
    if path.all_centres:
        if how in ("change", "scale"):
            return 1 + x * amount if how == "change" else x
        return x * amount if how == "delta" else x
    return value_at(moved(document, path, how, amount, x), path)


def refusal(at: str, x: float, invalid: ScenarioInvalid) -> ScenarioInvalid:
    """A changed document the validator refuses refuses the request, naming the parameter (§11.2)."""
    reasons = "; ".join(str(p) for p in invalid.problems[:3])
    return ScenarioInvalid([Problem(at, f"at x = {x:+g} the scenario is refused: {reasons}")])
