"""Dated values (§1): a step function over years, resolved to one value per projected year."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np


def resolve(value: float | Mapping[int, float], years: np.ndarray) -> np.ndarray:
    """Evaluate a plain number or a ``{year: value}`` step function at every year of ``years``.

    A key's value holds from that year until the next key; years before the first key take the
    first key's value.
    """
    if not isinstance(value, Mapping):
        return np.full(len(years), float(value))
    keys = np.array(sorted(value), dtype=int)
    values = np.array([float(value[k]) for k in keys])
    position = np.searchsorted(keys, years, side="right") - 1
    return values[np.clip(position, 0, None)]


def growth_index(rates: np.ndarray, shocks: np.ndarray | None = None) -> np.ndarray:
    """The index I_x(t) = Π_{k=1..t} (1 + x(k)), I_x(0) = 1 (§3 notation), one row per draw.

    ``rates`` has one growth rate per year (H,), or in a batch run (``inputs``) one per year and
    member (H, B, 1); ``shocks`` (D, H) are added to the rates of each draw (R23). Returns an array
    of shape (D, H): D = 1 without shocks, B for batched rates.
    """
    if rates.ndim == 3:
        rates = rates[:, :, 0].T  # (B, H)
    growth = np.atleast_2d(rates).copy() if shocks is None else rates + shocks
    growth[:, 0] = 0.0
    return np.cumprod(1.0 + growth, axis=1)
