"""Vårdpeng's numeric core: the rules of ``shared/spec/simulation.md`` and nothing else.

Pure numpy/pandas/stdlib: no Django, no I/O, no clock; randomness only from the model's seed.
``simulate`` takes a resolved :class:`Model` (built by ``simulation.scenario``) and returns tables.
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .compensation import supplements
from .inputs import FORMS, Model
from .levers import lever_effects
from .montecarlo import bands, draw_shocks, merge
from .run import CENTRE_FIELDS, UNIT_FIELDS, Trace, project
from .structure import Structure, StructureProblem, build_structure

#: The spec version the engine implements.
SPEC_VERSION = "1.1"


def _source_digest() -> str:
    """A digest of the engine's own source: any change to the code that computes figures changes it,
    so no cache can serve a projection made by other code (nobody has to remember a bump)."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


#: Part of projection cache keys and of every analysis result (§11.7): spec version + source digest.
ENGINE_VERSION = f"{SPEC_VERSION}+{_source_digest()}"
#: Threads for Monte Carlo chunks; more than the cores only adds switching.
MONTE_CARLO_THREADS = min(4, os.cpu_count() or 1)

__all__ = ["ENGINE_VERSION", "FORMS", "Model", "ModelError", "RunResult", "problems", "simulate"]


@dataclass(frozen=True)
class ModelProblem:
    """Something in a model that makes it impossible to run; ``section`` locates it in the document."""

    message: str
    section: str = ""  # "levers", "centres" or "compensation"
    lever: int | None = None
    centres: tuple[int, ...] = ()


class ModelError(Exception):
    def __init__(self, problems: list[ModelProblem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class RunResult:
    """One run's tables (§7): centre-years, unit-years, region-years, and bands when uncertain."""

    centres: pd.DataFrame
    units: pd.DataFrame
    region: pd.DataFrame  # by_form flattened into columns such as "private.listed"
    bands: dict | None


def _from_structure(problem: StructureProblem) -> ModelProblem:
    section = "levers" if problem.lever is not None else "centres"
    return ModelProblem(problem.message, section, problem.lever, problem.centres)


def fixed_pot_shortfalls(model: Model) -> list[int]:
    """Years in which the supplements exceed the fixed pot (R8), on the projected listed."""
    a, comp, centres = model.assumptions, model.compensation, model.centres
    listed_index = np.cumprod(np.r_[1.0, 1.0 + a.listed_growth[1:]])
    compensation_index = np.cumprod(np.r_[1.0, 1.0 + a.compensation_growth[1:]])
    years = []
    for t, year in enumerate(model.years):
        listed = (centres.listed * listed_index[t])[None, :]
        sparsity, small_unit = supplements(comp, t, centres, listed, compensation_index[t])
        fixed_pot = comp.fixed_share[t] * comp.budget_per_listed[t] * compensation_index[t] * listed.sum()
        if (sparsity + small_unit).sum() > fixed_pot * (1 + 1e-12):
            years.append(int(year))
    return years


def problems(model: Model) -> list[ModelProblem]:
    """Everything that stops this model from running (§4, §8), with where it comes from."""
    _, structural = build_structure(model.centres, model.levers, model.years)
    found = [_from_structure(p) for p in structural]
    found += [
        ModelProblem(f"supplements exceed the fixed pot in {year}", "compensation")
        for year in fixed_pot_shortfalls(model)
    ]
    return found


def simulate(model: Model) -> RunResult:
    """Project a model over its horizon (R1–R22), and its Monte Carlo bands when uncertain (R23–R25)."""
    structure, structural = build_structure(model.centres, model.levers, model.years)
    if structural:
        raise ModelError([_from_structure(p) for p in structural])
    effects = lever_effects(model.centres, model.levers, structure, model.years)
    trace = project(model, structure, effects)
    run_bands = None
    if model.uncertainty is not None:
        draws = draw_shocks(model.uncertainty, model.horizon, model.centres.count)

        def run_chunk(chunk: int) -> Trace:
            return project(model, structure, effects, draws.shocks(chunk), visit_price=trace.visit_price)

        # Chunks share nothing, and numpy releases the GIL in its loops: threads use every core.
        # The results do not depend on the number of threads.
        with ThreadPoolExecutor(max_workers=min(len(draws.chunks), MONTE_CARLO_THREADS)) as pool:
            drawn = list(pool.map(run_chunk, range(len(draws.chunks))))
        run_bands = bands(merge(drawn), structure)
    result = RunResult(
        centres=_centre_table(model, structure, trace),
        units=_unit_table(model, structure, trace),
        region=pd.DataFrame(trace.region),
        bands=run_bands,
    )
    _assert_finite(result)
    return result


def _assert_finite(result: RunResult) -> None:
    """No figure may be NaN or infinite: it could be neither stored (JSON) nor shown. The validator's
    bounds keep inputs far from that; this is the engine's own guarantee."""
    tables = (result.centres, result.units, result.region)
    finite = all(np.isfinite(t.select_dtypes("number").to_numpy(dtype=float)).all() for t in tables)
    if finite and result.bands is not None:
        finite = all(
            np.isfinite(values).all()
            for name, band in result.bands.items()
            if name != "unit_risk"
            for values in _band_values(band)
        )
    if not finite:
        raise ModelError([ModelProblem("the figures overflow: some inputs are too extreme to compute with")])


def _band_values(band: dict) -> list[list[float]]:
    """Every series of a band: {"p5": [...], …} or {form: {"p5": [...], …}}."""
    return [v for value in band.values() for v in (value.values() if isinstance(value, dict) else [value])]


def _centre_table(model: Model, structure: Structure, trace: Trace) -> pd.DataFrame:
    count = model.centres.count
    columns = {
        "centre_id": np.tile(np.array(model.centres.ids, dtype=object), model.horizon),
        "year": np.repeat(model.years, count),
        "operating_form": np.array(FORMS, dtype=object)[structure.forms.ravel()],
        "unit": np.array(structure.unit_ids, dtype=object)[structure.unit_of.ravel()],
    }
    columns |= {name: np.concatenate(trace.centres[name]) for name in CENTRE_FIELDS}
    return pd.DataFrame(columns)


def _unit_table(model: Model, structure: Structure, trace: Trace) -> pd.DataFrame:
    unit_ids = np.array(structure.unit_ids, dtype=object)
    forms = np.array(FORMS, dtype=object)
    frames = [
        pd.DataFrame(
            {"unit": unit_ids[booked["index"]], "year": int(year), "operating_form": forms[booked["form"]]}
            | {name: booked[name] for name in UNIT_FIELDS}
        )
        for year, booked in zip(model.years, trace.units, strict=True)
    ]
    return pd.concat(frames, ignore_index=True)
