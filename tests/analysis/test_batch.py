"""Batches of changed documents (``analysis.batch``, ``engine.batch``) give each member the figures
its own document gives alone, and refuse a member exactly as its document alone is refused."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulation.core.analysis import analyse, analysis_request
from simulation.core.analysis.batch import BatchEvaluator, member_document
from simulation.core.analysis.evaluate import Evaluator
from simulation.core.scenario import ScenarioInvalid
from simulation.core.scenario.fields import CENTRE_NUMBERS
from simulation.core.scenario.values import ValueChecker, numbers_suspect
from tests.conftest import example, minimal_document

# One parameter for every kind of number a batch moves: each rule section, a dated value, a goal,
# the ledger (a cap that is null by default, set by low/high), centre fields and an achievement.
PARAMETERS = [
    {"path": "compensation.budget_per_listed", "change": 0.05},
    {"path": "compensation.fixed_share", "delta": 0.04},
    {"path": "compensation.goals.0.target", "delta": 0.05},
    {"path": "compensation.small_unit_threshold", "change": 0.5},
    {"path": "assumptions.wage_growth", "delta": 0.01},
    {"path": "assumptions.listed_growth", "delta": 0.005},
    {"path": "assumptions.compensation_growth", "delta": 0.01},
    {"path": "costs.hired_premium", "change": 0.1},
    {"path": "ledger.intraprenad.return_requirement", "change": 0.5},
    {"path": "ledger.egen_regi.surplus_retention", "delta": 0.3},
    {"path": "centres.*.staff_cost", "change": 0.05},
    {"path": "centres.*.hired_cost", "change": 0.3},
    {"path": "centres.*.listed", "change": 0.02},
    {"path": "centres.*.phone_access", "delta": 0.05},
]
METRICS = [
    ("consolidated_cost", None),
    ("net_cost", 2026),
    ("compensation_paid", None),
    ("goal_unpaid", None),
    ("loss_coverage", None),
    ("recovery", None),
    ("neutrality_paid", None),
    ("written_off", None),
    ("result.region_run", None),
    ("result.private", 2027),
    ("region_run_balance", None),
    ("balance.N", 2028),
    ("balance.E2", None),  # converted into N in 2026: 0 from then on
]


def ledger_request(metric: str, year, parameters=PARAMETERS) -> dict:
    document = example("ledger")
    document["compensation"] |= {"small_unit_threshold": 6000, "small_unit_amount": 400_000}
    request = {"kind": "sobol", "metric": metric, "samples": 16, "seed": 5}
    request |= {"scenario": document, "parameters": parameters}
    return request | ({"year": year} if year is not None else {})


@pytest.mark.parametrize(("metric", "year"), METRICS)
def test_each_member_of_a_batch_has_the_metric_its_own_document_gives_alone(metric, year):
    request = analysis_request(ledger_request(metric, year))
    rng = np.random.default_rng(7)
    members = [list(zip(request.parameters, rng.uniform(-1, 1, len(PARAMETERS)), strict=True)) for _ in range(9)]
    members.append([])  # the document itself

    batched = BatchEvaluator(request).values(members)

    alone = Evaluator(request, tuple(p.path for p in request.parameters))
    expected = [alone(member_document(request.document, moves)) for moves in members]
    assert np.allclose(batched, expected, rtol=1e-12, atol=1e-6)
    assert len(set(batched)) > 1 or metric.startswith("balance.E2")


def test_a_hired_share_path_starts_from_each_members_own_personnel_costs():
    """The ledger example's hired-share lever moves from each centre's base share: a batch that
    moves personnel costs moves that path too, member by member."""
    parameters = [{"path": "centres.*.hired_cost", "change": 0.5}]
    request = analysis_request(ledger_request("result.intraprenad", None, parameters))
    members = [[(request.parameters[0], x)] for x in (-1.0, 0.0, 1.0)]

    batched = BatchEvaluator(request).values(members)

    alone = Evaluator(request, (request.parameters[0].path,))
    assert batched == pytest.approx([alone(member_document(request.document, m)) for m in members], rel=1e-12)


def test_a_sensitivity_of_a_null_cap_sets_it_on_one_side_only():
    raw = ledger_request("recovery", None, [{"path": "ledger.egen_regi.surplus_cap", "low": 0, "high": 1e6}])
    raw |= {"kind": "sensitivity"}
    del raw["samples"], raw["seed"]

    row = analyse(raw)["rows"][0]

    request = analysis_request(raw)
    alone = Evaluator(request, (request.parameters[0].path,))
    for side, x in (("low", -1.0), ("high", 1.0)):
        assert row[side] == pytest.approx(alone(member_document(request.document, [(request.parameters[0], x)])))


def test_a_member_whose_supplements_exceed_the_fixed_pot_is_refused_as_its_document_is():
    document = minimal_document()
    document["compensation"] |= {"sparsity_per_listed": 1000, "fixed_share": 0.3}
    document["centres"] = [c | {"rural": True} for c in document["centres"]]
    raw = {"kind": "sensitivity", "metric": "net_cost", "scenario": document}
    raw["parameters"] = [{"path": "compensation.sparsity_per_listed", "change": 0.5}]

    with pytest.raises(ScenarioInvalid) as refused:
        analyse(raw)

    request = analysis_request(raw)
    with pytest.raises(ScenarioInvalid) as alone:
        Evaluator(request, ())(member_document(request.document, [(request.parameters[0], 1.0)]))
    problem = refused.value.problems[0]
    assert problem.path == "parameters[0]"
    assert "supplements exceed the fixed pot" in problem.message
    assert str(alone.value.problems[0]) in problem.message


def test_a_request_moving_opening_balances_runs_one_document_at_a_time_with_the_same_figures():
    parameters = [{"path": "centres.*.opening_balance", "delta": 1e6}]
    request = analysis_request(ledger_request("written_off", None, parameters))
    evaluator = BatchEvaluator(request)
    members = [[(request.parameters[0], x)] for x in (-1.0, 1.0)]

    values = evaluator.values(members)

    alone = Evaluator(request, (request.parameters[0].path,))
    assert not evaluator.batchable
    assert values == [alone(member_document(request.document, m)) for m in members]
    assert values[0] > values[1]  # lower opening balances: more carried deficits end written off


BOUNDS = sorted(set(CENTRE_NUMBERS.values()), key=str)
EDGES = [0.0, -0.0, 1.0, 1e15, 1e15 + 256, -1e15, 5e-324, 1e-310, float("inf"), float("nan"), -1.0, 1e-9]


@given(st.sampled_from(BOUNDS), st.lists(st.one_of(st.sampled_from(EDGES), st.floats()), min_size=1, max_size=20))
def test_the_vectorised_pre_check_marks_every_number_the_validator_refuses(bounds, values):
    low, high, strict = bounds
    checker = ValueChecker()

    refused = [checker.number(v, "x", low, high, strict_low=strict) is None for v in values]

    suspect = numbers_suspect(np.array(values, dtype=float), low, high, strict)
    assert all(s for s, r in zip(suspect, refused, strict=True) if r)
