"""The builder's form ⇄ scenario mapping, without a page or a request."""

from simulation.builder import BuilderForm, initial_from_rules, to_scenario
from simulation.projection import scenario_project
from simulation.scenario import deep_merge, prepare
from tests.conftest import minimal_document

RULES = {
    "horizon": 3,
    "compensation": {"budget_per_listed": 4000, "fixed_share": 0.9, "sparsity_per_listed": 100},
    "ledger": {"intraprenad": {"deficit": "carried", "restoration_years": 2}},
}


def builder_document(changes: dict | None = None) -> dict:
    """The minimal document's centres under RULES, with the builder's form (its initial values
    and ``changes``) turned into overrides and levers."""
    initial = initial_from_rules(RULES, 2024, "AA")
    form = BuilderForm(initial | (changes or {}), egen_regi_centres=[("E1", "Egen")])
    assert form.is_valid(), form.errors
    scenario = to_scenario(form.cleaned_data, 2024)
    document = minimal_document() | deep_merge(RULES, scenario["overrides"])
    return document | {"levers": scenario["levers"]}


def test_an_untouched_builder_reproduces_the_rules_it_started_from():
    untouched = scenario_project(prepare(builder_document()))
    plain = scenario_project(prepare(minimal_document() | RULES))

    assert untouched["runs"][0]["region"] == plain["runs"][0]["region"]


def test_builder_choices_become_a_dated_fixed_share_and_levers():
    document = builder_document(
        {"fixed_share_later": 0.7, "fixed_share_year": 2026, "efficiency_annual": 0.01, "efficiency_from": 2025}
    )

    assert document["compensation"]["fixed_share"] == {"2024": 0.9, "2026": 0.7}
    assert document["levers"] == [{"type": "efficiency", "from_year": 2025, "annual": 0.01}]
    assert prepare(document).runs  # the mapping gives a runnable document
