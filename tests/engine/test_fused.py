"""The compiled loops (``engine/fused_kernels``) against the numpy code they stand for, bit for bit:
a ledger booked year after year both ways (R19, R20: restoration oldest first, write-offs, the
surplus cap, drawdowns, closing units), the units' sums, and a year of draws' centre results. And
when a process loads them (``engine/fused``): only for runs that pay, or in processes that live long.

The whole Monte Carlo suites (``test_montecarlo_*``) run both ways as well (``draws_path``)."""

import copy
from collections.abc import Iterator

import numpy as np
import pytest

from bench.engine import national_document
from simulation.core.engine import fused
from simulation.core.engine.booking import UnitPolicy
from simulation.core.engine.factored import drawn_centres
from simulation.core.engine.groups import GroupSums
from simulation.core.engine.inputs import BORNE, CARRIED, COVERED
from simulation.core.engine.ledger import Ledger
from simulation.core.engine.levers import lever_effects
from simulation.core.engine.montecarlo import CostNoise, draw_shocks
from simulation.core.engine.runner import simulate
from simulation.core.engine.structure import build_structure
from simulation.core.engine.year import Setting
from simulation.core.scenario import prepare

MOVED = ("balance_open", "balance_close", "recovery", "loss_coverage", "written_off", "drawdown", "expired")
STATE = ("reserve", "owed", "capital", "deficits")


@pytest.fixture
def kernels(monkeypatch):
    monkeypatch.setattr(fused, "_kernels", None)  # restored after the test
    loaded = fused.load()
    if loaded is None:
        pytest.skip("numba is not installed")
    return loaded


def random_policy(rng: np.random.Generator, units: int) -> UnitPolicy:
    return UnitPolicy(
        deficit=rng.choice([COVERED, CARRIED, BORNE], units),
        surplus_retention=rng.choice([0.0, 0.4, 1.0], units),
        restoration_years=rng.choice([0.0, 1.0, 2.0, 3.0], units),
        return_requirement=rng.choice([0.0, 1.5e6], units),
        surplus_cap=rng.choice([np.inf, 4e6], units),
        surplus_expiry_years=np.full(units, np.inf),
    )


DRAWS, UNITS, HORIZON = 6, 11, 7


def random_books(seed: int) -> tuple[Ledger, Iterator[tuple]]:
    """A ledger opened with random balances and start capital, and its years: a random policy,
    results of both signs and sizes (some exactly 0), drawdowns, and units closing in the last."""
    rng = np.random.default_rng(seed)
    ledger = Ledger(DRAWS, UNITS, HORIZON, 2024, dated=rng.random(UNITS) < 0.8)
    ledger.open(np.arange(UNITS), rng.normal(0.0, 5e6, UNITS), rng.choice([0.0, 3e6], UNITS))

    def years() -> Iterator[tuple]:
        for t in range(HORIZON):
            policy = random_policy(rng, UNITS)
            result = rng.normal(0.0, 6e6, (DRAWS, UNITS)) * (rng.random((DRAWS, UNITS)) < 0.9)
            drawdown = rng.choice([0.0, 2e6], UNITS)
            closing = (rng.random(UNITS) < 0.3) if t == HORIZON - 1 else np.zeros(UNITS, dtype=bool)
            yield t, policy, result, drawdown, closing

    return ledger, years()


@pytest.mark.parametrize("seed", range(12))
def test_a_ledger_booked_by_the_compiled_loop_moves_every_bit_as_numpy_does(kernels, seed):
    by_numpy, years = random_books(seed)
    compiled = copy.deepcopy(by_numpy)
    everyone = np.arange(UNITS)
    for t, policy, result, drawdown, closing in years:
        want = by_numpy.step(t, everyone, result.copy(), policy, drawdown, closing)
        got = compiled.step_compiled(
            kernels.book, t, everyone, result.copy(), fused.kernel_policy(policy, drawdown, closing)
        )
        for name in MOVED:
            np.testing.assert_array_equal(getattr(got, name), getattr(want, name), err_msg=f"{name}, year {t}")
        for name in STATE:
            np.testing.assert_array_equal(getattr(compiled, name), getattr(by_numpy, name), err_msg=f"{name}, year {t}")


