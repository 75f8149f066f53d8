"""The validator's problems with a rulebook in the rules page's words (issue 23, §8).

The core answers in one language with document paths (``compensation.goals: weights must sum to
1``): right for the API, wrong for an analyst at a form. Here each problem becomes the form field
it belongs to (by the rule-parameter table) and a sentence with the parameter's label, through
the message catalogue. A message this table does not know is still shown, after the label, rather
than lost: a new validator message must never hide a refusal.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from simulation.core.numbers import current_language, parse_number
from simulation.core.scenario import Problem
from simulation.core.scenario.parameters import PARAMETERS_BY_PATH, RuleParameter
from simulation.core.scenario.rule_words import GOAL_WORDS
from simulation.services.rulebooks import UNCHANGED

PERCENT_UNITS = ("share", "growth")


def _number(parameter: RuleParameter | None, text: str) -> str:
    """A bound from the validator (0.5, 1e+06) as the field shows it: per cent for shares."""
    try:
        value = parse_number(text)
    except ValueError:
        return text
    if parameter is not None and parameter.unit in PERCENT_UNITS:
        return _decimal(value * 100) + "\N{NO-BREAK SPACE}%"
    return _decimal(value)


def _decimal(value: float) -> str:
    text = f"{value:.10g}"
    return text.replace(".", ",") if current_language() == "sv" else text


#: Validator message (regex, matched on the whole message) → the sentence in the page's words.
_MESSAGES: list[tuple[str, Callable[[re.Match, RuleParameter | None], str]]] = [
    (r"required", lambda m, p: _("must be given")),
    (r"must be within 0–1", lambda m, p: _("must be from 0 to 100 %")),
    (r"must be ≥ (?P<n>\S+)", lambda m, p: _("must be at least %(n)s") % {"n": _number(p, m["n"])}),
    (r"must be > (?P<n>\S+)", lambda m, p: _("must be above %(n)s") % {"n": _number(p, m["n"])}),
    (r"must be ≤ (?P<n>\S+)", lambda m, p: _("may be at most %(n)s") % {"n": _number(p, m["n"])}),
    (r"must be a whole number", lambda m, p: _("must be a whole number")),
    (r"must be a number.*", lambda m, p: _("must be a number")),
    (r"must be true or false.*", lambda m, p: _("must be yes or no")),
    (r"must be one of (?P<options>.+)", lambda m, p: _("must be one of %(options)s") % {"options": m["options"]}),
    (r"must be greater than floor", lambda m, p: _("must be above the goal's floor")),
    (r"duplicate goal (?P<key>\S+)", lambda m, p: _("the goal %(goal)s is given twice") % {"goal": _goal(m["key"])}),
    (
        r"weights must sum to 1 \(they sum to (?P<n>[^)]+)\)",
        lambda m, p: (
            _("the goals' weights must add up to 100 %% (they add up to %(n)s)")
            % {"n": _decimal(parse_number(m["n"]) * 100) + "\N{NO-BREAK SPACE}%"}
        ),
    ),
    (
        r"supplements exceed the fixed pot in (?P<year>\d+)",
        lambda m, p: (
            _(
                "in %(year)s the supplements exceed the fixed part of the compensation: the region's baseline "
                "cannot be calculated. Raise the fixed share or lower the supplements."
            )
            % {"year": m["year"]}
        ),
    ),
    (r"the figures overflow.*", lambda m, p: _("the figures become too large to calculate with")),
    (r"unknown key.*", lambda m, p: _("is not a rule parameter")),
    (r"must be an object.*", lambda m, p: _("must be a group of parameters")),
    (r"must be a list", lambda m, p: _("must be a list")),
    (r"must be a year such as \d+", lambda m, p: _("must be a year such as 2026")),
    (r"must hold at least one year", lambda m, p: _("must hold at least one year")),
]


def _goal_at(path: str, rules: Any) -> str:
    match = re.match(r"compensation\.goals\[(\d+)\]", path)
    if not match or not isinstance(rules, dict):
        return ""
    goals = (rules.get("compensation") or {}).get("goals") if isinstance(rules.get("compensation"), dict) else None
    index = int(match.group(1))
    if not isinstance(goals, list) or index >= len(goals) or not isinstance(goals[index], dict):
        return ""
    return _goal(str(goals[index].get("key", "")))


def _goal(key: str) -> str:
    return GOAL_WORDS[current_language()].get(key, key)


def _parameter(path: str) -> RuleParameter | None:
    plain = re.sub(r"\[\d+\]", "[]", path)
    plain = re.sub(r"\.\d{4}$", "", plain)  # a dated value's year belongs to its parameter
    return PARAMETERS_BY_PATH.get(plain)


def _where(path: str, parameter: RuleParameter | None) -> str:
    """The label of what is wrong: the parameter's, a goal's, a section's, else the path itself."""
    if parameter is not None:
        return parameter.label(current_language())
    if path.startswith("compensation.goals"):
        return _("Goal pay")
    sections = {
        "": _("The compensation"),
        "rules": _("The rules"),
        "compensation": _("The compensation"),
        "assumptions": _("The assumptions"),
        "costs": _("The costs"),
        "ledger": _("The ledger rules"),
        "neutrality_compensation": _("Neutrality compensation"),
    }
    return sections.get(path.split(".")[0] if "." not in path else path, path)


def problem_path(problem: Problem) -> str:
    """Where the problem belongs on the form: supplements over the fixed pot (R8, found for the
    whole ``compensation``) at the fixed share, which sizes the pot; else the validator's path."""
    path = problem.path.removeprefix("rules.").removeprefix("rules")
    if path == "compensation" and problem.message.startswith("supplements exceed the fixed pot"):
        return "compensation.fixed_share"
    return path


def problem_sentence(problem: Problem, rules: Any = None) -> str:
    """``Fast andel: måste vara från 0 till 100 %`` — the problem's path stripped of ``rules.``;
    ``rules`` (those checked) name a goal by its words rather than its place in the list."""
    if problem.message == UNCHANGED:
        return _("No changes to save.")
    path = problem_path(problem)
    parameter = _parameter(path)
    where = _where(path, parameter)
    goal = _goal_at(path, rules)
    if goal and parameter is not None:
        where = f"{goal}: {where.lower()}"
    year = re.search(r"\.(\d{4})$", path)
    for pattern, words in _MESSAGES:
        match = re.fullmatch(pattern, problem.message)
        if match:
            message = words(match, parameter)
            break
    else:
        message = problem.message
    if year:
        where = _("%(label)s (from %(year)s)") % {"label": where, "year": year.group(1)}
    return f"{where}: {message}"
