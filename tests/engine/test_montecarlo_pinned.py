"""Monte Carlo bands pinned to the values the engine gave before its year was split into one
year's arithmetic and recorders (issue 22) and before Monte Carlo was made fast (issue 27).

Until draws were computed factored (``engine/factored``) not a bit of them moved. Factored, the
products are grouped otherwise, so the bands now agree with the pins to rounding: within the
worked examples' tolerance (relative 1e-9, 1e-6 SEK), in fact to 4e-8 SEK where a balance near zero
is the difference of millions. Whatever the chunking or the threads, every chunking still
gives the same bits as every other (R24: ``test_montecarlo``, ``test_montecarlo_chunks``), and the
draws at risk are counted exactly as before."""

import numpy as np
import pytest

from simulation.core.projection import scenario_project
from simulation.core.scenario import prepare
from tests.engine.chunking import set_chunk_cells

#: Every test here runs its draws in numpy and through the compiled loops (tests/engine/conftest.py).
pytestmark = pytest.mark.usefixtures("draws_path")

SDS = ("listed_growth_sd", "wage_growth_sd", "price_growth_sd", "visit_rate_sd", "cost_sd")

#: Computed with the engine of commit 8a459d6 (ledger example, 40 draws, seed 7, every sd 0.05).
BASELINE_NET_COST_P50 = [
    126965584.006506,
    136942864.9409494,
    142075066.7643536,
    152123529.3325922,
    157086579.17609584,
    165380305.27518952,
]
#: Years 0, 2 and 4, written exactly.
BASELINE_NET_COST_P5_EVEN_YEARS = [
    float.fromhex(h) for h in ("0x1.e15bb26010530p+26", "0x1.fddcbcaa6c1f4p+26", "0x1.e35f40dc6be67p+26")
]
BASELINE_CONSOLIDATED_P95 = [
    136494394.04198995,
    149971177.1114843,
    161647657.03169432,
    172029672.84954077,
    179494147.14945725,
    192756974.5164702,
]
BASELINE_PRIVATE_P75 = [
    -1271093.67001539,
    -1629700.8601170834,
    -517188.4946427188,
    920697.9575291849,
    1289800.3006653301,
    130566.25737671563,
]
BASELINE_UNIT_RISK = {
    "N": (0.725, [0.0, 0.0, 0.7, 0.375, 0.275, 0.15]),
    "E1": (1.0, [0.0, 0.875, 0.925, 0.9, 0.75, 0.775]),
    "E2": (0.7, [0.0, 0.7, 0.0, 0.0, 0.0, 0.0]),
    "P1": (0.95, [0.6, 0.9, 0.925, 0.925, 0.9, 0.925]),
}
WRITE_OFF_REGION_RUN_BALANCE_P25 = [
    -6018060.102949457,
    -9117589.751631472,
    -8058560.522549367,
    -7370208.961573059,
    -17629.079469889402,
    1788532.6947976733,
]
WRITE_OFF_INTRAPRENAD_P50 = [
    -4172898.4806349035,
    -2778410.0174217355,
    -1110790.0925327558,
    8885227.416303672,
    9543884.010640968,
    11157044.184462551,
]


@pytest.mark.parametrize(
    ("draws_per_chunk", "workers", "processes"),
    [(1, 1, False), (6, 2, False), (17, 1, False), (40, 2, False), (6, 2, True), (1, 3, True)],
)
def test_bands_for_a_seed_keep_the_values_pinned_before_the_engine_was_reshaped(
    ledger_example, monkeypatch, draws_per_chunk, workers, processes
):
    from simulation.core.engine import montecarlo
    from simulation.core.engine import workers as engine_workers

    set_chunk_cells(monkeypatch, 5 * draws_per_chunk)  # the example has 5 centres
    monkeypatch.setattr(montecarlo, "MIN_CHUNK_DRAWS", 1)
    monkeypatch.setattr(engine_workers, "MONTE_CARLO_WORKERS", workers)
    # Forked children for every size, or threads only (a forking run is also refused below its size).
    monkeypatch.setattr(engine_workers, "FORK_MIN_CELLS", 0 if processes else 10**18)
    monkeypatch.setattr(engine_workers, "fork_is_safe", lambda: processes)
    document = ledger_example | {"uncertainty": {"draws": 40, "seed": 7, **dict.fromkeys(SDS, 0.05)}}

    runs = {run["variant"]: run["bands"] for run in scenario_project(prepare(document))["runs"]}

    baseline, write_off = runs["baseline"], runs["Write-off"]
    pinned = [
        (baseline["net_cost"]["p50"], BASELINE_NET_COST_P50),
        (baseline["net_cost"]["p5"][::2], BASELINE_NET_COST_P5_EVEN_YEARS),
        (baseline["consolidated_cost"]["p95"], BASELINE_CONSOLIDATED_P95),
        (baseline["result_by_form"]["private"]["p75"], BASELINE_PRIVATE_P75),
        (write_off["region_run_balance"]["p25"], WRITE_OFF_REGION_RUN_BALANCE_P25),
        (write_off["result_by_form"]["intraprenad"]["p50"], WRITE_OFF_INTRAPRENAD_P50),
    ]
    for got, want in pinned:
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-6)
    assert {u: (r["horizon"], r["by_year"]) for u, r in baseline["unit_risk"].items()} == BASELINE_UNIT_RISK
