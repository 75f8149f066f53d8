"""Parameters in words carry the reader's units: kronor are 'kr' in Swedish and 'SEK' in English."""

from django.utils import translation

from simulation.core import numbers
from simulation.presentation.describe import RULE_PARAMETERS, lever_text, value_text

NBSP = "\u00a0"


def say(path, value, language):
    with translation.override(language), numbers.language_of(language):
        return value_text(value, RULE_PARAMETERS[path])


def test_a_dated_supplement_reads_in_kronor_per_listed_in_either_language():
    dated = {"2024": 250, "2026": 375}

    assert (
        say("compensation.sparsity_per_listed", dated, "sv")
        == f"250{NBSP}kr per listad, från 2026: 375{NBSP}kr per listad"
    )
    assert (
        say("compensation.sparsity_per_listed", dated, "en")
        == f"250{NBSP}SEK per listed, from 2026: 375{NBSP}SEK per listed"
    )


def test_large_amounts_read_in_millions_and_fees_keep_their_oren():
    assert say("compensation.small_unit_amount", 1_500_000, "en") == f"1.5{NBSP}SEK{NBSP}m"
    assert say("compensation.patient_fee_per_visit", 112.5, "sv") == f"112,50{NBSP}kr"


def test_a_goal_trend_and_who_pays_the_overhead_read_as_sentences():
    trend = {"type": "goal_trend", "goal": "phone_access", "from_year": 2026, "annual": -0.015, "forms": ["private"]}
    cut = {"type": "overhead_reduction", "from_year": 2025, "share": 0.5, "funded_by": "saved"}
    central = {"type": "overhead_reduction", "from_year": 2025, "share": 0.5}

    with translation.override("sv"), numbers.language_of("sv"):
        words = [lever_text(lever) for lever in (trend, cut, central)]

    assert words[0] == f"Måluppfyllelsen för Telefontillgänglighet ändras med −1,5{NBSP}p.e. per år från 2026 (privat)"
    assert words[1].endswith(", tjänsterna dras ned") and words[2].endswith(", regionen betalar centralt")


def test_every_rule_parameter_is_named_as_the_rule_parameter_table_names_it():
    from simulation.core.scenario import parameters
    from simulation.core.scenario.prepare import prepare
    from tests.conftest import minimal_document

    document = prepare(minimal_document()).document
    for language in ("sv", "en"):
        with translation.override(language):
            named = describe_parameters(document)
        for path, (label, _value) in named.items():
            if (
                path.startswith(("compensation.", "assumptions.", "costs.", "neutrality"))
                and path != "compensation.goals"
            ):
                assert label == parameters.parameter(path).label(language), path
            if path.startswith("ledger."):
                assert label.endswith(parameters.parameter(path).label(language)[1:]), path


def describe_parameters(document):
    from simulation.presentation.describe import document_parameters

    return document_parameters(document)
