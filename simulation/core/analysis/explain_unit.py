"""Explain one unit-year (§11.3): its ledger year, step by step, from the engine's own trace (R19–R20).

The ledger keeps what each step moved when a year is explained (``LedgerSteps``): what was
restored, kept, handed to the region, covered, carried and written off. The lines read those
figures; nothing here books a ledger a second time.
"""

from __future__ import annotations

from collections.abc import Mapping

from simulation.core.analysis.lines import Lines
from simulation.core.analysis.wording import Words
from simulation.core.engine.detail import YearDetail
from simulation.core.engine.inputs import BORNE, CARRIED, COVERED, Model


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

    capital = float(detail.start_capital[u])
    started = (
        w.say(
            f" (enheten startar i år med startkapital {kr(capital)}, eget kapital som regionen skjuter till utan "
            "att pengar lämnar koncernen)",
            f" (the unit starts this year with {kr(capital)} of start capital, equity the region provides without "
            "money leaving the group)",
        )
        if capital
        else ""
    )
    lines.add(
        "balance_open",
        "R19, R20" if capital else "R19",
        "S0 - D0",
        {"S0": one(steps.reserve_open), "D0": one(steps.owed_open)},
        w.say(
            f"Ingående balans: reserv {kr(one(steps.reserve_open))} minus öppna underskott "
            f"{kr(one(steps.owed_open))} → {kr(row['balance_open'])}{started}.",
            f"Opening balance: reserve {kr(one(steps.reserve_open))} less open deficits "
            f"{kr(one(steps.owed_open))} → {kr(row['balance_open'])}{started}.",
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
    expired = float(row["expired"])
    if expired:
        parts.append(
            w.say(
                f"{kr(expired)} i sparat överskott som inte använts i tid går tillbaka",
                f"{kr(expired)} of kept surplus not used in time goes back",
            )
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
        "RR + (max(0, r) - R) * (1 - q) + X + E + H",
        {
            "RR": requirement,
            "r": result,
            "R": restored,
            "q": retention,
            "X": over_cap,
            "E": expired,
            "H": handed_reserve,
        },
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

    _expired_line(lines, model, detail, u, w)

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
    open_text += _reserve_parts(steps, model.base_year, float(policy.surplus_expiry_years[u]), w)
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
    order = (
        "result",
        "loss_coverage",
        "recovery",
        "written_off",
        "drawdown",
        "expired",
        "balance_open",
        "balance_close",
    )
    return sorted(lines.lines, key=lambda line: order.index(line["field"]))


def _expired_line(lines: Lines, model: Model, detail: YearDetail, u: int, w: Words) -> None:
    """R19 step 4b: each part of the reserve kept N years ago and still unused goes back."""
    steps, row = detail.booked[u].steps, lines.row
    expiry = float(detail.policy.surplus_expiry_years[u])
    gone = {
        model.base_year - 1 + k: float(steps.expired_parts[k].ravel()[0])
        for k in range(steps.expired_parts.shape[0])
        if float(steps.expired_parts[k].ravel()[0]) > 0
    }
    if not gone:
        lines.add(
            "expired",
            "R19",
            "0",
            {},
            w.say(
                "Förfallet överskott: sparat överskott förfaller aldrig i dessa regler → 0 kr."
                if expiry == float("inf")
                else f"Förfallet överskott: inget sparat överskott är äldre än {int(expiry)} år → 0 kr.",
                "Expired surplus: kept surplus never expires under these rules → 0 SEK."
                if expiry == float("inf")
                else f"Expired surplus: no kept surplus is older than {int(expiry)} years → 0 SEK.",
            ),
        )
        return
    said = "; ".join(
        w.say(f"{w.kr(amount)} sparat {year}", f"{w.kr(amount)} kept in {year}") for year, amount in gone.items()
    )
    lines.add(
        "expired",
        "R19",
        " + ".join(f"E_{year}" for year in gone),
        {f"E_{year}": amount for year, amount in gone.items()},
        w.say(
            f"Förfallet överskott: {said}, som inte använts inom {int(expiry)} år, går tillbaka till regionen "
            f"→ {w.kr(row['expired'])}.",
            f"Expired surplus: {said}, not used within {int(expiry)} years, goes back to the region "
            f"→ {w.kr(row['expired'])}.",
        ),
    )


def _reserve_parts(steps, base_year: int, expiry: float, w: Words) -> str:
    """`` (reserv sparad 2028: 500 000 kr, används senast 2029)`` when surplus expires (R19 step 4b)."""
    if expiry == float("inf") or steps.reserve_parts.shape[0] == 0:
        return ""
    parts = []
    for k in range(steps.reserve_parts.shape[0]):
        amount = float(steps.reserve_parts[k].ravel()[0])
        if amount > 0:
            year = base_year - 1 + k
            parts.append(
                w.say(
                    f"{year}: {w.kr(amount)}, används senast {year + int(expiry)}",
                    f"{year}: {w.kr(amount)}, to be used by {year + int(expiry)}",
                )
            )
    capital = float(steps.capital_close.ravel()[0])
    if capital > 0:
        parts.append(
            w.say(f"startkapital {w.kr(capital)}, förfaller inte", f"start capital {w.kr(capital)}, never expires")
        )
    if not parts:
        return ""
    return w.say(f" (reserv sparad {'; '.join(parts)})", f" (reserve kept {'; '.join(parts)})")


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
