"""What each year books, the same in every chunk of Monte Carlo draws (R19, R20).

Which units start, close and are booked together, and each one's ledger policy, follow from the
structure and the rules alone, never from a draw: a run works them out once a year and every chunk
of its draws reads them (at 20 000 centres, working them out in every chunk-year took a tenth of
the run).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from simulation.core.engine.booking import UnitPolicy
from simulation.core.engine.inputs import FORMS, PRIVATE, Model
from simulation.core.engine.structure import Structure


def unit_policy(model: Model, t: int, unit_forms: np.ndarray) -> UnitPolicy:
    """The ledger policy of each unit in year t: the policy of its operating form (R19). An entry
    is (U,), or (B, U) where a batch moves that figure of some form's policy."""
    forms = np.maximum(unit_forms, 0)
    policies = [model.ledger[f] for f in range(len(FORMS))]

    def pick(attribute: str) -> np.ndarray:
        values = [getattr(p, attribute)[t] for p in policies]
        if all(np.ndim(v) == 0 for v in values):
            return np.array(values)[forms]
        members = max(np.size(v) for v in values)
        by_form = np.stack([np.broadcast_to(np.reshape(v, -1), (members,)) for v in values], axis=1)  # (B, 3)
        return by_form[:, forms]

    return UnitPolicy(
        deficit=np.array([p.deficit for p in policies])[forms],
        surplus_retention=pick("surplus_retention"),
        restoration_years=pick("restoration_years"),
        return_requirement=pick("return_requirement"),
        surplus_cap=pick("surplus_cap"),
        surplus_expiry_years=pick("surplus_expiry_years"),
    )


@dataclass(frozen=True)
class UnitGroup:
    """Units booked together in one year, and what the ledger reads of each."""

    units: np.ndarray  # (k,) indexes into the structure's unit_ids
    policy: UnitPolicy  # each entry (k,) or (B, k)
    drawdown: np.ndarray  # (k,) the drawdown lever's amount (R19 step 5)
    closing: np.ndarray  # (k,) units with no centres next year (R20)


@dataclass(frozen=True)
class UnitPlan:
    """Year t's units: who starts, the policy of every unit, and the two groups booked in turn."""

    is_private: np.ndarray  # (N,) centres that are private this year
    starting: np.ndarray  # (U,) units that start this year
    policy: UnitPolicy  # every unit's, (U,) or (B, U)
    region_run: UnitGroup  # egen regi and intraprenad units, booked first (R14)
    private: UnitGroup


class UnitPlans:
    """Each year's ``UnitPlan``, worked out when first asked and then shared (chunks may ask at once
    from several threads: the lock keeps one plan a year)."""

    def __init__(self, model: Model, structure: Structure, drawdown: np.ndarray) -> None:
        self.model, self.structure, self.drawdown = model, structure, drawdown
        self._plans: dict[int, UnitPlan] = {}
        self._lock = threading.Lock()

    def year(self, t: int) -> UnitPlan:
        with self._lock:
            if t not in self._plans:
                self._plans[t] = self._plan(t)
            return self._plans[t]

    def _plan(self, t: int) -> UnitPlan:
        model, structure = self.model, self.structure
        active, unit_forms = structure.active, structure.unit_forms[t]
        starting = active[t] & (~active[t - 1] if t > 0 else True)
        closing = active[t] & (~active[t + 1] if t + 1 < model.horizon else False)
        policy = unit_policy(model, t, unit_forms)

        def group(units: np.ndarray) -> UnitGroup:
            sub = UnitPolicy(*(getattr(policy, f)[..., units] for f in UnitPolicy.__dataclass_fields__))
            return UnitGroup(units, sub, self.drawdown[t][units], closing[units])

        return UnitPlan(
            is_private=structure.forms[t] == PRIVATE,
            starting=starting,
            policy=policy,
            region_run=group(np.flatnonzero(active[t] & (unit_forms != PRIVATE))),
            private=group(np.flatnonzero(active[t] & (unit_forms == PRIVATE))),
        )
