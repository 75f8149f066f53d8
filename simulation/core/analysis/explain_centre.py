"""Explain one centre-year (§11.3): every money field of its row, from the engine's own trace.

Each line reads its inputs from the year's ``YearDetail`` (the arrays the engine computed the row
from) and from the model's own per-year parameters; the formula only states the rule the engine
applied, and ``Lines`` checks that it gives the projection's figure.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from simulation.core.analysis.lines import Lines
from simulation.core.analysis.wording import Words
from simulation.core.engine.detail import YearDetail
from simulation.core.engine.inputs import PRIVATE, Model
from simulation.core.scenario.fields import CENTRE_RECORD

#: A goal is named by the centre field it measures, in the reader's words (the one field table).
GOAL_NAMES = {f.name: (f.label.lower(), f.help.lower()) for f in CENTRE_RECORD}


def centre_lines(model: Model, detail: YearDetail, c: int, row: Mapping[str, float], words: Words) -> list[dict]:
    """The lines of centre c's row (``row`` is its projection row) in year index ``detail.t``."""
    lines = Lines(row)
    _revenue(lines, model, detail, c, words)
    _costs(lines, model, detail, c, words)
    lines.add(
        "result",
        "R18",
        "REV - COST",
        {"REV": row["revenue_total"], "COST": row["cost_total"]},
        words.say(
            f"Resultat: intäkter {words.kr(row['revenue_total'])} minus kostnader {words.kr(row['cost_total'])} "
            f"→ {words.kr(row['result'])}.",
            f"Result: revenue {words.kr(row['revenue_total'])} less costs {words.kr(row['cost_total'])} "
            f"→ {words.kr(row['result'])}.",
        ),
    )
    _overhead_funded(lines, model, detail, c, words)
    return lines.lines


