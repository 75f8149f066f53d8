"""Checking a document's levers (§4) against the lever registry, with a path for every problem:
the keys each type writes, their bounds and choices, the centres, forms, goals and units they name."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from simulation.core.engine.inputs import GOAL_KEYS
from simulation.core.scenario.fields import TEXT_LIMITS, YEAR_RANGE
from simulation.core.scenario.levers import LEVER_TYPES
from simulation.core.scenario.values import ValueChecker, fmt_number


class LeverChecker(ValueChecker):
    """The lever part of the document checker (``check.Checker``)."""

    def levers(self, value: Any, centres: list[dict], goals: set[str], offset: int = 0) -> list[dict]:
        centre_ids = {c["id"] for c in centres}
        units = {c["unit"] for c in centres}
        levers = []
        for i, raw in enumerate(self.items(value, "levers")):
            path = f"levers[{i + offset}]"
            if not isinstance(raw, Mapping):
                self.fail(path, "must be an object")
                continue
            kind = self.choice(raw.get("type"), f"{path}.type", tuple(LEVER_TYPES))
            if kind is None:
                continue
            required, optional = LEVER_TYPES[kind].required, LEVER_TYPES[kind].optional
            lever = self.object(raw, path, ("type", *required, *optional), required)
            if lever is None:
                continue
            levers.append(self.lever(kind, lever, path, centre_ids, units, goals))
        return levers

    def lever(self, kind: str, lever: dict, path: str, centre_ids: set[str], units: set[str], goals: set[str]) -> dict:
        lever_type = LEVER_TYPES[kind]
        normal: dict[str, Any] = {"type": kind}
        year_key = lever_type.year_key
        if year_key in lever:
            normal[year_key] = self.number(lever[year_key], f"{path}.{year_key}", *YEAR_RANGE, whole=True)
        for key, bound in lever_type.numbers.items():
            if key in lever:
                number = self.number(lever[key], f"{path}.{key}", bound.low, bound.high, strict_low=bound.strict_low)
                if bound.strict_high and number == bound.high:
                    self.fail(f"{path}.{key}", f"must be below {fmt_number(bound.high)}")
                normal[key] = number
        for key, values in lever_type.choices.items():
            if key in lever:
                normal[key] = self.choice(lever[key], f"{path}.{key}", values)
        for key, default in lever_type.defaults.items():
            normal.setdefault(key, default)
        if kind == "goal_trend" and "goal" in lever:
            goal = self.choice(lever["goal"], f"{path}.goal", GOAL_KEYS)
            if goal is not None and goal not in goals:
                defined = ", ".join(sorted(goals)) or "none"
                self.fail(f"{path}.goal", f"the document defines no goal {goal} (compensation.goals: {defined})")
            normal["goal"] = goal
        if kind == "convert_form":
            normal["to"] = self.form(lever["to"], f"{path}.to") if "to" in lever else None
            if lever.get("unit") is not None:
                normal["unit"] = self.text(lever["unit"], f"{path}.unit", required=True, max_length=TEXT_LIMITS["unit"])
                units.add(normal["unit"])
            if lever.get("from") is not None:
                normal["from"] = self.forms(lever["from"], f"{path}.from")
            if "centres" not in lever and "from" not in lever:
                self.fail(path, "needs centres or from to say which centres convert")
        if kind == "drawdown":
            unit = self.text(lever.get("unit"), f"{path}.unit", max_length=TEXT_LIMITS["unit"])
            if unit is not None and unit not in units:
                self.fail(
                    f"{path}.unit",
                    f"unknown unit {unit} (not in the data nor created by an earlier conversion)",
                )
            normal["unit"] = unit
        if "forms" in lever:
            normal["forms"] = self.forms(lever["forms"], f"{path}.forms")
        if "centres" in lever:
            normal["centres"] = self.centre_ids(lever["centres"], f"{path}.centres", centre_ids)
        return normal

    def forms(self, value: Any, path: str) -> list[str]:
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not values:
            self.fail(path, "must be a form or a list of forms")
            return []
        return [f for j, item in enumerate(values) if (f := self.form(item, f"{path}[{j}]"))]

    def centre_ids(self, value: Any, path: str, known: set[str]) -> list[str] | str:
        if value == "all":
            return "all"
        if not isinstance(value, list):
            self.fail(path, 'must be a list of centre ids or "all"')
            return []
        ids = []
        for j, item in enumerate(value):
            centre = self.text(item, f"{path}[{j}]", required=True, max_length=TEXT_LIMITS["id"])
            if centre is not None and centre not in known:
                self.fail(f"{path}[{j}]", f"unknown centre {centre}")
            ids += [] if centre is None else [centre]  # a refused id is not looked up again
        return ids
