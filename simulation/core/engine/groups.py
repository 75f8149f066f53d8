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
    return np.bincount(flat, weights=values.ravel(), minlength=draws * size).reshape(draws, size)


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

    def by_form(self, values: np.ndarray, t: int) -> np.ndarray:
        """(D, N) → (D, 3): each operating form's sum over its centres in year t."""
        return self._sum("form", values, t)
