"""One-at-a-time sensitivity (§11.4): each parameter at x = −1 and x = +1, a tornado."""

from __future__ import annotations

from typing import Any

from simulation.core.analysis.batch import BatchEvaluator
from simulation.core.analysis.evaluate import Progress, refusal, shown_value
from simulation.core.analysis.request import AnalysisRequest, Parameter
from simulation.core.scenario import ScenarioInvalid

SIDES = (("low", -1.0), ("high", 1.0))


def sensitivity(request: AnalysisRequest, progress: Progress | None = None) -> dict[str, Any]:
    """The base run and each parameter at both ends, evaluated together as batches."""
    members = [[]] + [[(parameter, x)] for parameter in request.parameters for _, x in SIDES]
    done = [0]

    def evaluated(count: int) -> None:
        done[0] += count
        progress(done[0] / len(members))

    answers = BatchEvaluator(request).values(members, evaluated if progress else None)
    base = answers[0]
    if isinstance(base, ScenarioInvalid):
        raise base
    rows = []
    for i, parameter in enumerate(request.parameters):
        sides = {}
        for j, (name, x) in enumerate(SIDES):
            answer = answers[1 + 2 * i + j]
            if isinstance(answer, ScenarioInvalid):
                raise refusal(f"parameters[{i}]", x, answer) from None
            sides[name] = answer
            sides[f"{name}_value"] = _shown(request.document, parameter, x)
        rows.append(
            {
                "path": parameter.path.text,
                "low_value": sides["low_value"],
                "high_value": sides["high_value"],
                "low": sides["low"],
                "high": sides["high"],
                "swing": abs(sides["high"] - sides["low"]),
            }
        )
    rows.sort(key=lambda row: (-row["swing"], row["path"]))
    return {"base": base, "rows": rows}


def _shown(document: dict[str, Any], parameter: Parameter, x: float) -> Any:
    """What was run at x (§11.4): the low/high value, or the moved number, dated object or factor."""
    if parameter.low is not None:
        return parameter.low if x < 0 else parameter.high
    how, amount = ("change", parameter.change) if parameter.change is not None else ("delta", parameter.delta)
    return shown_value(document, parameter.path, how, amount, x)
