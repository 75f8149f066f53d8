"""Monte Carlo (§6): shocks drawn from the document's seed (R23) and percentile bands (R25)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from simulation.core.engine import fused
from simulation.core.engine.inputs import FORMS, Uncertainty
from simulation.core.engine.recorders import DrawTotals
from simulation.core.engine.structure import Structure
from simulation.core.engine.year import Shocks

PERCENTILES = (5, 25, 50, 75, 95)
CHUNK_CELLS = 64 * 1024  # draws × centres per chunk: one float64 array of 512 KiB (measured best, bench/)
#: Through the compiled loops (``fused``) a chunk-year keeps few arrays, and what it does once a
#: chunk-year in Python (the year's coefficients, opening units, recording) weighs more: four times
#: larger chunks measured 20–23 ns per centre-year-draw at 1 200 × 10 × 1 000 against 24–27 (bench/mc.py).
COMPILED_CHUNK_CELLS = 256 * 1024
#: But a chunk's ledger keeps a deficit slot per year of the horizon (draws × units × (H + 1)): over
#: long horizons compiled chunks shrink so that it stays within this (at 10 years they do not).
COMPILED_CHUNK_LEDGER_BYTES = 24 * 1024 * 1024
#: But never fewer draws a chunk than this: at 20 000 centres 64 Ki cells held 3 draws, and the work
#: each chunk-year does whatever its size weighed. In threads 8 draws measured 11 % less CPU there;
#: in forked processes (``workers``), where no chunk waits for another's GIL, 4 draws were 8 % faster
#: than 8 (20 000 × 10 × 100: 52,5 ns per centre-year-draw against 57,3; 1, 2 and 3 within 2 %).
MIN_CHUNK_DRAWS = 4


def _stream(seed: int, draw: int) -> np.random.Generator:
    """Draw ``draw``'s own random stream: it depends on the seed and the draw's number only (R24)."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(draw,)))


