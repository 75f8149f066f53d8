"""Sums of centre figures by group: by result unit and by operating form, year by year."""

from __future__ import annotations

import numpy as np

from simulation.core.engine.inputs import FORMS
from simulation.core.engine.structure import Structure


def group_sum(values: np.ndarray, groups: np.ndarray, size: int, flat: np.ndarray | None = None) -> np.ndarray:
    """Sum (D, N) values into (D, size) groups, group of centre n being groups[n]; ``flat`` is
    :func:`flat_groups` of the same groups and D, when it is at hand."""
    draws = values.shape[0]
    flat = flat_groups(groups, size, draws) if flat is None else flat
    # bincount gives integers for no values at all (no draws): sums of money are floats however many.
    sums = np.bincount(flat, weights=values.ravel(), minlength=draws * size)
    return sums.astype(float, copy=False).reshape(draws, size)


def flat_groups(groups: np.ndarray, size: int, draws: int) -> np.ndarray:
    """The bincount index of (draws, N) values into (draws, size) groups: row d's group g is d·size + g."""
    return (groups[None, :] + size * np.arange(draws)[:, None]).ravel()


class GroupSums:
    """Sums of centre figures by unit and by form in each year. The bincount indexes depend only on
    the year's structure and the number of rows, so they are built once and shared by every chunk of
    draws (their arrays are only read, so threads may share them)."""

    def __init__(self, structure: Structure) -> None:
        self.structure = structure
        self._flat: dict[tuple[str, int, int], np.ndarray] = {}
        self._single: dict[tuple[int, bytes], np.ndarray | None] = {}
        self._positions: dict[tuple[int, bytes], np.ndarray] = {}

    def _sum(self, kind: str, values: np.ndarray, t: int) -> np.ndarray:
        structure, draws = self.structure, values.shape[0]
        groups, size = (
            (structure.unit_of[t], len(structure.unit_ids)) if kind == "unit" else (structure.forms[t], len(FORMS))
        )
        key = (kind, t, draws)
        if key not in self._flat:
            self._flat[key] = flat_groups(groups, size, draws)
        return group_sum(values, groups, size, self._flat[key])

    def by_unit(self, values: np.ndarray, t: int) -> np.ndarray:
        """(D, N) → (D, U): each unit's sum over its centres in year t."""
        return self._sum("unit", values, t)

    def of_units(self, values: np.ndarray, t: int, units: np.ndarray) -> np.ndarray:
        """(D, N) → (D, len(units)): ``by_unit(values, t)[:, units]`` bit for bit, C-ordered (so that
        a draw's sums over units do not depend on how many draws share its chunk, R24). Units of one
        centre each are gathered rather than summed over every centre."""
        key = (t, units.tobytes())
        if key not in self._single:
            self._single[key] = self._single_centres(t, units)
        centres = self._single[key]
        if centres is None:
            return np.take(self.by_unit(values, t), units, axis=1)
        picked = np.take(values, centres, axis=1)
        picked += 0.0  # bincount's sums start at 0.0, which turns a −0.0 into 0.0
        return picked

    def positions(self, t: int, units: np.ndarray) -> np.ndarray:
        """(N,) each centre's unit's place among ``units`` in year t, −1 for a centre of another unit
        (what ``fused_kernels.unit_results`` sums by)."""
        key = (t, units.tobytes())
        if key not in self._positions:
            place = np.full(len(self.structure.unit_ids), -1, dtype=np.int64)
            place[units] = np.arange(len(units))
            self._positions[key] = place[self.structure.unit_of[t]]
        return self._positions[key]

    def _single_centres(self, t: int, units: np.ndarray) -> np.ndarray | None:
        """The centre of each of ``units`` in year t, or None unless each has exactly one."""
        unit_of = self.structure.unit_of[t]
        counts = np.bincount(unit_of, minlength=len(self.structure.unit_ids))
        if not (counts[units] == 1).all():
            return None
        centre = np.empty(len(counts), dtype=np.int64)
        centre[unit_of] = np.arange(len(unit_of))
        return centre[units]

    def by_form(self, values: np.ndarray, t: int) -> np.ndarray:
        """(D, N) → (D, 3): each operating form's sum over its centres in year t."""
        return self._sum("form", values, t)
