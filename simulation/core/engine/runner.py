"""``simulate``: a model → its tables (§7), with Monte Carlo bands when uncertain (R23–R25)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from simulation.core.engine import fused, workers
from simulation.core.engine.checks import OVERFLOW, ModelError, ModelProblem, from_structure
from simulation.core.engine.detail import YearDetail
from simulation.core.engine.frames import Columns, all_finite, frame
from simulation.core.engine.groups import GroupSums
from simulation.core.engine.inputs import Model, Uncertainty
from simulation.core.engine.levers import LeverEffects, lever_effects
from simulation.core.engine.montecarlo import bands, draw_shocks
from simulation.core.engine.plans import UnitPlans
from simulation.core.engine.recorders import BandRecorder, DrawTotals
from simulation.core.engine.rows import RowRecorder
from simulation.core.engine.run import project, project_draws
from simulation.core.engine.structure import Structure, build_structure
from simulation.core.engine.year import Setting

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class RunResult:
    """One run's tables (§7): centre-years, unit-years, region-years, and bands when uncertain.

    The tables are kept as columns (``frames``); ``centres``, ``units`` and ``region`` are the same
    tables as DataFrames, built when first read."""

    centre_columns: Columns
    unit_columns: Columns
    region_columns: Columns  # by_form flattened into columns such as "private.listed"
    bands: dict[str, Any] | None
    detail: YearDetail | None = None  # the intermediate figures of the year asked for

    @cached_property
    def centres(self) -> pd.DataFrame:
        return frame(self.centre_columns)

    @cached_property
    def units(self) -> pd.DataFrame:
        return frame(self.unit_columns)

    @cached_property
    def region(self) -> pd.DataFrame:
        return frame(self.region_columns)


def simulate(model: Model, explain_year: int | None = None) -> RunResult:
    """Project a model over its horizon (R1–R22), and its Monte Carlo bands when uncertain (R23–R25).

    ``explain_year`` (a calendar year) also keeps that year's intermediate figures (``detail``),
    from which analyses explain a figure (§11.3)."""
    structure, structural = build_structure(model.centres, model.levers, model.years)
    if structural:
        raise ModelError([from_structure(p) for p in structural])
    effects = lever_effects(model.centres, model.levers, structure, model.years)
    t = None if explain_year is None else int(explain_year - model.base_year)
    rows = RowRecorder(Setting.of(model, structure, effects), detail_year=t)
    project(rows.setting, rows)
    run_bands = None
    if model.uncertainty is not None:
        totals = _draw_totals(model, model.uncertainty, structure, effects, rows.visit_price)
        run_bands = bands(totals, structure)
    result = RunResult(
        centre_columns=rows.centre_table(),
        unit_columns=rows.unit_table(),
        region_columns=rows.region_table(),
        bands=run_bands,
        detail=rows.detail,
    )
    _assert_finite(result)
    return result


def _draw_totals(
    model: Model, uncertainty: Uncertainty, structure: Structure, effects: LeverEffects, visit_price: np.ndarray
) -> DrawTotals:
    """Every Monte Carlo draw of the model, chunk by chunk, paid at the deterministic run's visit
    price (R24)."""
    cells = uncertainty.draws * model.centres.count * model.horizon
    kernels = fused.prepare(cells)  # before the chunks fork: their children inherit what was loaded
    runners = workers.MONTE_CARLO_WORKERS
    draws = draw_shocks(uncertainty, model.horizon, model.centres.count, runners, compiled=kernels is not None)
    units = len(structure.unit_ids)
    # What does not change between draws is built once, for every chunk.
    sums, plans = GroupSums(structure), UnitPlans(model, structure, effects.drawdown)

    totals = DrawTotals(uncertainty.draws, units, model.horizon)

    def run_chunk(chunk: int) -> None:
        shocks = draws.shocks(chunk)
        recorder = BandRecorder(totals, draws.chunks[chunk], units)
        setting = Setting.of(model, structure, effects, shocks, visit_price=visit_price, sums=sums, plans=plans)
        project_draws(setting, recorder)
        recorder.finish()

    workers.run_chunks(run_chunk, draws.chunks, totals, cells)
    return totals


def _assert_finite(result: RunResult) -> None:
    """No figure may be NaN or infinite: it could be neither stored (JSON) nor shown. The validator's
    bounds keep inputs far from that; this is the engine's own guarantee."""
    finite = all(all_finite(t) for t in (result.centre_columns, result.unit_columns, result.region_columns))
    if finite and result.bands is not None:
        finite = all(
            np.isfinite(values).all()
            for name, band in result.bands.items()
            if name != "unit_risk"
            for values in _band_values(band)
        )
    if not finite:
        raise ModelError([ModelProblem(OVERFLOW)])


def _band_values(band: dict[str, Any]) -> list[list[float]]:
    """Every series of a band: {"p5": [...], …} or {form: {"p5": [...], …}}."""
    return [v for value in band.values() for v in (value.values() if isinstance(value, dict) else [value])]