def _revenue(lines: Lines, model: Model, d: YearDetail, c: int, w: Words) -> None:
    comp, t, pay, row = model.compensation, d.t, d.pay, lines.row
    listed = float(d.volumes.listed[0, c])
    index_c = pay.index_c
    kr = w.kr

    pot, need_total, cni = float(pay.capitation_pot[0, 0]), float(pay.need_total[0, 0]), float(model.centres.cni[c])
    if need_total != 0:
        formula, inputs = "K * L * cni / sum_L_cni", {"K": pot, "L": listed, "cni": cni, "sum_L_cni": need_total}
    else:
        formula, inputs = "0", {}
    share = w.say(
        f"centralen har {w.number(listed * cni)} av {w.number(need_total)}",
        f"the centre has {w.number(listed * cni)} of {w.number(need_total)}",
    )
    shown = w.shown(pot) * w.shown(listed * cni) / w.shown(need_total) if w.shown(need_total) else 0.0
    capitation = w.gives(row["revenue_capitation"], shown)
    lines.add(
        "revenue_capitation",
        "R8",
        formula,
        inputs,
        w.say(
            f"Kapitering: {kr(pot)} delas efter vårdtyngdsviktade listade; {share} → {capitation}.",
            f"Capitation: {kr(pot)} is shared by care-need-weighted listed persons; {share} → {capitation}.",
        ),
    )

    per_listed, rural = float(comp.sparsity_per_listed[t]), float(model.centres.rural[c])
    if rural:
        sparsity = w.gives(row["revenue_sparsity"], w.shown(per_listed * index_c, 2) * w.shown(listed))
        text = w.say(
            f"Glesbygdstillägg: {kr(per_listed * index_c, 2)} per listad × {w.number(listed)} listade → {sparsity}.",
            f"Sparsity supplement: {kr(per_listed * index_c, 2)} per listed person × {w.number(listed)} → {sparsity}.",
        )
    else:
        text = w.say(
            "Glesbygdstillägg: centralen ligger inte i glesbygd → 0 kr.",
            "Sparsity supplement: the centre is not rural → 0 SEK.",
        )
    lines.add(
        "revenue_sparsity",
        "R6",
        "s * I_C * L * rural",
        {"s": per_listed, "I_C": index_c, "L": listed, "rural": rural},
        text,
    )

    threshold, amount = float(comp.small_unit_threshold[t]), float(comp.small_unit_amount[t])
    if threshold > 0:
        formula, inputs = "A * I_C * max(0, T - L) / T", {"A": amount, "I_C": index_c, "T": threshold, "L": listed}
        if listed < threshold:
            shown = w.shown(amount * index_c) * (1 - w.shown(listed) / w.shown(threshold)) if w.shown(threshold) else 0
            small = w.gives(row["revenue_small_unit"], shown)
            text = w.say(
                f"Småenhetstillägg: {kr(amount * index_c)} × (1 − {w.number(listed)} / {w.number(threshold)} listade) "
                f"→ {small}.",
                f"Small-unit supplement: {kr(amount * index_c)} × (1 − {w.number(listed)} / {w.number(threshold)} "
                f"listed) → {small}.",
            )
        else:
            text = w.say(
                f"Småenhetstillägg: {w.number(listed)} listade är minst tröskeln {w.number(threshold)} → 0 kr.",
                f"Small-unit supplement: {w.number(listed)} listed is at least the threshold "
                f"{w.number(threshold)} → 0 SEK.",
            )
    else:
        formula, inputs = "0", {}
        text = w.say("Småenhetstillägg: används inte i scenariot → 0 kr.", "Small-unit supplement: not used → 0 SEK.")
    lines.add("revenue_small_unit", "R7", formula, inputs, text)

    _goals(lines, comp, d, c, listed, w)
    _visits(lines, comp, d, c, w)

    fee = float(comp.patient_fee_per_visit[t])
    doctor, other = float(d.volumes.doctor_visits[0, c]), float(d.volumes.other_visits[0, c])
    fees = w.gives(row["revenue_patient_fees"], w.shown(doctor + other) * w.shown(fee))
    lines.add(
        "revenue_patient_fees",
        "R11",
        "f * (DV + OV)",
        {"f": fee, "DV": doctor, "OV": other},
        w.say(
            f"Patientavgifter: {w.number(doctor + other)} besök × {kr(fee)} → {fees} "
            "(betalas av patienterna och stannar på centralen).",
            f"Patient fees: {w.number(doctor + other)} visits × {kr(fee)} → {fees} "
            "(paid by patients, kept by the centre).",
        ),
    )

    outside_fee, outside = float(comp.outside_visit_fee[t]), float(d.volumes.outside_visits[0, c])
    deduction = w.gives(row["deduction_outside_visits"], w.shown(outside) * w.shown(outside_fee * index_c))
    lines.add(
        "deduction_outside_visits",
        "R12",
        "o * I_C * XV",
        {"o": outside_fee, "I_C": index_c, "XV": outside},
        w.say(
            f"Avdrag för besök hos andra vårdgivare: {w.number(outside)} besök × {kr(outside_fee * index_c)} "
            f"→ {deduction} dras av från ersättningen.",
            f"Deduction for visits elsewhere: {w.number(outside)} visits × {kr(outside_fee * index_c)} "
            f"→ {deduction} is deducted from the compensation.",
        ),
    )

    private = _form(d, c) == PRIVATE
    rate = float(comp.vat_compensation_rate[t]) if private else 0.0
    earned = {k: row[f] for k, f in EARNED.items()}
    if private:
        vat = w.gives(row["revenue_vat"], w.shown_share(rate) * w.shown(sum(earned.values())))
        text = w.say(
            f"Momskompensation: {w.share(rate)} av den intjänade ersättningen {kr(sum(earned.values()))} → {vat}.",
            f"VAT compensation: {w.share(rate)} of the compensation earned, {kr(sum(earned.values()))} → {vat}.",
        )
    else:
        text = w.say(
            "Momskompensation: ges bara till privata vårdcentraler → 0 kr.",
            "VAT compensation: only private centres receive it → 0 SEK.",
        )
    lines.add("revenue_vat", "R13", "rate * (CAP + S1 + S2 + GOAL + VIS)", {"rate": rate, **earned}, text)

    _neutrality(lines, model, d, c, listed, w)

    parts = {k: row[f] for k, f in REVENUE.items()}
    lines.add(
        "revenue_total",
        "R15",
        "CAP + S1 + S2 + GOAL + VIS + PF - DED + VAT + NEU",
        parts,
        w.say(
            f"Intäkter: ersättning från regionen, patientavgifter och kompensationer, minus avdraget "
            f"→ {kr(row['revenue_total'])}.",
            f"Revenue: compensation from the region, patient fees and compensations, less the deduction "
            f"→ {kr(row['revenue_total'])}.",
        ),
    )


