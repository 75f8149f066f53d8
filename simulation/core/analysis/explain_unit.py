"""Explain one unit-year (§11.3): its ledger year, step by step, from the engine's own trace (R19–R20).

The ledger keeps what each step moved when a year is explained (``LedgerSteps``): what was
restored, kept, handed to the region, covered, carried and written off. The lines read those
figures; nothing here books a ledger a second time. Sentences are catalogue msgids (``wording``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from simulation.core.analysis.lines import ExplanationError, Lines
from simulation.core.analysis.wording import Words
from simulation.core.engine.detail import YearDetail
from simulation.core.engine.inputs import BORNE, CARRIED, COVERED, Model
from simulation.core.engine.ledger import LedgerSteps

#: The unit row's money fields in the row's order (§7).
ORDER = ("result", "loss_coverage", "recovery", "written_off", "drawdown", "expired", "balance_open", "balance_close")


def one(values: np.ndarray) -> float:
    """The unit's figure in one of the ledger's (D, 1) step arrays (one draw, one unit)."""
    return float(values[..., 0].ravel()[0])


@dataclass(frozen=True)
class UnitLedgerYear:
    """What the lines of unit ``u`` read: the ledger's steps of the year and the unit's policy."""

    model: Model
    detail: YearDetail
    u: int
    steps: LedgerSteps
    lines: Lines
    words: Words

    @property
    def row(self) -> Mapping[str, float]:
        return self.lines.row

    @property
    def deficit(self) -> int:
        return int(self.detail.policy.deficit[self.u])

    @property
    def restoration_years(self) -> int:
        return int(self.detail.policy.restoration_years[self.u])

    @property
    def requirement(self) -> float:
        return float(self.detail.policy.return_requirement[self.u])

    @property
    def expiry(self) -> float:
        return float(self.detail.policy.surplus_expiry_years[self.u])

    @property
    def result(self) -> float:
        """r_u: the unit's result net of the return requirement (R19)."""
        return float(self.detail.unit_result[0, self.u])

    def year_of(self, slot: int) -> int:
        """The year a ledger slot (an open deficit, a kept part) arose in: slot k is base_year − 1 + k."""
        return self.model.base_year - 1 + slot


def unit_lines(
    model: Model, detail: YearDetail, u: int, row: Mapping[str, float], centre_names: list[str], words: Words
) -> list[dict[str, Any]]:
    """The lines of unit u's row (``row`` is its projection row); ``centre_names`` are its centres'."""
    steps = detail.booked[u].steps
    if steps is None:
        raise ExplanationError(f"the engine kept no ledger steps for unit {detail.unit_ids[u]}")
    unit = UnitLedgerYear(model, detail, u, steps, Lines(row), words)
    _balance_open(unit)
    _result(unit, centre_names)
    _loss_coverage(unit)
    _recovery(unit)
    _written_off(unit)
    _expired(unit)
    _drawdown(unit)
    _balance_close(unit)
    return sorted(unit.lines.lines, key=lambda line: ORDER.index(line["field"]))


def _balance_open(unit: UnitLedgerYear) -> None:
    w, steps = unit.words, unit.steps
    capital = float(unit.detail.start_capital[unit.u])
    figures = {
        "reserve": w.kr(one(steps.reserve_open)),
        "owed": w.kr(one(steps.owed_open)),
        "balance": w.kr(unit.row["balance_open"]),
    }
    if capital:
        text = w.gettext(
            "Opening balance: reserve %(reserve)s less open deficits %(owed)s → %(balance)s (the unit starts this "
            "year with %(capital)s of start capital, equity the region provides without money leaving the group).",
            capital=w.kr(capital),
            **figures,
        )
    else:
        text = w.gettext("Opening balance: reserve %(reserve)s less open deficits %(owed)s → %(balance)s.", **figures)
    inputs = {"S0": one(steps.reserve_open), "D0": one(steps.owed_open)}
    unit.lines.add("balance_open", "R19, R20" if capital else "R19", "S0 - D0", inputs, text)


def _result(unit: UnitLedgerYear, centre_names: list[str]) -> None:
    w, d, requirement = unit.words, unit.detail, unit.requirement
    figures = {
        "centres": w.kr(unit.result + requirement),
        "names": w.names(centre_names),
        "result": w.kr(unit.row["result"]),
    }
    if requirement:
        text = w.gettext(
            "Unit result: its centres' result of %(centres)s (%(names)s) less the return requirement of "
            "%(requirement)s → %(result)s.",
            requirement=w.kr(requirement),
            **figures,
        )
    else:
        text = w.gettext("Unit result: its centres' result of %(centres)s (%(names)s) → %(result)s.", **figures)
    members = [i for i in range(len(d.unit_of)) if d.unit_of[i] == unit.u]
    inputs = {"sum_RES": float(sum(d.result[0, i] for i in members)), "RR": requirement}
    unit.lines.add("result", "R19", "sum_RES - RR", inputs, text)


