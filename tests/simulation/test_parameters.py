"""The rule-parameter table and the validator agree: every rule field has one entry, and each
entry's bounds and default are the validator's own."""

import pytest

from simulation.core.engine import inputs
from simulation.core.scenario import ScenarioInvalid, validate_rules
from simulation.core.scenario.parameters import (
    DEFICIT_POLICIES,
    FORMS,
    GOAL_KEYS,
    GROUPS,
    PARAMETERS_BY_PATH,
    RULE_PARAMETERS,
    UNITS,
    parameter,
)

GOAL = {"key": "phone_access", "weight": 1, "floor": 0.2, "target": 0.8}
MINIMAL = {"compensation": {"budget_per_listed": 4000, "fixed_share": 0.8, "goal_share": 0.1, "goals": [GOAL]}}


def _leaves(value, path=""):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item, f"{path}[]")
    else:
        yield path


def _with(path: str, value) -> dict:
    """MINIMAL with the parameter at ``path`` set to ``value``."""
    rules = {"compensation": dict(MINIMAL["compensation"], goals=[dict(GOAL)])}
    if path.startswith("compensation.goals[]."):
        rules["compensation"]["goals"][0][path.rsplit(".", 1)[1]] = value
        if path.endswith("floor") and value > 0.5:
            rules["compensation"]["goals"][0]["target"] = 1
        return rules
    node = rules
    *parents, key = path.split(".")
    for part in parents:
        node = node.setdefault(part, {})
    node[key] = value
    return rules


def _refused_at(rules: dict) -> list[str]:
    try:
        validate_rules(rules)
    except ScenarioInvalid as invalid:
        return [p.path for p in invalid.problems]
    return []


def test_every_rule_field_the_validator_knows_has_one_table_entry_and_no_more():
    normal = validate_rules(MINIMAL)

    known = {p for p in _leaves(normal) if p.split(".")[0] not in ("horizon", "uncertainty")}

    assert known - {"compensation.goals[].key"} == set(PARAMETERS_BY_PATH)
    assert len(PARAMETERS_BY_PATH) == len(RULE_PARAMETERS)


def test_every_entry_has_a_group_unit_labels_and_help():
    for p in RULE_PARAMETERS:
        assert p.group in GROUPS and p.unit in UNITS, p.path
        assert p.label_sv and p.label_en and p.help, p.path


def test_the_tables_names_are_the_engines():
    assert (FORMS, DEFICIT_POLICIES, GOAL_KEYS) == (inputs.FORMS, inputs.DEFICIT_POLICIES, inputs.GOAL_KEYS)


@pytest.mark.parametrize("p", [p for p in RULE_PARAMETERS if p.kind == "number"], ids=lambda p: p.path)
def test_bounds_are_the_validators(p):
    path = p.path.replace("[]", "[0]")
    step = 1 if p.whole else max(1e-6, p.high * 1e-9)
    # A goal's weights must sum to 1 and its target exceed its floor (R9): at a bound the cross-field
    # rules may refuse the document elsewhere, so for goals only the refusals outside are compared.
    alone = "[]" not in p.path

    assert path in _refused_at(_with(p.path, p.high + step))
    assert path in _refused_at(_with(p.path, p.low if p.strict_low else p.low - step))
    if alone:
        assert _refused_at(_with(p.path, p.high)) == []
        assert _refused_at(_with(p.path, p.low + step if p.strict_low else p.low)) == []


@pytest.mark.parametrize("p", [p for p in RULE_PARAMETERS if not p.required], ids=lambda p: p.path)
def test_defaults_are_the_validators(p):
    normal = validate_rules({"compensation": {"budget_per_listed": 4000, "fixed_share": 0.8}})

    value = normal
    for part in p.path.split("."):
        value = value[part]

    assert value == p.default


def test_a_goal_index_finds_its_entry():
    assert parameter("compensation.goals[3].target").label_sv == "Målnivå"
    assert parameter("compensation.fixed_share").label_sv == "Fast andel"