EARNED = {
    "CAP": "revenue_capitation",
    "S1": "revenue_sparsity",
    "S2": "revenue_small_unit",
    "GOAL": "revenue_goals",
    "VIS": "revenue_visits",
}
REVENUE = EARNED | {
    "PF": "revenue_patient_fees",
    "DED": "deduction_outside_visits",
    "VAT": "revenue_vat",
    "NEU": "revenue_neutrality",
}
COSTS = {
    "STAFF": "cost_staff",
    "HIRED": "cost_hired",
    "PREMISES": "cost_premises",
    "OTHER": "cost_other",
    "OVERHEAD": "cost_overhead",
}


def _form(d: YearDetail, c: int) -> int:
    return int(d.unit_forms[d.unit_of[c]])


def _goals(lines: Lines, comp, d: YearDetail, c: int, listed: float, w: Words) -> None:
    t, pay, row = d.t, d.pay, lines.row
    pot, listed_total = float(pay.goal_pot[0]), float(pay.listed_total[0, 0])
    if not comp.goals or listed_total == 0:
        lines.add(
            "revenue_goals",
            "R9",
            "0",
            {},
            w.say("Målrelaterad ersättning: ingen i scenariot → 0 kr.", "Goal pay: none in this scenario → 0 SEK."),
        )
        return
    inputs = {"G": pot, "L": listed, "sum_L": listed_total}
    terms, shown = [], []
    for i, goal in enumerate(comp.goals, start=1):
        inputs[f"w_{i}"] = float(goal.weight[t])
        inputs[f"phi_{i}"] = float(pay.goal_fulfilment[i - 1][c])
        terms.append(f"w_{i} * phi_{i}")
        swedish, english = GOAL_NAMES[goal.key]
        shown.append(f"{w.say(swedish, english)} {w.share(inputs[f'phi_{i}'], 0)}")
    trends = _goal_trend_text(comp, d, c, w)
    achieved = float(pay.goal_achievement[c])
    possible = pot * listed / listed_total
    unearned = possible - row["revenue_goals"]
    goal_pay = w.gives(row["revenue_goals"], w.shown(possible) * w.shown_share(achieved))
    lines.add(
        "revenue_goals",
        "R9",
        f"G * L / sum_L * ({' + '.join(terms)})",
        inputs,
        w.say(
            f"Målrelaterad ersättning: målpotten {w.kr(pot)} fördelas efter listade ({w.number(listed)} av "
            f"{w.number(listed_total)}, högst {w.kr(possible)}) och måluppfyllelse ({', '.join(shown)}; viktat "
            f"{w.share(achieved)}) → {goal_pay}; {w.kr(unearned)} tjänas inte in och stannar "
            f"hos regionen.{trends}",
            f"Goal pay: the goal pot of {w.kr(pot)} is shared by listed persons ({w.number(listed)} of "
            f"{w.number(listed_total)}, at most {w.kr(possible)}) and goal achievement ({', '.join(shown)}; "
            f"weighted {w.share(achieved)}) → {goal_pay}; {w.kr(unearned)} is not earned and "
            f"stays with the region.{trends}",
        ),
    )


def _goal_trend_text(comp, d: YearDetail, c: int, w: Words) -> str:
    """`` Telefontillgänglighet: 86 % i basåret, 92 % i år (trendantagande).`` for goals a trend moves (R9)."""
    said = []
    for goal in comp.goals:
        base = float(np.ravel(d.base_achievements[goal.key][..., c])[0])
        now = float(np.ravel(d.pay.achievements[goal.key][..., c])[0])
        if now != base:
            swedish, english = GOAL_NAMES[goal.key]
            said.append(
                w.say(
                    f" {swedish.capitalize()}: {w.share(base)} i basåret, {w.share(now)} i år enligt antagandet "
                    "om måluppfyllelse över tid.",
                    f" {english.capitalize()}: {w.share(base)} in the base year, {w.share(now)} this year by the "
                    "assumed trend in goal achievement.",
                )
            )
    return "".join(said)


