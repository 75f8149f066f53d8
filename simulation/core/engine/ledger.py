"""The result-unit ledger (R19, R20): reserves, open deficits by year of origin, write-offs, expiry.

State per draw and unit: a reserve S ≥ 0 and open deficits D[y] ≥ 0 by the year y they arose, so
that restoration deadlines are exact. Slot k of the deficit state holds the deficits that arose in
base_year − 1 + k (slot 0: a negative opening balance).

The reserve is held in parts too (R19, 1.2): S[y] by the year y each part was kept (slot k as for
deficits; slot 0 is the opening reserve) plus start capital (R20), which never expires. Taking from
S (a deficit, a drawdown) uses the oldest part first and start capital last; the surplus cap trims
the newest part first and start capital last; a part older than ``surplus_expiry_years`` goes back
to the region (step 4b). Without expiry the parts change no figure, so they are only kept when some
form's policy lets a surplus expire (``track_parts``).

Layout, for speed with many draws: deficits are stored slot-major, one (D, U) plane per slot, and
the units are kept in an order where the units booked together (region-run units, then private
units, see ``arrange``) sit side by side, so that a year's step works on views, not copies.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from simulation.core.engine.booking import (
    Books,
    UnitPolicy,
    close,
    cover_or_carry,
    draw,
    expire,
    restore_and_keep,
    write_off,
)


@dataclass(frozen=True)
class LedgerSteps:
    """What each step of R19–R20 moved, for explanations (§11.3); each (D, len(units))."""

    reserve_open: np.ndarray  # S before the year
    owed_open: np.ndarray  # Σ D before the year
    restored: np.ndarray  # step 2: open deficits restored
    kept: np.ndarray  # step 2: surplus kept in the reserve
    over_cap: np.ndarray  # step 2: reserve above the surplus cap, to the region
    from_reserve: np.ndarray  # step 3: deficit met from the reserve
    new_deficit: np.ndarray  # step 3: deficit carried as a new open deficit
    written_off_due: np.ndarray  # step 4: carried deficits past their restoration years
    expired: np.ndarray  # step 4b: kept surplus unused for surplus_expiry_years, back to the region
    expired_parts: np.ndarray  # (slots, D, len(units)) what expired of each part; slot k kept in base_year − 1 + k
    drawdown_planned: np.ndarray  # step 5: the lever's amount
    reserve_before_drawdown: np.ndarray  # step 5: S the drawdown is limited by
    reserve_handed: np.ndarray  # R20: reserve handed to the region at closing
    deficit_handed: np.ndarray  # R20: open deficits the region takes over at closing
    reserve_close: np.ndarray
    owed_close: np.ndarray
    open_deficits: np.ndarray  # (slots, D, len(units)) after the year; slot k arose in base_year − 1 + k
    reserve_parts: np.ndarray  # (slots, D, len(units)) kept parts after the year; no slots when untracked
    capital_close: np.ndarray  # start capital left after the year (0 where untracked)


@dataclass(frozen=True)
class UnitYear:
    """One year's ledger movements of the processed units, each (D, len(units))."""

    balance_open: np.ndarray
    balance_close: np.ndarray
    recovery: np.ndarray
    loss_coverage: np.ndarray
    written_off: np.ndarray
    drawdown: np.ndarray
    expired: np.ndarray
    steps: LedgerSteps | None = None  # only when asked for (a deterministic run being explained)


