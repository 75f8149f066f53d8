"""Explain a centre-year's revenue (§11.3, R6–R15): the compensation it earns, the fees it keeps,
the deduction and the compensations, each from the engine's own figures of the year.

A sentence shows rounded figures; where they do not multiply to the result as shown, ``gives``
marks it "(avrundade tal)". Sentences are catalogue msgids (``wording``).
"""

from __future__ import annotations

import numpy as np

from simulation.core.analysis.explain_centre import EARNED, REVENUE, CentreYear
from simulation.core.scenario.fields import centre_field_label


def revenue_lines(centre: CentreYear) -> None:
    """The lines from ``revenue_capitation`` to ``revenue_total``, in the row's order."""
    _capitation(centre)
    _sparsity(centre)
    _small_unit(centre)
    _goals(centre)
    _visits(centre)
    _patient_fees(centre)
    _deduction(centre)
    _vat(centre)
    _neutrality(centre)
    _revenue_total(centre)


def _capitation(centre: CentreYear) -> None:
    pay, w, listed = centre.detail.pay, centre.words, centre.listed
    pot, need_total = float(pay.capitation_pot[0, 0]), float(pay.need_total[0, 0])
    cni = float(centre.model.centres.cni[centre.c])
    if need_total != 0:
        formula, inputs = "K * L * cni / sum_L_cni", {"K": pot, "L": listed, "cni": cni, "sum_L_cni": need_total}
    else:
        formula, inputs = "0", {}
    shown = w.shown(pot) * w.shown(listed * cni) / w.shown(need_total) if w.shown(need_total) else 0.0
    text = w.gettext(
        "Capitation: %(pot)s is shared by care-need-weighted listed persons; the centre has %(weighted)s of "
        "%(total)s → %(capitation)s.",
        pot=w.kr(pot),
        weighted=w.number(listed * cni),
        total=w.number(need_total),
        capitation=w.gives(centre.row["revenue_capitation"], shown),
    )
    centre.lines.add("revenue_capitation", "R8", formula, inputs, text)


def _sparsity(centre: CentreYear) -> None:
    w, listed, index_c = centre.words, centre.listed, centre.index_c
    per_listed, rural = float(centre.comp.sparsity_per_listed[centre.t]), float(centre.model.centres.rural[centre.c])
    if rural:
        text = w.gettext(
            "Sparsity supplement: %(per_listed)s per listed person × %(listed)s → %(sparsity)s.",
            per_listed=w.kr(per_listed * index_c, 2),
            listed=w.number(listed),
            sparsity=w.gives(centre.row["revenue_sparsity"], w.shown(per_listed * index_c, 2) * w.shown(listed)),
        )
    else:
        text = w.gettext("Sparsity supplement: the centre is not rural → 0 SEK.")
    inputs = {"s": per_listed, "I_C": index_c, "L": listed, "rural": rural}
    centre.lines.add("revenue_sparsity", "R6", "s * I_C * L * rural", inputs, text)


def _small_unit(centre: CentreYear) -> None:
    w, listed, index_c = centre.words, centre.listed, centre.index_c
    threshold = float(centre.comp.small_unit_threshold[centre.t])
    amount = float(centre.comp.small_unit_amount[centre.t])
    if threshold <= 0:
        text = w.gettext("Small-unit supplement: not used → 0 SEK.")
        centre.lines.add("revenue_small_unit", "R7", "0", {}, text)
        return
    if listed < threshold:
        shown = w.shown(amount * index_c) * (1 - w.shown(listed) / w.shown(threshold)) if w.shown(threshold) else 0
        text = w.gettext(
            "Small-unit supplement: %(amount)s × (1 − %(listed)s / %(threshold)s listed) → %(small)s.",
            amount=w.kr(amount * index_c),
            listed=w.number(listed),
            threshold=w.number(threshold),
            small=w.gives(centre.row["revenue_small_unit"], shown),
        )
    else:
        text = w.gettext(
            "Small-unit supplement: %(listed)s listed is at least the threshold %(threshold)s → 0 SEK.",
            listed=w.number(listed),
            threshold=w.number(threshold),
        )
    inputs = {"A": amount, "I_C": index_c, "T": threshold, "L": listed}
    centre.lines.add("revenue_small_unit", "R7", "A * I_C * max(0, T - L) / T", inputs, text)


