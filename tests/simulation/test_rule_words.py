"""Rules in words (issue 23): Swedish genitives and changed choices said to hold for the whole rulebook."""

import pytest

from simulation.core.scenario.parameters import PARAMETERS_BY_PATH
from simulation.core.scenario.rule_words import RuleChange, genitive


@pytest.mark.parametrize(
    ("name", "owner"),
    [
        ("Region Jämtland Härjedalen", "Region Jämtland Härjedalens"),
        ("Region Västerbotten", "Region Västerbottens"),
        ("Region Örebro län", "Region Örebro läns"),
        ("Hans", "Hans"),
        ("Max", "Max"),
        ("Version 3", "Version 3:s"),
    ],
)
def test_a_swedish_genitive_adds_s_unless_the_name_ends_in_s_x_or_z(name, owner):
    assert genitive(name) == owner


def test_an_english_genitive():
    assert genitive("Region Västerbotten", "en") == "Region Västerbotten's"


def test_a_changed_choice_applies_to_the_whole_rulebook_and_a_number_does_not_say_so():
    choice = RuleChange("ledger.private.deficit", PARAMETERS_BY_PATH["ledger.private.deficit"], "borne", "covered")
    number = RuleChange("compensation.fixed_share", PARAMETERS_BY_PATH["compensation.fixed_share"], 0.8, {"2024": 0.8})

    assert choice.words("sv", 2024).endswith("(gäller hela regelboken (från 2024): val kan inte dateras)")
    assert "hela regelboken" not in number.words("sv", 2024)
