"""What stops a model from running (§4, §8): units mixing forms, supplements over the fixed pot."""

from __future__ import annotations

from dataclasses import dataclass

from simulation.core.engine.compensation import budget_and_fixed_pot, capitation_pot
from simulation.core.engine.dated import growth_index
from simulation.core.engine.inputs import Model
from simulation.core.engine.structure import StructureProblem, build_structure


@dataclass(frozen=True)
class ModelProblem:
    """Something in a model that makes it impossible to run; ``section`` locates it in the document."""

    message: str
    section: str = ""  # "levers", "centres" or "compensation"
    lever: int | None = None
    centres: tuple[int, ...] = ()


#: Why a model cannot run, in the words every caller shows (single runs and batches alike).
POT_SHORTFALL = "supplements exceed the fixed pot in {year}"
OVERFLOW = "the figures overflow: some inputs are too extreme to compute with"


class ModelError(Exception):
    def __init__(self, problems: list[ModelProblem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


def from_structure(problem: StructureProblem) -> ModelProblem:
    section = "levers" if problem.lever is not None else "centres"
    return ModelProblem(problem.message, section, problem.lever, problem.centres)


def fixed_pot_shortfalls(model: Model) -> list[int]:
    """Years in which the supplements exceed the fixed pot (R8), on the projected listed — with the
    very functions the run pays with (R1, R4–R8), so the check cannot drift from the payment."""
    a, comp, centres = model.assumptions, model.compensation, model.centres
    index_l = growth_index(a.listed_growth)[0]  # R1
    index_c = growth_index(a.compensation_growth)[0]
    years = []
    for t, year in enumerate(model.years):
        listed = (centres.listed * index_l[t])[None, :]
        _, fixed = budget_and_fixed_pot(comp, t, listed, index_c[t])
        _, _, capitation = capitation_pot(comp, t, centres, listed, index_c[t], fixed)
        if (capitation < -fixed * 1e-12).any():
            years.append(int(year))
    return years


def problems(model: Model) -> list[ModelProblem]:
    """Everything that stops this model from running (§4, §8), with where it comes from."""
    _, structural = build_structure(model.centres, model.levers, model.years)
    found = [from_structure(p) for p in structural]
    found += [ModelProblem(POT_SHORTFALL.format(year=year), "compensation") for year in fixed_pot_shortfalls(model)]
    return found
