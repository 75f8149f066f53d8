"""The builder's form ⇄ scenario mapping, without a page or a request: Swedish input, dated steps,
the projection's years, and a saved scenario that opens and saves again unchanged."""

import pytest
from django.http import QueryDict

from regions.demo import intraprenad_start_capital
from simulation.core.projection import scenario_project
from simulation.core.scenario import deep_merge, prepare
from simulation.pages.builder import address_values, builder_form, builder_initial, kept_parts, to_scenario
from tests.conftest import example, minimal_document

RULES = {
    "horizon": 3,
    "compensation": {
        "budget_per_listed": 4000,
        "fixed_share": 0.9,
        "sparsity_per_listed": 100,
        "goal_share": 0.3,
        "goals": [{"key": "phone_access", "weight": 1.0, "floor": 0.5, "target": 0.9}],
    },
    "ledger": {"intraprenad": {"deficit": "carried", "restoration_years": 2}},
}


def centres(**changes) -> list[dict]:
    """The minimal document's centres, with a phone accessibility between the goal's floor and
    target (so that a trend moves goal pay) and overhead charged to the region-run ones."""
    extra = {"phone_access": 0.7, "overhead_cost": 1_000_000} | changes
    return [c | extra for c in minimal_document()["centres"]]


def rules_document(levers=()) -> dict:
    return prepare(minimal_document(centres=centres(), levers=list(levers)) | RULES).document


def filled_form(document: dict, changes: dict | None = None):
    return builder_form(document, builder_initial(document, "AA") | (changes or {}))


def builder_scenario(changes: dict | None = None, document: dict | None = None) -> dict:
    """The builder's form (its initial values and ``changes``) as overrides and levers."""
    form = filled_form(document or rules_document(), changes)
    assert form.is_valid(), form.errors
    return to_scenario(form.cleaned_data, 2024)


def builder_document(changes: dict | None = None) -> dict:
    """The minimal document's centres under RULES, with the builder's form turned into overrides
    and levers."""
    scenario = builder_scenario(changes)
    base = minimal_document(centres=centres())
    return base | deep_merge(RULES, scenario["overrides"]) | {"levers": scenario["levers"]}


def region_rows(document: dict) -> list[dict]:
    return scenario_project(prepare(document))["runs"][0]["region"]


def test_an_untouched_builder_reproduces_the_rules_it_started_from():
    untouched = region_rows(builder_document())
    plain = region_rows(minimal_document(centres=centres()) | RULES)

    assert untouched == plain


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


def test_the_budget_per_listed_takes_dated_steps_like_the_fixed_share_and_moves_the_budget():
    document = builder_document(
        {
            "budget_per_listed": "4 200",
            "budget_per_listed_year_1": 2026,
            "budget_per_listed_later_1": "4 600,5",
            "budget_per_listed_year_2": 2025,
            "budget_per_listed_later_2": "4400",
        }
    )

    assert document["compensation"]["budget_per_listed"] == {"2024": 4200.0, "2025": 4400.0, "2026": 4600.5}
    budgets = [row["budget"] for row in region_rows(document)]
    plain = [row["budget"] for row in region_rows(minimal_document(centres=centres()) | RULES)]
    assert [round(b / p, 6) for b, p in zip(budgets, plain, strict=True)] == [1.05, 1.1, round(4600.5 / 4000, 6)]