def _goals(centre: CentreYear) -> None:
    comp, pay, w, listed = centre.comp, centre.detail.pay, centre.words, centre.listed
    pot, listed_total = float(pay.goal_pot[0]), float(pay.listed_total[0, 0])
    if not comp.goals or listed_total == 0:
        text = w.gettext("Goal pay: none in this scenario → 0 SEK.")
        centre.lines.add("revenue_goals", "R9", "0", {}, text)
        return
    inputs = {"G": pot, "L": listed, "sum_L": listed_total}
    terms, achieved_by_goal = [], []
    for i, goal in enumerate(comp.goals, start=1):
        inputs[f"w_{i}"] = float(goal.weight[centre.t])
        inputs[f"phi_{i}"] = float(pay.goal_fulfilment[i - 1][centre.c])
        terms.append(f"w_{i} * phi_{i}")
        achieved_by_goal.append(f"{_goal_name(goal.key, w.language)} {w.share(inputs[f'phi_{i}'], 0)}")
    achieved = float(pay.goal_achievement[centre.c])
    possible = pot * listed / listed_total
    text = w.gettext(
        "Goal pay: the goal pot of %(pot)s is shared by listed persons (%(listed)s of %(listed_total)s, at most "
        "%(possible)s) and goal achievement (%(goals)s; weighted %(achieved)s) → %(goal_pay)s; %(unearned)s is "
        "not earned and stays with the region.",
        pot=w.kr(pot),
        listed=w.number(listed),
        listed_total=w.number(listed_total),
        possible=w.kr(possible),
        goals=", ".join(achieved_by_goal),
        achieved=w.share(achieved),
        goal_pay=w.gives(centre.row["revenue_goals"], w.shown(possible) * w.shown_share(achieved)),
        unearned=w.kr(possible - centre.row["revenue_goals"]),
    )
    formula = f"G * L / sum_L * ({' + '.join(terms)})"
    centre.lines.add("revenue_goals", "R9", formula, inputs, text + _goal_trends(centre))


def _goal_name(key: str, language: str) -> str:
    """A goal is named by the centre field it measures, in the reader's words (the field table's)."""
    return centre_field_label(key, language).lower()


def _goal_trends(centre: CentreYear) -> str:
    """`` Telefontillgänglighet: 86 % i basåret, 92 % i år …`` for the goals a trend moves (R9)."""
    said, w, d = [], centre.words, centre.detail
    for goal in centre.comp.goals:
        base = float(np.ravel(d.base_achievements[goal.key][..., centre.c])[0])
        now = float(np.ravel(d.pay.achievements[goal.key][..., centre.c])[0])
        if now != base:
            sentence = w.gettext(
                "%(goal)s: %(base)s in the base year, %(now)s this year by the assumed trend in goal achievement.",
                goal=_goal_name(goal.key, w.language).capitalize(),
                base=w.share(base),
                now=w.share(now),
            )
            said.append(" " + sentence)
    return "".join(said)


def _visits(centre: CentreYear) -> None:
    pay, w = centre.detail.pay, centre.words
    pot = float(pay.visit_pot[0, 0])
    total = float(pay.weighted_total[0, 0]) if pay.weighted_total is not None else 0.0
    if total == 0:
        text = w.gettext("Visit pay: no weighted visits → 0 SEK.")
        centre.lines.add("revenue_visits", "R10", "0", {}, text)
        return
    weight = float(centre.comp.doctor_visit_weight[centre.t])
    volumes = centre.detail.volumes
    doctor, other = centre.centre_value(volumes.doctor_visits), centre.centre_value(volumes.other_visits)
    shown = w.shown(pot / total, 2) * (w.shown(doctor) * w.shown(weight, 2) + w.shown(other))
    text = w.gettext(
        "Visit pay: the visit pot of %(pot)s is shared by %(total)s weighted visits (%(price)s per visit); the "
        "centre has %(doctor)s doctor visits × %(weight)s + %(other)s other visits → %(visits)s.",
        pot=w.kr(pot),
        total=w.number(total),
        price=w.kr(pot / total, 2),
        doctor=w.number(doctor),
        weight=w.number(weight, 2),
        other=w.number(other),
        visits=w.gives(centre.row["revenue_visits"], shown),
    )
    inputs = {"P": pot, "sum_WV": total, "k": weight, "DV": doctor, "OV": other}
    centre.lines.add("revenue_visits", "R10", "P / sum_WV * (k * DV + OV)", inputs, text)


