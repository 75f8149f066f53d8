"""Explain a centre-year's costs (§11.3, R16–R17): its own and hired staff, premises, other costs
and overhead, and the overhead the region pays centrally instead (R17, R21).

A sentence shows rounded figures; where they do not multiply to the result as shown, ``gives``
marks it "(avrundade tal)". Sentences are catalogue msgids (``wording``).
"""

from __future__ import annotations

import numpy as np

from simulation.core.analysis.explain_centre import COSTS, CentreYear


def cost_lines(centre: CentreYear) -> None:
    """The lines from ``cost_staff`` to ``cost_total``, in the row's order."""
    _staff(centre)
    _hired(centre)
    _premises(centre)
    _other(centre)
    _overhead(centre)
    w = centre.words
    text = w.gettext(
        "Costs: staff, hired staff, premises, other and overhead → %(total)s.", total=w.kr(centre.row["cost_total"])
    )
    parts = {name: centre.row[field] for name, field in COSTS.items()}
    centre.lines.add("cost_total", "R17", "STAFF + HIRED + PREMISES + OTHER + OVERHEAD", parts, text)


def _work(centre: CentreYear) -> dict[str, float]:
    """R16's work of the year, before the hired share: W0 × (1 − e) × λ × I_W."""
    d = centre.detail
    return {
        "W0": float(d.base.work[centre.c]),
        "e": float(d.efficiency[centre.c]),
        "lam": centre.centre_value(d.volume_factor),
        "I_W": d.index_w,
    }


def _staff(centre: CentreYear) -> None:
    d, w, c = centre.detail, centre.words, centre.c
    work, hired_share = _work(centre), float(d.spend.hired_share[c])
    formula, inputs = "W0 * (1 - e) * lam * I_W * (1 - h)", {**work, "h": hired_share}
    shown = w.shown(work["W0"]) * w.shown_factor(work["lam"]) * w.shown_factor(work["I_W"])
    shown *= w.shown_share(1 - hired_share)
    shown *= 1 - w.shown_share(work["e"])
    more_gps = ""
    target = float(d.listed_per_gp[c])
    if d.spend.gp_extra is not None:
        shown += w.shown(centre.centre_value(d.spend.gp_extra))
        if not np.isnan(target):
            formula += " + max(0, L / n_gp - gp_fte * lam) * phase * gp_cost * I_W"
            inputs |= {
                "L": centre.listed,
                "n_gp": target,
                "gp_fte": float(centre.model.centres.gp_fte[c]),
                "phase": float(d.gp_phase[c]),
                "gp_cost": float(centre.model.costs.gp_cost_per_fte[centre.t]),
            }
            more_gps = " " + w.gettext(
                "Plus %(extra)s for more GPs (target %(target)s listed per GP).",
                extra=w.kr(centre.centre_value(d.spend.gp_extra)),
                target=w.number(target),
            )
    text = w.gettext(
        "Own staff: %(work)s; %(own_share)s → %(staff)s.",
        work=_worked(centre, work),
        own_share=_own_share(centre, hired_share),
        staff=w.gives(centre.row["cost_staff"], shown),
    )
    centre.lines.add("cost_staff", "R16", formula, inputs, text + more_gps)


def _worked(centre: CentreYear, work: dict[str, float]) -> str:
    w = centre.words
    figures = {"work": w.kr(work["W0"]), "volume": w.factor(work["lam"]), "index": w.factor(work["I_W"])}
    if work["e"]:
        return w.gettext(
            "base-year work of %(work)s (at employee cost) × volume %(volume)s × wage index %(index)s × "
            "(1 − efficiency gain %(efficiency)s)",
            efficiency=w.share(work["e"]),
            **figures,
        )
    return w.gettext(
        "base-year work of %(work)s (at employee cost) × volume %(volume)s × wage index %(index)s", **figures
    )


def _own_share(centre: CentreYear, hired_share: float) -> str:
    w, target = centre.words, float(centre.detail.hired_cost_share[centre.c])
    if np.isnan(target):
        return w.gettext("%(own)s of the work is done by own staff, as in the base year", own=w.share(1 - hired_share))
    return w.gettext(
        "hired staff set to %(target)s of personnel cost, so %(own)s of the work is done by own staff",
        target=w.share(target),
        own=w.share(1 - hired_share),
    )


def _hired(centre: CentreYear) -> None:
    w, hired_share = centre.words, float(centre.detail.spend.hired_share[centre.c])
    premium = float(centre.model.costs.hired_premium[centre.t])
    text = w.gettext(
        "Hired staff: %(share)s of the work is done by hired staff, who cost %(premium)s times as much → %(hired)s.",
        share=w.share(hired_share),
        premium=w.number(premium, 2),
        hired=w.kr(centre.row["cost_hired"]),
    )
    inputs = {**_work(centre), "h": hired_share, "pi": premium}
    centre.lines.add("cost_hired", "R16", "W0 * (1 - e) * lam * I_W * h * pi", inputs, text)


