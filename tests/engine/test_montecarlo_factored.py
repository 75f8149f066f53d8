"""Monte Carlo draws computed factored (``engine/factored``, the fast way) against the same draws
through the year's full arithmetic (``year.project_year``, which the rows and explanations use):
the same figures to rounding, for random documents with every lever type and for a national-like
document with centres without listed persons, small units and GP targets on both paths of R16.

The two ways group the products differently, so they agree to rounding (the worked examples'
tolerance, relative 1e-9 and 1e-6 SEK), not to the bit; draws at risk are counts and agree exactly."""

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.engine import national_document
from simulation.core.engine import montecarlo, runner, simulate
from simulation.core.engine.run import project
from simulation.core.scenario import prepare
from tests.engine.strategies import documents, prepared

FIGURES = ("net_cost", "consolidated_cost", "region_run_balance", "loss_coverage")


def bands_both_ways(model, monkeypatch) -> tuple[dict, dict]:
    factored = simulate(model).bands
    with monkeypatch.context() as patched:
        patched.setattr(runner, "project_draws", project)  # every draw year through project_year
        full = simulate(model).bands
    return factored, full


def assert_same_to_rounding(factored: dict, full: dict) -> None:
    series = [(name, factored[name], full[name]) for name in FIGURES]
    series += [
        (f"result_by_form.{form}", factored["result_by_form"][form], band)
        for form, band in full["result_by_form"].items()
    ]
    for name, got, want in series:
        for percentile in want:
            np.testing.assert_allclose(got[percentile], want[percentile], rtol=1e-9, atol=1e-6, err_msg=name)
    assert factored["unit_risk"] == full["unit_risk"]


@st.composite
def uncertain_documents(draw):
    """Random documents with shocks, some with a centre that has no listed persons (R3: λ = 1)."""
    document = draw(documents(uncertainty=True))
    if draw(st.booleans()):
        document["centres"][0]["listed"] = 0.0
    return document


@settings(deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture])
@given(uncertain_documents())
def test_factored_draws_give_the_full_arithmetics_bands(monkeypatch, document):
    for _, model in prepared(document).runs:
        assert_same_to_rounding(*bands_both_ways(model, monkeypatch))


def test_a_national_document_gives_the_same_bands_both_ways_with_every_cell_by_cell_case(monkeypatch):
    document = national_document(120, 60)
    for row in document["centres"][:3]:
        row["listed"] = 0.0  # λ = 1: the GP target's cell-by-cell path, and the full small-unit supplement
    for row in document["centres"][3:10]:
        row["listed"] = 3000.0  # below the small-unit threshold in every draw
    document["levers"].append({"type": "overhead_reduction", "from_year": 2025, "share": 0.2, "funded_by": "region"})
    document["levers"].append({"type": "goal_trend", "goal": "phone_access", "from_year": 2026, "annual": 0.03})
    model = prepare(document).runs[0][1]

    factored, full = bands_both_ways(model, monkeypatch)

    assert_same_to_rounding(factored, full)
    assert factored["net_cost"]["p95"] != factored["net_cost"]["p5"]  # shocks spread the draws
    # Every draw alone, in a chunk of its own: the same bits (R24), sums over 120 centres included.
    monkeypatch.setattr(montecarlo, "CHUNK_CELLS", model.centres.count)
    monkeypatch.setattr(montecarlo, "MIN_CHUNK_DRAWS", 1)
    assert simulate(model).bands == factored


@pytest.mark.parametrize("neutrality", [True, False])
def test_without_shocks_every_draw_is_the_deterministic_run(neutrality):
    document = national_document(60, 8)
    document["neutrality_compensation"] = neutrality
    document["uncertainty"] = {"draws": 8, "seed": 3}  # every sd 0
    run = simulate(prepare(document).runs[0][1])

    for name in FIGURES:
        figures = run.region_columns[name]
        for percentile in ("p5", "p50", "p95"):
            np.testing.assert_allclose(run.bands[name][percentile], figures, rtol=1e-12, atol=1e-6, err_msg=name)


#: Found by the test above: in draw 1 of 2026 the factored way left one unit in the last place of
#: an 8,5 M SEK deficit (1,9e-9 SEK) after a full restoration, and wrote it off when it fell due.
DUST = json.loads((Path(__file__).parent / "documents" / "rounding_dust.scenario.json").read_text())


def test_a_write_off_of_rounding_dust_is_no_draw_at_risk(monkeypatch):
    model = prepare(DUST).runs[0][1]

    factored, full = bands_both_ways(model, monkeypatch)

    assert factored["unit_risk"]["C0"]["by_year"] == full["unit_risk"]["C0"]["by_year"] == [0, 1, 0, 0, 0, 0]