def _patient_fees(centre: CentreYear) -> None:
    w, volumes = centre.words, centre.detail.volumes
    fee = float(centre.comp.patient_fee_per_visit[centre.t])
    doctor, other = centre.centre_value(volumes.doctor_visits), centre.centre_value(volumes.other_visits)
    text = w.gettext(
        "Patient fees: %(visits)s visits × %(fee)s → %(fees)s (paid by patients, kept by the centre).",
        visits=w.number(doctor + other),
        fee=w.kr(fee),
        fees=w.gives(centre.row["revenue_patient_fees"], w.shown(doctor + other) * w.shown(fee)),
    )
    centre.lines.add("revenue_patient_fees", "R11", "f * (DV + OV)", {"f": fee, "DV": doctor, "OV": other}, text)


def _deduction(centre: CentreYear) -> None:
    w, index_c = centre.words, centre.index_c
    fee = float(centre.comp.outside_visit_fee[centre.t])
    outside = centre.centre_value(centre.detail.volumes.outside_visits)
    text = w.gettext(
        "Deduction for visits elsewhere: %(visits)s visits × %(fee)s → %(deduction)s is deducted from the "
        "compensation.",
        visits=w.number(outside),
        fee=w.kr(fee * index_c),
        deduction=w.gives(centre.row["deduction_outside_visits"], w.shown(outside) * w.shown(fee * index_c)),
    )
    inputs = {"o": fee, "I_C": index_c, "XV": outside}
    centre.lines.add("deduction_outside_visits", "R12", "o * I_C * XV", inputs, text)


def _vat(centre: CentreYear) -> None:
    w = centre.words
    earned = {name: centre.row[field] for name, field in EARNED.items()}
    if centre.private:
        rate = float(centre.comp.vat_compensation_rate[centre.t])
        text = w.gettext(
            "VAT compensation: %(rate)s of the compensation earned, %(earned)s → %(vat)s.",
            rate=w.share(rate),
            earned=w.kr(sum(earned.values())),
            vat=w.gives(centre.row["revenue_vat"], w.shown_share(rate) * w.shown(sum(earned.values()))),
        )
    else:
        rate = 0.0
        text = w.gettext("VAT compensation: only private centres receive it → 0 SEK.")
    centre.lines.add("revenue_vat", "R13", "rate * (CAP + S1 + S2 + GOAL + VIS)", {"rate": rate, **earned}, text)


def _neutrality(centre: CentreYear) -> None:
    w, d, listed = centre.words, centre.detail, centre.listed
    covered, listed_rr = d.loss_coverage_region_run, d.listed_region_run
    if centre.model.neutrality_compensation and centre.private and listed_rr > 0:
        shown = w.shown(covered) * w.shown(listed) / max(w.shown(listed_rr), 1)
        text = w.gettext(
            "Neutrality compensation: the region covered %(covered)s of losses in its own units (%(listed_rr)s "
            "listed); the same per listed person for the centre's %(listed)s → %(neutrality)s.",
            covered=w.kr(covered),
            listed_rr=w.number(listed_rr),
            listed=w.number(listed),
            neutrality=w.gives(centre.row["revenue_neutrality"], shown),
        )
        inputs = {"L": listed, "LC_rr": covered, "sum_L_rr": listed_rr}
        centre.lines.add("revenue_neutrality", "R14", "L * LC_rr / sum_L_rr", inputs, text)
        return
    if not centre.model.neutrality_compensation:
        text = w.gettext("Neutrality compensation: not used in this scenario → 0 SEK.")
    elif not centre.private:
        text = w.gettext("Neutrality compensation: only private centres receive it → 0 SEK.")
    else:
        text = w.gettext("Neutrality compensation: no region-run listed persons this year → 0 SEK.")
    centre.lines.add("revenue_neutrality", "R14", "0", {}, text)


def _revenue_total(centre: CentreYear) -> None:
    w = centre.words
    text = w.gettext(
        "Revenue: compensation from the region, patient fees and compensations, less the deduction → %(total)s.",
        total=w.kr(centre.row["revenue_total"]),
    )
    parts = {name: centre.row[field] for name, field in REVENUE.items()}
    centre.lines.add("revenue_total", "R15", "CAP + S1 + S2 + GOAL + VIS + PF - DED + VAT + NEU", parts, text)
