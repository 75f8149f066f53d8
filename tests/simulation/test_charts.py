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
    assert traces["Recovery returned to the region"]["y"][0] == pytest.approx(-run["region"][0]["recovery"] / 1e6)
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
    cost = compare_charts.compare_cost_chart(runs)["data"]
    assert len([t for t in cost if not t.get("meta", {}).get("key")]) == 2 * 3  # two views of three scenarios
    keys = [t for t in cost if t.get("meta", {}).get("key")]
    assert [(k["name"], k["line"]["dash"]) for k in keys] == [
        ("consolidated view (solid)", "solid"),
        ("net cost (dotted)", "dot"),
    ]
    assert all(k["x"] == [None] for k in keys)  # a legend entry only: it draws nothing


def test_dotted_means_the_net_cost_and_nothing_else_on_the_comparison(ledger_example):
    ledger_example["variants"] += [{"name": f"More {i}", "overrides": {}} for i in range(3)]
    runs = [(r["variant"], r) for r in scenario_project(prepare(ledger_example))["runs"]]

    panels = compare_charts.compare_form_charts(runs)
    cost = compare_charts.compare_cost_chart(runs)

    for panel in panels.values():
        assert "dot" not in {t["line"]["dash"] for t in panel["data"]}
        assert len({t["marker"]["symbol"] for t in panel["data"][:4]}) == 4
    dotted = {
        t["meta"]["column"] for t in cost["data"] if t.get("line", {}).get("dash") == "dot" and "column" in t["meta"]
    }
    assert dotted == {f"{label}, net cost" for label, _run in runs}


def test_a_line_hidden_under_another_is_named_in_a_note_and_drawn_wider(ledger_example):
    ledger_example["variants"].append({"name": "Same as the baseline", "overrides": {}})
    runs = [(r["variant"], r) for r in scenario_project(prepare(ledger_example))["runs"]]

    balance = compare_charts.compare_region_run_balance_chart(runs)

    baseline = next(t for t in balance["data"] if t["name"] == "baseline")
    copy = next(t for t in balance["data"] if t["name"] == "Same as the baseline")
    assert "baseline: under Same as the baseline, with the same values." in balance["notes"]
    assert baseline["line"]["width"] > copy["line"].get("width", 2)


def test_a_chart_whose_lines_all_differ_has_no_notes(run):
    figure = charts.result_by_form_chart(run)

    assert "notes" not in figure


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
