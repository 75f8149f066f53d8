"""summary.py: the horizon figures pages show, read from projections (no database)."""

import pytest

from simulation.core import projection_summary, summary
from simulation.core.projection import scenario_project
from simulation.core.scenario import prepare
from tests.conftest import minimal_document


def runs_with_region_run_deficits(document, policy):
    document["neutrality_compensation"] = False
    document["variants"] = []
    document["levers"] = [lever for lever in document["levers"] if lever["type"] != "drawdown"]
    for form in ("egen_regi", "intraprenad"):
        document["ledger"][form]["deficit"] = policy
    return scenario_project(prepare(document))["runs"][0]


def test_cost_views_sum_both_figures_and_their_gap_is_what_the_balances_absorbed(ledger_example):
    run = scenario_project(prepare(ledger_example))["runs"][0]

    views = summary.cost_views(run)

    assert views.net_cost == pytest.approx(sum(r["net_cost"] for r in run["region"]))
    assert views.consolidated_cost == pytest.approx(sum(r["consolidated_cost"] for r in run["region"]))
    assert views.gap == pytest.approx(views.net_cost - views.consolidated_cost)
    assert views.region_run_balance_end == run["region"][-1]["region_run_balance"]
    assert views.last_year == 2029


def test_a_net_cost_saving_that_is_only_carried_is_flagged(ledger_example):
    import copy

    covered = runs_with_region_run_deficits(copy.deepcopy(ledger_example), "covered")
    carried = runs_with_region_run_deficits(copy.deepcopy(ledger_example), "carried")

    difference = summary.scenario_difference(covered, carried)
    same = summary.scenario_difference(covered, covered)

    assert difference.net_cost < 0 and difference.region_run_balance_end < 0
    assert difference.consolidated_cost == pytest.approx(0, abs=1e-3)
    assert difference.saving_is_carried
    assert not same.saving_is_carried and same.net_cost == 0


def test_per_listed_is_zero_without_listed():
    assert summary.per_listed(1_000_000, 4000) == 250
    assert summary.per_listed(1_000_000, 0) == 0


def test_yearly_differences_cover_the_years_both_runs_project():
    reference = {"region": [{"year": 2024, "net_cost": 10.0}, {"year": 2025, "net_cost": 12.0}]}
    run = {"region": [{"year": 2025, "net_cost": 15.0}, {"year": 2026, "net_cost": 1.0}]}

    assert summary.yearly_differences(reference, run, "net_cost") == ([2025], [3.0])


def test_market_shares_sum_to_one_and_are_zero_when_nobody_is_listed():
    shares = summary.market_shares({"egen_regi": 300.0, "intraprenad": 0.0, "private": 100.0})

    assert shares == {"egen_regi": 0.75, "intraprenad": 0.0, "private": 0.25}
    assert summary.market_shares({"egen_regi": 0.0}) == {"egen_regi": 0.0}


def test_the_stored_summary_gives_the_comparisons_sums_of_the_whole_run():
    """``projection_summary`` keeps one row per centre and per operating form: every sum the
    comparison takes of it is the sum it would take of the whole run (issue 27)."""
    prepared = prepare(minimal_document(horizon=4))
    projection = scenario_project(prepared)
    light = projection_summary.summarise(projection, prepared.document)
    whole, kept = projection["runs"][0], light["runs"][0]
    forms = {c["id"]: c["operating_form"] for c in prepared.document["centres"]}

    assert kept["region"] == whole["region"] and light["years"] == projection["years"]
    assert summary.components(kept) == summary.components(whole)
    assert summary.results_by(kept, forms) == pytest.approx(summary.results_by(whole, forms))
    assert summary.centre_result_differences(kept, kept) == summary.centre_result_differences(whole, whole)
    assert [c["id"] for c in light["document"]["centres"]] == list(forms)
    assert set(light["document"]["centres"][0]) == set(projection_summary.CENTRE_KEPT)
    assert light["document"]["compensation"] == prepared.document["compensation"]


def test_the_stored_summary_keeps_the_base_years_centre_rows_for_the_home_page():
    prepared = prepare(minimal_document(horizon=4))
    projection = scenario_project(prepared)
    light = projection_summary.summarise(projection, prepared.document)

    rows = projection_summary.base_year_centres(light["runs"][0])

    whole = [r for r in projection["runs"][0]["centres"] if r["year"] == projection["base_year"]]
    assert rows == [{k: r[k] for k in projection_summary.BASE_YEAR_KEPT} for r in whole]
    assert len(rows) == len(prepared.document["centres"]) and {r["year"] for r in whole} == {projection["years"][0]}
