import numpy as np
import pytest

from simulation.core.projection import scenario_project
from simulation.core.scenario import prepare
from tests.engine.chunking import set_chunk_cells

#: Every test here runs its draws in numpy and through the compiled loops (tests/engine/conftest.py).
pytestmark = pytest.mark.usefixtures("draws_path")

SDS = ("listed_growth_sd", "wage_growth_sd", "price_growth_sd", "visit_rate_sd", "cost_sd")


def with_uncertainty(document, draws=200, seed=7, **sds):
    return document | {"uncertainty": {"draws": draws, "seed": seed, **sds}}


def test_with_every_sd_zero_every_percentile_equals_the_deterministic_figure(ledger_example):
    run = scenario_project(prepare(with_uncertainty(ledger_example, draws=5)))["runs"][0]

    net_cost = [r["net_cost"] for r in run["region"]]
    for percentile in ("p5", "p25", "p50", "p75", "p95"):
        np.testing.assert_allclose(run["bands"]["net_cost"][percentile], net_cost, rtol=1e-12)
        for form in ("egen_regi", "intraprenad", "private"):
            expected = [r["by_form"][form]["result"] for r in run["region"]]
            np.testing.assert_allclose(
                run["bands"]["result_by_form"][form][percentile], expected, rtol=1e-12, atol=1e-6
            )


def test_the_same_seed_gives_the_same_numbers_and_another_seed_others(ledger_example):
    sds = dict.fromkeys(SDS, 0.05)

    first = scenario_project(prepare(with_uncertainty(ledger_example, **sds)))["runs"][0]["bands"]
    again = scenario_project(prepare(with_uncertainty(ledger_example, **sds)))["runs"][0]["bands"]
    other = scenario_project(prepare(with_uncertainty(ledger_example, seed=8, **sds)))["runs"][0]["bands"]

    assert first == again
    assert first["net_cost"]["p50"] != other["net_cost"]["p50"]


def test_rows_of_a_monte_carlo_run_are_those_of_the_run_without_shocks(ledger_example):
    plain = scenario_project(prepare(ledger_example))["runs"][0]

    drawn = scenario_project(prepare(with_uncertainty(ledger_example, cost_sd=0.1, visit_rate_sd=0.2)))["runs"][0]

    assert drawn["centres"] == plain["centres"]
    assert drawn["units"] == plain["units"]
    assert drawn["region"] == plain["region"]


def test_visit_price_is_set_on_expected_volumes_so_visit_shocks_move_the_visit_bill(tiny):
    # R24: with only visit-rate shocks the region still pays its visit price, set in advance, on
    # drawn volumes; so its net cost spreads, while budgets (set per listed) do not move.
    tiny["neutrality_compensation"] = False
    bands = scenario_project(prepare(with_uncertainty(tiny, draws=400, visit_rate_sd=0.3)))["runs"][0]["bands"]

    spread = np.array(bands["net_cost"]["p95"]) - np.array(bands["net_cost"]["p5"])
    assert (spread > 0).all()


def test_cost_shocks_spread_results_around_the_deterministic_result(ledger_example):
    run = scenario_project(prepare(with_uncertainty(ledger_example, draws=2000, cost_sd=0.02)))["runs"][0]

    deterministic = np.array([r["by_form"]["private"]["result"] for r in run["region"]])
    band = run["bands"]["result_by_form"]["private"]
    assert (np.array(band["p5"]) < deterministic).all()
    assert (np.array(band["p95"]) > deterministic).all()
    np.testing.assert_allclose(band["p50"], deterministic, rtol=0.05, atol=2e5)


def test_unit_risk_counts_write_offs_and_negative_borne_balances(ledger_example):
    run = scenario_project(prepare(with_uncertainty(ledger_example, draws=50)))["runs"][0]

    risk = run["bands"]["unit_risk"]
    assert risk["E1"]["horizon"] == 1.0  # its deficits are written off every year from 2025
    assert risk["P1"]["by_year"][0] == 1.0  # the private balance is negative from the first year
    assert risk["N"]["by_year"][-1] == 0.0  # Norra/Nedre are in surplus by 2029
    assert set(risk) == {"N", "E1", "E2", "P1"}


@pytest.mark.parametrize("draws", [0, 5001])
def test_draws_are_bounded(ledger_example, draws):
    from simulation.core.scenario import ScenarioInvalid

    with pytest.raises(ScenarioInvalid) as refused:
        prepare(with_uncertainty(ledger_example, draws=draws))

    assert refused.value.problems[0].path == "uncertainty.draws"


@pytest.mark.parametrize("chunk_cells", [5 * 6, 5 * 17])  # 6 or 17 draws per chunk of 5 centres
def test_bands_are_identical_whatever_the_threads_and_the_chunk_size(ledger_example, monkeypatch, chunk_cells):
    # R24: draw i's shocks depend only on the seed and i.
    from simulation.core.engine import montecarlo, workers

    document = with_uncertainty(ledger_example, draws=40, **dict.fromkeys(SDS, 0.05))
    monkeypatch.setattr(workers, "MONTE_CARLO_WORKERS", 1)
    set_chunk_cells(monkeypatch, 5 * 40)  # one chunk of every draw
    monkeypatch.setattr(montecarlo, "MIN_CHUNK_DRAWS", 1)
    reference = scenario_project(prepare(document))["runs"][0]["bands"]

    set_chunk_cells(monkeypatch, chunk_cells)
    monkeypatch.setattr(workers, "FORK_MIN_CELLS", 0)
    for count, processes in ((1, False), (2, False), (2, True), (3, True)):
        monkeypatch.setattr(workers, "MONTE_CARLO_WORKERS", count)
        monkeypatch.setattr(workers, "fork_is_safe", lambda processes=processes: processes)
        assert scenario_project(prepare(document))["runs"][0]["bands"] == reference


