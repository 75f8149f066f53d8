"""Monte Carlo (§6): shocks drawn from the document's seed (R23) and percentile bands (R25)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .inputs import FORMS, Uncertainty
from .run import Shocks, Trace
from .structure import Structure

PERCENTILES = (5, 25, 50, 75, 95)
CHUNK_CELLS = 64 * 1024  # draws × centres per chunk: one float64 array of 512 KiB (measured best, bench/)


@dataclass(frozen=True)
class Draws:
    """Every draw of a Monte Carlo run, split into chunks that can run side by side.

    Growth and visit shocks are drawn up front; the per-year cost noise of each chunk comes from
    its own child of the document's seed, so a chunk needs nothing from the others.
    """

    listed_growth: np.ndarray  # (D, H)
    wage_growth: np.ndarray  # (D, H)
    price_growth: np.ndarray  # (D, H)
    visit_factor: np.ndarray  # (D, N)
    cost_sd: float
    chunks: tuple[slice, ...]
    cost_seeds: tuple[np.random.SeedSequence, ...]

    def shocks(self, chunk: int) -> Shocks:
        draws = self.chunks[chunk]
        cost = None
        if self.cost_sd > 0:
            rng = np.random.default_rng(self.cost_seeds[chunk])
            horizon, centres = self.listed_growth.shape[1], self.visit_factor.shape[1]
            cost = rng.normal(0.0, self.cost_sd, size=(horizon, draws.stop - draws.start, centres))
            cost += 1.0
        return Shocks(
            self.listed_growth[draws],
            self.wage_growth[draws],
            self.price_growth[draws],
            self.visit_factor[draws],
            cost,
        )


def draw_shocks(uncertainty: Uncertainty, horizon: int, centres: int) -> Draws:
    """Draw the shocks of R23 from the document's seed, in a fixed order.

    The visit-rate factor is lognormal with mean 1 (exp(σZ − σ²/2)), so that the expected volumes
    on which the region sets its visit price (R24) are the volumes of the run without shocks.
    """
    draws = uncertainty.draws
    up_front, cost_parent = np.random.SeedSequence(uncertainty.seed).spawn(2)
    rng = np.random.default_rng(up_front)

    def normal(sd: float, shape: tuple[int, ...]) -> np.ndarray:
        return rng.normal(0.0, sd, size=shape) if sd > 0 else np.zeros(shape)

    listed = normal(uncertainty.listed_growth_sd, (draws, horizon))
    wage = normal(uncertainty.wage_growth_sd, (draws, horizon))
    price = normal(uncertainty.price_growth_sd, (draws, horizon))
    sd = uncertainty.visit_rate_sd
    visit_factor = np.exp(normal(sd, (draws, centres)) - sd * sd / 2.0)
    chunks = draw_chunks(draws, centres)
    return Draws(
        listed, wage, price, visit_factor, uncertainty.cost_sd, tuple(chunks), tuple(cost_parent.spawn(len(chunks)))
    )


def draw_chunks(draws: int, centres: int) -> list[slice]:
    """Split the draws so that one chunk's (draws × centres) arrays stay around half a megabyte:
    the year loop then works in cache instead of streaming large temporaries through memory."""
    size = max(1, min(draws, CHUNK_CELLS // max(centres, 1)))
    return [slice(start, min(start + size, draws)) for start in range(0, draws, size)]


def merge(traces: list[Trace]) -> Trace:
    """One trace of all draws from the traces of consecutive chunks."""
    return Trace(
        visit_price=traces[0].visit_price,
        net_cost=np.concatenate([t.net_cost for t in traces]),
        result_by_form=np.concatenate([t.result_by_form for t in traces]),
        unit_risk=np.concatenate([t.unit_risk for t in traces]),
    )


def percentile_bands(values: np.ndarray) -> dict[str, list[float]]:
    """p5…p95 over draws of a (D, H) array, one list per percentile with one value per year."""
    table = np.percentile(values, PERCENTILES, axis=0)
    return {f"p{p}": [float(v) for v in row] for p, row in zip(PERCENTILES, table, strict=True)}


def bands(trace: Trace, structure: Structure) -> dict:
    """R25: bands of the region's net cost and of the result per form, and each unit's risk.

    A unit's risk is the share of draws in which, in that year (``by_year``) or in any year of the
    horizon (``horizon``), a deficit of it is written off or its ``borne`` balance ends negative.
    """
    risk = trace.unit_risk
    ever = risk.any(axis=2).mean(axis=0)  # (U,) share of draws with a write-off or negative balance
    by_year = risk.mean(axis=0)  # (U, H)
    return {
        "net_cost": percentile_bands(trace.net_cost),
        "result_by_form": {form: percentile_bands(trace.result_by_form[:, f, :]) for f, form in enumerate(FORMS)},
        "unit_risk": {
            unit: {"horizon": float(ever[u]), "by_year": by_year[u].tolist()}
            for u, unit in enumerate(structure.unit_ids)
            if structure.active[:, u].any()
        },
    }
