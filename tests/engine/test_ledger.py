"""R19–R20 behaviours, one at a time, on a single carried unit."""

import pytest

from simulation.projection import scenario_project
from simulation.scenario import prepare

COST = 1000.0


def one_unit(results_by_year, deficit="carried", restoration_years=2, **ledger):
    """A document whose single intraprenad centre has exactly the given results: one listed patient,
    a fixed cost of 1 000 SEK and a budget per listed of 1 000 + the wanted result in each year."""
    return {
        "schema": "vardpeng.scenario/1",
        "name": "ledger",
        "base_year": 2024,
        "horizon": len(results_by_year),
        "compensation": {
            "budget_per_listed": {str(2024 + t): COST + r for t, r in enumerate(results_by_year)},
            "fixed_share": 1,
        },
        "ledger": {"intraprenad": {"deficit": deficit, "restoration_years": restoration_years, **ledger}},
        "centres": [{"id": "U", "name": "U", "operating_form": "intraprenad", "listed": 1, "premises_cost": COST}],
    }


def run_units(document):
    return scenario_project(prepare(document))["runs"][0]["units"]


def test_deficit_is_written_off_after_its_restoration_years():
    units = run_units(one_unit([-100.0, 0.0, 0.0, 0.0], restoration_years=2))

    assert [u["written_off"] for u in units] == [0, 0, 100, 0]
    assert [u["balance_close"] for u in units] == [-100, -100, 0, 0]


def test_surplus_restores_the_oldest_deficit_first_then_fills_the_reserve():
    units = run_units(one_unit([-100.0, -50.0, 120.0, 70.0], restoration_years=3))

    assert [u["balance_close"] for u in units] == pytest.approx([-100, -150, -30, 40])
    assert sum(u["written_off"] for u in units) == 0


def test_a_deficit_restored_in_its_last_year_is_not_written_off():
    units = run_units(one_unit([-100.0, 0.0, 100.0], restoration_years=2))

    assert units[2]["written_off"] == 0
    assert units[2]["balance_close"] == 0


def test_surplus_over_the_cap_goes_to_the_region():
    units = run_units(one_unit([300.0, 300.0], surplus_cap=500.0))

    assert [u["balance_close"] for u in units] == [300, 500]
    assert units[1]["recovery"] == 100


def test_retention_splits_a_surplus_between_unit_and_region():
    units = run_units(one_unit([200.0], surplus_retention=0.25))

    assert units[0]["balance_close"] == 50
    assert units[0]["recovery"] == 150


def test_covered_deficit_is_paid_by_the_region_in_the_year_it_arises():
    units = run_units(one_unit([-80.0, -20.0], deficit="covered"))

    assert [u["loss_coverage"] for u in units] == [80, 20]
    assert [u["balance_close"] for u in units] == [0, 0]
    assert [u["written_off"] for u in units] == [0, 0]


def test_borne_deficit_stays_on_the_unit_forever():
    units = run_units(one_unit([-80.0, -20.0, 0.0, 0.0], deficit="borne"))

    assert units[-1]["balance_close"] == -100
    assert sum(u["loss_coverage"] for u in units) == 0


def test_return_requirement_is_recovered_even_in_a_deficit_year():
    units = run_units(one_unit([0.0, 0.0], deficit="borne", return_requirement=10.0))

    assert [u["recovery"] for u in units] == [10, 10]
    assert [u["result"] for u in units] == [-10, -10]
    assert units[-1]["balance_close"] == -20


def test_a_unit_left_without_centres_closes_at_the_end_of_the_year_before(ledger_example):
    run = scenario_project(prepare(ledger_example))["runs"][0]

    e2 = [u for u in run["units"] if u["unit"] == "E2"]
    assert [u["year"] for u in e2] == [2024, 2025]
    assert e2[-1]["balance_close"] == 0
    assert e2[-1]["written_off"] == pytest.approx(383_091.61 + 1_478_183.32, abs=0.01)


def test_a_unit_started_by_a_conversion_opens_with_its_start_capital(ledger_example):
    run = scenario_project(prepare(ledger_example))["runs"][2]  # the "Write-off" variant

    n2 = [u for u in run["units"] if u["unit"] == "N2"]
    assert n2[0]["year"] == 2027
    assert n2[0]["balance_open"] == 1_000_000