class Ledger:
    """Ledger state of U units over D draws, advanced one year at a time."""

    def __init__(
        self,
        draws: int,
        units: int,
        horizon: int,
        base_year: int,
        track_parts: bool = False,
        dated: np.ndarray | None = None,
    ) -> None:
        self.reserve = np.zeros((draws, units))
        self.deficits = np.zeros((horizon + 1, draws, units))
        self.owed = np.zeros((draws, units))  # Σ over slots of the open deficits, kept in step
        self.track_parts = track_parts
        # S by year kept (slot k: base_year − 1 + k) and start capital; S = Σ parts + capital.
        self.parts = np.zeros((horizon + 1, draws, units) if track_parts else (0, draws, units))
        self.capital = np.zeros((draws, units))
        self.base_year = base_year
        self.order = np.arange(units)  # position -> unit
        self.position = np.arange(units)  # unit -> position
        # Units whose open deficits are kept by year of origin (all by default). Only a ``carried``
        # deficit's year changes a figure (its write-off, step 4); elsewhere it only tells when a
        # deficit arose (explanations), so a run that explains nothing may keep just Σ D.
        self.dated = np.ones(units, dtype=bool) if dated is None else dated.copy()
        # Per slot and unit: may it hold an open deficit? Slots that hold none are not visited.
        self.holds = np.zeros((horizon + 1, units), dtype=bool)
        self.fresh = True  # nothing booked yet: the slots of units not yet opened are still zero
        self.blank = True  # nothing opened or booked yet: the whole state is still zero
        self.compiled = False  # booked by ``step_compiled``, which keeps no ``holds``
        # What ``step_compiled`` keeps instead, per unit: the first deficit slot that may hold a
        # deficit in any draw (the earlier ones were written off as they fell due).
        self.live_from = np.zeros(units, dtype=np.int64)

    def arrange(self, t: int, *groups: np.ndarray) -> None:
        """Put each group of units side by side (in this order) before year t is booked, moving the
        state only when needed, and only the deficit slots that can be in use."""
        wanted = np.concatenate(groups) if groups else np.empty(0, dtype=int)
        if np.array_equal(self.order[: len(wanted)], wanted):
            return
        order = np.concatenate([wanted, np.setdiff1d(self.order, wanted, assume_unique=True)])
        moves = self.position[order]
        self.live_from = self.live_from[moves]
        if self.blank:  # zeros need no moving
            self.dated = self.dated[moves]
            self._order(order)
            return
        # ``take`` keeps the arrays C-ordered (``a[:, moves]`` would not): a draw's sums over units
        # then run in the same order whatever the number of draws in the chunk (R24).
        self.reserve = np.take(self.reserve, moves, axis=1)
        self.owed = np.take(self.owed, moves, axis=1)
        self.capital = np.take(self.capital, moves, axis=1)
        self.dated = self.dated[moves]
        self.holds = self.holds[:, moves]
        self.deficits[: t + 1] = self.deficits[: t + 1, :, moves]  # later slots are still all zero
        if self.track_parts:
            self.parts[: t + 1] = self.parts[: t + 1, :, moves]
        self._order(order)

    def _order(self, order: np.ndarray) -> None:
        self.order = order
        self.position = np.empty_like(order)
        self.position[order] = np.arange(len(order))

    def _span(self, units: np.ndarray) -> slice:
        start = int(self.position[units[0]]) if len(units) else 0
        span = slice(start, start + len(units))
        if not np.array_equal(self.order[span], units):
            raise ValueError("units must be arranged side by side before they are booked")
        return span

    def open(self, units: np.ndarray, balance: np.ndarray, start_capital: np.ndarray) -> None:
        """Start units afresh with their centres' opening balances and start capital (R19, R20).

        Start capital first covers a negative balance, and what is left of it stays start capital
        (equity, never expiring); a positive balance is the opening reserve, kept in base_year − 1;
        a negative one the capital cannot cover is an open deficit dated base_year − 1. Only the
        base year has opening balances; a unit a conversion starts later opens with its capital.
        """
        at = self.position[units]
        self.blank = self.blank and not len(units)
        self.live_from[at] = 0
        covered = np.minimum(start_capital, np.maximum(-balance, 0.0))
        capital = start_capital - covered
        deficit = np.maximum(-balance, 0.0) - covered
        kept = np.maximum(balance, 0.0)
        _put(self.reserve, at, kept + capital)
        _put(self.capital, at, capital)
        if not self.fresh:  # a unit a conversion starts: clear what an earlier unit may have left
            self.deficits[:, :, at] = 0.0
            self.holds[:, at] = False
            self.parts[:, :, at] = 0.0
        _put(self.deficits[0], at, np.where(self.dated[at], deficit, 0.0))
        self.holds[0, at] = self.dated[at] & np.atleast_2d(deficit > 0).any(axis=0)
        _put(self.owed, at, deficit)
        if self.track_parts:
            _put(self.parts[0], at, kept)

    def step(
        self,
        t: int,
        units: np.ndarray,
        result: np.ndarray,
        policy: UnitPolicy,
        drawdown: np.ndarray,
        closing: np.ndarray,
        detail: bool = False,
    ) -> UnitYear:
        """Book year t for ``units`` (arranged side by side) with unit results r_u, (D, len(units)).

        ``result`` is already net of the return requirement. ``closing`` marks units that have no
        centres next year: they close at the end of this year (R20). R19 steps 1–6. With
        ``detail`` the year's steps are kept too (``UnitYear.steps``).
        """
        if self.compiled:
            raise ValueError("a ledger booked by step_compiled keeps no holds: it books with step_compiled to the end")
        self.fresh = self.blank = False
        books = self._books(t, units, detail)
        balance_open = books.reserve - books.owed
        opened = (books.reserve.copy(), books.owed.copy()) if detail else None

        kept = restore_and_keep(books, t, result, policy)  # steps 1 and 2
        carried = cover_or_carry(books, t, result, policy)  # step 3
        written_off = write_off(books, t, policy, result)  # step 4
        loss_coverage = carried.loss_coverage + written_off
        written_off_due = written_off.copy() if detail else None
        expiry = expire(books, t, policy, result, detail)  # step 4b
        recovery = kept.recovery
        if books.parts:
            books.reserve -= expiry.expired
            recovery += expiry.expired
        reserve_before_drawdown = books.reserve.copy() if detail else None
        drawn = draw(books, drawdown)  # step 5
        handed = close(books, closing)  # R20
        if handed is not None:
            recovery += handed.reserve
            loss_coverage += handed.deficits
            written_off += handed.deficits
        if books.parts:
            # S is the sum of its parts: recompute it so that taking part by part leaves no dust.
            books.reserve[...] = books.capital + np.sum(books.parts, axis=0)

        balance_close = books.reserve - books.owed  # step 6
        steps = None
        if opened is not None and written_off_due is not None and reserve_before_drawdown is not None:
            none = np.zeros_like(result)
            steps = LedgerSteps(
                reserve_open=opened[0],
                owed_open=opened[1],
                restored=kept.restored,
                kept=kept.kept,
                over_cap=none if kept.excess is None else kept.excess,
                from_reserve=carried.from_reserve,
                new_deficit=carried.new_deficit,
                written_off_due=written_off_due,
                expired=expiry.expired.copy(),
                expired_parts=expiry.parts if expiry.parts is not None else np.zeros((0, *result.shape)),
                drawdown_planned=np.broadcast_to(drawdown, result.shape).copy(),
                reserve_before_drawdown=reserve_before_drawdown,
                reserve_handed=none if handed is None else handed.reserve,
                deficit_handed=none if handed is None else handed.deficits,
                reserve_close=books.reserve.copy(),
                owed_close=books.owed.copy(),
                open_deficits=np.array(books.planes),
                reserve_parts=np.array(books.parts) if books.parts else np.zeros((0, *result.shape)),
                capital_close=books.capital.copy() if books.parts else none,
            )
        return UnitYear(balance_open, balance_close, recovery, loss_coverage, written_off, drawn, expiry.expired, steps)

    def step_compiled(
        self, book: Callable[..., None], t: int, units: np.ndarray, result: np.ndarray, policy: tuple[np.ndarray, ...]
    ) -> UnitYear:
        """``step`` for Monte Carlo draws through a compiled loop (``fused_kernels.book``), which
        changes the state in place cell by cell; ``policy`` is ``fused.kernel_policy``'s. The loop
        visits each unit's slots from its first live one (``live_from``), so it keeps no ``holds``:
        a ledger booked this way is booked this way to the end of its run (``step`` refuses it).
        Reserve parts are not kept there: a ledger that tracks them books with ``step``."""
        if self.track_parts:
            raise ValueError("a ledger that keeps reserve parts books with step")
        self.fresh = self.blank = False
        self.compiled = True
        span = self._span(units)
        moved = np.empty((6, *result.shape))
        state = (self.reserve, self.owed, self.capital, self.deficits, self.live_from)
        book(t, span.start, result, state, self.dated, policy, moved)
        balance_open, balance_close, recovery, loss_coverage, written_off, drawn = moved
        expired = np.zeros_like(result)
        return UnitYear(balance_open, balance_close, recovery, loss_coverage, written_off, drawn, expired)

    def _books(self, t: int, units: np.ndarray, detail: bool) -> Books:
        """Views of the state of ``units`` (side by side), changed in place by the steps of year t:
        every deficit slot up to year t when the steps are to be explained, else the ones in use."""
        span = self._span(units)
        slots = range(t + 2) if detail else np.flatnonzero(self.holds[: t + 2, span].any(axis=1))
        return Books(
            reserve=self.reserve[:, span],
            owed=self.owed[:, span],
            capital=self.capital[:, span],
            slots=[int(k) for k in slots],
            planes=[self.deficits[k, :, span] for k in slots],
            new_deficits=self.deficits[t + 1, :, span],
            dated=self.dated[span],
            holds=self.holds[:, span],
            # Reserve parts by year kept, oldest first: the order S is used in (start capital last).
            parts=[self.parts[k, :, span] for k in range(t + 2)] if self.track_parts else [],
        )


def _put(target: np.ndarray, at: np.ndarray, values: np.ndarray) -> None:
    """``target[:, at] = values`` for (D, U) ``target``: when ``at`` names every unit and the values
    are the same in every draw, whole rows at once (a column scatter of every unit cost a pass of its
    own in each chunk)."""
    if len(at) == target.shape[1] and np.ndim(values) <= 1:
        row = np.empty(target.shape[1])
        row[at] = values
        target[...] = row
    else:
        target[:, at] = values
