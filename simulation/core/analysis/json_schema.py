"""The analysis request and result (§11) as JSON Schema, for the OpenAPI document: each kind's
branch from the registry (``kinds.KINDS``). Pure."""

from __future__ import annotations

from simulation.core.analysis.kinds import KINDS, RESULT_SCHEMA
from simulation.core.analysis.schema_parts import TEXT, Schema

#: What every result document holds (§11.7), whatever its kind.
COMMON_RESULT: dict[str, Schema] = {
    "schema": {"const": RESULT_SCHEMA},
    "kind": {"enum": list(KINDS)},
    "variant": TEXT,
    "metric": {"type": ["string", "null"]},
    "year": {"type": ["integer", "null"]},
    "currency": {"const": "SEK"},
    "scenario_hash": TEXT | {"description": "SHA-256 of the resolved document as evaluated"},
    "engine_version": TEXT,
}


def result_schema() -> Schema:
    """One branch per kind, told apart by ``kind``: the common fields and the kind's own."""
    branches = []
    for kind in KINDS.values():
        properties = COMMON_RESULT | {"kind": {"const": kind.name}} | dict(kind.result_schema)
        branches.append({"type": "object", "title": kind.name, "properties": properties, "required": [*COMMON_RESULT]})
    return {
        "oneOf": branches,
        "description": "vardpeng.analysis-result/1 (§11.7): what every result holds, and the kind's fields",
    }


def components() -> dict[str, Schema]:
    return {
        "AnalysisRequest": {
            "oneOf": [kind.request_schema() for kind in KINDS.values()],
            "description": "An analysis request (§11)",
        },
        "AnalysisResult": result_schema(),
    }
