"""The analysis request and result (§11) as JSON Schema, for the OpenAPI document. Pure."""

from __future__ import annotations

from typing import Any

from simulation.core.analysis.metrics import FORM_RESULTS, REGION_FLOWS, UNIT_FLOWS
from simulation.core.analysis.request import KINDS, LANGUAGES, SCHEMA, SOBOL_SAMPLES
from simulation.core.engine import FORMS
from simulation.core.scenario.json_schema import NULL, closed, number

Schema = dict[str, Any]
NUMBER: Schema = number()  # as JSON or as Swedish text, like every number of a request
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


def _common(kind: str, extra: dict[str, Schema], required: tuple[str, ...]) -> Schema:
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
    ways = {name: keys for name, keys in ways.items() if name in allowed}
    branches = []
    for name, keys in ways.items():
        properties = {"path": PATH} | {k: NUMBER if k in keys else NULL for k in ("change", "delta", "low", "high")}
        branch = {"type": "object", "properties": properties, "required": ["path", *keys]}
        branches.append(branch | {"additionalProperties": False, "title": name})
    return {
        "oneOf": branches,
        "description": "x = −1 and +1: × (1 + x·change), + x·delta, or the plain low and high values",
    }


def _explain_request() -> Schema:
    """§11.3: exactly one of centre and unit, and the year (both branches closed)."""
    branches = []
    for subject in ("centre", "unit"):
        other = "unit" if subject == "centre" else "centre"
        extra = {
            subject: {"type": "string", "minLength": 1, "description": f"The {subject} id to explain"},
            other: NULL,
        }
        branches.append(_common("explain", extra, (subject, "year")) | {"title": f"explain a {subject}-year"})
    return {"oneOf": branches}


LINE: Schema = closed(
    {
        "field": {"type": "string", "description": "The §7 row field explained"},
        "rule": {"type": "string", "description": "The rules that make it (R8; R19, R20)"},
        "value": {"type": "number", "description": "The projection's figure, SEK"},
        "formula": {"type": "string", "description": "ASCII: numbers, names, + - * /, (), min(), max()"},
        "inputs": {"type": "object", "additionalProperties": {"type": "number"}},
        "text": {"type": "string", "description": "The line in words, in the request's language"},
    },
    ("field", "rule", "value", "formula", "inputs", "text"),
)


def components() -> dict[str, Schema]:
    requests = {
        "explain": _explain_request(),
        "sensitivity": _common(
            "sensitivity",
            {"metric": METRIC, "parameters": {"type": "array", "minItems": 1, "items": parameter()}},
            ("metric", "parameters"),
        ),
        "break_even": _common(
            "break_even",
            {
                "parameter": closed(
                    {
                        "path": PATH,
                        "mode": {"enum": ["scale", "shift"]},
                        "bounds": {"type": "array", "items": NUMBER, "minItems": 2, "maxItems": 2},
                    },
                    ("path",),
                ),
                "target": closed({"metric": METRIC, "value": NUMBER}, ("metric",)),
            },
            ("parameter", "target"),
        ),
    }
    requests["sobol"] = _common(
        "sobol",
        {
            "metric": METRIC,
            "parameters": {"type": "array", "minItems": 1, "items": parameter(("change", "delta"))},
            "samples": number(SOBOL_SAMPLES[0], SOBOL_SAMPLES[1], whole=True)
            | {"description": "Saltelli's N, a power of two (16, 32, …, 16384): N·(P + 2) evaluations"},
            "seed": number(1, 2**32 - 1, whole=True) | {"description": "Makes the sample repeatable"},
        },
        ("metric", "parameters", "samples", "seed"),
    )
    assert set(requests) == set(KINDS)
    common_result = {
        "schema": {"const": "vardpeng.analysis-result/1"},
        "kind": {"enum": list(KINDS)},
        "variant": {"type": "string"},
        "metric": {"type": ["string", "null"]},
        "year": {"type": ["integer", "null"]},
        "currency": {"const": "SEK"},
        "scenario_hash": {"type": "string", "description": "SHA-256 of the resolved document as evaluated"},
        "engine_version": {"type": "string"},
    }
    row: Schema = {
        "type": "object",
        "properties": {
            "path": {"type": "string"},
            "low_value": {"description": "What ran at x = −1: the number, the dated object or the factor"},
            "high_value": {},
            "low": {"type": "number"},
            "high": {"type": "number"},
            "swing": {"type": "number"},
            **{key: {"type": "number"} for key in ("S1", "S1_conf", "ST", "ST_conf")},
        },
    }
    return {
        "AnalysisRequest": {"oneOf": list(requests.values()), "description": "An analysis request (§11)"},
        "AnalysisResult": {
            "type": "object",
            "properties": common_result
            | {
                "base": {"type": "number"},
                "rows": {"type": "array", "items": row},
                "x": {"type": "number"},
                "parameter_value": {},
                "achieved": {"type": "number"},
                "evaluations": {"type": "integer"},
                "samples": {"type": "integer"},
                "seed": {"type": "integer"},
                "centre": {"type": "string"},
                "unit": {"type": "string"},
                "name": {"type": "string"},
                "operating_form": {"enum": list(FORMS)},
                "centres": {"type": "array", "items": {"type": "string"}},
                "lines": {"type": "array", "items": LINE},
            },
            "description": "vardpeng.analysis-result/1 (§11.7): explain gives the centre (its name, form and "
            "unit) or the unit (its form and centres) and lines; sensitivity gives base and rows; break_even "
            "gives x, parameter_value, achieved and evaluations; sobol gives evaluations and rows of S1, S1_conf, ST, "
            "ST_conf (95 % half-widths) per parameter, in the request's order",
        },
    }