def _loss_coverage(unit: UnitLedgerYear) -> None:
    w, written_off = unit.words, float(unit.row["written_off"])
    if unit.deficit == COVERED:
        formula, inputs = "max(0, -r) + W", {"r": unit.result, "W": written_off}
    else:
        formula, inputs = "W", {"W": written_off}
    said = [_deficit_said(unit)]
    if written_off:
        said.append(
            w.gettext("the region covers %(written_off)s of written-off deficits", written_off=w.kr(written_off))
        )
    text = w.gettext(
        "Loss coverage: %(said)s → %(coverage)s.", said="; ".join(said), coverage=w.kr(unit.row["loss_coverage"])
    )
    unit.lines.add("loss_coverage", "R19, R20", formula, inputs, text)


def _deficit_said(unit: UnitLedgerYear) -> str:
    """What became of this year's deficit under the unit's rule (R19 step 3)."""
    w, shortfall = unit.words, max(-unit.result, 0.0)
    if unit.deficit == COVERED:
        if not shortfall:
            return w.gettext("no deficit to cover this year")
        return w.gettext("the region covers the %(deficit)s deficit", deficit=w.kr(shortfall))
    if not shortfall:
        return w.gettext("no deficit this year")
    figures = {
        "deficit": w.kr(shortfall),
        "from_reserve": w.kr(one(unit.steps.from_reserve)),
        "carried": w.kr(one(unit.steps.new_deficit)),
    }
    if unit.deficit == CARRIED:
        return w.ngettext(
            "the %(deficit)s deficit is not covered by the region: %(from_reserve)s comes from the reserve and "
            "%(carried)s is carried, to be restored within %(count)s year",
            "the %(deficit)s deficit is not covered by the region: %(from_reserve)s comes from the reserve and "
            "%(carried)s is carried, to be restored within %(count)s years",
            unit.restoration_years,
            **figures,
        )
    return w.gettext(
        "the unit bears the %(deficit)s deficit itself: %(from_reserve)s from the reserve, %(carried)s as a "
        "negative balance",
        **figures,
    )


def _recovery(unit: UnitLedgerYear) -> None:
    w, steps, requirement = unit.words, unit.steps, unit.requirement
    surplus, restored, kept = max(unit.result, 0.0), one(steps.restored), one(steps.kept)
    over_cap, handed, expired = one(steps.over_cap), one(steps.reserve_handed), float(unit.row["expired"])
    retention = float(unit.detail.policy.surplus_retention[unit.u])
    parts = [w.gettext("return requirement %(requirement)s", requirement=w.kr(requirement))] if requirement else []
    if surplus:
        parts.append(
            w.gettext(
                "of the %(surplus)s surplus, %(restored)s restores old deficits, the unit keeps %(retention)s of the "
                "rest (%(kept)s) and %(to_region)s goes to the region",
                surplus=w.kr(surplus),
                restored=w.kr(restored),
                retention=w.share(retention, 0),
                kept=w.kr(kept),
                to_region=w.kr(surplus - restored - kept),
            )
        )
    if over_cap:
        cap = w.kr(float(unit.detail.policy.surplus_cap[unit.u]))
        parts.append(w.gettext("%(over_cap)s above the reserve cap of %(cap)s", over_cap=w.kr(over_cap), cap=cap))
    if expired:
        parts.append(w.gettext("%(expired)s of kept surplus not used in time goes back", expired=w.kr(expired)))
    if handed:
        parts.append(w.gettext("the unit closes and hands its %(reserve)s reserve to the region", reserve=w.kr(handed)))
    text = w.gettext(
        "To the region: %(parts)s → %(recovery)s.",
        parts="; ".join(parts) or w.gettext("nothing this year"),
        recovery=w.kr(unit.row["recovery"]),
    )
    inputs = {"RR": requirement, "r": unit.result, "R": restored, "q": retention, "X": over_cap, "E": expired}
    formula = "RR + (max(0, r) - R) * (1 - q) + X + E + H"
    unit.lines.add("recovery", "R19, R20", formula, inputs | {"H": handed}, text)


def _written_off(unit: UnitLedgerYear) -> None:
    w, steps = unit.words, unit.steps
    due, handed = one(steps.written_off_due), one(steps.deficit_handed)
    reasons = []
    if due:
        reasons.append(
            w.ngettext(
                "%(due)s of deficits not restored within %(count)s year",
                "%(due)s of deficits not restored within %(count)s years",
                unit.restoration_years,
                due=w.kr(due),
            )
        )
    if handed:
        reasons.append(w.gettext("%(deficit)s of open deficits as the unit closes", deficit=w.kr(handed)))
    text = w.gettext(
        "Written off: %(reasons)s → %(written_off)s.",
        reasons=w.names(reasons) if reasons else w.gettext("nothing this year"),
        written_off=w.kr(unit.row["written_off"]),
    )
    unit.lines.add("written_off", "R19, R20", "W_due + W_closed", {"W_due": due, "W_closed": handed}, text)