def _visits(lines: Lines, comp, d: YearDetail, c: int, w: Words) -> None:
    pay, row = d.pay, lines.row
    pot = float(pay.visit_pot[0, 0])
    total = float(pay.weighted_total[0, 0]) if pay.weighted_total is not None else 0.0
    weight = float(comp.doctor_visit_weight[d.t])
    doctor, other = float(d.volumes.doctor_visits[0, c]), float(d.volumes.other_visits[0, c])
    if total == 0:
        lines.add(
            "revenue_visits",
            "R10",
            "0",
            {},
            w.say("Besöksersättning: inga viktade besök i regionen → 0 kr.", "Visit pay: no weighted visits → 0 SEK."),
        )
        return
    price = pot / total
    shown = w.shown(price, 2) * (w.shown(doctor) * w.shown(weight, 2) + w.shown(other))
    visits = w.gives(row["revenue_visits"], shown)
    lines.add(
        "revenue_visits",
        "R10",
        "P / sum_WV * (k * DV + OV)",
        {"P": pot, "sum_WV": total, "k": weight, "DV": doctor, "OV": other},
        w.say(
            f"Besöksersättning: besökspotten {w.kr(pot)} delas på {w.number(total)} viktade besök "
            f"({w.kr(pot / total, 2)} per besök); centralen har {w.number(doctor)} läkarbesök × "
            f"{w.number(weight, 2)} + {w.number(other)} övriga besök → {visits}.",
            f"Visit pay: the visit pot of {w.kr(pot)} is shared by {w.number(total)} weighted visits "
            f"({w.kr(pot / total, 2)} per visit); the centre has {w.number(doctor)} doctor visits × "
            f"{w.number(weight, 2)} + {w.number(other)} other visits → {visits}.",
        ),
    )


def _neutrality(lines: Lines, model: Model, d: YearDetail, c: int, listed: float, w: Words) -> None:
    row = lines.row
    covered, listed_rr = d.loss_coverage_region_run, d.listed_region_run
    private = _form(d, c) == PRIVATE
    if model.neutrality_compensation and private and listed_rr > 0:
        neutral = w.gives(row["revenue_neutrality"], w.shown(covered) * w.shown(listed) / max(w.shown(listed_rr), 1))
        lines.add(
            "revenue_neutrality",
            "R14",
            "L * LC_rr / sum_L_rr",
            {"L": listed, "LC_rr": covered, "sum_L_rr": listed_rr},
            w.say(
                f"Neutralitetsersättning: regionen täckte {w.kr(covered)} i förluster för de regiondrivna "
                f"enheterna ({w.number(listed_rr)} listade); samma belopp per listad till centralens "
                f"{w.number(listed)} listade → {neutral}.",
                f"Neutrality compensation: the region covered {w.kr(covered)} of losses in its own units "
                f"({w.number(listed_rr)} listed); the same per listed person for the centre's {w.number(listed)} "
                f"→ {neutral}.",
            ),
        )
        return
    if not model.neutrality_compensation:
        why = w.say("används inte i scenariot", "not used in this scenario")
    elif not private:
        why = w.say("ges bara till privata vårdcentraler", "only private centres receive it")
    else:
        why = w.say("inga regiondrivna listade i år", "no region-run listed persons this year")
    lines.add(
        "revenue_neutrality",
        "R14",
        "0",
        {},
        w.say(f"Neutralitetsersättning: {why} → 0 kr.", f"Neutrality compensation: {why} → 0 SEK."),
    )


