"""Monte Carlo (§6): shocks drawn from the document's seed (R23) and percentile bands (R25)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulation.core.engine.inputs import FORMS, Uncertainty
from simulation.core.engine.run import Shocks, Trace
from simulation.core.engine.structure import Structure

PERCENTILES = (5, 25, 50, 75, 95)
CHUNK_CELLS = 64 * 1024  # draws × centres per chunk: one float64 array of 512 KiB (measured best, bench/)


def _stream(seed: int, draw: int) -> np.random.Generator:
    """Draw ``draw``'s own random stream: it depends on the seed and the draw's number only (R24)."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(draw,)))


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

    def shocks(self, chunk: int) -> Shocks:
        u, horizon, centres = self.uncertainty, self.horizon, self.centres
        draws = range(self.chunks[chunk].start, self.chunks[chunk].stop)
        # Each draw takes its numbers from its own stream in a fixed order: the growth and visit
        # normals in full whatever the sds (so a zero sd never shifts another shock), then the
        # per-year cost noise when there is any.
        z = np.empty((len(draws), 3 * horizon + centres))
        cost = np.empty((len(draws), horizon, centres)) if u.cost_sd > 0 else None
        for d, i in enumerate(draws):
            rng = _stream(u.seed, i)
            rng.standard_normal(out=z[d])
            if cost is not None:
                rng.standard_normal(out=cost[d])
        if cost is not None:
            cost *= u.cost_sd
            cost += 1.0
        listed, wage, price = (z[:, k * horizon : (k + 1) * horizon] for k in range(3))
        sd = u.visit_rate_sd
        # Lognormal with mean 1 (exp(σZ − σ²/2)): the expected volumes on which the region sets its
        # visit price (R24) are the volumes of the run without shocks.
        visit_factor = np.exp(sd * z[:, 3 * horizon :] - sd * sd / 2.0)
        growth = (u.listed_growth_sd * listed, u.wage_growth_sd * wage, u.price_growth_sd * price)
        return Shocks(*growth, visit_factor, cost)


def draw_shocks(uncertainty: Uncertainty, horizon: int, centres: int) -> Draws:
    """The draws of R23, chunked; each chunk's shocks are drawn when it runs (``Draws.shocks``)."""
    return Draws(uncertainty, horizon, centres, tuple(draw_chunks(uncertainty.draws, centres)))


def draw_chunks(draws: int, centres: int) -> list[slice]:
    """Split the draws so that one chunk's (draws × centres) arrays stay around half a megabyte:
    the year loop then works in cache instead of streaming large temporaries through memory."""
    size = max(1, min(draws, CHUNK_CELLS // max(centres, 1)))
    return [slice(start, min(start + size, draws)) for start in range(0, draws, size)]


def merge(traces: list[Trace]) -> Trace:
    """One trace of all draws from the traces of consecutive chunks (risk counts are summed)."""
    return Trace(
        visit_price=traces[0].visit_price,
        net_cost=np.concatenate([t.net_cost for t in traces]),
        consolidated_cost=np.concatenate([t.consolidated_cost for t in traces]),
        region_run_balance=np.concatenate([t.region_run_balance for t in traces]),
        loss_coverage=np.concatenate([t.loss_coverage for t in traces]),
        result_by_form=np.concatenate([t.result_by_form for t in traces]),
        risk_draws=sum(t.risk_draws for t in traces),
        risk_ever=np.sum([t.risk_ever for t in traces], axis=0),
        risk_by_year=np.sum([t.risk_by_year for t in traces], axis=0),
    )


def percentile_bands(values: np.ndarray) -> dict[str, list[float]]:
    """p5…p95 over draws of a (D, H) array, one list per percentile with one value per year."""
    table = np.percentile(values, PERCENTILES, axis=0)
    return {f"p{p}": [float(v) for v in row] for p, row in zip(PERCENTILES, table, strict=True)}


def bands(trace: Trace, structure: Structure) -> dict:
    """R25, R26: bands of the region's net cost, consolidated cost, region-run balance and loss
    coverage (R21: every headline figure of a page under uncertainty has its range), of the result
    per form, and each unit's risk.

    A unit's risk is the share of draws in which, in that year (``by_year``) or in any year of the
    horizon (``horizon``), a deficit of it is written off or its ``borne`` balance ends negative.
    """
    ever = trace.risk_ever / trace.risk_draws  # (U,) share of draws with a write-off or negative balance
    by_year = trace.risk_by_year / trace.risk_draws  # (U, H)
    return {
        "net_cost": percentile_bands(trace.net_cost),
        "consolidated_cost": percentile_bands(trace.consolidated_cost),
        "region_run_balance": percentile_bands(trace.region_run_balance),
        "loss_coverage": percentile_bands(trace.loss_coverage),
        "result_by_form": {form: percentile_bands(trace.result_by_form[:, f, :]) for f, form in enumerate(FORMS)},
        "unit_risk": {
            unit: {"horizon": float(ever[u]), "by_year": by_year[u].tolist()}
            for u, unit in enumerate(structure.unit_ids)
            if structure.active[:, u].any()
        },
    }
