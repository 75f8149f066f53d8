"""``simulate``: a model → its tables (§7), with Monte Carlo bands when uncertain (R23–R25)."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from simulation.core.engine.checks import OVERFLOW, ModelError, ModelProblem, from_structure
from simulation.core.engine.inputs import FORMS, Model
from simulation.core.engine.levers import lever_effects
from simulation.core.engine.montecarlo import bands, draw_shocks, merge
from simulation.core.engine.run import CENTRE_FIELDS, UNIT_FIELDS, Trace, YearDetail, project
from simulation.core.engine.structure import Structure, build_structure

#: Threads for Monte Carlo chunks; more than the cores only adds switching.
MONTE_CARLO_THREADS = min(4, os.cpu_count() or 1)


@dataclass(frozen=True)
class RunResult:
    """One run's tables (§7): centre-years, unit-years, region-years, and bands when uncertain."""

    centres: pd.DataFrame
    units: pd.DataFrame
    region: pd.DataFrame  # by_form flattened into columns such as "private.listed"
    bands: dict | None
    detail: YearDetail | None = None  # the intermediate figures of the year asked for


def simulate(model: Model, explain_year: int | None = None) -> RunResult:
    """Project a model over its horizon (R1–R22), and its Monte Carlo bands when uncertain (R23–R25).

    ``explain_year`` (a calendar year) also keeps that year's intermediate figures (``detail``),
    from which analyses explain a figure (§11.3)."""
    structure, structural = build_structure(model.centres, model.levers, model.years)
    if structural:
        raise ModelError([from_structure(p) for p in structural])
    effects = lever_effects(model.centres, model.levers, structure, model.years)
    t = None if explain_year is None else int(explain_year - model.base_year)
    trace = project(model, structure, effects, explain_year=t)
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
        detail=trace.detail,
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
        raise ModelError([ModelProblem(OVERFLOW)])


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
    """The unit-years, year by year: one frame from the years' arrays (a frame per year, then
    concatenated, took a third of a small run)."""
    unit_ids = np.array(structure.unit_ids, dtype=object)
    forms = np.array(FORMS, dtype=object)
    columns = {
        "unit": unit_ids[np.concatenate([booked["index"] for booked in trace.units])],
        "year": np.repeat(model.years, [len(booked["index"]) for booked in trace.units]),
        "operating_form": forms[np.concatenate([booked["form"] for booked in trace.units])],
    }
    columns |= {name: np.concatenate([booked[name] for booked in trace.units]) for name in UNIT_FIELDS}
    return pd.DataFrame(columns)