def _costs(lines: Lines, model: Model, d: YearDetail, c: int, w: Words) -> None:
    t, row, kr = d.t, lines.row, w.kr
    base_work, efficiency = float(d.base.work[c]), float(d.efficiency[c])
    volume, index_w, index_p = float(d.volume_factor[0, c]), d.index_w, d.index_p
    hired_share, premium = float(d.spend.hired_share[c]), float(model.costs.hired_premium[t])
    work = {"W0": base_work, "e": efficiency, "lam": volume, "I_W": index_w}
    worked = w.say(
        f"arbetet i basåret {kr(base_work)} (i anställdas kostnad) × volym {w.factor(volume)} × löneindex "
        f"{w.factor(index_w)}",
        f"base-year work of {kr(base_work)} (at employee cost) × volume {w.factor(volume)} × wage index "
        f"{w.factor(index_w)}",
    )
    if efficiency:
        worked += w.say(
            f" × (1 − effektivisering {w.share(efficiency)})", f" × (1 − efficiency gain {w.share(efficiency)})"
        )
    formula = "W0 * (1 - e) * lam * I_W * (1 - h)"
    inputs = {**work, "h": hired_share}
    gp_text = ""
    target = float(d.listed_per_gp[c])
    if d.spend.gp_extra is not None and not np.isnan(target):
        formula += " + max(0, L / n_gp - gp_fte * lam) * phase * gp_cost * I_W"
        inputs |= {
            "L": float(d.volumes.listed[0, c]),
            "n_gp": target,
            "gp_fte": float(model.centres.gp_fte[c]),
            "phase": float(d.gp_phase[c]),
            "gp_cost": float(model.costs.gp_cost_per_fte[t]),
        }
        gp_text = w.say(
            f" Plus {kr(float(d.spend.gp_extra[0, c]))} för fler läkare (mål {w.number(target)} listade per läkare).",
            f" Plus {kr(float(d.spend.gp_extra[0, c]))} for more GPs (target {w.number(target)} listed per GP).",
        )
    share_text = _hired_share_text(d, c, hired_share, w)
    shown = w.shown(base_work) * w.shown_factor(volume) * w.shown_factor(index_w) * w.shown_share(1 - hired_share)
    shown *= 1 - w.shown_share(efficiency)
    if d.spend.gp_extra is not None:
        shown += w.shown(float(d.spend.gp_extra[0, c]))
    staff = w.gives(row["cost_staff"], shown)
    lines.add(
        "cost_staff",
        "R16",
        formula,
        inputs,
        w.say(
            f"Egen personal: {worked}; {share_text} → {staff}.{gp_text}",
            f"Own staff: {worked}; {share_text} → {staff}.{gp_text}",
        ),
    )
    lines.add(
        "cost_hired",
        "R16",
        "W0 * (1 - e) * lam * I_W * h * pi",
        {**work, "h": hired_share, "pi": premium},
        w.say(
            f"Inhyrd personal: {w.share(hired_share)} av arbetet görs av inhyrda, som kostar "
            f"{w.number(premium, 2)} gånger så mycket → {kr(row['cost_hired'])}.",
            f"Hired staff: {w.share(hired_share)} of the work is done by hired staff, who cost "
            f"{w.number(premium, 2)} times as much → {kr(row['cost_hired'])}.",
        ),
    )
    premises, other = float(model.centres.premises_cost[c]), float(model.centres.other_cost[c])
    premises_cost = w.gives(row["cost_premises"], w.shown(premises) * w.shown_factor(index_p))
    shown = w.shown(other) * w.shown_factor(volume) * w.shown_factor(index_p)
    other_cost = w.gives(row["cost_other"], shown)
    lines.add(
        "cost_premises",
        "R17",
        "PR * I_P",
        {"PR": premises, "I_P": index_p},
        w.say(
            f"Lokaler: {kr(premises)} i basåret × prisindex {w.factor(index_p)} → {premises_cost}.",
            f"Premises: {kr(premises)} in the base year × price index {w.factor(index_p)} → {premises_cost}.",
        ),
    )
    lines.add(
        "cost_other",
        "R17",
        "OT * lam * I_P",
        {"OT": other, "lam": volume, "I_P": index_p},
        w.say(
            f"Övriga kostnader: {kr(other)} i basåret × volym {w.factor(volume)} × prisindex {w.factor(index_p)} "
            f"→ {other_cost}.",
            f"Other costs: {kr(other)} in the base year × volume {w.factor(volume)} × price index "
            f"{w.factor(index_p)} → {other_cost}.",
        ),
    )
    _overhead(lines, model, d, c, w)
    lines.add(
        "cost_total",
        "R17",
        "STAFF + HIRED + PREMISES + OTHER + OVERHEAD",
        {k: row[f] for k, f in COSTS.items()},
        w.say(
            f"Kostnader: personal, inhyrda, lokaler, övrigt och overhead → {kr(row['cost_total'])}.",
            f"Costs: staff, hired staff, premises, other and overhead → {kr(row['cost_total'])}.",
        ),
    )


