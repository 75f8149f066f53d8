"""The table of output figures (``simulation.core.outputs``): the projection, the metrics, the
summary, the comparison, the exports and the charts read it, so a figure is named once."""

import re

import pytest
from django.utils import translation

from simulation.core import outputs, summary
from simulation.core.analysis.metrics import metric_value
from simulation.core.analysis.wording import CATALOGUE_DIR
from simulation.core.engine import simulate
from simulation.core.projection import region_rows, scenario_project
from simulation.core.scenario import prepare
from simulation.presentation import charts, spreadsheets
from simulation.presentation.comparison import COMPONENT_ROWS


@pytest.fixture
def projection(ledger_example):
    return scenario_project(prepare(ledger_example))


def test_every_figure_has_one_label_with_a_swedish_translation():
    po = (CATALOGUE_DIR / "sv" / "LC_MESSAGES" / "django.po").read_text()
    swedish = dict(re.findall(r'^msgid "(.+)"\nmsgstr "(.+)"$', po, re.MULTILINE))

    # Some words are the same in both languages ("Budget"): the catalogue holds them all the same.
    missing = [o.label for o in outputs.OUTPUTS if o.label not in swedish]

    assert not missing
    assert len({(o.level, o.name) for o in outputs.OUTPUTS}) == len(outputs.OUTPUTS)


def test_a_region_row_holds_the_tables_figures_in_its_order(projection):
    row = projection["runs"][0]["region"][0]

    assert list(row) == ["year", *outputs.names(outputs.REGION), "by_form"]
    assert list(row["by_form"]["private"]) == list(outputs.names(outputs.FORM))
    assert list(projection["runs"][0]["units"][0])[3:] == list(outputs.names(outputs.UNIT))
    assert list(projection["runs"][0]["centres"][0])[4:] == list(outputs.names(outputs.CENTRE))


def test_net_cost_is_the_sum_of_its_terms_with_their_signs(ledger_example):
    run = scenario_project(prepare(ledger_example))["runs"][0]

    for row in run["region"]:
        terms = sum(sign * row[term] for term, sign in outputs.NET_COST_TERMS.items())

        assert terms == pytest.approx(row["net_cost"], abs=1e-6)
    assert set(outputs.NET_COST_TERMS) == {
        "compensation_paid",
        "loss_coverage",
        "drawdown",
        "recovery",
        "overhead_funded",
    }


def test_every_metric_of_the_table_reads_its_figure_summed_over_the_horizon(ledger_example):
    prepared = prepare(ledger_example)
    result = simulate(prepared.runs[0][1])
    run = scenario_project(prepared)["runs"][0]

    for metric in outputs.REGION_METRICS:
        assert metric_value(result, metric, None) == pytest.approx(sum(r[metric] for r in run["region"])), metric
    for metric in outputs.UNIT_METRICS:
        assert metric_value(result, metric, None) == pytest.approx(sum(u[metric] for u in run["units"])), metric


def test_the_summary_components_are_region_figures_and_the_comparison_shows_each_once():
    region = outputs.names(outputs.REGION, in_table=None)

    assert set(summary.COMPONENT_FIELDS) <= set(region)
    assert set(outputs.names(outputs.REGION, in_table=False)) <= set(summary.COMPONENT_FIELDS)
    shown = [field for field, _part in COMPONENT_ROWS]
    assert sorted(shown) == sorted(summary.COMPONENT_FIELDS)


def test_the_export_columns_are_the_projections_fields_under_the_tables_labels(projection):
    columns, _rows = region_rows(projection)

    keys = [c.key for c in spreadsheets.REGION_COLUMNS if c.key != "scenario"]
    with translation.override("en"):
        labels = {c.key: str(c.label) for c in spreadsheets.REGION_COLUMNS}

    assert keys == columns
    assert labels["net_cost"] == outputs.label(outputs.REGION, "net_cost")
    assert labels["recovery"] == "Recovery returned to the region"


def test_the_net_cost_chart_stacks_every_term_of_net_cost():
    assert set(charts.TERM_COLOURS) == set(outputs.NET_COST_TERMS)


def test_a_page_names_a_figure_by_its_one_label_in_the_pages_language():
    from django.template import engines

    from simulation.presentation.output_labels import part_label

    page = engines["django"].from_string('{% load vardpeng %}{% figure_label "region" "net_cost" %}')

    with translation.override("sv"):
        swedish = (page.render({}), part_label(outputs.REGION, "written_off"))
    with translation.override("en"):
        english = (page.render({}), part_label(outputs.REGION, "written_off"))

    assert swedish == ("Nettokostnad", "varav: avskrivningar")
    assert english == ("Net cost", "of which: write-offs")