def test_the_random_ledgers_reach_every_step():
    # The comparison above means something only if its books restore, write off, cap and close.
    seen = dict.fromkeys(("restored", "written_off", "capped", "closed"), False)
    for seed in range(12):
        ledger, years = random_books(seed)
        for t, policy, result, drawdown, closing in years:
            steps = ledger.step(t, np.arange(UNITS), result, policy, drawdown, closing, detail=True).steps
            seen["restored"] |= bool((steps.restored > 0).any())
            seen["written_off"] |= bool((steps.written_off_due > 0).any())
            seen["capped"] |= bool((steps.over_cap > 0).any())
            seen["closed"] |= bool((steps.reserve_handed + steps.deficit_handed > 0).any())
    assert all(seen.values()), seen


def test_the_compiled_units_sums_are_bincounts_bits(kernels):
    document = national_document(90, None)
    model = prepare(document).runs[0][1]
    structure, _ = build_structure(model.centres, model.levers, model.years)
    sums = GroupSums(structure)
    values = np.random.default_rng(1).normal(0.0, 1e6, (5, model.centres.count))
    for t in (0, 4):
        units = np.flatnonzero(structure.active[t])[::2]  # every other unit of the year
        return_requirement = np.linspace(0.0, 1e6, len(units))
        added = np.random.default_rng(t).normal(0.0, 1e5, (5, len(units)))
        want = sums.of_units(values, t, units) - return_requirement
        got = kernels.unit_results(values, sums.positions(t, units), len(units), np.zeros((5, 0)), return_requirement)
        np.testing.assert_array_equal(got, want)
        np.testing.assert_array_equal(
            kernels.unit_results(values, sums.positions(t, units), len(units), added, return_requirement),
            want + added,
        )


def drawn_settings(document: dict) -> tuple[Setting, Setting]:
    """Two settings of the same chunk of draws, each with its own cost-shock streams."""
    model = prepare(document).runs[0][1]
    structure, _ = build_structure(model.centres, model.levers, model.years)
    effects = lever_effects(model.centres, model.levers, structure, model.years)
    price = np.full(model.horizon, 310.0)
    draws = draw_shocks(model.uncertainty, model.horizon, model.centres.count)
    first, second = (Setting.of(model, structure, effects, draws.shocks(0), visit_price=price) for _ in range(2))
    return first, second


@pytest.mark.parametrize("cost_sd", [0.0, 0.04])
def test_a_year_of_draws_centre_results_are_numpys_bits(kernels, cost_sd):
    document = national_document(150, 12)
    for row in document["centres"][:3]:
        row["listed"] = 0.0  # λ = 1: the GP lever's cells
    for row in document["centres"][3:9]:
        row["listed"] = 3000.0  # the small-unit supplement's cells
    document["uncertainty"]["cost_sd"] = cost_sd
    by_numpy, compiled = drawn_settings(document)
    for t in range(by_numpy.model.horizon):
        is_private = by_numpy.plans.year(t).is_private
        want = drawn_centres(by_numpy, t, is_private)
        got = drawn_centres(compiled, t, is_private, kernels)
        np.testing.assert_array_equal(got.result, want.result)
        np.testing.assert_array_equal(got.result_by_form, want.result_by_form)
        np.testing.assert_array_equal(got.paid, want.paid)
        assert np.ptp(want.result, axis=0).max() > 0  # the draws differ


def test_a_process_loads_the_loops_only_where_they_pay(monkeypatch):
    monkeypatch.setattr(fused, "_kernels", None)
    monkeypatch.setattr(fused, "_stay_loaded", False)
    assert fused.prepare(fused.LOAD_CELLS - 1) is None  # a one-shot run of this size is faster in numpy
    if fused.prepare(fused.LOAD_CELLS) is None:
        pytest.skip("numba is not installed")
    monkeypatch.setattr(fused, "_kernels", None)
    fused.stay_loaded()
    assert fused.prepare(1) is not None  # a long-lived process loads them for its first run


def test_turned_off_the_loops_are_never_used(monkeypatch):
    monkeypatch.setattr(fused, "_kernels", None)
    monkeypatch.setattr(fused, "_stay_loaded", True)
    monkeypatch.setenv("VARDPENG_FUSED", "0")
    assert fused.prepare(10**9) is None
    assert fused.kernels() is None


def test_a_ledger_booked_compiled_refuses_a_numpy_year(kernels):
    # Compiled booking keeps no record of which slots hold deficits, which numpy's step reads.
    ledger = Ledger(2, 3, 3, 2024)
    units = np.arange(3)
    ledger.open(units, np.zeros(3), np.zeros(3))
    policy = random_policy(np.random.default_rng(0), 3)
    none = np.zeros(3)
    ledger.step_compiled(kernels.book, 0, units, np.ones((2, 3)), fused.kernel_policy(policy, none, none > 0))
    with pytest.raises(ValueError, match="step_compiled"):
        ledger.step(1, units, np.ones((2, 3)), policy, none, none > 0)


