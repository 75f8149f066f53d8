"""Sums of centre figures by result unit (R19): a group of units summed from its own centres gives
every bit that the sum over every centre gives, a −0.0 included (bincount's sums start at 0.0)."""

import numpy as np
import pytest

from simulation.core.engine.groups import GroupSums
from simulation.core.engine.structure import Structure


def structure(unit_of: list[int], units: int) -> Structure:
    forms = np.zeros((1, len(unit_of)), dtype=np.int8)
    unit_forms = np.zeros((1, units), dtype=np.int8)
    return Structure(forms, np.array([unit_of]), tuple(f"U{u}" for u in range(units)), unit_forms, np.zeros((1, units)))


@pytest.mark.parametrize(
    ("unit_of", "units", "group"),
    [
        ([2, 0, 3, 1], 4, [0, 1, 3]),  # one centre each: gathered
        ([0, 1, 1, 2, 1], 3, [1, 2]),  # a pooled unit among them: summed over every centre
        ([1, 0], 2, [0, 1]),
    ],
)
def test_a_group_of_units_sums_to_the_bits_of_the_sum_over_every_centre(unit_of, units, group):
    values = np.random.default_rng(1).normal(size=(3, len(unit_of))) * 1e6
    values[0, 0] = -0.0
    values[1, :] = -0.0
    sums = GroupSums(structure(unit_of, units))
    group = np.array(group)

    picked = sums.of_units(values, 0, group)

    expected = sums.by_unit(values, 0)[:, group]
    assert picked.flags.c_contiguous
    np.testing.assert_array_equal(picked, expected)
    assert (np.signbit(picked) == np.signbit(expected)).all()
