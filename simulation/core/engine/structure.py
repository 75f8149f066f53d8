"""Who is what, and in which result unit, in each projected year (R20 and the lever selectors of §4).

Conversions only depend on the levers, never on results, so the whole structure is known before
the first year is computed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from simulation.core.engine.inputs import FORMS, Centres, ConvertForm, Lever, Selector


@dataclass(frozen=True)
class StructureProblem:
    """A structural contradiction, pinned to a lever (its index in the model's list) or to centres."""

    message: str
    lever: int | None = None
    centres: tuple[int, ...] = ()


@dataclass(frozen=True)
class Structure:
    """Forms and unit membership per year. Shapes: (H, N) per centre, (H, U) per unit."""

    forms: np.ndarray  # (H, N) form code of each centre in each year
    unit_of: np.ndarray  # (H, N) index into unit_ids
    unit_ids: tuple[str, ...]
    unit_forms: np.ndarray  # (H, U) form code, -1 where the unit has no centres that year
    start_capital: np.ndarray  # (H, U) reserve a unit opens with when a conversion starts it

    @cached_property
    def active(self) -> np.ndarray:
        """(H, U) True where the unit has centres in that year (made once: every year of every
        chunk of draws reads it)."""
        return self.unit_forms >= 0


def named_centres(selector: Selector, centres: Centres) -> np.ndarray:
    """Boolean mask of the centres a selector names by id (all when it names none). A set lookup
    per centre, once per lever: ``np.isin`` on object arrays compares every pair, and ran per year."""
    if selector.centres is None:
        return np.ones(centres.count, dtype=bool)
    return np.fromiter((c in selector.centres for c in centres.ids), dtype=bool, count=centres.count)


def select(selector: Selector, named: np.ndarray, forms_now: np.ndarray) -> np.ndarray:
    """Boolean mask of the centres a selector picks, judged by their forms in that year (§4);
    ``named`` is :func:`named_centres` of the same selector."""
    if selector.forms is None:
        return named
    return named & np.isin(forms_now, list(selector.forms))


def in_horizon(year: int, years: np.ndarray) -> bool:
    """A lever whose year lies outside the projected years has no effect (§4)."""
    return bool(years[0] <= year <= years[-1])


def build_structure(
    centres: Centres, levers: tuple[Lever, ...], years: np.ndarray
) -> tuple[Structure, list[StructureProblem]]:
    """Apply the conversions (R20) year by year, in list order, and check one form per unit."""
    horizon, count = len(years), centres.count
    unit_ids = list(dict.fromkeys(centres.units))
    unit_index = {u: i for i, u in enumerate(unit_ids)}
    forms = np.empty((horizon, count), dtype=np.int8)
    unit_of = np.empty((horizon, count), dtype=np.int64)
    starts: dict[tuple[int, str], float] = {}
    problems: list[StructureProblem] = []
    conversions = [(i, lever) for i, lever in enumerate(levers) if isinstance(lever, ConvertForm)]

    current_forms = centres.forms.astype(np.int8).copy()
    current_units = np.array([unit_index[u] for u in centres.units], dtype=np.int64)
    for t, year in enumerate(years):
        applied: list[tuple[int, np.ndarray]] = []
        for i, lever in conversions:
            if lever.year != year:
                continue
            mask = select(lever.selector, named_centres(lever.selector, centres), current_forms)
            current_forms[mask] = lever.to
            if lever.unit is not None:
                if lever.unit not in unit_index:
                    unit_index[lever.unit] = len(unit_ids)
                    unit_ids.append(lever.unit)
                current_units[mask] = unit_index[lever.unit]
                starts[(t, lever.unit)] = lever.start_capital
            applied.append((i, mask))
        forms[t], unit_of[t] = current_forms, current_units
        problems.extend(_mixed_units(t, year, current_forms, current_units, unit_ids, centres, applied))

    unit_forms = np.full((horizon, len(unit_ids)), -1, dtype=np.int8)
    for t in range(horizon):
        unit_forms[t, unit_of[t]] = forms[t]
    start_capital = np.zeros((horizon, len(unit_ids)))
    for (t, unit), capital in starts.items():
        u = unit_index[unit]
        newly_started = t == 0 or unit_forms[t - 1, u] < 0
        if newly_started and (t > 0 or unit not in centres.units):
            start_capital[t, u] = capital
    structure = Structure(forms, unit_of, tuple(unit_ids), unit_forms, start_capital)
    return structure, problems


def _mixed_units(
    t: int,
    year: int,
    forms: np.ndarray,
    units: np.ndarray,
    unit_ids: list[str],
    centres: Centres,
    applied: list[tuple[int, np.ndarray]],
) -> list[StructureProblem]:
    """One problem per unit that holds centres of different forms in this year (§4, §8)."""
    size = len(unit_ids)
    # How many forms each unit holds (bincounts: np.minimum.at took 5 ms a year at 20 000 centres).
    held = sum((np.bincount(units[forms == f], minlength=size) > 0).astype(int) for f in range(len(FORMS)))
    problems = []
    for u in np.flatnonzero(held > 1):
        members = np.flatnonzero(units == u)
        by_form = "; ".join(
            f"{FORMS[f]}: {', '.join(centres.ids[c] for c in members if forms[c] == f)}"
            for f in sorted(set(forms[members].tolist()))
        )
        message = f"unit {unit_ids[u]} would hold centres of different forms in {year} ({by_form})"
        culprits = [i for i, mask in applied if mask[members].any()]
        if culprits:
            problems.append(StructureProblem(message, lever=culprits[-1]))
        elif t == 0:
            problems.append(StructureProblem(message, centres=tuple(members.tolist())))
    return problems
