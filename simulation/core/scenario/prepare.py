"""``prepare``: one call from a raw document to engine models, every problem reported (§2, §5, §8)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from simulation.core.engine import problems as model_problems
from simulation.core.engine.inputs import Model
from simulation.core.engine.structure import build_structure
from simulation.core.scenario.check import Checker
from simulation.core.scenario.fields import BASELINE, RULE_KEYS
from simulation.core.scenario.load import deep_merge
from simulation.core.scenario.model import centre_arrays, document_model
from simulation.core.scenario.problems import Problem, ScenarioInvalid


@dataclass(frozen=True)
class PreparedScenario:
    """A validated document: normalised, and resolved into one engine model per variant."""

    name: str
    base_year: int
    horizon: int
    document: dict[str, Any]
    runs: tuple[tuple[str, Model], ...]
    #: Each run's own normalised document (§5: overrides merged, levers appended), without variants.
    resolved: dict[str, dict[str, Any]] = field(default_factory=dict)

    def evaluated(self, name: str) -> dict[str, Any]:
        """The run ``name``'s document as evaluated (§11.7): resolved, without variants and uncertainty."""
        return {k: v for k, v in self.resolved[name].items() if k != "uncertainty"}

    def run_hash(self, name: str) -> str:
        """The run's ``scenario_hash`` (§7, §11.7)."""
        return scenario_hash(self.evaluated(name))

    @property
    def cells(self) -> int:
        """The work of projecting it: centres × years × (1 + Monte Carlo draws), over every run."""
        return sum(
            model.centres.count * model.horizon * (1 + (model.uncertainty.draws if model.uncertainty else 0))
            for _name, model in self.runs
        )


def prepare(
    document: Any, checked_centres: list | None = None, changed_centre_fields: tuple[str, ...] = ()
) -> PreparedScenario:
    """Validate a whole document, variants included, and build the engine models (§2, §5, §8).

    ``checked_centres``: a centre list already normalised by this validator, from which the
    document's centres differ at most in ``changed_centre_fields`` (an analysis moving
    ``centres.*.FIELD``). The very same list is not checked again, a changed one only in those
    fields: 1 200 centres take most of a validation's time."""
    check = Checker()
    check.checked_centres, check.changed_centre_fields = checked_centres, changed_centre_fields
    normal = check.document(document)
    base_problems = list(check.problems)
    if base_problems or normal is None:
        raise ScenarioInvalid(base_problems or [Problem("", "the document could not be read")])
    model = document_model(normal)
    problems = _model_problems(model)
    runs: list[tuple[str, Model]] = [(BASELINE, model)]
    resolved = {BASELINE: {k: v for k, v in normal.items() if k != "variants"}}

    raw_variants = document.get("variants") or []
    normal_variants = []
    for i, (raw, variant) in enumerate(zip(raw_variants, normal["variants"], strict=True)):
        merged_raw = deep_merge({k: v for k, v in document.items() if k != "variants"}, variant["overrides"])
        merged_raw["levers"] = list(document.get("levers") or []) + list(raw.get("levers") or [])
        variant_check = Checker()
        merged = variant_check.document(merged_raw)
        n_base = len(normal["levers"])
        found = [_variant_path(p, i, n_base) for p in variant_check.problems]
        if merged is not None and not found:
            variant_model = document_model(merged)
            found = [_variant_path(p, i, n_base) for p in _model_problems(variant_model)]
            runs.append((variant["name"], variant_model))
            resolved[variant["name"]] = {k: v for k, v in merged.items() if k != "variants"}
            variant = variant | {"levers": merged["levers"][n_base:]}
        problems += found
        normal_variants.append(variant)
    if problems:
        raise ScenarioInvalid(problems)
    normal["variants"] = normal_variants
    return PreparedScenario(normal["name"], normal["base_year"], normal["horizon"], normal, tuple(runs), resolved)


def scenario_hash(document: dict[str, Any]) -> str:
    """SHA-256 of a document as evaluated (§11.7): the same scenario carries the same hash in a
    projection, an analysis, an export and on every page."""
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def validate_rules(rules: Any) -> dict[str, Any]:
    """Validate a region's rulebook: the rule sections of a document (§2), with the same messages."""
    check = Checker()
    section = check.object(rules, "", RULE_KEYS, ("compensation",))
    normal = check.rules(section) if section is not None else {}
    if check.problems:
        raise ScenarioInvalid(check.problems)
    return normal


def validate_centres(rows: Any, base_year: int) -> list[dict[str, Any]]:
    """Validate centre records (§2.1) as a document's ``centres``: fields, unique ids, and one
    operating form per result unit. Problems have paths ``centres[i].field``."""
    check = Checker()
    centres = check.centres(rows)
    if not check.problems:
        _, structural = build_structure(centre_arrays(centres), (), np.array([base_year]))
        for problem in structural:
            check.fail(_mixed_unit_path(problem.centres, [c["operating_form"] for c in centres]), problem.message)
    if check.problems:
        raise ScenarioInvalid(check.problems)
    return centres


def _variant_path(problem: Problem, index: int, n_base_levers: int) -> Problem:
    """Point a problem found in a merged variant document back at the variant that caused it."""
    path = problem.path
    if path.startswith("levers["):
        lever = int(path[len("levers[") : path.index("]")])
        if lever >= n_base_levers:
            rest = path[path.index("]") + 1 :]
            return Problem(f"variants[{index}].levers[{lever - n_base_levers}]{rest}", problem.message)
        return Problem(f"variants[{index}]: {path}", problem.message)
    return Problem(f"variants[{index}].overrides" + (f".{path}" if path else ""), problem.message)


def _model_problems(model: Model) -> list[Problem]:
    """Structural problems found by the engine (units mixing forms, supplements over the pot)."""
    found = []
    for problem in model_problems(model):
        if problem.section == "levers":
            path = f"levers[{problem.lever}]"
        elif problem.section == "centres":
            path = _mixed_unit_path(problem.centres, model.centres.forms.tolist())
        else:
            path = "compensation"
        found.append(Problem(path, problem.message))
    return found


def _mixed_unit_path(members: tuple[int, ...], forms: list) -> str:
    """Blame the first centre of a mixed unit whose form differs from the unit's first centre."""
    odd = next((c for c in members if forms[c] != forms[members[0]]), members[0])
    return f"centres[{odd}].unit"
