"""charts.py: figure dicts that show the projection's own numbers, in mnkr, years along x."""

import pytest
from django.utils import translation

from simulation.core import numbers
from simulation.core.projection import scenario_project
from simulation.core.scenario import prepare
from simulation.presentation import charts, compare_charts


@pytest.fixture(autouse=True)
def _english():
    """Labels and numbers are checked in the source language; test_pages checks that Swedish is the default."""
    with translation.override("en"), numbers.language_of("en"):
        yield


@pytest.fixture
def run(ledger_example):
    return scenario_project(prepare(ledger_example))["runs"][0]


def test_net_cost_chart_stacks_components_and_draws_the_net_cost_line(run):
    figure = charts.net_cost_chart(run)

    traces = {t["name"]: t for t in figure["data"]}
    assert traces["Net cost"]["y"] == pytest.approx([r["net_cost"] / 1e6 for r in run["region"]])
    assert traces["Recovery (returned to the region)"]["y"][0] == pytest.approx(-run["region"][0]["recovery"] / 1e6)
    assert figure["layout"]["barmode"] == "relative"
    assert figure["layout"]["yaxis"]["title"]["text"] == "SEK m per year"
    assert figure["layout"]["xaxis"]["title"]["text"] == "Year"
    assert figure["layout"]["separators"] == ".,"
    assert all(" SEK\u00a0m" in t["hovertemplate"] for t in figure["data"] if t.get("hoverinfo") != "skip")


def test_result_by_form_chart_adds_fan_bands_when_there_are_bands(ledger_example):
    ledger_example["uncertainty"] = {"draws": 30, "seed": 1, "cost_sd": 0.05}
    run = scenario_project(prepare(ledger_example))["runs"][0]

    figure = charts.result_by_form_chart(run)

    names = [t.get("name", "") for t in figure["data"]]
    assert "private" in names
    assert any(n.endswith("5–95 %") for n in names) and any(n.endswith("median") for n in names)
    fills = [t for t in figure["data"] if t.get("fill") == "tonexty"]
    assert len(fills) == 2 * 3  # p5–p95 and p25–p75 for each form with centres


def test_unit_balance_chart_marks_write_offs(run):
    figure = charts.unit_balance_chart(run)

    markers = [t for t in figure["data"] if t["mode"] == "markers"]
    assert {t["name"] for t in markers} >= {"E1: written off", "N: written off", "N: surplus expired"}
    n_line = next(t for t in figure["data"] if t["name"] == "N")
    # The spec's hand check: in 2029 the cap leaves 0.5 mnkr of the new surplus and the 2.5 mnkr kept
    # in 2028 expires (1.2: intraprenad surplus_expiry_years 1).
    assert n_line["y"][-1] == pytest.approx(0.5)


def test_waterfall_components_sum_to_revenue_and_result(run):
    row = next(r for r in run["centres"] if r["centre_id"] == "E1" and r["year"] == 2026)

    figure = charts.waterfall_chart(row, "Egen Ett")

    trace = figure["data"][0]
    values, measures = trace["y"], trace["measure"]
    revenue_at = trace["x"].index("Revenue")
    assert sum(values[:revenue_at]) == pytest.approx(values[revenue_at])
    assert values[revenue_at] + sum(values[revenue_at + 1 : -1]) == pytest.approx(values[-1])
    assert values[-1] == pytest.approx(row["result"] / 1e6)
    assert measures.count("total") == 2


def test_comparison_charts_show_differences_from_the_first(ledger_example):
    runs = [(r["variant"], r) for r in scenario_project(prepare(ledger_example))["runs"]]

    difference = compare_charts.compare_difference_chart(runs)

    first, second = runs[0][1]["region"], runs[1][1]["region"]
    for field, kind in (("consolidated_cost", "bar"), ("net_cost", "scatter")):
        trace = next(t for t in difference["data"] if t["name"] == "70/30 split" and t["type"] == kind)
        expected = [(b[field] - a[field]) / 1e6 for a, b in zip(first, second, strict=True)]
        assert trace["y"] == pytest.approx(expected)
    assert len(compare_charts.compare_cost_chart(runs)["data"]) == 2 * 3


def test_the_net_cost_chart_shows_the_consolidated_cost_and_the_balance_chart_the_region_run_total(run):
    net_cost = charts.net_cost_chart(run)
    balances = charts.unit_balance_chart(run)

    consolidated = next(t for t in net_cost["data"] if t["name"] == "Cost in the consolidated view")
    assert consolidated["y"] == pytest.approx([r["consolidated_cost"] / 1e6 for r in run["region"]])
    total = balances["data"][0]
    assert total["name"] == "All region-run units"
    assert total["y"] == pytest.approx([r["region_run_balance"] / 1e6 for r in run["region"]])


def test_centre_result_chart_sorts_centres_by_result(run):
    rows = [r | {"name": r["centre_id"]} for r in run["centres"] if r["year"] == 2029]

    figure = charts.centre_result_chart(rows, 2029)

    order = figure["layout"]["yaxis"]["categoryarray"]
    results = {r["centre_id"]: r["result"] for r in rows}
    assert [results[c] for c in order] == sorted(results.values())