def _expired(unit: UnitLedgerYear) -> None:
    """R19 step 4b: each part of the reserve kept N years ago and still unused goes back."""
    w, parts = unit.words, unit.steps.expired_parts
    gone = {unit.year_of(k): one(parts[k]) for k in range(parts.shape[0]) if one(parts[k]) > 0}
    if not gone:
        if unit.expiry == float("inf"):
            text = w.gettext("Expired surplus: kept surplus never expires under these rules → 0 SEK.")
        else:
            text = w.ngettext(
                "Expired surplus: no kept surplus is older than %(count)s year → 0 SEK.",
                "Expired surplus: no kept surplus is older than %(count)s years → 0 SEK.",
                int(unit.expiry),
            )
        unit.lines.add("expired", "R19", "0", {}, text)
        return
    said = "; ".join(
        w.gettext("%(amount)s kept in %(year)s", amount=w.kr(amount), year=year) for year, amount in gone.items()
    )
    text = w.ngettext(
        "Expired surplus: %(parts)s, not used within %(count)s year, goes back to the region → %(expired)s.",
        "Expired surplus: %(parts)s, not used within %(count)s years, goes back to the region → %(expired)s.",
        int(unit.expiry),
        parts=said,
        expired=w.kr(unit.row["expired"]),
    )
    inputs = {f"E_{year}": amount for year, amount in gone.items()}
    unit.lines.add("expired", "R19", " + ".join(inputs), inputs, text)


def _drawdown(unit: UnitLedgerYear) -> None:
    w = unit.words
    planned, available = one(unit.steps.drawdown_planned), one(unit.steps.reserve_before_drawdown)
    if planned:
        text = w.gettext(
            "Drawdown of equity: %(planned)s planned, the reserve holds %(available)s → %(drawdown)s.",
            planned=w.kr(planned),
            available=w.kr(available),
            drawdown=w.kr(unit.row["drawdown"]),
        )
    else:
        text = w.gettext("Drawdown of equity: none this year → 0 SEK.")
    unit.lines.add("drawdown", "R19", "min(d, S)", {"d": planned, "S": available}, text)


def _balance_close(unit: UnitLedgerYear) -> None:
    w, steps = unit.words, unit.steps
    reserve, owed = one(steps.reserve_close), one(steps.owed_close)
    text = w.gettext(
        "Closing balance: reserve %(reserve)s less open deficits %(owed)s → %(balance)s%(details)s.",
        reserve=w.kr(reserve),
        owed=w.kr(owed),
        balance=w.kr(unit.row["balance_close"]),
        details=_open_deficits(unit) + _reserve_parts(unit),
    )
    unit.lines.add("balance_close", "R19, R20", "S - D", {"S": reserve, "D": owed}, text)


def _open_deficits(unit: UnitLedgerYear) -> str:
    """`` (open deficits from 2025: 30 000 kr, to be restored by 2028)`` for the deficits still open."""
    if unit.deficit not in (CARRIED, BORNE):
        return ""
    w, planes, parts = unit.words, unit.steps.open_deficits, []
    for k in range(planes.shape[0]):
        amount, origin = one(planes[k]), unit.year_of(k)
        if amount <= 0:
            continue
        if unit.deficit == CARRIED:
            by = origin + unit.restoration_years
            parts.append(
                w.gettext("%(year)s: %(amount)s, to be restored by %(by)s", year=origin, amount=w.kr(amount), by=by)
            )
        else:
            parts.append(f"{origin}: {w.kr(amount)}")
    if not parts:
        return ""
    return " " + w.gettext("(open deficits from %(parts)s)", parts="; ".join(parts))


def _reserve_parts(unit: UnitLedgerYear) -> str:
    """`` (reserv sparad 2028: 500 000 kr, används senast 2029)`` when surplus expires (R19 step 4b)."""
    w, kept = unit.words, unit.steps.reserve_parts
    if unit.expiry == float("inf") or kept.shape[0] == 0:
        return ""
    parts = []
    for k in range(kept.shape[0]):
        amount, year = one(kept[k]), unit.year_of(k)
        if amount > 0:
            by = year + int(unit.expiry)
            parts.append(w.gettext("%(year)s: %(amount)s, to be used by %(by)s", year=year, amount=w.kr(amount), by=by))
    capital = one(unit.steps.capital_close)
    if capital > 0:
        parts.append(w.gettext("start capital %(capital)s, never expires", capital=w.kr(capital)))
    if not parts:
        return ""
    return " " + w.gettext("(reserve kept %(parts)s)", parts="; ".join(parts))