def test_a_saved_dated_budget_opens_as_its_base_year_value_and_change_years():
    document = prepare(
        minimal_document(centres=centres())
        | deep_merge(RULES, {"compensation": {"budget_per_listed": {"2024": 4100, "2026": 4500}}})
    ).document

    initial = builder_initial(document, "AA")

    assert (
        initial["budget_per_listed"],
        initial["budget_per_listed_year_1"],
        initial["budget_per_listed_later_1"],
    ) == (
        "4100",
        2026,
        "4500",
    )
    assert "budget_per_listed_year_2" not in initial


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"fixed_share": "170"}, "fixed_share", "Måste vara mellan 0 och 100"),
        ({"fixed_share": "sjuttio"}, "fixed_share", "Skriv ett tal"),
        ({"efficiency_annual": "1", "efficiency_from": 2031}, "efficiency_from", "inom prognosen, 2024–2026"),
        ({"fixed_share_year_1": 2023, "fixed_share_later_1": "70"}, "fixed_share_year_1", "2024–2026"),
        ({"fixed_share_later_1": "70"}, "fixed_share_year_1", "från vilket år"),
        ({"sparsity_year": 2025}, "sparsity_later", "vad det blir"),
        ({"budget_per_listed": ""}, "budget_per_listed", "obligatoriskt"),
        ({"budget_per_listed": "-10"}, "budget_per_listed", "Måste vara mellan 0 och 1"),
        ({"budget_per_listed_later_2": "4500"}, "budget_per_listed_year_2", "från vilket år"),
        ({"budget_per_listed_year_1": 2030, "budget_per_listed_later_1": "4500"}, "budget_per_listed_year_1", "2026"),
        (
            {
                "budget_per_listed_year_1": 2025,
                "budget_per_listed_later_1": "4500",
                "budget_per_listed_year_3": 2025,
                "budget_per_listed_later_3": "4600",
            },
            "budget_per_listed_year_1",
            "Varje ändringsår bara en gång",
        ),
        ({"overhead_share": "30"}, "overhead_from", "från vilket år"),
        ({"overhead_share": "130", "overhead_from": 2025}, "overhead_share", "Måste vara mellan 0 och 100"),
        (
            {"overhead_share": "30", "overhead_from": 2025, "overhead_funded_by": "nobody"},
            "overhead_funded_by",
            "giltigt",
        ),
        ({"trend_annual": "2"}, "trend_from", "från vilket år"),
        ({"trend_annual": "150", "trend_from": 2025}, "trend_annual", "Måste vara mellan −100 och 100"),
        ({"trend_annual": "2", "trend_from": 2025, "trend_goal": "assessment_3d"}, "trend_goal", "giltigt"),
        ({"trend_annual": "2", "trend_from": 2025, "trend_forms": []}, "trend_forms", "minst en driftform"),
    ],
)
def test_a_refused_choice_says_what_is_wrong_at_its_field(changes, field, words):
    form = filled_form(rules_document(), changes)

    assert not form.is_valid()
    assert words in " ".join(form.errors[field])


def test_a_hired_share_target_year_may_lie_beyond_the_projection():
    form = filled_form(rules_document(), {"hired_target": "5", "hired_year": 2030})

    assert form.is_valid(), form.errors


def test_the_overhead_lever_is_paid_centrally_unless_the_services_are_cut():
    central = builder_scenario({"overhead_share": "50", "overhead_from": 2025})["levers"]
    saved = builder_scenario({"overhead_share": "50", "overhead_from": 2025, "overhead_funded_by": "saved"})["levers"]

    assert central == [{"type": "overhead_reduction", "from_year": 2025, "share": 0.5, "funded_by": "region"}]
    assert saved == [{"type": "overhead_reduction", "from_year": 2025, "share": 0.5, "funded_by": "saved"}]


def test_overhead_paid_centrally_leaves_the_consolidated_cost_and_a_cut_lowers_it():
    plain = region_rows(builder_document())
    central = region_rows(builder_document({"overhead_share": "50", "overhead_from": 2024}))
    cut = region_rows(builder_document({"overhead_share": "50", "overhead_from": 2024, "overhead_funded_by": "saved"}))

    assert [r["consolidated_cost"] for r in central] == pytest.approx([r["consolidated_cost"] for r in plain])
    assert all(r["overhead_funded"] > 0 for r in central)
    assert all(c["consolidated_cost"] < p["consolidated_cost"] for c, p in zip(cut, plain, strict=True))


def test_the_goal_trend_names_a_goal_of_the_rules_and_takes_signed_points_with_a_decimal_comma():
    rising = builder_scenario({"trend_goal": "phone_access", "trend_annual": "2", "trend_from": 2025})["levers"]
    falling = builder_scenario(
        {"trend_annual": "−1,5", "trend_from": 2025, "trend_forms": ["egen_regi", "intraprenad"]}
    )["levers"]

    assert rising == [{"type": "goal_trend", "goal": "phone_access", "from_year": 2025, "annual": 0.02}]
    assert falling == [
        {
            "type": "goal_trend",
            "goal": "phone_access",
            "from_year": 2025,
            "annual": -0.015,
            "forms": ["egen_regi", "intraprenad"],
        }
    ]


