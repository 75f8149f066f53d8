"""R19–R20 behaviours, one at a time, on a single carried unit."""

import pytest

from simulation.core.projection import scenario_project
from simulation.core.scenario import prepare

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


# Spec 1.2: surplus expiry (R19 step 4b) and the order in which the reserve's parts are used.


def test_a_kept_surplus_unused_for_its_expiry_years_goes_back_to_the_region():
    units = run_units(one_unit([100.0, 0.0, 0.0, 0.0], surplus_expiry_years=2))

    assert [u["balance_close"] for u in units] == [100, 100, 0, 0]
    assert [u["expired"] for u in units] == [0, 0, 100, 0]
    assert units[2]["recovery"] == 100


def test_without_expiry_years_a_kept_surplus_never_expires():
    units = run_units(one_unit([100.0, 0.0, 0.0, 0.0, 0.0, 0.0]))

    assert [u["balance_close"] for u in units] == [100] * 6
    assert all(u["expired"] == 0 for u in units)


def test_a_deficit_uses_the_oldest_kept_surplus_first_so_the_newer_part_lives_longer():
    # Kept 100 in 2024 and 50 in 2025; the 2026 deficit of 80 takes the 2024 part first (80 of it),
    # so 20 of the 2024 part expires at the end of 2026 and the 50 of 2025 at the end of 2027.
    units = run_units(one_unit([100.0, 50.0, -80.0, 0.0], surplus_expiry_years=2))

    assert [u["expired"] for u in units] == pytest.approx([0, 0, 20, 50])
    assert [u["balance_close"] for u in units] == pytest.approx([100, 150, 50, 0])


def test_a_drawdown_takes_the_oldest_part_first():
    document = one_unit([100.0, 50.0, 0.0, 0.0], surplus_expiry_years=2)
    document["levers"] = [{"type": "drawdown", "unit": "U", "year": 2025, "amount": 60.0}]

    units = run_units(document)

    # 2024's 100 less the 60 drawn leaves 40, which expires at the end of 2026; 2025's 50 in 2027.
    assert [u["expired"] for u in units] == pytest.approx([0, 0, 40, 50])


def test_the_surplus_cap_trims_the_newest_part_first():
    # Kept 300 in 2024, then 300 more in 2025 under a cap of 400: 200 of the 2025 part goes, so the
    # 300 of 2024 expires in 2025 (N = 1) and only the 100 kept in 2025 is left.
    units = run_units(one_unit([300.0, 300.0, 0.0], surplus_cap=400.0, surplus_expiry_years=1))

    assert [u["expired"] for u in units] == pytest.approx([0, 300, 100])
    assert units[1]["recovery"] == pytest.approx(200 + 300)
    assert [u["balance_close"] for u in units] == pytest.approx([300, 100, 0])


def test_an_opening_reserve_counts_as_kept_the_year_before_the_base_year():
    document = one_unit([0.0, 0.0], surplus_expiry_years=1)
    document["centres"][0]["opening_balance"] = 70.0

    units = run_units(document)

    assert [u["expired"] for u in units] == [70, 0]


def test_start_capital_is_used_last_and_never_expires():
    document = one_unit([0.0, 0.0, 100.0, -120.0, 0.0, 0.0], surplus_expiry_years=1)
    document["centres"].append(
        {"id": "E", "name": "E", "operating_form": "egen_regi", "listed": 1, "premises_cost": COST}
    )
    document["levers"] = [
        {"type": "convert_form", "year": 2025, "centres": ["U"], "to": "intraprenad", "unit": "N", "start_capital": 500}
    ]

    units = [u for u in run_units(document) if u["unit"] == "N"]

    # 2026 keeps 100; the 2027 deficit of 120 takes those 100 before 20 of the capital; nothing left
    # to expire but the capital, which never does.
    assert [u["balance_close"] for u in units] == pytest.approx([500, 600, 480, 480, 480])
    assert all(u["expired"] == 0 for u in units)


def test_a_unit_converted_in_the_base_year_opens_with_its_start_capital_and_its_centres_balances():
    document = one_unit([0.0, 0.0])
    document["centres"][0]["opening_balance"] = -300.0
    conversion = {"type": "convert_form", "year": 2024, "centres": ["U"], "to": "intraprenad", "unit": "N"}
    document["levers"] = [conversion | {"start_capital": 1000}]

    units = run_units(document)

    # R20: the capital first covers the centres' −300; 700 stays start capital.
    assert units[0]["unit"] == "N"
    assert units[0]["balance_open"] == pytest.approx(700)
    assert units[0]["loss_coverage"] == 0


def test_a_negative_balance_the_start_capital_cannot_cover_stays_an_open_deficit():
    document = one_unit([0.0, 0.0, 0.0], restoration_years=1)
    document["centres"][0]["opening_balance"] = -300.0
    conversion = {"type": "convert_form", "year": 2024, "centres": ["U"], "to": "intraprenad", "unit": "N"}
    document["levers"] = [conversion | {"start_capital": 100}]

    units = run_units(document)

    # −200 dated 2023 with one restoration year is written off in the base year.
    assert units[0]["balance_open"] == pytest.approx(-200)
    assert units[0]["written_off"] == pytest.approx(200)
    assert units[0]["balance_close"] == pytest.approx(0)


def test_surplus_expiry_years_must_be_a_whole_number_of_at_least_one():
    from simulation.core.scenario import ScenarioInvalid

    with pytest.raises(ScenarioInvalid) as refused:
        prepare(one_unit([0.0], surplus_expiry_years=0))

    assert [p.path for p in refused.value.problems] == ["ledger.intraprenad.surplus_expiry_years"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_keeping_only_carried_deficits_by_year_changes_no_figure(seed):
    # Draws and batch members keep deficits by year of origin only for carried units, where the
    # year decides the write-off (R19 step 4); borne and covered units keep only their sum.
    import numpy as np

    from simulation.core.engine.booking import UnitPolicy
    from simulation.core.engine.inputs import BORNE, CARRIED, COVERED
    from simulation.core.engine.ledger import Ledger

    rng = np.random.default_rng(seed)
    draws, units, horizon = 4, 6, 7
    deficit = np.array([CARRIED, CARRIED, BORNE, BORNE, COVERED, CARRIED])
    policy = UnitPolicy(
        deficit=deficit,
        surplus_retention=np.array([1.0, 0.5, 1.0, 0.3, 0.0, 1.0]),
        restoration_years=np.array([2.0, 0.0, 3.0, 3.0, 3.0, 1.0]),
        return_requirement=np.zeros(units),
        surplus_cap=np.array([np.inf, 50.0, np.inf, 80.0, np.inf, np.inf]),
        surplus_expiry_years=np.full(units, np.inf),
    )
    every, carried = np.arange(units), deficit == CARRIED
    ledgers = [Ledger(draws, units, horizon, 2024), Ledger(draws, units, horizon, 2024, dated=carried)]
    for ledger in ledgers:
        ledger.open(every, np.array([-30.0, 20.0, -40.0, 0.0, -10.0, 5.0]), np.zeros(units))
    results = rng.normal(0.0, 60.0, (horizon, draws, units))

    for t in range(horizon):
        closing = np.zeros(units, dtype=bool) if t < horizon - 1 else every == 3
        dated, undated = (ledger.step(t, every, results[t], policy, np.zeros(units), closing) for ledger in ledgers)

        for name in ("balance_open", "balance_close", "recovery", "loss_coverage", "written_off", "drawdown"):
            np.testing.assert_array_equal(getattr(undated, name), getattr(dated, name))
