"""One test per refusal class of §8, plus what must be accepted."""

import pytest

from simulation.core.scenario import ScenarioInvalid, load_text, prepare
from tests.conftest import minimal_document


def problems(document):
    with pytest.raises(ScenarioInvalid) as refused:
        prepare(document)
    return {p.path: p.message for p in refused.value.problems}


def test_unknown_key_is_refused_with_a_suggestion(minimal):
    minimal["compensation"]["fixd_share"] = 0.8

    assert problems(minimal) == {"compensation.fixd_share": "unknown key (did you mean fixed_share?)"}


def test_required_keys_are_named(minimal):
    del minimal["compensation"]["fixed_share"]
    del minimal["centres"][1]["listed"]

    assert problems(minimal) == {"compensation.fixed_share": "required", "centres[1].listed": "required"}


def test_share_out_of_range_is_refused_at_its_dated_path(minimal):
    minimal["compensation"]["fixed_share"] = {"2024": 0.87, "2026": 1.3}

    assert problems(minimal) == {"compensation.fixed_share.2026": "must be within 0–1"}


def test_dated_value_keys_must_be_years(minimal):
    minimal["compensation"]["fixed_share"] = {"from 2026": 0.7}

    assert problems(minimal) == {"compensation.fixed_share.from 2026": "must be a year such as 2026"}


def test_bad_enum_lists_the_choices(minimal):
    minimal["ledger"] = {"intraprenad": {"deficit": "forgiven"}}

    assert problems(minimal) == {"ledger.intraprenad.deficit": "must be one of covered, carried, borne"}


def test_negative_listed_is_refused(minimal):
    minimal["centres"][2]["listed"] = -1

    assert problems(minimal) == {"centres[2].listed": "must be ≥ 0"}


def test_text_in_a_number_field_is_refused(minimal):
    minimal["centres"][0]["staff_cost"] = "many"

    assert problems(minimal) == {"centres[0].staff_cost": "must be a number (got 'many')"}


def test_duplicate_centre_ids_are_refused(minimal):
    minimal["centres"][2]["id"] = "E1"

    assert problems(minimal) == {"centres[2].id": "duplicate id E1 (also centres[0])"}


def test_a_unit_mixing_forms_is_refused(minimal):
    minimal["centres"][1]["unit"] = "E1"

    assert problems(minimal) == {
        "centres[1].unit": "unit E1 would hold centres of different forms in 2024 (egen_regi: E1; intraprenad: I1)"
    }


def test_a_conversion_that_mixes_a_unit_is_refused_at_the_lever(minimal):
    minimal["levers"] = [{"type": "convert_form", "year": 2025, "centres": ["P1"], "to": "private", "unit": "E1"}]

    assert problems(minimal) == {
        "levers[0]": "unit E1 would hold centres of different forms in 2025 (egen_regi: E1; private: P1)"
    }


def test_levers_naming_unknown_centres_or_units_are_refused(minimal):
    minimal["levers"] = [
        {"type": "efficiency", "from_year": 2025, "annual": 0.01, "centres": ["E1", "NOPE"]},
        {"type": "drawdown", "unit": "GHOST", "year": 2025, "amount": 1},
    ]

    assert problems(minimal) == {
        "levers[0].centres[1]": "unknown centre NOPE",
        "levers[1].unit": "unknown unit GHOST (not in the data nor created by an earlier conversion)",
    }


def test_a_drawdown_may_name_a_unit_an_earlier_conversion_creates(minimal):
    minimal["levers"] = [
        {"type": "convert_form", "year": 2025, "from": "egen_regi", "to": "intraprenad", "unit": "NEW"},
        {"type": "drawdown", "unit": "NEW", "year": 2026, "amount": 1},
    ]

    assert prepare(minimal).runs[0][0] == "baseline"


def test_supplements_exceeding_the_fixed_pot_are_refused_with_the_year(minimal):
    minimal["compensation"] |= {"fixed_share": {"2024": 0.9, "2026": 0.05}, "sparsity_per_listed": 300}
    for centre in minimal["centres"]:
        centre["rural"] = True

    with pytest.raises(ScenarioInvalid) as refused:
        prepare(minimal)

    assert [str(p) for p in refused.value.problems] == ["compensation: supplements exceed the fixed pot in 2026"]