def test_a_rising_goal_trend_raises_goal_pay_from_its_year():
    plain = region_rows(builder_document())
    rising = region_rows(builder_document({"trend_annual": "5", "trend_from": 2025}))

    assert rising[0]["goal_unpaid"] == pytest.approx(plain[0]["goal_unpaid"])
    assert rising[1]["goal_unpaid"] < plain[1]["goal_unpaid"]
    assert rising[2]["goal_unpaid"] < rising[1]["goal_unpaid"]


def test_the_goal_choices_are_the_goals_the_rules_define():
    form = filled_form(rules_document())
    without_goals = prepare(minimal_document(centres=centres())).document

    assert [key for key, _label in form.fields["trend_goal"].choices] == ["phone_access"]
    assert dict(form.fields["trend_goal"].choices)["phone_access"] == "Telefontillgänglighet"
    refused = filled_form(without_goals, {"trend_annual": "2", "trend_from": 2025})
    assert not refused.is_valid() and "inga mål" in " ".join(refused.errors["trend_annual"])


def test_an_empty_start_capital_follows_the_presets_rule_for_the_chosen_centres():
    by_rule = builder_scenario({"convert_centres": ["E1"], "convert_year": 2025})["levers"][0]
    given = builder_scenario({"convert_centres": ["E1"], "convert_year": 2025, "convert_start_capital": "0"})
    document = rules_document()

    assert by_rule["start_capital"] == intraprenad_start_capital(5000) > 0
    assert given["levers"][0]["start_capital"] == 0
    assert builder_initial(document, "AA").get("convert_start_capital", "") == ""
    assert "Intraprenad för alla" in filled_form(document).fields["convert_start_capital"].help_text


def test_the_conversion_of_every_egen_regi_centre_opens_with_all_chosen_and_its_start_capital_by_rule():
    """The preset "Intraprenad för alla" converts by form; the builder shows it as every egen regi
    centre, its start capital as the rule, and saves it to the same figures."""
    preset = {
        "type": "convert_form",
        "year": 2025,
        "from": "egen_regi",
        "to": "intraprenad",
        "unit": "AA Intraprenad",
        "start_capital": intraprenad_start_capital(5000),
    }
    document = rules_document([preset])

    initial = builder_initial(document, "AA")
    saved = builder_scenario({}, document)

    assert (initial["convert_centres"], initial["convert_year"], initial["convert_start_capital"]) == (["E1"], 2025, "")
    assert kept_parts({}, [preset]).levers == []
    again = minimal_document(centres=centres()) | deep_merge(RULES, saved["overrides"]) | {"levers": saved["levers"]}
    assert region_rows(again) == region_rows(minimal_document(centres=centres(), levers=[preset]) | RULES)


def test_a_saved_scenario_with_the_new_levers_opens_with_its_fields_filled_and_saves_them_unchanged():
    levers = [
        {"type": "goal_trend", "goal": "phone_access", "from_year": 2025, "annual": -0.01, "forms": ["private"]},
        {"type": "overhead_reduction", "from_year": 2026, "share": 0.25, "funded_by": "saved"},
        {
            "type": "convert_form",
            "year": 2025,
            "centres": ["E1"],
            "to": "intraprenad",
            "unit": "Ny",
            "start_capital": 2_000_000,
        },
    ]
    document = rules_document(levers)

    initial = builder_initial(document, "AA")
    saved = builder_scenario({}, document)

    assert {k: initial[k] for k in ("trend_goal", "trend_annual", "trend_from", "trend_forms")} == {
        "trend_goal": "phone_access",
        "trend_annual": "-1",
        "trend_from": 2025,
        "trend_forms": ["private"],
    }
    assert (initial["overhead_share"], initial["overhead_from"], initial["overhead_funded_by"]) == ("25", 2026, "saved")
    assert initial["convert_start_capital"] == "2000000"
    assert kept_parts({}, levers).levers == []
    assert sorted(saved["levers"], key=lambda lever: lever["type"]) == sorted(levers, key=lambda lever: lever["type"])


