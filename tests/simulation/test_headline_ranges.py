"""Under uncertainty every headline card says its range (issue 26): money by its 5–95 % band,
market shares as the same in every outcome (R23: the listing shock is shared by every centre)."""

import pytest
from django.utils import translation

from simulation.core import numbers
from simulation.core.projection import scenario_project
from simulation.core.scenario import prepare
from simulation.presentation import dashboards


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"), numbers.language_of("en"):
        yield


def test_every_money_card_under_uncertainty_has_its_range_and_every_share_card_says_it_does_not_move(ledger_example):
    ledger_example["uncertainty"] = {"draws": 50, "seed": 2, "cost_sd": 0.05, "listed_growth_sd": 0.01}
    run = scenario_project(prepare(ledger_example))["runs"][0]

    items = dashboards.headline(run)

    money = [i for i in items if i["unit"] == "mnkr"]
    shares = [i for i in items if i["unit"] == "share"]
    assert "Loss coverage" in {i["label"] for i in money}
    for item in money:
        low, high = item["range"]
        assert low <= high, item["label"]
    assert shares and all(i.get("certain") for i in shares)


def test_without_uncertainty_no_card_claims_a_range(ledger_example):
    run = scenario_project(prepare(ledger_example))["runs"][0]

    items = dashboards.headline(run)

    assert not any("range" in i or i.get("certain") for i in items)
