"""What the kinds' JSON Schemas share (§11): the common keys of a request, a metric, a path, a
parameter. Each kind builds its own request branch and result fields from these, beside its
``parse``; ``json_schema.components`` gathers them from the registry. Pure."""

from __future__ import annotations

from typing import Any

from simulation.core.analysis.metrics import FORM_RESULTS, REGION_FLOWS, UNIT_FLOWS
from simulation.core.analysis.request import LANGUAGES, SCHEMA
from simulation.core.engine import FORMS
from simulation.core.scenario.json_schema import NULL, closed, number

__all__ = ["NULL", "closed", "number"]

Schema = dict[str, Any]
NUMBER: Schema = number()  # as JSON or as Swedish text, like every number of a request
INTEGER: Schema = {"type": "integer"}
FLOAT: Schema = {"type": "number"}
TEXT: Schema = {"type": "string"}
METRIC: Schema = {
    "type": "string",
    "description": "§11.1: "
    + ", ".join((*REGION_FLOWS, *UNIT_FLOWS, *FORM_RESULTS, "region_run_balance"))
    + ", or balance.UNIT",
    "examples": ["consolidated_cost", "result.region_run", f"result.{FORMS[1]}"],
}
PATH: Schema = {
    "type": "string",
    "pattern": "\\S",
    "description": "§11.2: keys to a number or dated value (compensation.budget_per_listed), or centres.*.FIELD",
}


def kind_request(kind: str, extra: dict[str, Schema], required: tuple[str, ...]) -> Schema:
    """A closed request object of ``kind``: the keys every request has, and the kind's own."""
    properties = {
        "schema": {"const": SCHEMA},
        "kind": {"const": kind},
        "variant": {"type": "string", "description": "The run asked about (default baseline)"},
        "year": number(whole=True) | {"description": "Read flows in this year only, stocks at it"},
        "language": {"enum": list(LANGUAGES)},
        "scenario": {"$ref": "#/components/schemas/ScenarioDocument"},
        **extra,
    }
    return closed(properties, ("kind", "scenario", *required), f"Analysis request: {kind}")


def parameter(allowed: tuple[str, ...] = ("change", "delta", "low and high")) -> Schema:
    """Exactly one way to move the path; the other ways may only be null (not given)."""
    ways = {"change": ("change",), "delta": ("delta",), "low and high": ("low", "high")}
    branches = []
    for name, keys in ways.items():
        if name not in allowed:
            continue
        properties = {"path": PATH} | {k: NUMBER if k in keys else NULL for k in ("change", "delta", "low", "high")}
        branch = {"type": "object", "properties": properties, "required": ["path", *keys]}
        branches.append(branch | {"additionalProperties": False, "title": name})
    return {
        "oneOf": branches,
        "description": "x = −1 and +1: × (1 + x·change), + x·delta, or the plain low and high values",
    }


def parameters(allowed: tuple[str, ...] = ("change", "delta", "low and high")) -> Schema:
    return {"type": "array", "minItems": 1, "items": parameter(allowed)}


def rows(properties: dict[str, Schema], description: str = "") -> Schema:
    """A result's rows: objects with these keys, every one present."""
    row = {"type": "object", "properties": properties, "required": list(properties)}
    return {"type": "array", "items": row} | ({"description": description} if description else {})
