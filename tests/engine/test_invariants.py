"""R22 and the output's own identities, over random valid documents."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from simulation.core.projection import scenario_project
from tests.engine.strategies import documents, prepared

#: The number of examples comes from the Hypothesis profile (tests/conftest.py): fewer in `make test-fast`.
FAST = settings(deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
REVENUE_PARTS = (
    "revenue_capitation",
    "revenue_sparsity",
    "revenue_small_unit",
    "revenue_goals",
    "revenue_visits",
    "revenue_patient_fees",
    "revenue_vat",
    "revenue_neutrality",
)
COST_PARTS = ("cost_staff", "cost_hired", "cost_premises", "cost_other", "cost_overhead")
EARNED = ("revenue_capitation", "revenue_sparsity", "revenue_small_unit", "revenue_goals", "revenue_visits")


def close(a, b):
    return a == pytest.approx(b, rel=1e-9, abs=1e-4)


def by_year(rows):
    years = {}
    for row in rows:
        years.setdefault(row["year"], []).append(row)
    return years


@FAST
@given(documents(goals_met=True))
def test_region_pays_exactly_the_budget_when_every_goal_is_met(document):
    run = scenario_project(prepared(document))["runs"][0]

    centres = by_year(run["centres"])
    for region in run["region"]:
        earned = sum(row[part] for row in centres[region["year"]] for part in EARNED)
        assert close(earned, region["budget"])
        assert close(region["goal_unpaid"], 0.0)


@FAST
@given(documents())
def test_totals_equal_their_components(document):
    run = scenario_project(prepared(document))["runs"][0]

    for row in run["centres"]:
        revenue = sum(row[p] for p in REVENUE_PARTS) - row["deduction_outside_visits"]
        assert close(row["revenue_total"], revenue)
        assert close(row["cost_total"], sum(row[p] for p in COST_PARTS))
        assert close(row["result"], row["revenue_total"] - row["cost_total"])


@FAST
@given(documents())
def test_ledger_identity_holds_for_every_unit_year(document):
    run = scenario_project(prepared(document))["runs"][0]

    previous = {}
    for unit in run["units"]:
        # R22: what the year put into or took out of the balance, the expired surplus included:
        # the region's recovery is the return requirement, the surplus it takes and what expired.
        taken = unit["recovery"] - unit["return_requirement"] - unit["expired"]
        expected = (
            unit["balance_open"] + unit["result"] - taken + unit["loss_coverage"] - unit["drawdown"] - unit["expired"]
        )
        assert close(unit["balance_close"], expected)
        assert 0 <= unit["written_off"] <= unit["loss_coverage"] + 1e-6
        assert 0 <= unit["expired"] <= unit["recovery"] - unit["return_requirement"] + 1e-6
        expiry = document["ledger"][unit["operating_form"]].get("surplus_expiry_years")
        if expiry is None:
            assert unit["expired"] == 0.0
        if (unit["unit"], unit["year"] - 1) in previous:
            assert close(unit["balance_open"], previous[(unit["unit"], unit["year"] - 1)])
        previous[(unit["unit"], unit["year"])] = unit["balance_close"]


@FAST
@given(documents())
def test_a_covered_unit_that_keeps_nothing_never_moves(document):
    document["ledger"]["egen_regi"] |= {"deficit": "covered", "surplus_retention": 0.0}
    for centre in document["centres"]:
        if centre["operating_form"] == "egen_regi":
            centre["opening_balance"] = 0.0
    document["levers"] = [lever for lever in document["levers"] if lever["type"] != "convert_form"]

    run = scenario_project(prepared(document))["runs"][0]

    for unit in run["units"]:
        if unit["operating_form"] == "egen_regi":
            assert unit["balance_open"] == 0.0
            assert unit["balance_close"] == 0.0


@FAST
@given(documents())
def test_region_totals_equal_the_sums_of_their_rows(document):
    run = scenario_project(prepared(document))["runs"][0]

    centres, units = by_year(run["centres"]), by_year(run["units"])
    for region in run["region"]:
        mine, booked = centres[region["year"]], units[region["year"]]
        assert close(region["listed"], sum(r["listed"] for r in mine))
        paid = sum(r[p] for r in mine for p in (*EARNED, "revenue_vat", "revenue_neutrality"))
        assert close(region["compensation_paid"], paid - sum(r["deduction_outside_visits"] for r in mine))
        assert close(region["neutrality_paid"], sum(r["revenue_neutrality"] for r in mine))
        for key in ("loss_coverage", "recovery", "drawdown"):
            assert close(region[key], sum(u[key] for u in booked))
        net = region["compensation_paid"] + region["loss_coverage"] + region["drawdown"] - region["recovery"]
        assert close(region["net_cost"], net + region["overhead_funded"])
        assert region["overhead_funded"] >= 0.0
        assert set(region["by_form"]) == {"egen_regi", "intraprenad", "private"}
        assert close(sum(f["market_share"] for f in region["by_form"].values()), 1.0)
        for form, figures in region["by_form"].items():
            assert close(figures["result"], sum(r["result"] for r in mine if r["operating_form"] == form))


@settings(deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(documents(uncertainty=True))
def test_bands_are_ordered_from_p5_to_p95(document):
    bands = scenario_project(prepared(document))["runs"][0]["bands"]

    series = [bands["net_cost"], *bands["result_by_form"].values()]
    for band in series:
        table = np.array([band[p] for p in ("p5", "p25", "p50", "p75", "p95")])
        assert (np.diff(table, axis=0) >= -1e-6 * (1 + np.abs(table[1:]))).all()
    for risk in bands["unit_risk"].values():
        assert 0 <= risk["horizon"] <= 1
        assert max(risk["by_year"]) <= risk["horizon"] + 1e-12
