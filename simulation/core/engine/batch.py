"""``simulate_batch``: many scenarios that differ only in numbers, projected in one vectorised run.

An analysis (§11) runs one scenario many times with a few numbers moved. Run one at a time, each
run pays numpy's per-call overhead on small arrays; run as a batch, the members take the place of
Monte Carlo draws — the same year loop over (B, N) arrays — and the overhead is shared. Each member
is still its own deterministic run (no shocks; the visit price of R10 set on its own volumes), so
its figures are those ``simulate`` gives for it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulation.core.engine.checks import OVERFLOW, POT_SHORTFALL, ModelError, ModelProblem, from_structure
from simulation.core.engine.inputs import FORMS, Model
from simulation.core.engine.levers import lever_effects
from simulation.core.engine.recorders import BatchRecorder
from simulation.core.engine.run import project
from simulation.core.engine.structure import build_structure
from simulation.core.engine.year import Setting


@dataclass(frozen=True)
class BatchResult:
    """Per member and year (B, H): the region's figures that analysis metrics read (§11.1)."""

    years: np.ndarray  # (H,)
    region: dict[str, np.ndarray]  # region field -> (B, H); also "result.FORM" for each form
    unit_ids: tuple[str, ...]
    unit_balance: np.ndarray  # (B, U, H) balance_close, 0 in a year the unit has no centres
    #: Per member, why it cannot be run — the problems ``problems`` (R8) or ``simulate`` (overflow)
    #: would report for it alone; empty when it ran.
    refused: tuple[tuple[ModelProblem, ...], ...]


def simulate_batch(model: Model, members: int) -> BatchResult:
    """Project the ``members`` scenarios of a batch model (``inputs``: batch shapes) at once.

    Members that cannot be run are named in ``refused`` with the reason a single run would give;
    the others' figures are valid. Numbers never change a model's structure (forms, units, levers),
    so structural problems refuse the whole batch (ModelError), as they would every member."""
    if model.uncertainty is not None:
        raise ValueError("a batch runs without uncertainty: analyses use the run without shocks (§11)")
    structure, structural = build_structure(model.centres, model.levers, model.years)
    if structural:
        raise ModelError([from_structure(p) for p in structural])
    effects = lever_effects(model.centres, model.levers, structure, model.years)
    recorder = BatchRecorder(members, len(structure.unit_ids), model.horizon)
    project(Setting.of(model, structure, effects, members=members), recorder)
    totals = recorder.totals()
    region = dict(totals.region)
    region |= {f"result.{form}": totals.result_by_form[:, f, :] for f, form in enumerate(FORMS)}
    finite = np.all([np.isfinite(values).all(axis=1) for values in region.values()], axis=0)
    finite &= np.isfinite(totals.unit_balance).all(axis=(1, 2))
    refused = []
    for member in range(members):
        short = model.years[totals.pot_shortfall[member]]
        problems = tuple(ModelProblem(POT_SHORTFALL.format(year=int(y)), "compensation") for y in short)
        refused.append(problems or (() if finite[member] else (ModelProblem(OVERFLOW),)))
    return BatchResult(model.years, region, structure.unit_ids, totals.unit_balance, tuple(refused))