@pytest.mark.parametrize(
    ("draws", "centres", "runners", "sizes"),
    [
        (1000, 1200, 1, [52] * 7 + [53] * 12),  # 64 Ki cells hold 54 draws: 19 chunks, as even as they divide
        (1000, 1200, 2, [50] * 20),  # 20 for two runners, 10 each
        (1000, 1200, 3, [47] * 8 + [48] * 13),  # 21 for three
        (100, 1200, 2, [50, 50]),
        (7, 1200, 2, [7]),  # one chunk holds them all
        (3, 30_000, 4, [3]),  # fewer chunks than runners: no smaller chunks than MIN_CHUNK_DRAWS
        (1, 1200, 2, [1]),
    ],
)
def test_draws_are_chunked_evenly_and_in_a_multiple_of_the_runners(draws, centres, runners, sizes):
    from simulation.core.engine.montecarlo import draw_chunks

    chunks = draw_chunks(draws, centres, runners)

    assert sorted(c.stop - c.start for c in chunks) == sizes
    assert [c.start for c in chunks] == [0, *(c.stop for c in chunks[:-1])] and chunks[-1].stop == draws


def test_no_chunk_is_left_without_draws_when_the_chunks_are_rounded_up_to_the_runners(monkeypatch):
    from simulation.core.engine import montecarlo

    monkeypatch.setattr(montecarlo, "MIN_CHUNK_DRAWS", 1)
    chunks = montecarlo.draw_chunks(40, montecarlo.CHUNK_CELLS, 3)  # a draw a chunk: 40, not 42

    assert [c.stop - c.start for c in chunks] == [1] * 40


def cost_factors(shocks, horizon):
    """Every year's 1 + ε of some draws, (D, H, N), drawn year by year as a run draws them."""
    return np.stack([shocks.cost_noise.year(t).copy() for t in range(horizon)], axis=1)


def test_cost_shocks_drawn_year_by_year_are_those_of_one_array_drawn_at_once():
    # R23, R24: each draw's stream gives its growth and visit normals, then its cost noise year by
    # year; drawing a year at a time keeps one (draws × centres) array instead of a cube.
    from simulation.core.engine.inputs import Uncertainty
    from simulation.core.engine.montecarlo import _stream, draw_shocks

    uncertainty = Uncertainty(draws=3, seed=11, cost_sd=0.05)

    drawn = cost_factors(draw_shocks(uncertainty, horizon=4, centres=5).shocks(0), 4)

    for draw in range(3):
        stream = _stream(11, draw)
        stream.standard_normal(3 * 4 + 5)
        np.testing.assert_array_equal(drawn[draw], 1.0 + 0.05 * stream.standard_normal((4, 5)))


def test_a_draws_shocks_depend_only_on_the_seed_and_its_number():
    from simulation.core.engine.inputs import Uncertainty
    from simulation.core.engine.montecarlo import draw_shocks

    uncertainty = {"seed": 11, "listed_growth_sd": 0.01, "wage_growth_sd": 0.02, "visit_rate_sd": 0.1, "cost_sd": 0.05}
    few = draw_shocks(Uncertainty(draws=3, **uncertainty), horizon=4, centres=5).shocks(0)

    many = draw_shocks(Uncertainty(draws=30, **uncertainty), horizon=4, centres=5).shocks(0)
    with_price = draw_shocks(Uncertainty(draws=3, price_growth_sd=0.03, **uncertainty), horizon=4, centres=5).shocks(0)

    for name in ("listed_growth", "wage_growth", "visit_factor"):
        np.testing.assert_array_equal(getattr(many, name)[:3], getattr(few, name))
    few_costs = cost_factors(few, 4)
    np.testing.assert_array_equal(cost_factors(many, 4)[:3], few_costs)
    np.testing.assert_array_equal(with_price.wage_growth, few.wage_growth)
    np.testing.assert_array_equal(cost_factors(with_price, 4), few_costs)
    assert not np.array_equal(few.listed_growth[0], few.listed_growth[1])


def test_a_zero_sd_does_not_shift_the_other_shocks():
    from simulation.core.engine.inputs import Uncertainty
    from simulation.core.engine.montecarlo import draw_shocks

    with_listed = draw_shocks(Uncertainty(draws=4, seed=5, listed_growth_sd=0.01, wage_growth_sd=0.02), 3, 2)

    without_listed = draw_shocks(Uncertainty(draws=4, seed=5, wage_growth_sd=0.02), 3, 2)

    np.testing.assert_array_equal(with_listed.shocks(0).wage_growth, without_listed.shocks(0).wage_growth)


def test_the_loss_coverage_has_a_band_that_equals_the_figure_without_shocks_and_spreads_with_them(ledger_example):
    still = scenario_project(prepare(with_uncertainty(ledger_example, draws=5)))["runs"][0]
    shaken = scenario_project(prepare(with_uncertainty(ledger_example, draws=200, cost_sd=0.05)))["runs"][0]

    figures = [r["loss_coverage"] for r in still["region"]]
    for percentile in ("p5", "p50", "p95"):
        np.testing.assert_allclose(still["bands"]["loss_coverage"][percentile], figures, rtol=1e-12, atol=1e-6)
    band = shaken["bands"]["loss_coverage"]
    assert all(low <= high for low, high in zip(band["p5"], band["p95"], strict=True))
    assert any(high - low > 1 for low, high in zip(band["p5"], band["p95"], strict=True))
