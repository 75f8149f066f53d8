"""Monte Carlo (§6): shocks drawn from the document's seed (R23) and percentile bands (R25)."""

from __future__ import annotations

import numpy as np

from .inputs import FORMS, Uncertainty
from .run import Shocks, Trace
from .structure import Structure

PERCENTILES = (5, 25, 50, 75, 95)


def draw_shocks(uncertainty: Uncertainty, horizon: int, centres: int) -> Shocks:
    """Draw every shock of R23 from one generator seeded by the document, in a fixed order.

    The visit-rate factor is lognormal with mean 1 (exp(σZ − σ²/2)), so that the expected volumes
    on which the region sets its visit price (R24) are the volumes of the run without shocks.
    """
    draws = uncertainty.draws
    rng = np.random.default_rng(uncertainty.seed)

    def normal(sd: float, shape: tuple[int, ...]) -> np.ndarray:
        return rng.normal(0.0, sd, size=shape) if sd > 0 else np.zeros(shape)

    listed = normal(uncertainty.listed_growth_sd, (draws, horizon))
    wage = normal(uncertainty.wage_growth_sd, (draws, horizon))
    price = normal(uncertainty.price_growth_sd, (draws, horizon))
    sd = uncertainty.visit_rate_sd
    visit_factor = np.exp(normal(sd, (draws, centres)) - sd * sd / 2.0)
    return Shocks(draws, listed, wage, price, visit_factor, uncertainty.cost_sd, rng)


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
    return {
        "net_cost": percentile_bands(trace.net_cost),
        "result_by_form": {form: percentile_bands(trace.result_by_form[:, f, :]) for f, form in enumerate(FORMS)},
        "unit_risk": {
            unit: {
                "horizon": float(risk[:, u, :].any(axis=1).mean()),
                "by_year": [float(v) for v in risk[:, u, :].mean(axis=0)],
            }
            for u, unit in enumerate(structure.unit_ids)
            if structure.active[:, u].any()
        },
    }
