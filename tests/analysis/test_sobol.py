"""Sobol indices (spec §11.6): Saltelli's sample and SALib's estimates, whatever the chunking."""

import importlib

import numpy as np
import pytest
from SALib.analyze import sobol as salib_analyze
from SALib.sample import sobol as salib_sample

from simulation.core.analysis import analyse, analysis_request
from simulation.core.analysis.evaluate import Evaluator, moved
from simulation.core.analysis.sobol import sobol_chunk, sobol_chunks, sobol_result
from simulation.core.scenario import ScenarioInvalid
from tests.conftest import minimal_document

PARAMETERS = [
    {"path": "compensation.budget_per_listed", "change": 0.1},
    {"path": "assumptions.wage_growth", "delta": 0.01},
]


def request(**fields) -> dict:
    base = {"kind": "sobol", "metric": "consolidated_cost", "samples": 16, "seed": 3}
    return base | {"scenario": minimal_document(), "parameters": PARAMETERS} | fields


def test_the_indices_are_salibs_on_saltellis_sample_of_engine_runs():
    result = analyse(request())

    problem = {"num_vars": 2, "names": [p["path"] for p in PARAMETERS], "bounds": [[-1, 1]] * 2}
    sample = salib_sample.sample(problem, 16, calc_second_order=False, scramble=True, seed=3)
    checked = analysis_request(request())
    evaluate = Evaluator(checked, tuple(p.path for p in checked.parameters))
    y = []
    for x in sample:
        document = moved(checked.document, checked.parameters[0].path, "change", 0.1, x[0])
        y.append(evaluate(moved(document, checked.parameters[1].path, "delta", 0.01, x[1])))
    expected = salib_analyze.analyze(problem, np.array(y), calc_second_order=False, conf_level=0.95, seed=3)

    assert result["evaluations"] == 16 * 4
    assert [row["path"] for row in result["rows"]] == [p["path"] for p in PARAMETERS]
    for i, row in enumerate(result["rows"]):
        for key in ("S1", "S1_conf", "ST", "ST_conf"):
            assert row[key] == pytest.approx(float(expected[key][i]), rel=1e-12, abs=1e-15)
    assert result["rows"][0]["ST"] > result["rows"][1]["ST"]  # the budget matters more than wages


def test_the_result_does_not_depend_on_how_the_evaluations_were_chunked(monkeypatch):
    checked = analysis_request(request())
    whole = sobol_result(checked, [v for a, b in sobol_chunks(checked) for v in sobol_chunk(checked, a, b)])

    monkeypatch.setattr(importlib.import_module("simulation.core.analysis.sobol"), "CHUNK", 5)
    pieces = sobol_chunks(checked)
    computed = {piece: sobol_chunk(checked, *piece) for piece in reversed(pieces)}  # the last chunk first
    chunked = sobol_result(checked, [v for piece in pieces for v in computed[piece]])

    assert len(pieces) > 10
    assert chunked == whole


def test_a_metric_that_does_not_move_has_every_index_zero():
    result = analyse(request(parameters=[{"path": "assumptions.price_growth", "delta": 0.0}]))

    assert result["rows"] == [
        {"path": "assumptions.price_growth", "S1": 0.0, "S1_conf": 0.0, "ST": 0.0, "ST_conf": 0.0}
    ]


def test_sobol_refuses_low_and_high():
    with pytest.raises(ScenarioInvalid) as refused:
        analyse(request(parameters=[{"path": "compensation.fixed_share", "low": 0.7, "high": 0.9}]))

    assert refused.value.problems[0].path == "parameters[0]"
