"""Explain one unit-year (§11.3): its ledger year, step by step, from the engine's own trace (R19–R20).

The ledger keeps what each step moved when a year is explained (``LedgerSteps``): what was
restored, kept, handed to the region, covered, carried and written off. The lines read those
figures; nothing here books a ledger a second time.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..engine.detail import YearDetail
from ..engine.inputs import BORNE, CARRIED, COVERED, Model
from .lines import Lines
from .wording import Words


def unit_lines(
    model: Model, detail: YearDetail, u: int, row: Mapping[str, float], centre_ids: list[str], words: Words
) -> list[dict]:
    """The lines of unit u's row (``row`` is its projection row); ``centre_ids`` are its centres."""
    w, kr = words, words.kr
    lines = Lines(row)
    booked = detail.booked[u]
    steps = booked.steps
    policy = detail.policy
    deficit, retention = int(policy.deficit[u]), float(policy.surplus_retention[u])
    years_to_restore, requirement = int(policy.restoration_years[u]), float(policy.return_requirement[u])
    cap = float(policy.surplus_cap[u])
    result = float(detail.unit_result[0, u])
    centres_result = result + requirement
    members = [i for i in range(len(detail.unit_of)) if detail.unit_of[i] == u]

    def one(values) -> float:
        return float(values[..., 0].ravel()[0])

    lines.add(
        "balance_open",
        "R19",
        "S0 - D0",
        {"S0": one(steps.reserve_open), "D0": one(steps.owed_open)},
        w.say(
            f"Ingående balans: reserv {kr(one(steps.reserve_open))} minus öppna underskott "
            f"{kr(one(steps.owed_open))} → {kr(row['balance_open'])}.",
            f"Opening balance: reserve {kr(one(steps.reserve_open))} less open deficits "
            f"{kr(one(steps.owed_open))} → {kr(row['balance_open'])}.",
        ),
    )
    names = w.names(centre_ids)
    requirement_text = (
        w.say(f" minus avkastningskrav {kr(requirement)}", f" less the return requirement of {kr(requirement)}")
        if requirement
        else ""
    )
    lines.add(
        "result",
        "R19",
        "sum_RES - RR",
        {"sum_RES": float(sum(detail.result[0, i] for i in members)), "RR": requirement},
        w.say(
            f"Enhetens resultat: vårdcentralernas resultat {kr(centres_result)} ({names}){requirement_text} "
            f"→ {kr(row['result'])}.",
            f"Unit result: its centres' result of {kr(centres_result)} ({names}){requirement_text} "
            f"→ {kr(row['result'])}.",
        ),
    )

    surplus, shortfall = max(result, 0.0), max(-result, 0.0)
    written_off = float(row["written_off"])
    due, handed_deficit = one(steps.written_off_due), one(steps.deficit_handed)
    if deficit == COVERED:
        formula, inputs = "max(0, -r) + W", {"r": result, "W": written_off}
        said = (
            w.say(
                f"regionen täcker underskottet {kr(shortfall)} samma år",
                f"the region covers the {kr(shortfall)} deficit",
            )
            if shortfall
            else w.say("inget underskott att täcka i år", "no deficit to cover this year")
        )
    else:
        formula, inputs = "W", {"W": written_off}
        from_reserve, carried = one(steps.from_reserve), one(steps.new_deficit)
        if not shortfall:
            said = w.say("inget underskott i år", "no deficit this year")
        elif deficit == CARRIED:
            said = w.say(
                f"underskottet {kr(shortfall)} täcks inte av regionen: {kr(from_reserve)} tas ur reserven och "
                f"{kr(carried)} förs som underskott som ska återställas inom {years_to_restore} år",
                f"the {kr(shortfall)} deficit is not covered by the region: {kr(from_reserve)} comes from the "
                f"reserve and {kr(carried)} is carried, to be restored within {years_to_restore} years",
            )
        else:
            said = w.say(
                f"enheten bär underskottet {kr(shortfall)} själv: {kr(from_reserve)} ur reserven, "
                f"{kr(carried)} som negativ balans",
                f"the unit bears the {kr(shortfall)} deficit itself: {kr(from_reserve)} from the reserve, "
                f"{kr(carried)} as a negative balance",
            )
    if written_off:
        said += w.say(
            f"; regionen täcker {kr(written_off)} i avskrivna underskott",
            f"; the region covers {kr(written_off)} of written-off deficits",
        )
    lines.add(
        "loss_coverage",
        "R19, R20",
        formula,
        inputs,
        w.say(
            f"Förlusttäckning: {said} → {kr(row['loss_coverage'])}.",
            f"Loss coverage: {said} → {kr(row['loss_coverage'])}.",
        ),
    )

    restored, kept, over_cap = one(steps.restored), one(steps.kept), one(steps.over_cap)
    to_region = surplus - restored - kept
    handed_reserve = one(steps.reserve_handed)
    parts = (
        [w.say(f"avkastningskrav {kr(requirement)}", f"return requirement {kr(requirement)}")] if requirement else []
    )
    if surplus:
        parts.append(
            w.say(
                f"av överskottet {kr(surplus)} återställer {kr(restored)} gamla underskott, enheten behåller "
                f"{w.share(retention, 0)} av resten ({kr(kept)}) och {kr(to_region)} går till regionen",
                f"of the {kr(surplus)} surplus, {kr(restored)} restores old deficits, the unit keeps "
                f"{w.share(retention, 0)} of the rest ({kr(kept)}) and {kr(to_region)} goes to the region",
            )
        )
    if over_cap:
        parts.append(
            w.say(f"{kr(over_cap)} över reservtaket {kr(cap)}", f"{kr(over_cap)} above the reserve cap of {kr(cap)}")
        )
    if handed_reserve:
        parts.append(
            w.say(
                f"enheten avvecklas och lämnar reserven {kr(handed_reserve)} till regionen",
                f"the unit closes and hands its {kr(handed_reserve)} reserve to the region",
            )
        )
    lines.add(
        "recovery",
        "R19, R20",
        "RR + (max(0, r) - R) * (1 - q) + X + H",
        {"RR": requirement, "r": result, "R": restored, "q": retention, "X": over_cap, "H": handed_reserve},
        w.say(
            f"Till regionen: {'; '.join(parts) or 'inget i år'} → {kr(row['recovery'])}.",
            f"To the region: {'; '.join(parts) or 'nothing this year'} → {kr(row['recovery'])}.",
        ),
    )

    reasons = []
    if due:
        reasons.append(
            w.say(
                f"{kr(due)} i underskott som inte återställts inom {years_to_restore} år",
                f"{kr(due)} of deficits not restored within {years_to_restore} years",
            )
        )
    if handed_deficit:
        reasons.append(
            w.say(
                f"{kr(handed_deficit)} i öppna underskott när enheten avvecklas",
                f"{kr(handed_deficit)} of open deficits as the unit closes",
            )
        )
    lines.add(
        "written_off",
        "R19, R20",
        "W_due + W_closed",
        {"W_due": due, "W_closed": handed_deficit},
        w.say(
            f"Avskrivet: {' och '.join(reasons) if reasons else 'inget i år'} → {kr(row['written_off'])}.",
            f"Written off: {' and '.join(reasons) if reasons else 'nothing this year'} → {kr(row['written_off'])}.",
        ),
    )

    planned, available = one(steps.drawdown_planned), one(steps.reserve_before_drawdown)
    lines.add(
        "drawdown",
        "R19",
        "min(d, S)",
        {"d": planned, "S": available},
        w.say(
            f"Uttag ur eget kapital: {kr(planned)} planerat, reserven rymmer {kr(available)} → {kr(row['drawdown'])}.",
            f"Drawdown of equity: {kr(planned)} planned, the reserve holds {kr(available)} → {kr(row['drawdown'])}.",
        )
        if planned
        else w.say("Uttag ur eget kapital: inget i år → 0 kr.", "Drawdown of equity: none this year → 0 SEK."),
    )

    reserve, owed = one(steps.reserve_close), one(steps.owed_close)
    open_text = _open_deficits(steps.open_deficits, model.base_year, deficit, years_to_restore, w)
    lines.add(
        "balance_close",
        "R19, R20",
        "S - D",
        {"S": reserve, "D": owed},
        w.say(
            f"Utgående balans: reserv {kr(reserve)} minus öppna underskott {kr(owed)} → {kr(row['balance_close'])}"
            f"{open_text}.",
            f"Closing balance: reserve {kr(reserve)} less open deficits {kr(owed)} → {kr(row['balance_close'])}"
            f"{open_text}.",
        ),
    )
    order = ("result", "loss_coverage", "recovery", "written_off", "drawdown", "balance_open", "balance_close")
    return sorted(lines.lines, key=lambda line: order.index(line["field"]))


def _open_deficits(planes, base_year: int, deficit: int, years_to_restore: int, w: Words) -> str:
    """`` (open deficits: 2025 30 000 kr, to be restored by 2028)`` for the deficits still open."""
    parts = []
    for k in range(planes.shape[0]):
        amount = float(planes[k].ravel()[0])
        if amount <= 0:
            continue
        origin = base_year - 1 + k
        if deficit == CARRIED:
            parts.append(
                w.say(
                    f"{origin}: {w.kr(amount)}, återställs senast {origin + years_to_restore}",
                    f"{origin}: {w.kr(amount)}, to be restored by {origin + years_to_restore}",
                )
            )
        else:
            parts.append(f"{origin}: {w.kr(amount)}")
    if not parts or deficit not in (CARRIED, BORNE):
        return ""
    return w.say(f" (öppna underskott från {'; '.join(parts)})", f" (open deficits from {'; '.join(parts)})")
