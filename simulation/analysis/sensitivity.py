"""One-at-a-time sensitivity (§11.4): each parameter at x = −1 and x = +1, a tornado."""

from __future__ import annotations

from typing import Any

from ..scenario import ScenarioInvalid
from .evaluate import Evaluator, Progress, moved, refusal, shown_value
from .paths import changed
from .request import AnalysisRequest, Parameter


def sensitivity(request: AnalysisRequest, progress: Progress | None = None) -> dict[str, Any]:
    evaluate = Evaluator(request, tuple(p.path for p in request.parameters))
    total = 1 + 2 * len(request.parameters)
    base = evaluate(request.document)
    rows = []
    for i, parameter in enumerate(request.parameters):
        sides = {}
        for name, x in (("low", -1.0), ("high", 1.0)):
            document, shown = _side(request.document, parameter, x)
            try:
                sides[name] = evaluate(document)
            except ScenarioInvalid as invalid:
                raise refusal(f"parameters[{i}]", x, invalid) from None
            sides[f"{name}_value"] = shown
            if progress:
                progress(evaluate.evaluations / total)
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


def _side(document: dict[str, Any], parameter: Parameter, x: float) -> tuple[dict[str, Any], Any]:
    if parameter.low is not None:
        value = parameter.low if x < 0 else parameter.high
        return changed(document, parameter.path, None, value), value
    how, amount = ("change", parameter.change) if parameter.change is not None else ("delta", parameter.delta)
    return moved(document, parameter.path, how, amount, x), shown_value(document, parameter.path, how, amount, x)