def _premises(centre: CentreYear) -> None:
    w, index_p = centre.words, centre.detail.index_p
    premises = float(centre.model.centres.premises_cost[centre.c])
    text = w.gettext(
        "Premises: %(base)s in the base year × price index %(index)s → %(premises)s.",
        base=w.kr(premises),
        index=w.factor(index_p),
        premises=w.gives(centre.row["cost_premises"], w.shown(premises) * w.shown_factor(index_p)),
    )
    centre.lines.add("cost_premises", "R17", "PR * I_P", {"PR": premises, "I_P": index_p}, text)


def _other(centre: CentreYear) -> None:
    w, index_p = centre.words, centre.detail.index_p
    other, volume = float(centre.model.centres.other_cost[centre.c]), centre.centre_value(centre.detail.volume_factor)
    shown = w.shown(other) * w.shown_factor(volume) * w.shown_factor(index_p)
    text = w.gettext(
        "Other costs: %(base)s in the base year × volume %(volume)s × price index %(index)s → %(other)s.",
        base=w.kr(other),
        volume=w.factor(volume),
        index=w.factor(index_p),
        other=w.gives(centre.row["cost_other"], shown),
    )
    centre.lines.add("cost_other", "R17", "OT * lam * I_P", {"OT": other, "lam": volume, "I_P": index_p}, text)


def _overhead(centre: CentreYear) -> None:
    w, d, c = centre.words, centre.detail, centre.c
    if centre.private:
        text = w.gettext("Overhead: only region-run centres carry the region's overhead → 0 SEK.")
        centre.lines.add("cost_overhead", "R17", "0", {}, text)
        return
    overhead, reduction = float(centre.model.centres.overhead_cost[c]), float(d.overhead_reduction[c])
    shown = w.shown(overhead) * (1 - w.shown_share(reduction)) * w.shown_factor(d.index_p)
    figures = {
        "base": w.kr(overhead),
        "index": w.factor(d.index_p),
        "charged": w.gives(centre.row["cost_overhead"], shown),
    }
    if not reduction:
        text = w.gettext("Overhead: %(base)s in the base year × price index %(index)s → %(charged)s.", **figures)
    elif float(d.overhead_funded_share[c]):
        text = w.gettext(
            "Overhead: %(base)s in the base year × (1 − reduction %(reduction)s) × price index %(index)s → "
            "%(charged)s; the services remain, so the region pays the part it no longer charges centrally.",
            reduction=w.share(reduction),
            **figures,
        )
    else:
        text = w.gettext(
            "Overhead: %(base)s in the base year × (1 − reduction %(reduction)s) × price index %(index)s → "
            "%(charged)s; the central services are cut to match.",
            reduction=w.share(reduction),
            **figures,
        )
    inputs = {"OH": overhead, "o": reduction, "I_P": d.index_p}
    centre.lines.add("cost_overhead", "R17", "OH * (1 - o) * I_P", inputs, text)


def overhead_funded_line(centre: CentreYear) -> None:
    """R17 (1.2): the overhead no longer charged that the region pays centrally — not the centre's
    cost, but a cost of the region, so it is explained beside the centre's own figures."""
    w, d = centre.words, centre.detail
    funded = float(d.overhead_funded_share[centre.c])
    if centre.private or not funded:
        if centre.private:
            text = w.gettext("Overhead the region pays centrally: none for a private centre → 0 SEK.")
        else:
            text = w.gettext("Overhead the region pays centrally: none, the region charges all of it → 0 SEK.")
        centre.lines.add("overhead_funded", "R17", "0", {}, text)
        return
    overhead = float(centre.model.centres.overhead_cost[centre.c])
    shown = w.shown_share(funded) * w.shown(overhead) * w.shown_factor(d.index_p)
    text = w.gettext(
        "Overhead the region pays centrally: %(share)s of %(overhead)s is no longer charged to the centre, but the "
        "central services remain; × price index %(index)s → %(paid)s in the region's net cost.",
        share=w.share(funded),
        overhead=w.kr(overhead),
        index=w.factor(d.index_p),
        paid=w.gives(centre.row["overhead_funded"], shown),
    )
    inputs = {"OH": overhead, "o": funded, "I_P": d.index_p}
    centre.lines.add("overhead_funded", "R17, R21", "OH * o * I_P", inputs, text)
