"""Rules in words: a parameter's value ("från 2026: 70 %") and the differences of two rulebooks
("Fast andel: 80 % → från 2026: 70 %"), read from the rule-parameter table. Pure: no Django.

Both rulebooks are compared as the validator normalises them (``validate_rules``), so that a value
written ``0,8`` and one written ``0.8`` are the same, and a default left out equals it written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from simulation.core import numbers
from simulation.core.scenario.parameters import RULE_PARAMETERS, RuleParameter

#: Deficit policies and goals as people say them.
CHOICE_WORDS = {
    "sv": {"covered": "täcks av regionen", "carried": "bärs med och återställs", "borne": "bärs av utföraren"},
    "en": {"covered": "covered by the region", "carried": "carried and restored", "borne": "borne by the provider"},
}
GOAL_WORDS = {
    "sv": {"phone_access": "Telefontillgänglighet", "assessment_3d": "Medicinsk bedömning inom 3 dagar"},
    "en": {"phone_access": "Telephone accessibility", "assessment_3d": "Medical assessment within 3 days"},
}
FORM_WORDS = {
    "sv": {"egen_regi": "Egen regi", "intraprenad": "Intraprenad", "private": "Privata"},
    "en": {"egen_regi": "Egen regi", "intraprenad": "Intraprenad", "private": "Private"},
}
_NONE = {"sv": {"surplus_cap": "inget tak", "surplus_expiry_years": "förfaller aldrig"}, "en": {}}
_NONE["en"] = {"surplus_cap": "no cap", "surplus_expiry_years": "never expires"}
_FROM = {"sv": "från", "en": "from"}
_YES_NO = {"sv": ("ja", "nej"), "en": ("yes", "no")}
#: Said of a changed choice: it applies from the rulebook's start, whatever year the change names.
_WHOLE = {
    "sv": "gäller hela regelboken (från {year}): val kan inte dateras",
    "en": "applies to the whole rulebook (from {year}): choices cannot be dated",
}


@dataclass(frozen=True)
class RuleChange:
    """One parameter whose value differs: ``path`` as in the document (a goal by its key)."""

    path: str
    parameter: RuleParameter
    before: Any
    after: Any
    goal: str | None = None

    @property
    def undated(self) -> bool:
        """A choice or yes/no (§2): it cannot change by year, so it holds for the whole rulebook."""
        return self.parameter.kind in ("choice", "boolean")

    def words(self, language: str = "sv", first_year: int | None = None) -> str:
        label = self.parameter.label(language)
        if self.parameter.section == "ledger":
            form = self.path.split(".")[1]
            label = f"{FORM_WORDS[language][form]}: {label.lower()}"
        if self.goal is not None:
            label = f"{GOAL_WORDS[language].get(self.goal, self.goal)}: {label.lower()}"
        absent = "saknas" if language == "sv" else "none"
        before = absent if self.before is _ABSENT else value_words(self.parameter, self.before, language)
        after = absent if self.after is _ABSENT else value_words(self.parameter, self.after, language)
        text = f"{label}: {before} → {after}"
        if self.undated and first_year is not None:
            text += f" ({_WHOLE[language].format(year=first_year)})"
        return text


_ABSENT = object()  # a goal one of the rulebooks does not have


def genitive(name: str, language: str = "sv") -> str:
    """A name as owner: Swedish adds ``s`` unless the name ends in s, x or z ("Region Jämtland
    Härjedalens", "Region Västerbottens", "Region Örebro läns"), and a colon after a digit or a
    capital abbreviation ("version 3:s", "AC:s"); English adds ``'s`` (``'`` after s)."""
    name = name.strip()
    if language != "sv":
        return f"{name}'" if name.endswith("s") else f"{name}'s"
    if name[-1:].isdigit() or (len(name) <= 4 and name.isupper()):
        return f"{name}:s"
    return name if name[-1:].lower() in ("s", "x", "z") else f"{name}s"


def single_words(parameter: RuleParameter, value: Any, language: str = "sv") -> str:
    """One plain value in the reader's format and unit."""
    if value is None:
        return _NONE[language].get(parameter.key, "–")
    if parameter.kind == "choice":
        return CHOICE_WORDS[language].get(value, str(value))
    if parameter.kind == "boolean":
        return _YES_NO[language][0 if value else 1]
    with numbers.language_of(language):
        if parameter.unit in ("share", "growth"):
            decimals = 0 if abs(value * 100 - round(value * 100)) < 1e-9 else 1
            return numbers.percent(float(value), decimals)
        decimals = 0 if float(value).is_integer() else 2
        text = numbers.number(float(value), decimals)
    unit = parameter.unit_label(language)
    return f"{text}\u00a0{unit}" if parameter.unit not in ("years", "factor") else f"{text} {unit}"


def value_words(parameter: RuleParameter, value: Any, language: str = "sv") -> str:
    """A dated value as people read it: ``från 2024: 80 %, från 2026: 70 %`` (§1)."""
    if isinstance(value, dict):
        word = _FROM[language]
        return ", ".join(f"{word} {year}: {single_words(parameter, v, language)}" for year, v in sorted(value.items()))
    return single_words(parameter, value, language)


def _at(rules: dict, path: str) -> Any:
    node: Any = rules
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, dict) or isinstance(b, dict):
        return a == b
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        return abs(float(a) - float(b)) <= 1e-12 * max(1.0, abs(float(a)))
    return bool(a == b)


def rule_changes(before: dict, after: dict) -> list[RuleChange]:
    """Every parameter whose value differs between two normalised rulebooks, in the table's order;
    goals are matched by their key (added, removed or changed)."""
    changes = []
    for parameter in RULE_PARAMETERS:
        if "[]" in parameter.path:
            continue
        old, new = _at(before, parameter.path), _at(after, parameter.path)
        if not _same(old, new):
            changes.append(RuleChange(parameter.path, parameter, old, new))
    changes += _goal_changes(before, after)
    return changes


def _goal_changes(before: dict, after: dict) -> list[RuleChange]:
    old = {g["key"]: g for g in (_at(before, "compensation.goals") or [])}
    new = {g["key"]: g for g in (_at(after, "compensation.goals") or [])}
    goal_parameters = [p for p in RULE_PARAMETERS if "[]" in p.path]
    changes = []
    for key in [*old, *(k for k in new if k not in old)]:
        for parameter in goal_parameters:
            a = old[key][parameter.key] if key in old else _ABSENT
            b = new[key][parameter.key] if key in new else _ABSENT
            if a is _ABSENT or b is _ABSENT or not _same(a, b):
                path = f"compensation.goals[{key}].{parameter.key}"
                changes.append(RuleChange(path, parameter, a, b, goal=key))
    return changes


def changes_words(
    before: dict, after: dict, language: str = "sv", limit: int = 12, first_year: int | None = None
) -> str:
    """The differences in one sentence-like line; "inga ändringar" when there are none.
    ``first_year``: the rulebook's start, which a changed choice is said to apply from."""
    changes = rule_changes(before, after)
    if not changes:
        return "inga ändringar" if language == "sv" else "no changes"
    words = [c.words(language, first_year) for c in changes[:limit]]
    more = len(changes) - limit
    if more > 0:
        words.append(f"och {more} till" if language == "sv" else f"and {more} more")
    return "; ".join(words)
