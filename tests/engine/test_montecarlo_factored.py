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
from tests.engine.chunking import set_chunk_cells
from tests.engine.strategies import documents, prepared

#: Every test here runs its draws in numpy and through the compiled loops (tests/engine/conftest.py).
pytestmark = pytest.mark.usefixtures("draws_path")

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
    set_chunk_cells(monkeypatch, model.centres.count)
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


def bands_in_chunks_of_one(model, monkeypatch) -> dict:
    """The bands with every draw in a chunk of its own."""
    with monkeypatch.context() as patched:
        set_chunk_cells(patched, model.centres.count)
        patched.setattr(montecarlo, "MIN_CHUNK_DRAWS", 1)
        return simulate(model).bands


def test_small_units_that_cross_the_threshold_between_draws_give_the_same_bits_in_any_chunk(monkeypatch):
    # 20 centres from 3 500 to 4 600 listed around a threshold of 4 000, I_L spread by 10 %: which
    # centres a chunk computes cell by cell depends on its draws, and once changed the sums' rounding.
    document = national_document(20, 20)
    document |= {"levers": [], "horizon": 3, "neutrality_compensation": False}
    for i, row in enumerate(document["centres"]):
        scale = (3500.0 + 1100 * i / 20) / row["listed"]
        for key in ("listed", "staff_cost", "hired_cost", "premises_cost", "other_cost", "overhead_cost", "gp_fte"):
            row[key] *= scale
    document["uncertainty"] = {"draws": 20, "seed": 29, "listed_growth_sd": 0.1}
    model = prepare(document).runs[0][1]

    factored, full = bands_both_ways(model, monkeypatch)

    assert bands_in_chunks_of_one(model, monkeypatch) == factored
    assert_same_to_rounding(factored, full)


def test_a_draw_with_a_negative_growth_index_changes_no_other_draw_of_its_chunk(monkeypatch):
    # Listed growth −30 % a year with an sd of 0,5: some draws' I_L fall below 0, where the GP
    # target's addition takes its other form (R16).
    document = national_document(40, 100) | {"horizon": 4}
    document["compensation"] |= {"small_unit_threshold": 0, "small_unit_amount": 0}
    document["assumptions"]["listed_growth"] = -0.3
    document["uncertainty"]["listed_growth_sd"] = 0.5
    model = prepare(document).runs[0][1]

    factored, full = bands_both_ways(model, monkeypatch)

    assert bands_in_chunks_of_one(model, monkeypatch) == factored
    assert_same_to_rounding(factored, full)


@pytest.mark.parametrize(
    ("centre_fields", "uncertainty"),
    [
        ({"cni": 3.48e-305}, {"wage_growth_sd": 0.01}),  # K / Σ need near the largest float
        ({"doctor_visits_per_listed": 1e-304, "other_visits_per_listed": 0.0}, {"visit_rate_sd": 0.1}),  # price ~1e306
    ],
)
def test_extreme_but_valid_inputs_overflow_no_more_than_the_full_arithmetic(
    monkeypatch, ledger_example, centre_fields, uncertainty
):
    document = {key: value for key, value in ledger_example.items() if key != "variants"}
    document["centres"] = [row | centre_fields for row in document["centres"]]
    document["assumptions"] |= {"listed_growth": 0.5, "compensation_growth": 0.0}
    document["uncertainty"] = {"draws": 8, "seed": 1, **uncertainty}
    model = prepare(document).runs[0][1]

    assert_same_to_rounding(*bands_both_ways(model, monkeypatch))
