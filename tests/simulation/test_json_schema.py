"""The scenario document's JSON Schema agrees with the validator: what one refuses, so does the other."""

import json

import pytest
from jsonschema import Draft202012Validator

from simulation.core.scenario import ScenarioInvalid, prepare
from simulation.core.scenario.json_schema import components
from tests.conftest import EXAMPLES, minimal_document

ROOT = {"components": {"schemas": components()}, "$ref": "#/components/schemas/ScenarioDocument"}
SCHEMA = Draft202012Validator(ROOT)


def schema_accepts(document) -> bool:
    return SCHEMA.is_valid(document)


def server_accepts(document) -> bool:
    try:
        prepare(document)
    except ScenarioInvalid:
        return False
    return True


def test_the_schema_is_valid_json_schema():
    Draft202012Validator.check_schema(ROOT)


@pytest.mark.parametrize("name", ["tiny", "ledger"])
def test_the_specs_worked_examples_fit_the_schema(name):
    document = json.loads((EXAMPLES / f"{name}.scenario.json").read_text())

    errors = [e.message for e in SCHEMA.iter_errors(document)]

    assert errors == []


# Each case: a change to a valid document that both the schema and the server must refuse.
REFUSED_BY_BOTH = {
    "unknown top-level key": lambda d: d | {"horizont": 5},
    "unknown compensation key": lambda d: d | {"compensation": d["compensation"] | {"budget": 1}},
    "assumptions as a list": lambda d: d | {"assumptions": []},
    "ledger as false": lambda d: d | {"ledger": False},
    "a share above 1": lambda d: d | {"compensation": d["compensation"] | {"fixed_share": 1.5}},
    "a year key with spaces": lambda d: d | {"compensation": d["compensation"] | {"fixed_share": {" 2024": 0.9}}},
    "an empty step function": lambda d: d | {"compensation": d["compensation"] | {"fixed_share": {}}},
    "a form feed as municipality": lambda d: d | {"centres": [d["centres"][0] | {"municipality": "\x0c"}]},
    "NUL in a name": lambda d: d | {"name": "a\x00b"},
    "an id longer than 40": lambda d: d | {"centres": [d["centres"][0] | {"id": "x" * 41}]},
    "a blank required name": lambda d: d | {"name": "   "},
    "listed as Arabic-Indic digits": lambda d: d | {"centres": [d["centres"][0] | {"listed": "١٢"}]},
    "a required key as null": lambda d: d | {"base_year": None},
    "a lever of unknown type": lambda d: d | {"levers": [{"type": "magic", "year": 2025}]},
    "a lever with an unknown key": lambda d: (
        d | {"levers": [{"type": "efficiency", "from_year": 2025, "annual": 0.01, "speed": 2}]}
    ),
    "efficiency of 100 %": lambda d: d | {"levers": [{"type": "efficiency", "from_year": 2025, "annual": 1}]},
    "a variant named baseline": lambda d: d | {"variants": [{"name": "baseline"}]},
    "horizon over 50": lambda d: d | {"horizon": 51},
    "draws as a fraction": lambda d: d | {"uncertainty": {"draws": 10.5}},
}


@pytest.mark.parametrize("case", REFUSED_BY_BOTH)
def test_schema_and_server_refuse_the_same_broken_document(case):
    document = REFUSED_BY_BOTH[case](minimal_document())

    assert not schema_accepts(document)
    assert not server_accepts(document)


ACCEPTED_BY_BOTH = {
    "null for optional keys": lambda d: d | {"horizon": None, "assumptions": None, "levers": None, "region": None},
    "numbers as Swedish text": lambda d: (
        d | {"compensation": {"budget_per_listed": "4 000", "fixed_share": "0,9"}, "base_year": "2024"}
    ),
    "yes/no in Swedish": lambda d: d | {"neutrality_compensation": "Ja"},
    "operating form as people write it": lambda d: (
        d | {"centres": [c | {"operating_form": "Egen  Regi"} if c["id"] == "E1" else c for c in d["centres"]]}
    ),
    "a blank optional number in a centre": lambda d: d | {"centres": [d["centres"][0] | {"hired_cost": " "}]},
    "a step function": lambda d: (
        d | {"compensation": d["compensation"] | {"fixed_share": {"2024": 0.87, "2026": "0,70"}}}
    ),
    "a lever with a null optional key": lambda d: (
        d | {"levers": [{"type": "efficiency", "from_year": 2025, "annual": 0.01, "forms": None}]}
    ),
    "a variant with an empty override step function": lambda d: (
        d
        | {
            "compensation": d["compensation"] | {"fixed_share": {"2024": 0.9}},
            "variants": [{"name": "v", "overrides": {"compensation": {"fixed_share": {}}}}],
        }
    ),
}


@pytest.mark.parametrize("case", ACCEPTED_BY_BOTH)
def test_schema_and_server_accept_the_same_lenient_document(case):
    document = ACCEPTED_BY_BOTH[case](minimal_document())

    assert schema_accepts(document), [e.message for e in SCHEMA.iter_errors(document)]
    assert server_accepts(document)


def test_null_for_an_optional_key_means_its_default():
    with_null = prepare(minimal_document(horizon=None, neutrality_compensation=None))

    assert with_null.horizon == 10
    assert with_null.document["neutrality_compensation"] is False
