"""The rules page's form (issue 23), built from the rule-parameter table: one field per parameter,
grouped as a region's analyst thinks of them, each with its Swedish label, unit, help and the
value in force in words ("från 2026: 70 %"); and reading a submitted form back into rules.

A field left blank keeps its value. A changed number applies from the year the analyst names
(§1's dated values): the steps before that year stay, the new value holds from it on — so "70 %
from 2026" on a rulebook with 87 % gives ``{"2024": 0.87, "2026": 0.70}``. Choices and yes/no are
not dated (§2) and change for the whole rulebook. Shares are written in per cent, as people do.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from simulation.core.numbers import NotANumber, current_language, parse_number
from simulation.core.scenario.parameters import GOAL_KEYS, GROUPS, RULE_PARAMETERS, RuleParameter
from simulation.core.scenario.rule_words import CHOICE_WORDS, GOAL_WORDS, value_words

PERCENT_UNITS = ("share", "growth")
#: Digits grouped in threes by dots ("4.400", "1.234.567"): a thousands separator to a Swede.
_DOT_THOUSANDS = re.compile(r"[-−]?\d{1,3}(\.\d{3})+")


@dataclass
class FieldView:
    parameter: RuleParameter
    name: str
    current: str  # the value in force, in words
    value: str = ""  # what was submitted
    error: str = ""
    goal: str | None = None
    checked: bool = False  # a nullable field's "none", a goal's "used", a boolean's yes

    @property
    def id(self) -> str:
        return "f-" + self.name.replace(".", "-").replace("_", "-")

    @property
    def label(self) -> str:
        return self.parameter.label(current_language())

    @property
    def help(self) -> str:
        # The table's help is Swedish; an English reader gets the English label and unit only.
        return self.parameter.help if current_language() == "sv" else ""

    @property
    def unit(self) -> str:
        return self.parameter.unit_label(current_language())

    @property
    def percent(self) -> bool:
        """Typed in per cent: 70 is 70 % and 0,5 is half a per cent (the help says so)."""
        return self.parameter.unit in PERCENT_UNITS and self.parameter.kind == "number"

    @property
    def choices(self) -> list[tuple[str, str]]:
        return [(c, CHOICE_WORDS[current_language()][c]) for c in self.parameter.choices]


@dataclass
class GroupView:
    key: str
    label: str
    fields: list[FieldView] = field(default_factory=list)
    goals: list[dict[str, Any]] = field(default_factory=list)  # goal → its used box and its fields


def _at(rules: dict, path: str) -> Any:
    node: Any = rules
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node


def _goal(rules: dict, key: str) -> dict | None:
    return next((g for g in (rules.get("compensation") or {}).get("goals") or [] if g.get("key") == key), None)


def _current_words(parameter: RuleParameter, value: Any) -> str:
    if value is None and parameter.default is not None and not parameter.nullable:
        value = parameter.default
    if value is None and not parameter.nullable:
        return "–"
    return value_words(parameter, value, current_language())


def form_groups(rules: dict, data: Any = None, errors: dict[str, str] | None = None) -> list[GroupView]:
    """Every parameter, grouped in the table's order, with the value in force and what was sent."""
    errors = errors or {}
    data = data or {}
    language = current_language()
    groups = {key: GroupView(key, sv if language == "sv" else en) for key, (sv, en) in GROUPS.items()}
    for parameter in RULE_PARAMETERS:
        if "[]" in parameter.path:
            continue
        value = _at(rules, parameter.path)
        view = FieldView(parameter, parameter.path, _current_words(parameter, value), data.get(parameter.path, ""))
        view.error = errors.get(parameter.path, "")
        if parameter.kind == "boolean":
            view.checked = bool(value) if not data else data.get(parameter.path) == "on"
        elif parameter.kind == "choice":
            view.value = data.get(parameter.path) or value or parameter.default
        elif parameter.nullable:
            view.checked = data.get(f"{parameter.path}.none") == "on"
        groups[parameter.group].fields.append(view)
    goal_parameters = [p for p in RULE_PARAMETERS if "[]" in p.path]
    for key in GOAL_KEYS:
        goal = _goal(rules, key)
        used_name = f"compensation.goals.{key}.used"
        fields = []
        for parameter in goal_parameters:
            name = f"compensation.goals.{key}.{parameter.key}"
            current = value_words(parameter, goal[parameter.key], language) if goal else "–"
            view = FieldView(parameter, name, current, data.get(name, ""), errors.get(name, ""), goal=key)
            fields.append(view)
        used = (goal is not None) if not data else data.get(used_name) == "on"
        groups["goals"].goals.append(
            {"key": key, "label": GOAL_WORDS[language][key], "used_name": used_name, "used": used, "fields": fields}
        )
    return list(groups.values())


