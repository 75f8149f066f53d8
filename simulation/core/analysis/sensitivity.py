"""One-at-a-time sensitivity (§11.4): each parameter at x = −1 and x = +1, a tornado."""

from __future__ import annotations

from typing import Any

from simulation.core.analysis import schema_parts as schema
from simulation.core.analysis.batch import BatchEvaluator, Move
from simulation.core.analysis.evaluate import Progress, refusal, shown_value
from simulation.core.analysis.request import AnalysisRequest, Asked, Parameter, Parsed, metric_parsed, parameters_parsed
from simulation.core.scenario import ScenarioInvalid

SIDES = (("low", -1.0), ("high", 1.0))
KEYS = ("metric", "parameters")


def parse(asked: Asked) -> Parsed:
    """A metric (§11.1) and parameters moved any way (§11.2)."""
    metric = metric_parsed(asked, asked.raw.get("metric"), "metric")
    return Parsed(metric, parameters_parsed(asked))


def runs(request: AnalysisRequest) -> int:
    """The base run and two for each parameter."""
    return 1 + 2 * len(request.parameters)


def request_schema() -> schema.Schema:
    return schema.kind_request("sensitivity", {"metric": schema.METRIC, "parameters": schema.parameters()}, KEYS)


RESULT: dict[str, schema.Schema] = {
    "base": schema.FLOAT | {"description": "The metric of the document as it is"},
    "rows": schema.rows(
        {
            "path": schema.TEXT,
            "low_value": {"description": "What ran at x = −1: the number, the dated object or the factor"},
            "high_value": {"description": "What ran at x = +1"},
            "low": schema.FLOAT,
            "high": schema.FLOAT,
            "swing": schema.FLOAT,
        },
        "One per parameter, the largest swing first (ties by path)",
    ),
}


def sensitivity(request: AnalysisRequest, progress: Progress | None = None) -> dict[str, Any]:
    """The base run and each parameter at both ends, evaluated together as batches."""
    members: list[list[Move]] = [[]] + [[(parameter, x)] for parameter in request.parameters for _, x in SIDES]
    done = [0]

    def evaluated(count: int) -> None:
        done[0] += count
        if progress is not None:
            progress(done[0] / len(members))

    answers = BatchEvaluator(request).values(members, evaluated)
    base = answers[0]
    if isinstance(base, ScenarioInvalid):
        raise base
    rows = []
    for i, parameter in enumerate(request.parameters):
        ends: dict[str, float] = {}
        for j, (name, x) in enumerate(SIDES):
            answer = answers[1 + 2 * i + j]
            if isinstance(answer, ScenarioInvalid):
                raise refusal(f"parameters[{i}]", x, answer) from None
            ends[name] = answer
        rows.append(
            {
                "path": parameter.path.text,
                "low_value": _shown(request.document, parameter, -1.0),
                "high_value": _shown(request.document, parameter, 1.0),
                "low": ends["low"],
                "high": ends["high"],
                "swing": abs(ends["high"] - ends["low"]),
            }
        )
    rows.sort(key=lambda row: (-row["swing"], row["path"]))
    return {"base": base, "rows": rows}


def _shown(document: dict[str, Any], parameter: Parameter, x: float) -> Any:
    """What was run at x (§11.4): the low/high value, or the moved number, dated object or factor."""
    if parameter.low is not None:
        return parameter.low if x < 0 else parameter.high
    how, amount = parameter.how()
    return shown_value(document, parameter.path, how, amount, x)
