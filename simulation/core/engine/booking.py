"""The steps of R19 and R20 on the books of the result units being booked in one year.

``ledger.Ledger.step`` hands each step the ``Books`` (views of its state, changed in place) and
the units' ``UnitPolicy``; each function is one step, in the order of R19.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulation.core.engine.inputs import CARRIED, COVERED

#: Owed amounts below this are the dust of restoring and writing off, cleared to 0 (step 4).
DUST = 1e-9


@dataclass(frozen=True)
class UnitPolicy:
    """The ledger policy of the processed units in one year, one entry per unit."""

    deficit: np.ndarray  # codes COVERED / CARRIED / BORNE
    surplus_retention: np.ndarray
    restoration_years: np.ndarray
    return_requirement: np.ndarray
    surplus_cap: np.ndarray
    surplus_expiry_years: np.ndarray  # +inf: a kept surplus never expires


@dataclass
class Books:
    """The ledger state of the units being booked: views into the ledger's arrays, each (D, units),
    changed in place (``books.owed -= x`` writes through to the ledger)."""

    reserve: np.ndarray  # S
    owed: np.ndarray  # Σ D
    capital: np.ndarray  # start capital, part of S (R20)
    slots: list[int]  # the deficit slots visited, oldest first (slot k: arisen in base_year − 1 + k)
    planes: list[np.ndarray]  # D[y] of those slots
    new_deficits: np.ndarray  # D[year(t)]: where this year's deficits go (slot t + 1)
    dated: np.ndarray  # (units,) whose deficits are kept by year of origin
    holds: np.ndarray  # (slots, units) which slot may hold an open deficit of which unit
    parts: list[np.ndarray]  # S[y] by slot, oldest first; empty when parts are not tracked


@dataclass(frozen=True)
class Kept:
    restored: np.ndarray  # open deficits restored
    kept: np.ndarray  # surplus kept in the reserve
    excess: np.ndarray | None  # reserve above the surplus cap, None without a cap
    recovery: np.ndarray  # to the region: the return requirement, what is not kept, the excess


def restore_and_keep(books: Books, t: int, result: np.ndarray, policy: UnitPolicy) -> Kept:
    """Steps 1 and 2: a surplus restores open deficits oldest first; a share of what is left is kept,
    the rest, the return requirement and any reserve above the cap go to the region."""
    surplus = np.maximum(result, 0.0)
    restored = np.minimum(surplus, books.owed)
    left = surplus - restored
    if restored.any():
        older = [plane for k, plane in zip(books.slots, books.planes, strict=True) if k <= t]
        take_oldest_first(older, restored.copy())
        books.owed -= restored
    kept = policy.surplus_retention * left
    books.reserve += kept
    if books.parts:
        books.parts[t + 1] += kept  # kept in year(t) = base_year − 1 + (t + 1)
    recovery = (left - kept) + policy.return_requirement  # step 1: the return requirement
    excess = None
    if np.isfinite(policy.surplus_cap).any():
        excess = np.where(result >= 0, np.maximum(books.reserve - policy.surplus_cap, 0.0), 0.0)
        books.reserve -= excess
        recovery += excess
        if books.parts and excess.any():
            take_oldest_first([*books.parts[::-1], books.capital], excess.copy())  # the newest part first
    return Kept(restored, kept, excess, recovery)


@dataclass(frozen=True)
class Carried:
    loss_coverage: np.ndarray  # the deficit the region covers (covered units)
    from_reserve: np.ndarray  # deficit met from the reserve
    new_deficit: np.ndarray  # deficit carried as a new open deficit


def cover_or_carry(books: Books, t: int, result: np.ndarray, policy: UnitPolicy) -> Carried:
    """Step 3: a deficit is covered by the region, or met from the reserve and then carried."""
    shortfall = np.maximum(-result, 0.0)
    covered = policy.deficit == COVERED
    loss_coverage = masked(covered, shortfall)
    from_reserve = masked(~covered, np.minimum(books.reserve, shortfall))
    books.reserve -= from_reserve
    if books.parts and from_reserve.any():
        take_oldest_first([*books.parts, books.capital], from_reserve.copy())
    new_deficit = masked(~covered, shortfall - from_reserve)
    kept_by_year = books.dated & ~covered
    if kept_by_year.all():
        books.new_deficits += new_deficit
    elif kept_by_year.any():
        books.new_deficits += np.where(kept_by_year, new_deficit, 0.0)
    books.holds[t + 1] |= kept_by_year
    books.owed += new_deficit
    return Carried(loss_coverage, from_reserve, new_deficit)


def write_off(books: Books, t: int, policy: UnitPolicy, like: np.ndarray) -> np.ndarray:
    """Step 4: carried deficits past their restoration years are written off; returns the amount."""
    written_off = np.zeros_like(like)
    carried = policy.deficit == CARRIED
    slots = list(zip(books.slots, books.planes, strict=True)) if carried.any() else []
    if carried.any() and t + 1 not in books.slots:
        slots.append((t + 1, books.new_deficits))  # due at once when restoration_years is 0
    wrote = False
    for k, plane in slots:
        age = t + 1 - k  # year(t) − year of origin
        due = carried & (age >= policy.restoration_years)
        if due.all():
            written_off += plane
            plane[...] = 0.0
            books.holds[k] = False
        elif due.any():
            written_off += np.where(due, plane, 0.0)
            plane[:, due] = 0.0
            books.holds[k, due] = False
        wrote = wrote or bool(due.any())
    if wrote:  # subtracting 0.0 changes no bit
        books.owed -= written_off
    # Restoring and writing off subtract from ``owed`` what they take from the slots; clear
    # the rounding dust so that a fully written-off unit owes exactly 0. Only what is not already
    # +0.0 is written (writing every zero again cost far more than finding the few to write).
    dust = books.owed < DUST
    dust &= books.owed.view(np.int64) != 0  # every bit 0: +0.0 (a −0.0 is still made +0.0)
    if dust.any():
        books.owed[dust] = 0.0
    return written_off


@dataclass(frozen=True)
class Expiry:
    expired: np.ndarray  # kept surplus gone back to the region
    parts: np.ndarray | None  # (slots, D, units) what expired of each part, when asked for


def expire(books: Books, t: int, policy: UnitPolicy, like: np.ndarray, detail: bool) -> Expiry:
    """Step 4b: kept surplus unused for surplus_expiry_years goes back to the region."""
    expired = np.zeros_like(like)
    expired_parts = np.zeros((len(books.parts), *like.shape)) if detail else None
    for k, part in enumerate(books.parts):
        due = (t + 1 - k) >= policy.surplus_expiry_years  # year(t) − year kept ≥ N
        if due.any():
            gone = np.where(due, part, 0.0)
            expired += gone
            part[:, due] = 0.0
            if expired_parts is not None:
                expired_parts[k] = gone
    return Expiry(expired, expired_parts)


def draw(books: Books, drawdown: np.ndarray) -> np.ndarray:
    """Step 5: the drawdown lever takes from the reserve what it holds, oldest part first."""
    if not (drawdown.any() or np.signbit(drawdown).any()):  # every amount +0.0: nothing drawn, no bit moved
        return np.zeros_like(books.reserve)
    drawn = np.minimum(drawdown, books.reserve)
    books.reserve -= drawn
    if books.parts and drawn.any():
        take_oldest_first([*books.parts, books.capital], drawn.copy())
    return drawn


@dataclass(frozen=True)
class Handed:
    reserve: np.ndarray  # the reserve of closing units, to recovery
    deficits: np.ndarray  # their open deficits, written off (loss coverage)


def close(books: Books, closing: np.ndarray) -> Handed | None:
    """R20: a unit left with no centres hands its reserve and open deficits to the region."""
    if not closing.any():
        return None
    handed = Handed(reserve=np.where(closing, books.reserve, 0.0), deficits=np.where(closing, books.owed, 0.0))
    books.reserve[:, closing] = 0.0
    books.owed[:, closing] = 0.0
    books.capital[:, closing] = 0.0
    for plane in (*books.planes, books.new_deficits, *books.parts):
        plane[:, closing] = 0.0
    books.holds[:, closing] = False
    return handed


def take_oldest_first(planes: list[np.ndarray], amount: np.ndarray) -> None:
    """Take ``amount`` (D, units) out of ``planes`` in their order, each down to zero before the
    next is touched (planes are views, changed in place; ``amount`` is used up)."""
    for k, plane in enumerate(planes):
        if k and not amount.any():
            return  # used up: every later plane would give 0
        paid = np.minimum(plane, amount)
        plane -= paid
        amount -= paid


def masked(mask: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``np.where(mask, values, 0.0)`` for a mask over units, (units,), without its cost when every
    unit is on one side (then ``values`` itself is returned: pass a fresh array or do not change it)."""
    if mask.all():
        return values
    if not mask.any():
        return np.zeros_like(values)
    return np.where(mask, values, 0.0)
