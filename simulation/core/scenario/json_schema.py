"""The scenario document (§2) as JSON Schema, built from the validator's own tables.

REST clients and API fuzzers read it in the OpenAPI schema. It says exactly what the validator
accepts field by field — the same keys (every object closed), the same bounds, numbers also as
Swedish text (``0,87``, ``1 485 000``), yes/no and operating forms as people write them, null for
"not given" — so that a document the schema refuses is refused by the server too. What a JSON
Schema cannot say (§8's cross-field rules: unique ids, one form per unit, years inside the horizon,
goal weights summing to 1) the server checks and reports with paths. Pure; no Django.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from simulation.core.engine.inputs import DEFICIT_POLICIES, FORMS, GOAL_KEYS
from simulation.core.numbers import _FALSE, _TRUE, FORM_LABELS
from simulation.core.scenario.fields import (
    ASSUMPTIONS,
    BASELINE,
    CENTRE_NUMBERS,
    CENTRE_REQUIRED,
    COMPENSATION,
    DOCUMENT_KEYS,
    MAX_ANY_NUMBER,
    MAX_DRAWS,
    MAX_HORIZON,
    MAX_MONEY,
    MAX_TEXT,
    MAX_VARIANTS,
    RULE_KEYS,
    RULEBOOK_KEYS,
    SCHEMA,
    TEXT_LIMITS,
    UNCERTAINTY_SDS,
    VARIANT_OVERRIDABLE,
    YEAR_RANGE,
)
from simulation.core.scenario.levers import LEVER_TYPES

Schema = dict[str, Any]

_SPACES = "[ \\u00a0\\u202f]"  # thousands separators the parser removes anywhere
_DIGITS = f"[0-9]{_SPACES}*(?:[0-9]{_SPACES}*)*"
_SIGN = "[+\\-\\u2212]"
#: parsing.parse_number's language: sign, digits with spaces, decimal point or comma, exponent.
NUMBER_TEXT = (
    f"^\\s*{_SIGN}?{_SPACES}*(?:{_DIGITS}(?:[.,]{_SPACES}*(?:[0-9]{_SPACES}*)*)?|[.,]{_SPACES}*{_DIGITS})"
    f"(?:[eE]{_SPACES}*{_SIGN}?{_SPACES}*{_DIGITS})?\\s*$"
)
_CONTROL = "\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f"
_NO_CONTROL = f"^[^{_CONTROL}]*$"
_NOT_BLANK = f"^[^{_CONTROL}]*[^\\s{_CONTROL}][^{_CONTROL}]*$"
BLANK: Schema = {"type": "string", "pattern": "^\\s*$"}
NULL: Schema = {"type": "null"}


def _any_case(word: str) -> str:
    """A pattern for ``word`` in any letter case, runs of whitespace where it has a space."""
    parts = []
    for char in word:
        if char.isalpha():
            parts.append(f"[{char.lower()}{char.upper()}]")
        elif char == " ":
            parts.append("\\s+")
        else:
            parts.append("\\" + char if not char.isalnum() and char != "_" else char)
    return "".join(parts)


def _words(words: Iterable[str], blank: bool = False) -> str:
    """Any of ``words`` in any case with spaces around; ``blank``: an empty or blank string too."""
    alternatives = ([""] if blank else []) + [_any_case(w) for w in sorted(words) if w]
    return "^\\s*(?:" + "|".join(alternatives) + ")\\s*$"


FORM: Schema = {
    "type": "string",
    "pattern": _words(FORM_LABELS),
    "description": f"{', '.join(FORMS)} (also written 'egen regi', 'privat'; any case)",
    "examples": list(FORMS),
}
BOOLEAN: Schema = {
    "anyOf": [
        {"type": "boolean"},
        {"enum": [0, 1]},
        # A blank cell means no: parsing._FALSE holds "".
        {"type": "string", "pattern": _words(_TRUE | _FALSE, blank=True)},
    ],
    "description": "true/false, or ja/nej, yes/no, 1/0",
}


def number(
    low: float | None = None,
    high: float | None = MAX_ANY_NUMBER,
    strict_low: bool = False,
    whole: bool = False,
    strict_high: bool = False,
) -> Schema:
    """A number within bounds, as JSON or as text (the text's value is checked by the server)."""
    plain: Schema = {"type": "integer" if whole else "number"}
    low = -MAX_ANY_NUMBER if low is None else low
    plain["exclusiveMinimum" if strict_low else "minimum"] = low
    if high is not None:
        plain["exclusiveMaximum" if strict_high else "maximum"] = high
    return {"anyOf": [plain, {"type": "string", "pattern": NUMBER_TEXT}]}


def dated(value: Schema, partial: bool = False) -> Schema:
    """A value, or a step function ``{"YEAR": value}`` (§1). In overrides (``partial``) an empty
    step function is allowed: it merges into the document's own steps (§5)."""
    steps = {
        "type": "object",
        "minProperties": 0 if partial else 1,
        "propertyNames": {"pattern": "^[0-9]{4}$"},
        "additionalProperties": value,
    }
    return {"anyOf": [value, steps]}


def text(max_length: int = MAX_TEXT, required: bool = False) -> Schema:
    return {
        "anyOf": [
            {"type": "string", "maxLength": max_length, "pattern": _NOT_BLANK if required else _NO_CONTROL},
            {"type": "number"},
        ]
    }


def closed(properties: dict[str, Schema], required: tuple[str, ...] = (), description: str = "") -> Schema:
    """An object with exactly these keys; an optional key may be null (taken as not given)."""
    schema: Schema = {
        "type": "object",
        "properties": {
            key: value if key in required else {"anyOf": [value, NULL]} for key, value in properties.items()
        },
        "additionalProperties": False,
    }
    if required:
        schema["required"] = list(required)
    if description:
        schema["description"] = description
    return schema


def _share() -> Schema:
    return number(0, 1)


def _forms() -> Schema:
    return {"anyOf": [FORM, {"type": "array", "minItems": 1, "items": FORM}]}


def _centre_ids() -> Schema:
    return {"anyOf": [{"const": "all"}, {"type": "array", "items": text(TEXT_LIMITS["id"], required=True)}]}


def centre() -> Schema:
    """One centre record (§2.1); optional numbers may be blank (a CSV's empty cell) or null."""
    properties: dict[str, Schema] = {
        "id": text(TEXT_LIMITS["id"], required=True),
        "name": text(TEXT_LIMITS["name"], required=True),
        "unit": text(TEXT_LIMITS["unit"]),
        "operating_form": FORM,
        "municipality": text(TEXT_LIMITS["municipality"]),
        "rural": BOOLEAN,
    }
    for name, (low, high, strict) in CENTRE_NUMBERS.items():
        value = number(low, high, strict_low=strict)
        properties[name] = value if name in CENTRE_REQUIRED else {"anyOf": [value, BLANK]}
    return closed(properties, CENTRE_REQUIRED, "A health centre's base-year facts (§2.1)")


def lever(kind: str) -> Schema:
    lever_type = LEVER_TYPES[kind]
    required, optional = lever_type.required, lever_type.optional
    year = number(*YEAR_RANGE, whole=True)
    fields: dict[str, Schema] = {"type": {"const": kind}, "year": year, "from_year": year}
    for key, bound in lever_type.numbers.items():
        fields[key] = number(bound.low, bound.high, strict_low=bound.strict_low, strict_high=bound.strict_high)
    for key, values in lever_type.choices.items():
        fields[key] = {"enum": list(values)}
    fields |= {
        "to": FORM,
        "from": _forms(),
        "forms": _forms(),
        "centres": _centre_ids(),
        "unit": text(TEXT_LIMITS["unit"], required=True),
        "goal": {"enum": list(GOAL_KEYS), "description": "a goal key of the document's compensation.goals"},
    }
    keys = ("type", *required, *optional)
    schema = closed({k: fields[k] for k in keys}, ("type", *required), f"Lever {kind} (§4)")
    if kind == "convert_form":
        schema["anyOf"] = [{"required": ["centres"]}, {"required": ["from"]}]
    return schema


def assumptions(partial: bool) -> Schema:
    return closed(
        {k: dated(number(-1, 1, strict_low=True), partial) for k in ASSUMPTIONS}, description="§3 growth rates"
    )


def compensation(partial: bool) -> Schema:
    goal = closed(
        {"key": {"enum": list(GOAL_KEYS)}, **{k: dated(_share()) for k in ("weight", "floor", "target")}},
        ("key", "weight", "floor", "target"),
    )
    properties = {key: dated(number(low, high), partial) for key, (_, low, high) in COMPENSATION.items()}
    properties["goals"] = {"type": "array", "items": goal}
    required = () if partial else tuple(k for k, (default, *_) in COMPENSATION.items() if default is None)
    return closed(properties, required, "R1–R10: how the region pays its centres")


def costs(partial: bool) -> Schema:
    return closed(
        {
            "hired_premium": dated(number(1, 100), partial),
            "gp_cost_per_fte": dated(number(0, MAX_MONEY), partial),
        },
        description="R11–R14",
    )


def ledger(partial: bool) -> Schema:
    policy = closed(
        {
            "surplus_retention": dated(_share(), partial),
            "deficit": {"enum": list(DEFICIT_POLICIES)},
            "restoration_years": dated(number(0, MAX_HORIZON, whole=True), partial),
            "return_requirement": dated(number(0, MAX_MONEY), partial),
            "surplus_cap": {"anyOf": [dated(number(0, MAX_MONEY), partial), {"type": "null"}]},
            "surplus_expiry_years": {
                "anyOf": [dated(number(1, MAX_HORIZON, whole=True), partial), {"type": "null"}],
                "description": "R19 step 4b: a kept surplus unused after this many years returns to the region",
            },
        }
    )
    return closed(dict.fromkeys(FORMS, policy), description="R15–R20: what happens to each form's result")


def uncertainty() -> Schema:
    return closed(
        {
            "draws": number(1, MAX_DRAWS, whole=True),
            "seed": number(0, 2**63 - 1, whole=True),
            **{key: number(0, 0.5) for key in UNCERTAINTY_SDS},
        },
        description="§6 Monte Carlo",
    )


def rule_sections(partial: bool = True) -> dict[str, Schema]:
    """The rule sections (§2); ``partial``: as overrides merged over a document (nothing required)."""
    return {
        "horizon": number(1, MAX_HORIZON, whole=True),
        "assumptions": assumptions(partial),
        "compensation": compensation(partial),
        "costs": costs(partial),
        "ledger": ledger(partial),
        "neutrality_compensation": BOOLEAN,
        "uncertainty": uncertainty(),
    }


LEVER_REF = {"$ref": "#/components/schemas/Lever"}
VARIANT_REF = {"$ref": "#/components/schemas/Variant"}


def variant() -> Schema:
    overridable = {k: v for k, v in rule_sections().items() if k in VARIANT_OVERRIDABLE}
    name = text(TEXT_LIMITS["name"], required=True) | {"not": {"const": BASELINE}}
    return closed(
        {
            "name": name,
            "description": text(),
            "overrides": closed(overridable, description="Deep-merged over the document (§5)"),
            "levers": {"type": "array", "items": LEVER_REF},
        },
        ("name",),
        "A variant: the document with these overrides and extra levers (§5)",
    )


def document() -> Schema:
    sections = rule_sections(partial=False)
    properties: dict[str, Schema] = {
        "schema": {"const": SCHEMA},
        "name": text(TEXT_LIMITS["name"], required=True),
        "description": text(),
        "region": closed({"code": text(), "name": text()}),
        "base_year": number(*YEAR_RANGE, whole=True),
        **sections,
        "levers": {"type": "array", "items": LEVER_REF},
        "variants": {"type": "array", "maxItems": MAX_VARIANTS, "items": VARIANT_REF},
        "centres": {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/Centre"}},
    }
    assert set(properties) == set(DOCUMENT_KEYS)
    return closed(
        {k: properties[k] for k in DOCUMENT_KEYS},
        ("name", "base_year", "compensation", "centres"),
        f"A scenario document ({SCHEMA}, spec §2)",
    )


def rule_overrides() -> Schema:
    """A saved scenario's overrides: rule sections deep-merged over the region's rulebook."""
    sections = {k: v for k, v in rule_sections().items() if k in RULE_KEYS}
    return closed(sections, description=rule_overrides.__doc__ or "")


def components() -> dict[str, Schema]:
    """Every schema component of the document, for the OpenAPI document's ``components``."""
    return {
        "ScenarioDocument": document(),
        "Centre": centre(),
        "Lever": {"oneOf": [lever(kind) for kind in LEVER_TYPES], "description": "A lever (§4)"},
        "Variant": variant(),
        "RuleOverrides": rule_overrides(),
        "RulebookRules": rulebook_rules(),
    }


def rulebook_rules() -> Schema:
    """A region's rules (issue 23): the rule sections of a document (§2), every one required."""
    sections = {k: v for k, v in rule_sections(partial=False).items() if k in RULEBOOK_KEYS}
    return closed(sections, RULEBOOK_KEYS, rulebook_rules.__doc__ or "")