def test_monte_carlo_bands_are_the_same_bits_both_ways_at_national_size(monkeypatch):
    document = national_document(300, 40)
    model = prepare(document).runs[0][1]
    monkeypatch.setattr(fused, "_kernels", None)
    by_numpy = simulate(model).bands
    if fused.load() is None:
        pytest.skip("numba is not installed")
    compiled = simulate(model).bands

    assert compiled == by_numpy  # every band to the bit, so a projection's bytes do not depend on the way
    assert by_numpy["net_cost"]["p95"] != by_numpy["net_cost"]["p5"]


@pytest.mark.parametrize("seed", [0, 42, 2**40])
def test_the_compiled_normals_are_numpys_and_leave_the_stream_where_numpy_would(kernels, seed):
    # Some 10⁵ normals: the ziggurat's rare paths (its wedges and the tail) come up too.
    ours, numpys = (np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(7,))) for _ in range(2))
    drawn, want = np.empty((4, 30_000)), np.empty((4, 30_000))
    kernels.standard_normals(ours, drawn)
    for row in want:
        numpys.standard_normal(out=row)
    np.testing.assert_array_equal(drawn, want)
    assert np.abs(drawn).max() > 3.6  # the ziggurat's tail, beyond its last layer
    np.testing.assert_array_equal(ours.standard_normal(5), numpys.standard_normal(5))


@pytest.mark.parametrize("ahead_cells", [10**6, 4 * 25 * 2, 1])  # every year at once, two at a time, one
def test_cost_noise_drawn_ahead_is_the_noise_drawn_year_by_year(kernels, monkeypatch, ahead_cells):
    monkeypatch.setattr(CostNoise, "AHEAD_CELLS", ahead_cells)
    streams = [[np.random.default_rng(np.random.SeedSequence(3, spawn_key=(d,))) for d in range(4)] for _ in range(2)]
    ahead, year_by_year = CostNoise(streams[0], 25, 0.05), CostNoise(streams[1], 25, 0.05)
    ahead.draw_ahead(7, kernels.standard_normals)
    for t in range(7):
        np.testing.assert_array_equal(ahead.year(t), year_by_year.year(t))
        assert ahead.ahead.size <= max(ahead_cells, 4 * 25)  # never more ahead than allowed (a year at least)
    with pytest.raises(ValueError, match="year 7 comes next"):
        ahead.normals(2)


def test_loops_that_cannot_load_leave_numpy_to_compute_the_same_bands(monkeypatch, caplog):
    # numba broken on a machine (here: no folder it may cache in) must not break a run.
    model = prepare(national_document(40, 8)).runs[0][1]
    monkeypatch.setattr(fused, "_kernels", None)
    want = simulate(model).bands

    def broken(module):
        raise RuntimeError("cannot cache function: no locator available")

    monkeypatch.setattr(fused, "_warm", broken)
    monkeypatch.setattr(fused, "_unusable", False)
    assert fused.load() is None
    assert "could not be loaded" in caplog.text
    monkeypatch.setattr(fused, "_stay_loaded", True)
    assert simulate(model).bands == want


def test_a_run_calls_the_loops_only_with_the_types_load_compiled_them_for(kernels):
    # Another array type (read-only, strided) is compiled in the run itself: seconds in a request,
    # and a failure there (no room to cache) that load() could not catch.
    compiled = {name: len(getattr(kernels, name).signatures) for name in ("unit_results", "book", "centre_results")}
    compiled["standard_normals"] = len(kernels.standard_normals.signatures)
    document = national_document(60, 30)
    document["uncertainty"]["visit_rate_sd"] = 0.0  # the visit factor is still an array of ones
    for model in (prepare(national_document(60, 30)).runs[0][1], prepare(document).runs[0][1]):
        simulate(model)
    assert {name: len(getattr(kernels, name).signatures) for name in compiled} == compiled


def test_the_loops_constants_are_the_engines(kernels):
    # Written again in fused_kernels so that numba's cache sees a change to them (its docstring).
    from simulation.core.engine import booking, inputs

    assert (kernels.COVERED, kernels.CARRIED, kernels.DUST) == (inputs.COVERED, inputs.CARRIED, booking.DUST)
