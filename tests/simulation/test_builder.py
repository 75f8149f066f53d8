"""The builder's form ⇄ scenario mapping, without a page or a request: Swedish input, dated steps,
the projection's years, and a saved scenario that opens and saves again unchanged."""

import pytest

from simulation.builder import BuilderForm, builder_initial, kept_parts, to_scenario
from simulation.projection import scenario_project
from simulation.scenario import deep_merge, prepare
from tests.conftest import example, minimal_document

RULES = {
    "horizon": 3,
    "compensation": {"budget_per_listed": 4000, "fixed_share": 0.9, "sparsity_per_listed": 100},
    "ledger": {"intraprenad": {"deficit": "carried", "restoration_years": 2}},
}
EGEN_REGI = [("E1", "Egen")]


def rules_document() -> dict:
    return prepare(minimal_document() | RULES).document


def filled_form(document: dict, changes: dict | None = None, centres=EGEN_REGI) -> BuilderForm:
    initial = builder_initial(document, "AA")
    years = (document["base_year"], document["base_year"] + document["horizon"] - 1)
    return BuilderForm(initial | (changes or {}), egen_regi_centres=centres, years=years)


def builder_document(changes: dict | None = None) -> dict:
    """The minimal document's centres under RULES, with the builder's form (its initial values
    and ``changes``) turned into overrides and levers."""
    form = filled_form(rules_document(), changes)
    assert form.is_valid(), form.errors
    scenario = to_scenario(form.cleaned_data, 2024)
    return minimal_document() | deep_merge(RULES, scenario["overrides"]) | {"levers": scenario["levers"]}


def test_an_untouched_builder_reproduces_the_rules_it_started_from():
    untouched = scenario_project(prepare(builder_document()))
    plain = scenario_project(prepare(minimal_document() | RULES))

    assert untouched["runs"][0]["region"] == plain["runs"][0]["region"]


def test_shares_are_written_in_percent_with_a_decimal_comma_and_amounts_with_spaces():
    document = builder_document(
        {"fixed_share": "87,5", "goal_share": "30 %", "small_unit_threshold": "4 000", "small_unit_amount": "1 500 000"}
    )

    assert document["compensation"]["fixed_share"] == 0.875
    assert document["compensation"]["goal_share"] == 0.30
    assert (document["compensation"]["small_unit_threshold"], document["compensation"]["small_unit_amount"]) == (
        4000,
        1_500_000,
    )


def test_the_fixed_share_takes_several_change_years_and_supplements_a_change_year():
    document = builder_document(
        {
            "fixed_share_year_1": 2026,
            "fixed_share_later_1": "70",
            "fixed_share_year_2": 2025,
            "fixed_share_later_2": "80",
            "sparsity_year": 2025,
            "sparsity_later": "150",
            "efficiency_annual": "1",
            "efficiency_from": 2025,
        }
    )

    assert document["compensation"]["fixed_share"] == {"2024": 0.9, "2025": 0.8, "2026": 0.7}
    assert document["compensation"]["sparsity_per_listed"] == {"2024": 100.0, "2025": 150.0}
    assert document["levers"] == [{"type": "efficiency", "from_year": 2025, "annual": 0.01}]
    assert prepare(document).runs  # the mapping gives a runnable document


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"fixed_share": "170"}, "fixed_share", "Måste vara mellan 0 och 100"),
        ({"fixed_share": "sjuttio"}, "fixed_share", "Skriv ett tal"),
        ({"efficiency_annual": "1", "efficiency_from": 2031}, "efficiency_from", "inom prognosen, 2024–2026"),
        ({"fixed_share_year_1": 2023, "fixed_share_later_1": "70"}, "fixed_share_year_1", "2024–2026"),
        ({"fixed_share_later_1": "70"}, "fixed_share_year_1", "från vilket år"),
        ({"sparsity_year": 2025}, "sparsity_later", "vad det blir"),
    ],
)
def test_a_refused_choice_says_what_is_wrong_at_its_field(changes, field, words):
    form = filled_form(rules_document(), changes)

    assert not form.is_valid()
    assert words in " ".join(form.errors[field])


def test_a_hired_share_target_year_may_lie_beyond_the_projection():
    form = filled_form(rules_document(), {"hired_target": "5", "hired_year": 2030})

    assert form.is_valid(), form.errors


def test_a_saved_scenario_opens_in_the_builder_and_saves_again_to_the_same_projection():
    """The ledger example as a saved scenario: rules in its document, its six levers its own. The
    form shows what it can (the conversion), keeps the others (levers with selectors, a drawdown)."""
    raw = example("ledger")
    raw.pop("variants")
    document = prepare(raw).document
    rules = {k: v for k, v in raw.items() if k not in ("levers", "centres")}
    form = filled_form(document, centres=[("E2", "Egen 2")])
    assert form.is_valid(), form.errors

    kept = kept_parts({}, document["levers"])
    saved = to_scenario(form.cleaned_data, document["base_year"], kept)

    again = deep_merge(rules, saved["overrides"]) | {"levers": saved["levers"], "centres": raw["centres"]}
    assert [lever["type"] for lever in kept.levers] == [
        "hired_share",
        "efficiency",
        "overhead_reduction",
        "goal_trend",
        "gp_list_target",
        "drawdown",
    ]
    assert scenario_project(prepare(again)) == scenario_project(prepare(raw))