def test_goal_weights_must_sum_to_one_and_targets_exceed_floors(minimal):
    minimal["compensation"] |= {
        "goal_share": 0.2,
        "goals": [
            {"key": "phone_access", "weight": 0.5, "floor": 0.7, "target": 0.9},
            {"key": "assessment_3d", "weight": 0.4, "floor": 0.8, "target": 0.8},
        ],
    }

    assert problems(minimal) == {
        "compensation.goals[1].target": "must be greater than floor",
        "compensation.goals": "weights must sum to 1 (they sum to 0.9)",
    }


def test_variant_problems_point_into_the_variant(minimal):
    minimal["variants"] = [
        {
            "name": "bad",
            "overrides": {"compensation": {"fixed_share": 2}},
            "levers": [{"type": "efficiency", "from_year": 2025, "annual": 0.01, "centres": ["X"]}],
        },
        {"name": "baseline"},
        {"name": "moved", "overrides": {"centres": []}},
    ]

    assert problems(minimal) == {
        "variants[1].name": "baseline is the name of the document itself",
        "variants[2].overrides.centres": (
            "cannot be overridden by a variant (variants run on the same centres and years; overridable: "
            "assumptions, compensation, costs, ledger, neutrality_compensation, uncertainty)"
        ),
    }
    minimal["variants"] = minimal["variants"][:1]
    assert problems(minimal) == {
        "variants[0].overrides.compensation.fixed_share": "must be within 0–1",
        "variants[0].levers[0].centres[0]": "unknown centre X",
    }


def test_every_problem_is_listed_at_once(minimal):
    minimal["horizon"] = 0
    minimal["centres"][0]["cni"] = 0
    minimal["centres"][1]["operating_form"] = "kommunal"

    assert set(problems(minimal)) == {"horizon", "centres[0].cni", "centres[1].operating_form"}


def test_a_document_that_is_not_an_object_is_refused(minimal):
    assert problems([minimal]) == {"": "must be an object"}


def test_swedish_text_numbers_and_labels_are_accepted(minimal):
    minimal["compensation"]["fixed_share"] = "0,87"
    minimal["centres"][0] |= {"staff_cost": "1 485 000", "operating_form": "egen regi", "rural": "ja"}
    minimal["centres"][2]["operating_form"] = "privat"

    prepared = prepare(minimal)

    assert prepared.document["compensation"]["fixed_share"] == 0.87
    assert prepared.document["centres"][0]["staff_cost"] == 1_485_000
    assert prepared.document["centres"][0]["rural"] is True
    assert prepared.document["centres"][2]["operating_form"] == "private"


def test_defaults_are_filled_in_the_normalised_document(minimal):
    document = prepare(minimal).document

    assert document["horizon"] == 3
    assert document["ledger"]["egen_regi"] == {
        "surplus_retention": 0.0,
        "deficit": "covered",
        "restoration_years": 3,
        "return_requirement": 0.0,
        "surplus_cap": None,
        "surplus_expiry_years": None,
    }
    assert document["centres"][0]["unit"] == "E1"
    assert document["centres"][0]["cni"] == 1.0
    assert document["costs"] == {"hired_premium": 1.0, "gp_cost_per_fte": 0.0}


def test_yaml_documents_are_read():
    text = "schema: vardpeng.scenario/1\nname: y\nbase_year: 2024\n"

    assert load_text(text, "doc.yaml") == {"schema": "vardpeng.scenario/1", "name": "y", "base_year": 2024}


def test_broken_json_says_where():
    with pytest.raises(ScenarioInvalid) as refused:
        load_text('{"name": }', "doc.json")

    assert str(refused.value) == "not valid JSON: Expecting value at line 1, column 10"


def test_variants_run_on_the_same_centres(minimal):
    minimal["variants"] = [{"name": "70/30", "overrides": {"compensation": {"fixed_share": 0.7}}}]

    runs = prepare(minimal).runs

    assert [name for name, _ in runs] == ["baseline", "70/30"]
    assert runs[1][1].compensation.fixed_share.tolist() == [0.7, 0.7, 0.7]
    assert runs[1][1].centres.ids == runs[0][1].centres.ids


def test_minimal_document_fixture_is_valid():
    assert prepare(minimal_document()).name == "minimal"
