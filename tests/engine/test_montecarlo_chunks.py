"""R24 at a size where the order of a sum shows: the same seed gives the same numbers however the
draws are chunked, down to chunks of one draw, with many units per group (a sum over units whose
order followed the arrays' memory layout, which a chunk of one draw changed, moved the last bit of
a draw's net cost at national size)."""

import copy

import numpy as np
import pytest

from simulation.core.projection import scenario_project
from simulation.core.scenario import prepare
from tests.engine.chunking import set_chunk_cells

#: Every test here runs its draws in numpy and through the compiled loops (tests/engine/conftest.py).
pytestmark = pytest.mark.usefixtures("draws_path")

SDS = ("listed_growth_sd", "wage_growth_sd", "price_growth_sd", "visit_rate_sd", "cost_sd")


def many_units(ledger_example: dict, count: int = 36) -> dict:
    """The ledger example's centres copied ``count`` times with spread figures: egen regi units of
    their own whose deficits the region covers (loss coverage summed over many units), private units
    of their own, and intraprenader pooled in threes."""
    document = copy.deepcopy(ledger_example)
    rng = np.random.default_rng(3)
    template = document["centres"]
    centres = []
    for i in range(count):
        centre = copy.deepcopy(template[i % len(template)])
        form = ("egen_regi", "intraprenad", "private")[i % 3]
        scale = float(rng.uniform(0.7, 1.3))
        centre |= {
            "id": f"C{i}",
            "operating_form": form,
            "unit": f"I{i // 9}" if form == "intraprenad" else f"C{i}",
            "listed": centre["listed"] * scale,
            "staff_cost": centre["staff_cost"] * float(rng.uniform(0.8, 1.25)),
            "opening_balance": float(rng.uniform(-2e6, 2e6)),
        }
        centres.append(centre)
    document["centres"] = centres
    document["levers"] = []
    document["ledger"]["egen_regi"] = {"surplus_retention": 0.0, "deficit": "covered"}
    return document


@pytest.mark.parametrize("draws_per_chunk", [1, 2])
def test_every_draw_gives_the_same_numbers_in_a_chunk_of_one_and_in_a_chunk_of_all(
    ledger_example, monkeypatch, draws_per_chunk
):
    # Three draws: each percentile interpolates between the draws, so every bit of every draw's
    # totals reaches some band.
    from simulation.core.engine import montecarlo, workers

    document = many_units(ledger_example) | {"uncertainty": {"draws": 3, "seed": 5, **dict.fromkeys(SDS, 0.05)}}
    centres = len(document["centres"])
    monkeypatch.setattr(workers, "MONTE_CARLO_WORKERS", 1)
    monkeypatch.setattr(montecarlo, "MIN_CHUNK_DRAWS", 1)
    set_chunk_cells(monkeypatch, centres * 3)
    whole = scenario_project(prepare(document))["runs"][0]["bands"]

    set_chunk_cells(monkeypatch, centres * draws_per_chunk)
    chunked = scenario_project(prepare(document))["runs"][0]["bands"]

    assert chunked == whole
    assert whole["loss_coverage"]["p5"] != whole["loss_coverage"]["p95"]  # the covered deficits are drawn
