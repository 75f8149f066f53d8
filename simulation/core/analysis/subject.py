"""What ``explain`` asks about (§11.3): one centre or one unit, in a year in which it has a row.
The request's checks and schema; the explanation itself is ``explain.explain``."""

from __future__ import annotations

from dataclasses import dataclass

from simulation.core.analysis import schema_parts as schema
from simulation.core.analysis.request import AnalysisRequest, Asked, Parsed, units_in_year
from simulation.core.engine import FORMS

KEYS = ("centre", "unit")


@dataclass(frozen=True)
class Subject:
    """The centre or the unit explained (exactly one is set)."""

    centre: str | None = None
    unit: str | None = None


def parse(asked: Asked) -> Parsed:
    """Exactly one centre or unit that the scenario has, and the year, in which it has a row."""
    check, raw, document = asked.check, asked.raw, asked.document
    named = [key for key in KEYS if key in raw]
    if len(named) != 1:
        check.fail("", "explain names exactly one of centre and unit")
        return Parsed()
    key = named[0]
    wanted = check.text(raw[key], key, required=True)
    if "year" not in raw:
        check.fail("year", "explain needs the year to explain")
    if wanted is None:
        return Parsed()
    if key == "centre":
        if wanted not in [c["id"] for c in document["centres"]]:
            check.fail("centre", f"no centre {wanted} in the scenario")
        return Parsed(detail=Subject(centre=wanted))
    if wanted not in asked.units:
        check.fail("unit", f"no unit {wanted} in the scenario")
    elif asked.year is not None and wanted not in units_in_year(document, asked.year):
        check.fail("unit", f"unit {wanted} has no centres in {asked.year}, so it has no row to explain")
    return Parsed(detail=Subject(unit=wanted))


def runs(request: AnalysisRequest) -> int:
    return 1


def request_schema() -> schema.Schema:
    """Exactly one of centre and unit, and the year (both branches closed)."""
    branches = []
    for subject in KEYS:
        other = "unit" if subject == "centre" else "centre"
        extra = {
            subject: {"type": "string", "minLength": 1, "description": f"The {subject} id to explain"},
            other: schema.NULL,
        }
        branch = schema.kind_request("explain", extra, (subject, "year"))
        branches.append(branch | {"title": f"explain a {subject}-year"})
    return {"oneOf": branches}


LINE: schema.Schema = schema.closed(
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
RESULT: dict[str, schema.Schema] = {
    "centre": schema.TEXT,
    "unit": schema.TEXT,
    "name": schema.TEXT | {"description": "The centre's name (a centre-year)"},
    "operating_form": {"enum": list(FORMS)},
    "centres": {"type": "array", "items": schema.TEXT, "description": "The unit's centres (a unit-year)"},
    "lines": {"type": "array", "items": LINE},
}