class CostNoise:
    """The cost shocks 1 + ε of some draws (R23), drawn year by year as the years are computed.

    Each draw goes on drawing from its own stream, so year t's numbers are those a draws × years ×
    centres array drawn at once would hold, without that array ever being held: one (D, N) array,
    refilled each year. Through the compiled loops (``draw_ahead``) a block of years is drawn at
    once, at most ``AHEAD_CELLS`` normals."""

    #: The most normals drawn ahead (32 MiB): a call of the compiled generator costs microseconds,
    #: so it draws each draw's years in one call, but 50 years of a 256 Ki-cell chunk would hold 100 MiB.
    AHEAD_CELLS = 4 * 1024 * 1024

    def __init__(self, streams: list[np.random.Generator], centres: int, sd: float) -> None:
        self.streams = streams
        self.sd = sd
        self.next_year = 0
        self.factor = np.empty((len(streams), centres))
        self.horizon = 0
        self.fill: Callable[[np.random.Generator, np.ndarray], None] | None = None
        self.ahead = np.empty((0, len(streams), centres))  # normals of years first_ahead, … (years, D, N)
        self.first_ahead = 0

    def draw_ahead(self, horizon: int, standard_normals: Callable[[np.random.Generator, np.ndarray], None]) -> None:
        """Draw the years' normals ahead with ``standard_normals`` (``fused_kernels``: numba's
        generator, numpy's bits three times faster), each draw's block of years in one call. Each
        stream gives the same numbers in the same order as year by year: the years are drawn in
        turn, from where the stream stands."""
        if self.next_year:
            raise ValueError("the cost shocks are drawn ahead from the first year")
        self.horizon, self.fill = horizon, standard_normals

    def normals(self, t: int) -> np.ndarray:
        """The standard normals of year t (D, N), ε = sd × these; valid until the next year is
        drawn. Years come in order."""
        if t != self.next_year:
            raise ValueError(f"cost shocks are drawn year by year: year {self.next_year} comes next, not {t}")
        self.next_year += 1
        if self.fill is None:
            for d, rng in enumerate(self.streams):
                rng.standard_normal(out=self.factor[d])
            return self.factor
        if t >= self.first_ahead + len(self.ahead):
            years = max(1, min(self.horizon - t, self.AHEAD_CELLS // max(self.factor.size, 1)))
            if len(self.ahead) != years:
                self.ahead = np.empty((years, *self.factor.shape))
            for d, rng in enumerate(self.streams):
                self.fill(rng, self.ahead[:, d, :])
            self.first_ahead = t
        return self.ahead[t - self.first_ahead]

    def year(self, t: int) -> np.ndarray:
        """1 + ε of year t (D, N); valid until the next year is drawn. Years come in order."""
        factor = self.normals(t)
        if factor is not self.factor:  # drawn ahead: those normals are kept as they were
            np.copyto(self.factor, factor)
            factor = self.factor
        factor *= self.sd
        factor += 1.0
        return factor


@dataclass(frozen=True)
class Draws:
    """Every draw of a Monte Carlo run, split into chunks that can run side by side.

    A chunk draws its own shocks when it runs, each draw from its own stream, so the numbers do not
    depend on how the draws are chunked or on how many threads or workers run the chunks (R24).
    """

    uncertainty: Uncertainty
    horizon: int
    centres: int
    chunks: tuple[slice, ...]
    compiled: bool = False  # through the compiled loops (``fused``): the cost noise drawn by them

    def shocks(self, chunk: int) -> Shocks:
        u, horizon, centres = self.uncertainty, self.horizon, self.centres
        draws = range(self.chunks[chunk].start, self.chunks[chunk].stop)
        # Each draw takes its numbers from its own stream in a fixed order: the growth and visit
        # normals in full whatever the sds (so a zero sd never shifts another shock), then the
        # cost noise year by year when there is any (``CostNoise``).
        z = np.empty((len(draws), 3 * horizon + centres))
        streams = [_stream(u.seed, i) for i in draws]
        for d, rng in enumerate(streams):
            rng.standard_normal(out=z[d])
        listed, wage, price = (z[:, k * horizon : (k + 1) * horizon] for k in range(3))
        sd = u.visit_rate_sd
        # Lognormal with mean 1 (exp(σZ − σ²/2)): the expected volumes on which the region sets its
        # visit price (R24) are the volumes of the run without shocks.
        visit_factor = np.exp(sd * z[:, 3 * horizon :] - sd * sd / 2.0)
        growth = (u.listed_growth_sd * listed, u.wage_growth_sd * wage, u.price_growth_sd * price)
        noise = CostNoise(streams, centres, u.cost_sd) if u.cost_sd > 0 else None
        kernels = fused.kernels() if self.compiled else None
        if noise is not None and kernels is not None:
            noise.draw_ahead(horizon, kernels.standard_normals)
        return Shocks(*growth, visit_factor, noise)


def draw_shocks(
    uncertainty: Uncertainty, horizon: int, centres: int, runners: int = 1, compiled: bool = False
) -> Draws:
    """The draws of R23, chunked (``draw_chunks``, larger chunks for the ``compiled`` loops); each
    chunk's shocks are drawn when it runs (``Draws.shocks``)."""
    cells = CHUNK_CELLS
    if compiled:
        cells = max(CHUNK_CELLS, min(COMPILED_CHUNK_CELLS, COMPILED_CHUNK_LEDGER_BYTES // (8 * (horizon + 1))))
    chunks = tuple(draw_chunks(uncertainty.draws, centres, runners, cells))
    return Draws(uncertainty, horizon, centres, chunks, compiled)


def draw_chunks(draws: int, centres: int, runners: int = 1, cells: int | None = None) -> list[slice]:
    """Split the draws so that one chunk's (draws × centres) arrays stay around ``cells`` (default
    ``CHUNK_CELLS``, half a megabyte):
    the year loop then works in cache instead of streaming large temporaries through memory. With
    very many centres a chunk still takes ``MIN_CHUNK_DRAWS`` draws.

    The chunks are as even as the draws divide, and as many as a multiple of ``runners`` (the
    processes or threads that run them side by side), so that no runner is left with a chunk more
    than another while the others wait: 1 000 national draws made 19 chunks, 10 for one of two
    processes and 9 for the other, which finished some 40 ms earlier (bench/mc.py). How the draws
    are chunked changes no number (R24)."""
    size = max(1, min(draws, max(MIN_CHUNK_DRAWS, (cells or CHUNK_CELLS) // max(centres, 1))))
    count = -(-draws // size)
    if runners > 1 and count >= runners:
        count = min(draws, -(-count // runners) * runners)  # never a chunk without draws
    bounds = [draws * k // count for k in range(count + 1)]
    return [slice(bounds[k], bounds[k + 1]) for k in range(count)]


def percentile_bands(values: np.ndarray) -> dict[str, list[float]]:
    """p5…p95 over draws of a (D, H) array, one list per percentile with one value per year."""
    table = np.percentile(values, PERCENTILES, axis=0)
    return {f"p{p}": [float(v) for v in row] for p, row in zip(PERCENTILES, table, strict=True)}


def bands(totals: DrawTotals, structure: Structure) -> dict[str, Any]:
    """R25, R26: bands of the region's net cost, consolidated cost, region-run balance and loss
    coverage (R21: every headline figure of a page under uncertainty has its range), of the result
    per form, and each unit's risk.

    A unit's risk is the share of draws in which, in that year (``by_year``) or in any year of the
    horizon (``horizon``), a deficit of it is written off or its ``borne`` balance ends negative.
    """
    ever = totals.risk_ever / totals.risk_draws  # (U,) share of draws with a write-off or negative balance
    by_year = totals.risk_by_year / totals.risk_draws  # (U, H)
    banded = np.asarray(structure.active.any(axis=0))  # units with centres in some year
    return {
        "net_cost": percentile_bands(totals.net_cost),
        "consolidated_cost": percentile_bands(totals.consolidated_cost),
        "region_run_balance": percentile_bands(totals.region_run_balance),
        "loss_coverage": percentile_bands(totals.loss_coverage),
        "result_by_form": {form: percentile_bands(totals.result_by_form[:, f, :]) for f, form in enumerate(FORMS)},
        "unit_risk": {
            unit: {"horizon": float(ever[u]), "by_year": by_year[u].tolist()}
            for u, unit in enumerate(structure.unit_ids)
            if banded[u]
        },
    }