def _field_value(parameter: RuleParameter, text: str) -> tuple[float | None, str]:
    """A number as written on the page (per cent for shares), checked against the table's bounds,
    with the refusal in the page's words and units."""
    label = parameter.label(current_language())
    factor = 100.0 if parameter.unit in PERCENT_UNITS else 1.0
    if factor == 100:
        text = text.removesuffix("%").strip()  # "70 %" is how people write a share
    if _DOT_THOUSANDS.fullmatch(text):
        # "4.400" is 4 400 to many Swedes and 4,4 to the parser: refuse rather than guess.
        return None, _(
            "%(label)s: %(text)s is ambiguous. Write thousands with a space or nothing (4 400 or 4400) "
            "and decimals with a comma (4,4)."
        ) % {"label": label, "text": text}
    try:
        number = parse_number(text)
    except NotANumber:
        if factor == 100:
            return None, _("%(label)s: write a number in per cent, such as 70.") % {"label": label}
        return None, _("%(label)s: write a number in %(unit)s, such as 4 400.") % {
            "label": label,
            "unit": parameter.unit_label(current_language()),
        }
    low, high = parameter.low, parameter.high
    unit = " %" if factor == 100 else f" {parameter.unit_label(current_language())}"
    if parameter.whole and number != int(number):
        return None, _("%(label)s must be a whole number.") % {"label": label}
    if low is not None and (number <= low * factor if parameter.strict_low else number < low * factor):
        message = (
            _("%(label)s must be above %(low)s.") if parameter.strict_low else _("%(label)s must be at least %(low)s.")
        )
        return None, message % {"label": label, "low": _page_number(low * factor) + unit}
    if high is not None and number > high * factor:
        return None, _("%(label)s may be at most %(high)s.") % {
            "label": label,
            "high": _page_number(high * factor) + unit,
        }
    value = number / factor
    return (int(value) if parameter.whole else round(value, 12)), ""


def _page_number(value: float) -> str:
    text = str(int(value)) if float(value).is_integer() else str(value)
    return text.replace(".", ",") if current_language() == "sv" else text


def dated_from(old: Any, new: float, year: int, first_year: int) -> Any:
    """``old`` with ``new`` from ``year`` on (§1): earlier steps stay, later ones give way."""
    if year <= first_year:
        return new
    steps = dict(old) if isinstance(old, dict) else ({str(first_year): old} if old is not None else {})
    kept = {y: v for y, v in steps.items() if int(y) < year}
    if not kept:
        return new
    return dict(sorted({**kept, str(year): new}.items()))


def rules_from_form(rules: dict, data: Any, year: int, first_year: int) -> tuple[dict, dict[str, str]]:
    """The rules with the submitted changes, and the refusals by field name (nothing when none)."""
    changed = copy.deepcopy(rules)
    errors: dict[str, str] = {}
    for parameter in RULE_PARAMETERS:
        if "[]" in parameter.path:
            continue
        section, *keys = parameter.path.split(".")
        node = changed.setdefault(section, {}) if keys else changed
        for key in keys[:-1]:
            node = node.setdefault(key, {})
        last = keys[-1] if keys else section
        if parameter.kind == "boolean":
            changed[section] = data.get(parameter.path) == "on"
        elif parameter.kind == "choice":
            choice = data.get(parameter.path)
            if choice:
                node[last] = choice
        elif parameter.nullable and data.get(f"{parameter.path}.none") == "on":
            node.pop(last, None)
        elif (text := (data.get(parameter.path) or "").strip()) != "":
            value, error = _field_value(parameter, text)
            if error:
                errors[parameter.path] = error
            else:
                old = node.get(last, parameter.default)
                node[last] = dated_from(old, value, year, first_year)
    _goals_from_form(changed, data, year, first_year, errors)
    return changed, errors


def _goals_from_form(changed: dict, data: Any, year: int, first_year: int, errors: dict[str, str]) -> None:
    goals = []
    for key in GOAL_KEYS:
        if data.get(f"compensation.goals.{key}.used") != "on":
            continue  # a goal not ticked is removed (or stays absent)
        goal = copy.deepcopy(_goal(changed, key)) or {"key": key}
        for parameter in (p for p in RULE_PARAMETERS if "[]" in p.path):
            name = f"compensation.goals.{key}.{parameter.key}"
            text = (data.get(name) or "").strip()
            if text:
                value, error = _field_value(parameter, text)
                if error:
                    errors[name] = error
                    continue
                goal[parameter.key] = dated_from(goal.get(parameter.key), value, year, first_year)
            elif parameter.key not in goal:
                errors[name] = _("%(label)s: give a value for the new goal.") % {
                    "label": parameter.label(current_language())
                }
        goals.append(goal)
    changed.setdefault("compensation", {})["goals"] = goals


def field_name(path: str, rules: dict) -> str:
    """The form field a validator path points at (``compensation.goals[1].weight`` → by the goal's key)."""
    match = re.match(r"compensation\.goals\[(\d+)\](?:\.(\w+))?", path)
    if match:
        goals = (rules.get("compensation") or {}).get("goals") or []
        index = int(match.group(1))
        key = goals[index].get("key") if index < len(goals) else None
        return f"compensation.goals.{key}.{match.group(2) or 'weight'}" if key else "compensation.goals"
    parts = path.split(".")
    while parts and parts[-1].isdigit():
        parts.pop()  # a dated value's year: the field is the parameter's
    return ".".join(parts)
