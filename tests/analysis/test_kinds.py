"""The registry of analysis kinds (§11): every kind's checks, run, cost and JSON Schema come from its
entry, and they agree with each other; a kind added to the registry is checked, run, costed and
described without a change anywhere else in the core."""

import pytest
from jsonschema import Draft202012Validator

from simulation.core.analysis import KINDS, analyse, analysis_request, work_cells
from simulation.core.analysis import json_schema as analysis_schema
from simulation.core.analysis import kinds as kinds_module
from simulation.core.analysis.evaluate import Evaluator
from simulation.core.analysis.kinds import AnalysisKind
from simulation.core.analysis.request import COMMON_KEYS, Asked, Parsed, metric_parsed
from simulation.core.analysis.schema_parts import FLOAT, METRIC, kind_request
from simulation.core.scenario import ScenarioInvalid
from simulation.core.scenario.json_schema import components as document_components
from tests.conftest import minimal_document

PARAMETERS = [
    {"path": "compensation.budget_per_listed", "change": 0.1},
    {"path": "assumptions.wage_growth", "delta": 0.01},
]
#: A valid request of each kind: its own keys (the scenario and kind are added).
REQUESTS = {
    "explain": {"centre": "E1", "year": 2025},
    "sensitivity": {"metric": "consolidated_cost", "parameters": PARAMETERS},
    "break_even": {
        "parameter": {"path": "compensation.budget_per_listed", "mode": "scale", "bounds": [0.5, 3]},
        "target": {"metric": "result.region_run"},
    },
    "sobol": {"metric": "net_cost", "parameters": PARAMETERS, "samples": 16, "seed": 7},
}


def validator(name: str) -> Draft202012Validator:
    schemas = document_components() | analysis_schema.components()
    return Draft202012Validator({"components": {"schemas": schemas}, "$ref": f"#/components/schemas/{name}"})


def request(kind: str, **changes) -> dict:
    return {"schema": "vardpeng.analysis/1", "kind": kind, "scenario": minimal_document()} | REQUESTS[kind] | changes


def branch_keys(schema: dict) -> set[str]:
    branches = schema.get("oneOf", [schema])
    return {key for branch in branches for key in branch["properties"]}


def test_every_kind_has_a_valid_request_in_these_tests():
    assert set(REQUESTS) == set(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_a_kinds_schema_names_exactly_the_keys_its_checks_accept(kind):
    entry = KINDS[kind]

    assert branch_keys(entry.request_schema()) == {*COMMON_KEYS, *entry.keys}


@pytest.mark.parametrize("kind", KINDS)
def test_schema_and_checks_accept_a_valid_request_and_refuse_an_unknown_key(kind):
    schema = validator("AnalysisRequest")

    assert schema.is_valid(request(kind))
    assert analysis_request(request(kind)).kind == kind
    assert not schema.is_valid(request(kind, extra=1))
    with pytest.raises(ScenarioInvalid) as refused:
        analysis_request(request(kind, extra=1))
    assert refused.value.problems[0].path == "extra"


@pytest.mark.parametrize("kind", KINDS)
def test_a_kinds_result_fits_the_result_schema(kind):
    result = analyse(request(kind))

    assert list(validator("AnalysisResult").iter_errors(result)) == []
    assert not validator("AnalysisResult").is_valid(result | {"kind": "tornado"})


@pytest.mark.parametrize(("kind", "runs"), [("explain", 1), ("sensitivity", 5), ("break_even", 102), ("sobol", 64)])
def test_the_work_a_job_may_take_is_the_kinds_runs_times_centres_and_years(kind, runs):
    checked = analysis_request(request(kind))

    assert work_cells(checked) == runs * 3 * 3  # three centres, three years


def base_parse(asked: Asked) -> Parsed:
    return Parsed(metric_parsed(asked, asked.raw.get("metric"), "metric"))


def base_run(checked, progress=None) -> dict:
    return {"value": Evaluator(checked)(checked.document)}


BASE = AnalysisKind(
    name="base",
    title="base",
    keys=("metric",),
    parse=base_parse,
    run=base_run,
    runs=lambda checked: 1,
    request_schema=lambda: kind_request("base", {"metric": METRIC}, ("metric",)),
    result_schema={"value": FLOAT},
)


def test_a_kind_added_to_the_registry_is_checked_run_costed_and_described(monkeypatch):
    monkeypatch.setitem(kinds_module.KINDS, "base", BASE)
    raw = {"kind": "base", "metric": "net_cost", "scenario": minimal_document()}
    sensitivity = analyse(request("sensitivity", metric="net_cost"))

    result = analyse(raw)

    assert result["kind"] == "base" and result["metric"] == "net_cost"
    assert result["value"] == pytest.approx(sensitivity["base"])
    assert work_cells(analysis_request(raw)) == 3 * 3
    assert validator("AnalysisRequest").is_valid(raw)
    assert list(validator("AnalysisResult").iter_errors(result)) == []
    with pytest.raises(ScenarioInvalid) as refused:
        analyse(raw | {"parameters": PARAMETERS})
    assert [p.path for p in refused.value.problems] == ["parameters"]