def _hired_share_text(d: YearDetail, c: int, hired_share: float, w: Words) -> str:
    target = float(d.hired_cost_share[c])
    if np.isnan(target):
        return w.say(
            f"{w.share(1 - hired_share)} av arbetet görs av egen personal, som i basåret",
            f"{w.share(1 - hired_share)} of the work is done by own staff, as in the base year",
        )
    return w.say(
        f"inhyrda satta till {w.share(target)} av personalkostnaden, så {w.share(1 - hired_share)} av arbetet "
        "görs av egen personal",
        f"hired staff set to {w.share(target)} of personnel cost, so {w.share(1 - hired_share)} of the work is "
        "done by own staff",
    )


def _overhead(lines: Lines, model: Model, d: YearDetail, c: int, w: Words) -> None:
    row = lines.row
    if _form(d, c) == PRIVATE:
        lines.add(
            "cost_overhead",
            "R17",
            "0",
            {},
            w.say(
                "Overhead: bara regiondrivna vårdcentraler bär regionens overhead → 0 kr.",
                "Overhead: only region-run centres carry the region's overhead → 0 SEK.",
            ),
        )
        return
    overhead, reduction = float(model.centres.overhead_cost[c]), float(d.overhead_reduction[c])
    cut = w.say(f" × (1 − minskning {w.share(reduction)})", f" × (1 − reduction {w.share(reduction)})")
    funded = float(d.overhead_funded_share[c])
    if reduction and funded:
        who = w.say(
            "; tjänsterna finns kvar, så regionen betalar den del den inte längre tar ut centralt",
            "; the services remain, so the region pays the part it no longer charges centrally",
        )
    elif reduction:
        who = w.say("; de centrala tjänsterna dras ned i motsvarande mån", "; the central services are cut to match")
    else:
        who = ""
    shown = w.shown(overhead) * (1 - w.shown_share(reduction)) * w.shown_factor(d.index_p)
    charged = w.gives(row["cost_overhead"], shown)
    lines.add(
        "cost_overhead",
        "R17",
        "OH * (1 - o) * I_P",
        {"OH": overhead, "o": reduction, "I_P": d.index_p},
        w.say(
            f"Overhead: {w.kr(overhead)} i basåret{cut if reduction else ''} × prisindex {w.factor(d.index_p)} "
            f"→ {charged}{who}.",
            f"Overhead: {w.kr(overhead)} in the base year{cut if reduction else ''} × price index "
            f"{w.factor(d.index_p)} → {charged}{who}.",
        ),
    )


def _overhead_funded(lines: Lines, model: Model, d: YearDetail, c: int, w: Words) -> None:
    """R17 (1.2): the overhead no longer charged that the region pays centrally — not the centre's
    cost, but a cost of the region, so it is explained beside the centre's own figures."""
    row, funded = lines.row, float(d.overhead_funded_share[c])
    if _form(d, c) == PRIVATE or not funded:
        lines.add(
            "overhead_funded",
            "R17",
            "0",
            {},
            w.say(
                "Overhead som regionen betalar centralt: ingen, regionen tar ut hela overheaden → 0 kr."
                if _form(d, c) != PRIVATE
                else "Overhead som regionen betalar centralt: ingen för en privat vårdcentral → 0 kr.",
                "Overhead the region pays centrally: none, the region charges all of it → 0 SEK."
                if _form(d, c) != PRIVATE
                else "Overhead the region pays centrally: none for a private centre → 0 SEK.",
            ),
        )
        return
    overhead = float(model.centres.overhead_cost[c])
    paid = w.gives(row["overhead_funded"], w.shown_share(funded) * w.shown(overhead) * w.shown_factor(d.index_p))
    lines.add(
        "overhead_funded",
        "R17, R21",
        "OH * o * I_P",
        {"OH": overhead, "o": funded, "I_P": d.index_p},
        w.say(
            f"Overhead som regionen betalar centralt: {w.share(funded)} av {w.kr(overhead)} tas inte längre ut av "
            f"vårdcentralen, men de centrala tjänsterna finns kvar; × prisindex {w.factor(d.index_p)} "
            f"→ {paid} i regionens nettokostnad.",
            f"Overhead the region pays centrally: {w.share(funded)} of {w.kr(overhead)} is no longer charged to the "
            f"centre, but the central services remain; × price index {w.factor(d.index_p)} "
            f"→ {paid} in the region's net cost.",
        ),
    )
