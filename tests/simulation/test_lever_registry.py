"""Every lever type is one registry entry (simulation.core.scenario.levers) plus its engine effect."""

from simulation.core.engine.inputs import ConvertForm, Drawdown
from simulation.core.engine.levers import EFFECTS
from simulation.core.scenario import prepare
from simulation.core.scenario.json_schema import components
from simulation.core.scenario.levers import LEVER_TYPES
from tests.conftest import minimal_document

EXAMPLES = {
    "convert_form": {"type": "convert_form", "year": 2025, "to": "intraprenad", "from": ["egen_regi"]},
    "hired_share": {"type": "hired_share", "year": 2026, "target": 0.05},
    "efficiency": {"type": "efficiency", "from_year": 2025, "annual": 0.01},
    "overhead_reduction": {"type": "overhead_reduction", "from_year": 2025, "share": 0.2},
    "goal_trend": {"type": "goal_trend", "goal": "phone_access", "from_year": 2025, "annual": 0.02},
    "gp_list_target": {"type": "gp_list_target", "from_year": 2025, "listed_per_gp": 1100},
    "drawdown": {"type": "drawdown", "unit": "I1", "year": 2025, "amount": 100_000},
}


def test_every_registered_lever_type_validates_builds_and_has_an_effect():
    assert set(EXAMPLES) == set(LEVER_TYPES)

    for kind, lever in EXAMPLES.items():
        goals = [{"key": "phone_access", "weight": 1, "floor": 0.5, "target": 0.9}]
        compensation = {"budget_per_listed": 4000, "fixed_share": 0.9, "goal_share": 0.1, "goals": goals}
        model = prepare(minimal_document(levers=[lever], compensation=compensation)).runs[0][1]
        built = model.levers[0]

        assert type(built) in EFFECTS or isinstance(built, ConvertForm | Drawdown), kind


def test_the_json_schema_has_one_lever_per_registered_type():
    kinds = [option["properties"]["type"]["const"] for option in components()["Lever"]["oneOf"]]

    assert kinds == list(LEVER_TYPES)


def test_registry_defaults_fill_in_what_a_document_leaves_out():
    prepared = prepare(minimal_document(levers=[EXAMPLES["gp_list_target"], EXAMPLES["convert_form"]]))

    gp, conversion = prepared.document["levers"]
    assert gp["phase_years"] == 1.0
    assert conversion["start_capital"] == 0.0


def test_every_registered_lever_type_has_a_label_and_a_sentence_in_swedish_and_english():
    from django.utils import translation

    from simulation.core import numbers
    from simulation.presentation.describe import lever_text

    for kind, lever_type in LEVER_TYPES.items():
        said = {}
        for language in ("sv", "en"):
            with translation.override(language), numbers.language_of(language):
                label = translation.gettext(lever_type.label)
                said[language] = (label, lever_text(EXAMPLES[kind]))

        assert said["en"][0] == lever_type.label and said["en"][0], kind
        assert said["sv"][0] != said["en"][0], f"no Swedish label for {kind}"
        assert said["sv"][1] != said["en"][1] and "%(" not in said["sv"][1] + said["en"][1], kind
        assert said["en"][1] != kind, kind