def test_an_overhead_reduction_for_both_region_run_forms_opens_in_the_form_and_one_form_is_kept():
    both = {"type": "overhead_reduction", "from_year": 2025, "share": 0.5, "forms": ["egen_regi", "intraprenad"]}
    one = {"type": "overhead_reduction", "from_year": 2025, "share": 0.5, "forms": ["intraprenad"]}

    assert kept_parts({}, [both]).levers == []
    assert kept_parts({}, [one]).levers == [one]
    assert builder_initial(rules_document([both]), "AA")["overhead_funded_by"] == "region"


def test_an_address_holds_the_new_choices_and_reopens_them():
    """What the page writes into its address (the fields that differ, lists repeated) opens the
    same choices again."""
    document = rules_document()
    initial = builder_initial(document, "AA")
    changes = {
        "budget_per_listed_year_1": "2026",
        "budget_per_listed_later_1": "4500",
        "trend_annual": "3",
        "trend_from": "2025",
        "trend_forms": ["egen_regi", "private"],
        "overhead_share": "40",
        "overhead_from": "2025",
        "overhead_funded_by": "saved",
        "convert_centres": ["E1"],
        "convert_year": "2026",
    }
    query = QueryDict(mutable=True)
    for name, value in changes.items():
        query.setlist(name, value if isinstance(value, list) else [value])

    reopened = builder_form(document, initial | address_values(query, initial, ["E1"]))

    assert reopened.is_valid(), reopened.errors
    assert to_scenario(reopened.cleaned_data, 2024) == builder_scenario(changes)


def test_select_all_and_none_set_the_centres_to_convert_when_the_form_is_sent_without_javascript():
    initial = builder_initial(rules_document(), "AA")
    sent = "budget_per_listed=4000&fixed_share=90&convert_centres=E1&convert_year=2025"

    everyone = address_values(QueryDict(sent + "&convert_select=all"), initial, ["E1", "E2"])
    nobody = address_values(QueryDict(sent + "&convert_select=none"), initial, ["E1", "E2"])
    applied = address_values(QueryDict("budget_per_listed=4000&apply=1"), initial, ["E1", "E2"])

    assert everyone["convert_centres"] == ["E1", "E2"] and nobody["convert_centres"] == []
    assert applied["neutrality_compensation"] is False and applied["trend_forms"] == []


def test_every_field_names_its_help_and_its_error_for_assistive_technology():
    form = filled_form(rules_document())

    html = str(form["trend_annual"]) + str(form["budget_per_listed_later_1"]) + str(form["overhead_funded_by"])

    assert 'aria-describedby="id_trend_annual_helptext error-trend_annual"' in html
    assert 'aria-describedby="error-budget_per_listed_later_1"' in html
    assert 'aria-describedby="id_overhead_funded_by_helptext error-overhead_funded_by"' in html


def test_a_saved_scenario_opens_in_the_builder_and_saves_again_to_the_same_projection():
    """The ledger example as a saved scenario: rules in its document, its six levers its own. The
    form shows what it can (the conversion of named centres, a goal trend for one form, the dated
    budget), keeps the others (levers with selectors, an overhead cut for one form, a drawdown)."""
    raw = example("ledger")
    raw.pop("variants")
    document = prepare(raw).document
    rules = {k: v for k, v in raw.items() if k not in ("levers", "centres")}
    form = filled_form(document)
    assert form.is_valid(), form.errors

    kept = kept_parts({}, document["levers"])
    saved = to_scenario(form.cleaned_data, document["base_year"], kept)

    again = deep_merge(rules, saved["overrides"]) | {"levers": saved["levers"], "centres": raw["centres"]}
    assert [lever["type"] for lever in kept.levers] == [
        "hired_share",
        "efficiency",
        "overhead_reduction",
        "gp_list_target",
        "drawdown",
    ]
    assert saved["overrides"]["compensation"]["budget_per_listed"] == {"2024": 4000, "2027": 4200}
    assert [lever["type"] for lever in saved["levers"]] == [lever["type"] for lever in raw["levers"]]
    assert scenario_project(prepare(again)) == scenario_project(prepare(raw))
