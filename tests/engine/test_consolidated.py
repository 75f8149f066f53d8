"""R26, the consolidated view: a deficit carried in a region-run unit is the region's own money."""

import copy

import pytest
from hypothesis import HealthCheck, given, settings

from simulation.core.projection import scenario_project
from tests.engine.strategies import documents, prepared

#: The number of examples comes from the Hypothesis profile (tests/conftest.py): fewer in `make test-fast`.
FAST = settings(deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
REGION_RUN = ("egen_regi", "intraprenad")
PAID_TO_PRIVATE = (
    "revenue_capitation",
    "revenue_sparsity",
    "revenue_small_unit",
    "revenue_goals",
    "revenue_visits",
    "revenue_vat",
    "revenue_neutrality",
)


def close(a, b):
    return a == pytest.approx(b, rel=1e-9, abs=1e-3)


def rows_of(run, table, year):
    return [row for row in run[table] if row["year"] == year]


@FAST
@given(documents())
def test_consolidated_cost_is_what_region_run_centres_spend_plus_what_private_ones_are_paid(document):
    run = scenario_project(prepared(document))["runs"][0]

    for region in run["region"]:
        centres, units = rows_of(run, "centres", region["year"]), rows_of(run, "units", region["year"])
        own = sum(c["cost_total"] - c["revenue_patient_fees"] for c in centres if c["operating_form"] in REGION_RUN)
        own += sum(u["drawdown"] for u in units if u["operating_form"] in REGION_RUN)
        own += region["overhead_funded"]  # R17: the overhead no longer charged, paid centrally
        private = [c for c in centres if c["operating_form"] == "private"]
        paid = sum(c[part] for c in private for part in PAID_TO_PRIVATE) - sum(
            c["deduction_outside_visits"] for c in private
        )
        private_units = [u for u in units if u["operating_form"] == "private"]
        paid += sum(u["loss_coverage"] + u["drawdown"] - u["recovery"] for u in private_units)
        assert close(region["consolidated_cost"], own + paid)
        balance = sum(u["balance_close"] for u in units if u["operating_form"] in REGION_RUN)
        assert close(region["region_run_balance"], balance)


def _with_region_run_deficits(document, policy):
    changed = copy.deepcopy(document)
    for form in REGION_RUN:
        changed["ledger"][form]["deficit"] = policy
    return changed


@FAST
@given(documents())
def test_who_carries_a_region_run_deficit_leaves_the_consolidated_cost_unchanged(document):
    # R26's two exceptions are real payments: neutrality compensation follows region-run loss
    # coverage, and a drawdown is limited by the reserve the policy left. A unit converted to
    # private takes its balance along, where it is no longer the region's money.
    document["neutrality_compensation"] = False
    document["levers"] = [
        lever
        for lever in document["levers"]
        if lever["type"] != "drawdown" and not (lever["type"] == "convert_form" and lever["to"] == "private")
    ]
    covered = scenario_project(prepared(_with_region_run_deficits(document, "covered")))["runs"][0]["region"]

    carried = scenario_project(prepared(_with_region_run_deficits(document, "carried")))["runs"][0]["region"]

    for a, b in zip(covered, carried, strict=True):
        assert close(a["consolidated_cost"], b["consolidated_cost"])


def test_carrying_a_deficit_lowers_net_cost_but_not_consolidated_cost(ledger_example):
    # The case the issue was filed for: carried deficits look like savings in net cost.
    ledger_example["neutrality_compensation"] = False
    ledger_example["levers"] = [lever for lever in ledger_example["levers"] if lever["type"] != "drawdown"]
    ledger_example["variants"] = []
    covered = scenario_project(prepared(_with_region_run_deficits(ledger_example, "covered")))["runs"][0]["region"]

    carried = scenario_project(prepared(_with_region_run_deficits(ledger_example, "carried")))["runs"][0]["region"]

    assert sum(r["net_cost"] for r in carried) != pytest.approx(sum(r["net_cost"] for r in covered), rel=1e-6)
    for a, b in zip(covered, carried, strict=True):
        assert close(a["consolidated_cost"], b["consolidated_cost"])
    assert min(r["region_run_balance"] for r in carried) < min(r["region_run_balance"] for r in covered)


def test_bands_of_the_consolidated_view_equal_the_figures_without_shocks(ledger_example):
    ledger_example["uncertainty"] = {"draws": 5, "seed": 3}

    run = scenario_project(prepared(ledger_example))["runs"][0]

    for field in ("consolidated_cost", "region_run_balance"):
        figures = [r[field] for r in run["region"]]
        for percentile in ("p5", "p50", "p95"):
            assert run["bands"][field][percentile] == pytest.approx(figures, rel=1e-12, abs=1e-6)
