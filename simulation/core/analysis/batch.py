"""Many changed documents evaluated in one engine run (``engine.batch``): the analyses' fast path.

A *member* is the request's resolved document with some parameters moved — one at a time in a
sensitivity, all at once in a Sobol sample. Members take the place of Monte Carlo draws in the
engine's year loop, so a batch of 50 costs little more than one run.

Every member is checked as its own document would be: the moved rule sections by the validator
itself, moved centre fields by a vectorised pre-check (``numbers_suspect``). A member the pre-check
or the engine (R8, overflow) marks goes through the single-run path (``Evaluator``), which decides
and words the refusal exactly as it would for that document alone. Parameters a batch cannot move
(the opening balance, booked once per unit before the year loop) send the whole request down the
single-run path, one document at a time.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any, TypeVar, cast

import numpy as np

from simulation.core.analysis.evaluate import Evaluator, moved
from simulation.core.analysis.metrics import batch_metric_values
from simulation.core.analysis.paths import Path, changed, value_at
from simulation.core.analysis.request import AnalysisRequest, Parameter
from simulation.core.engine import dated
from simulation.core.engine.batch import simulate_batch
from simulation.core.engine.inputs import FORMS, GOAL_KEYS, Model
from simulation.core.engine.montecarlo import CHUNK_CELLS
from simulation.core.scenario import ScenarioInvalid, prepare
from simulation.core.scenario.check import Checker
from simulation.core.scenario.fields import CENTRE_NUMBERS
from simulation.core.scenario.values import keyed, numbers_suspect

#: A parameter and where it is moved to: x ∈ [−1, 1] (for ``low``/``high``: −1 low, +1 high).
Move = tuple[Parameter, float]
#: Centre fields a batch may move. The opening balance is booked once, before the year loop, per
#: unit; a request moving it runs one document at a time.
BATCH_CENTRE_FIELDS = tuple(name for name in CENTRE_NUMBERS if name != "opening_balance")
#: Rule sections whose numbers a batch may move (each a per-year array of the engine's model).
BATCH_SECTIONS = ("assumptions", "compensation", "costs", "ledger")
Record = TypeVar("Record")


def member_document(document: dict[str, Any], moves: Sequence[Move]) -> dict[str, Any]:
    """The member's whole document: ``document`` with each move applied in order (§11.2)."""
    for parameter, x in moves:
        if parameter.low is not None:
            document = changed(document, parameter.path, None, parameter.low if x < 0 else parameter.high)
        else:
            how, amount = parameter.how()
            document = moved(document, parameter.path, how, amount, x)
    return document


