"""What the job API draws of an analysis job, at ``jobs/{id}/{figure}``: one entry per figure that
the analysis kinds name (``simulation.core.analysis.kinds``), in the request's language.

A figure is drawn from a finished job's request and result; the API adds what traces it
(``scenario_hash``, ``engine_version``). A figure may also have words for a failed job (break-even's
goal not reached, §11.5). Each entry's ``schema`` is the body's JSON Schema in the OpenAPI document.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from simulation.presentation.analyses import (
    break_even_failure_sentence,
    break_even_sentence,
    sobol_chart,
    sobol_sentence,
    tornado_chart,
    tornado_rows,
)

Body = dict[str, Any]
Schema = dict[str, Any]
PLOTLY: Schema = {
    "type": "object",
    "required": ["data", "layout"],
    "description": "A Plotly figure (data and layout), drawn by plotly.js as it is",
}
TEXT: Schema = {"type": "string"}
TRACED: dict[str, Schema] = {
    "scenario_hash": TEXT | {"description": "The result's: SHA-256 of the resolved document as evaluated"},
    "engine_version": TEXT,
}


@dataclass(frozen=True)
class Figure:
    #: What it shows (the OpenAPI operation's description).
    description: str
    #: The body for a finished job, from the request and the result document.
    done: Callable[[dict[str, Any], dict[str, Any]], Body]
    #: The body's keys (beyond ``scenario_hash`` and ``engine_version``), as JSON Schema.
    schema: dict[str, Schema]
    #: The body for a failed job, from its request and errors, when it has words for that failure.
    failed: Callable[[dict[str, Any], list[dict[str, Any]]], Body | None] | None = None

    def body_schema(self) -> Schema:
        """Any body this figure answers: a finished job's (traced), or a failed one's."""
        done = {"type": "object", "properties": self.schema | TRACED, "required": [*self.schema, *TRACED]}
        if self.failed is None:
            return done
        failed = {"type": "object", "properties": FAILED_ANSWER, "required": list(FAILED_ANSWER)}
        return {"oneOf": [done | {"title": "done"}, failed | {"title": "failed"}]}


def _tornado(request: dict[str, Any], result: dict[str, Any]) -> Body:
    return {"figure": tornado_chart(result), "rows": tornado_rows(result, request.get("parameters", []))}


def _sobol(request: dict[str, Any], result: dict[str, Any]) -> Body:
    return {"figure": sobol_chart(result), "sentence": sobol_sentence(result), "evaluations": result["evaluations"]}


def _answer(request: dict[str, Any], result: dict[str, Any]) -> Body:
    sentence = break_even_sentence(request, result)
    return {"sentence": sentence, "reached": True, "evaluations": result["evaluations"]}


def _not_reached(request: dict[str, Any], errors: list[dict[str, Any]]) -> Body | None:
    sentence = break_even_failure_sentence(request, errors)
    return None if sentence is None else {"sentence": sentence, "reached": False}


FAILED_ANSWER: dict[str, Schema] = {"sentence": TEXT, "reached": {"const": False}}
ROW_TEXT = ("parameter", "moved", "low", "high", "swing")

FIGURES: dict[str, Figure] = {
    "tornado": Figure(
        description="A finished sensitivity job as the page draws it: the tornado chart (a Plotly figure built "
        "in Python) and its table in words, for its owner and administrators.",
        done=_tornado,
        schema={
            "figure": PLOTLY,
            "rows": {
                "type": "array",
                "items": {"type": "object", "properties": dict.fromkeys(ROW_TEXT, TEXT), "required": list(ROW_TEXT)},
                "description": "The table under the chart, in words: each parameter, how far it was moved, the "
                "figure at each end and the swing",
            },
        },
    ),
    "sobol": Figure(
        description="A finished Sobol job as the page draws it: the indices as bars with confidence whiskers (a "
        "Plotly figure built in Python) and the answer in a sentence, for its owner and administrators.",
        done=_sobol,
        schema={"figure": PLOTLY, "sentence": TEXT, "evaluations": {"type": "integer"}},
    ),
    "answer": Figure(
        description="A break-even job's answer in one sentence in the request's language, for its owner and "
        "admins: when it is done, the value found, with the figure to cite (``reached`` true); when it failed "
        "because the goal is not reached within the bounds, or the scenario is refused at a bound (§11.5), that "
        "in words and the reader's numbers (``reached`` false). 409 otherwise.",
        done=_answer,
        schema={"sentence": TEXT, "reached": {"const": True}, "evaluations": {"type": "integer"}},
        failed=_not_reached,
    ),
}