class BatchEvaluator:
    """Evaluates members in batches; counts every member evaluated (``evaluations``)."""

    def __init__(self, request: AnalysisRequest) -> None:
        self.request = request
        self.metric = request.required_metric()
        self.single = Evaluator(request, tuple(p.path for p in request.parameters))
        self.model: Model = prepare(request.document, request.document["centres"]).runs[0][1]
        self.batchable = all(self._can_move(p.path) for p in request.parameters)
        self.evaluations = 0

    def _can_move(self, path: Path) -> bool:
        if path.all_centres:
            return path.centre_field in BATCH_CENTRE_FIELDS
        return path.keys[0] in BATCH_SECTIONS

    def values(
        self, members: Sequence[Sequence[Move]], done: Callable[[int], None] | None = None
    ) -> list[float | ScenarioInvalid]:
        """The metric of each member, or the refusal its document alone would get. ``done(k)`` is
        called as each k members are evaluated (for progress and cancellation)."""
        self.evaluations += len(members)
        answers: list[float | ScenarioInvalid] = []
        if not self.batchable:
            for moves in members:
                answers.append(self._single(moves))
                if done is not None:
                    done(1)
            return answers
        # Engine runs of about CHUNK_CELLS members × centres (the size Monte Carlo chunks found
        # fastest), of equal size: a small last one would cost a whole run's overhead.
        per_run = max(1, CHUNK_CELLS // max(self.model.centres.count, 1))
        runs = -(-len(members) // per_run)
        size = max(1, -(-len(members) // max(runs, 1)))
        for start in range(0, len(members), size):
            batch = members[start : start + size]
            answers += self._batch(batch)
            if done is not None:
                done(len(batch))
        return answers

    def _single(self, moves: Sequence[Move]) -> float | ScenarioInvalid:
        try:
            return self.single(member_document(self.request.document, moves))
        except ScenarioInvalid as invalid:
            return invalid

    def _batch(self, members: Sequence[Sequence[Move]]) -> list[float | ScenarioInvalid]:
        count = len(members)
        suspect = np.zeros(count, dtype=bool)
        model = self.model
        rule_moves = [[(p, x) for p, x in moves if not p.path.all_centres] for moves in members]
        if any(rule_moves):
            model, rules_refused = self._moved_rules(model, rule_moves)
            suspect |= rules_refused
        model, centres_suspect = self._moved_centres(model, members)
        suspect |= centres_suspect
        with np.errstate(all="ignore"):  # a suspect member may hold anything; it is run alone below
            result = simulate_batch(model, count)
        suspect |= np.array([bool(problems) for problems in result.refused])
        values = batch_metric_values(result, self.metric, self.request.year)
        return [
            self._single(moves) if suspect[member] else float(values[member]) for member, moves in enumerate(members)
        ]

    def _moved_rules(self, model: Model, rule_moves: list[list[Move]]) -> tuple[Model, np.ndarray]:
        """Each member's rule sections, checked by the validator; the moved numbers as batch arrays."""
        paths = list(dict.fromkeys(p.path for moves in rule_moves for p, _ in moves))
        series: dict[Path, list[np.ndarray]] = {path: [] for path in paths}
        refused = np.zeros(len(rule_moves), dtype=bool)
        for member, moves in enumerate(rule_moves):
            check = Checker()
            normal = check.rules(member_document(self.request.document, moves))
            refused[member] = bool(check.problems)
            for path in paths:
                # A refused member gets the document's own value as a stand-in: it runs alone.
                series[path].append(self._series(value_at(self.request.document if refused[member] else normal, path)))
        for path in paths:
            model = _with_rule(model, path, np.stack(series[path]).T[:, :, None])  # (H, B, 1)
        return model, refused

    def _series(self, value: Any) -> np.ndarray:
        """A rule value as the model holds it: one number per projected year (``document_model``)."""
        if value is None:
            return np.full(len(self.model.years), np.inf)  # surplus_cap: no cap
        return dated.resolve(keyed(value), self.model.years)

    def _moved_centres(self, model: Model, members: Sequence[Sequence[Move]]) -> tuple[Model, np.ndarray]:
        """Moved centre fields as (B, N) arrays, each member's moves in order (as ``moved`` does)."""
        suspect = np.zeros(len(members), dtype=bool)
        centres = model.centres
        fields = list(
            dict.fromkeys(p.path.centre_field for moves in members for p, _ in moves if p.path.centre_field is not None)
        )
        for name in fields:
            base = centres.achievements[name] if name in GOAL_KEYS else getattr(centres, name)
            values = np.repeat(base[None, :], len(members), axis=0)
            for member, moves in enumerate(members):
                for parameter, x in moves:
                    if parameter.path.centre_field == name:
                        how, amount = parameter.how()
                        if how == "change":
                            values[member] = values[member] * (1 + x * amount)
                        else:
                            values[member] = values[member] + x * amount
            bad = numbers_suspect(values, *CENTRE_NUMBERS[name]).any(axis=1)
            values[bad] = base  # a stand-in; the member runs alone
            suspect |= bad
            if name in GOAL_KEYS:
                centres = dataclasses.replace(centres, achievements={**centres.achievements, name: values})
            else:
                centres = _replaced(centres, name, values)
        return dataclasses.replace(model, centres=centres), suspect


def _with_rule(model: Model, path: Path, values: np.ndarray) -> Model:
    """``model`` with the per-year array that ``path`` (a rule number of §2) becomes replaced."""
    section, keys = path.keys[0], path.keys[1:]
    if section == "assumptions":
        return dataclasses.replace(model, assumptions=_replaced(model.assumptions, keys[0], values))
    if section == "costs":
        return dataclasses.replace(model, costs=_replaced(model.costs, keys[0], values))
    if section == "ledger":
        form = FORMS.index(str(keys[0]))
        return dataclasses.replace(model, ledger={**model.ledger, form: _replaced(model.ledger[form], keys[1], values)})
    compensation = model.compensation
    if keys[0] == "goals":
        goals = list(compensation.goals)
        goals[int(keys[1])] = _replaced(goals[int(keys[1])], keys[2], values)
        compensation = dataclasses.replace(compensation, goals=tuple(goals))
    else:
        compensation = _replaced(compensation, keys[0], values)
    return dataclasses.replace(model, compensation=compensation)


def _replaced(record: Record, field: str | int, values: np.ndarray) -> Record:
    """``record`` (a dataclass of the engine's model) with the field a path names replaced."""
    changes: dict[str, Any] = {str(field): values}
    replaced: Record = dataclasses.replace(cast(Any, record), **changes)
    return replaced
