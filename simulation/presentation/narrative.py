"""The answer in words: what a scenario costs the region and why, from the projection's own figures.

Every amount in these sentences is a figure of the projection or of ``summary`` (horizon sums,
differences) — the same numbers the charts and tables show; nothing here computes money. Swedish
or English, as the page.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regions import demo
from simulation.core import numbers, summary
from simulation.core.engine import FORMS
from simulation.presentation.charts import form_label

#: Differences below this (SEK over the horizon) are "the same" in words (the tables show them).
SAME_SEK = 0.05e6


def _mnkr(value: float) -> str:
    return numbers.mnkr(abs(value))


def _signed(value: float) -> str:
    return numbers.signed_mnkr(value)


def _period(run: dict[str, Any]) -> str:
    return f"{run['region'][0]['year']}–{run['region'][-1]['year']}"


def _listed_forms(*runs: dict[str, Any]) -> list[str]:
    return [f for f in FORMS if any(r["by_form"][f]["listed"] for run in runs for r in run["region"])]


DEFICIT_WORDS = {
    "covered": gettext_lazy("the region covers their deficits"),
    "carried": gettext_lazy("their deficits are carried and must be restored, or the region writes them off"),
    "borne": gettext_lazy("they bear their deficits themselves"),
}


def who_bears(document: dict[str, Any], form: str) -> str:
    """Who bears a deficit of a unit of this form under the scenario's ledger rules (R19)."""
    deficit = ((document.get("ledger") or {}).get(form) or {}).get("deficit", "")
    return str(DEFICIT_WORDS.get(deficit, ""))


def overview_sentences(
    label: str, run: dict[str, Any], document: dict[str, Any], reference: tuple[str, dict[str, Any]] | None = None
) -> list[str]:
    """A scenario in a few sentences: its cost in both views, who carries what, and — given a
    reference (the baseline) — how it differs."""
    views = summary.cost_views(run)
    sentences = [
        _(
            "With %(scenario)s primary care costs the region %(consolidated)s over %(period)s in the consolidated "
            "view, and %(net)s in net cost."
        )
        % {
            "scenario": label,
            "consolidated": numbers.mnkr(views.consolidated_cost),
            "net": numbers.mnkr(views.net_cost),
            "period": _period(run),
        }
    ]
    results = summary.form_results(run)
    parts = []
    for form in _listed_forms(run):
        parts.append(
            _("%(form)s %(result)s (%(who)s)")
            % {"form": form_label(form), "result": _signed(results[form]), "who": who_bears(document, form)}
        )
    if parts:
        sentences.append(_("The centres' results over the period: %(parts)s.") % {"parts": "; ".join(parts)})
    loss = summary.horizon_sum(run, "loss_coverage")
    if abs(loss) >= SAME_SEK:
        sentences.append(
            _("Of the net cost, %(loss)s is loss coverage: deficits the region pays for, including write-offs.")
            % {"loss": _mnkr(loss)}
        )
    if reference is not None:
        sentences.append(comparison_headline(reference[0], reference[1], label, run))
    return [s for s in sentences if s]


def comparison_headline(reference_label: str, reference: dict[str, Any], label: str, run: dict[str, Any]) -> str:
    """What the scenario costs against the reference, in both views, and why they differ."""
    difference = summary.scenario_difference(reference, run)
    figures = {
        "scenario": label,
        "reference": reference_label,
        "period": _period(run),
        "amount": _mnkr(difference.consolidated_cost),
        "net": _signed(difference.net_cost),
    }
    if abs(difference.consolidated_cost) < SAME_SEK:
        text = _(
            "%(scenario)s costs the region as much as %(reference)s over %(period)s in the consolidated view; "
            "in net cost the difference is %(net)s."
        )
    elif difference.consolidated_cost < 0:
        text = _(
            "%(scenario)s costs the region %(amount)s less than %(reference)s over %(period)s in the consolidated "
            "view; in net cost the difference is %(net)s."
        )
    else:
        text = _(
            "%(scenario)s costs the region %(amount)s more than %(reference)s over %(period)s in the consolidated "
            "view; in net cost the difference is %(net)s."
        )
    sentence = text % figures
    gap = difference.net_cost - difference.consolidated_cost
    if abs(gap) >= summary.MATERIAL_GAP_SEK:
        sentence += " " + _(
            "The two differ by %(gap)s: money that stays in the region's own units as equity or carried deficits "
            "(their balance changes by %(balance)s by the end of %(year)s)."
        ) % {
            "gap": _mnkr(gap),
            "balance": _signed(difference.region_run_balance_end),
            "year": run["region"][-1]["year"],
        }
    sentence += _start_capital_sentence(summary.components_difference(reference, run))
    return sentence


def _start_capital_sentence(d: summary.Components) -> str:
    """Start capital raises the region-run units' balances with no money moving (R20, R26): said in
    numbers, so that net cost, consolidated cost and the balances add up for the reader."""
    if abs(d.start_capital) < SAME_SEK:
        return ""
    return " " + _(
        "Of the change in the region-run units' balances (%(change)s), %(capital)s is start capital: equity the "
        "region gives its units, which moves no money and so changes neither cost. The consolidated cost differs "
        "from the net cost by the rest, %(rest)s, and by drawdowns from region-run units (%(drawdown)s)."
    ) % {
        "change": _signed(d.region_run_balance_change),
        "capital": _signed(d.start_capital),
        "rest": _signed(d.region_run_balance_change - d.start_capital),
        "drawdown": _signed(d.region_run_drawdown),
    }


#: How each row of the money table enters the net cost (R21): ``net_cost`` = ``budget`` − goal pay
#: not earned + neutrality + other compensation + loss coverage + drawdown − recovery + overhead.
#: Each part: (field of ``summary.Components``, sign in the net cost, its "of which" part or None).
COST_PARTS = (
    ("budget", 1, None),
    ("goal_unpaid", -1, None),
    ("neutrality_paid", 1, None),
    ("other_compensation", 1, None),
    ("loss_coverage", 1, "written_off"),
    ("drawdown", 1, None),
    ("recovery", -1, "expired"),
    ("overhead_funded", 1, None),
)


def _cost_part_words() -> dict[str, str]:
    return {
        "budget": _("the budget (listed patients and compensation per listed)"),
        "goal_unpaid": _("goal pay not earned, which stays with the region"),
        "neutrality_paid": _("neutrality compensation to private centres"),
        "other_compensation": _("VAT compensation less deductions for visits elsewhere"),
        "loss_coverage": _("loss coverage"),
        "written_off": _("of which write-offs"),
        "loss_coverage_rest": _("of which other loss coverage"),
        "drawdown": _("drawdowns from the units' equity"),
        "recovery": _("recovery returned to the region"),
        "expired": _("of which expired surplus"),
        "recovery_rest": _("of which other recovery"),
        "overhead_funded": _("overhead the region pays centrally for charges it no longer takes"),
        "smaller": _("smaller parts together (each under %(limit)s)") % {"limit": numbers.mnkr(SAME_SEK)},
    }


def cost_sources(reference: dict[str, Any], run: dict[str, Any]) -> list[dict[str, Any]]:
    """Where the difference in net cost comes from, largest first. Each part carries ``change``,
    its row's difference in the money table (same sign as the table), and ``effect``, what that
    change does to the net cost (positive: the scenario costs more; a part the region takes back,
    such as goal pay not earned, lowers it). The effects add up to the difference (R21); an
    "of which" part is in ``parts`` with the rest of its whole beside it, in the same convention
    as the whole, so that both add up to it."""
    d = summary.components_difference(reference, run)
    words = _cost_part_words()
    found = []
    smaller = 0.0  # parts under SAME_SEK each, shown together so that the effects still add up
    for key, sign, of_which in COST_PARTS:
        change = getattr(d, key)
        if abs(change) < SAME_SEK:
            smaller += sign * change
            continue
        parts = []
        if of_which is not None and abs(getattr(d, of_which)) >= SAME_SEK:
            part = getattr(d, of_which)
            for part_key, part_change in ((of_which, part), (f"{key}_rest", change - part)):
                parts.append(
                    {"key": part_key, "part": words[part_key], "change": part_change, "effect": sign * part_change}
                )
        found.append({"key": key, "part": words[key], "change": change, "effect": sign * change, "parts": parts})
    ordered = sorted(found, key=lambda p: -abs(p["effect"]))
    if abs(smaller) >= 0.5:  # at least a krona as shown: not the float dust of parts that are zero
        # Not a row of the money table (a sum of several), so it has an effect and no change.
        ordered.append({"key": "smaller", "part": words["smaller"], "change": None, "effect": smaller, "parts": []})
    return ordered


def goal_pay_assumption(reference: dict[str, Any], run: dict[str, Any], document: dict[str, Any]) -> str:
    """When the difference in net cost comes mostly from goal pay not earned (its largest part, as
    in Västerbotten's 70/30: less goal pay against more loss coverage), what the answer assumes
    about goal achievement: today's level in every year (R9), or the scenario's trend; else ''."""
    parts = cost_sources(reference, run)
    if not parts or parts[0]["key"] != "goal_unpaid":
        return ""
    # The effect on the net cost and, beside it, the row's own change as the money table shows it.
    figures = {"amount": _signed(parts[0]["effect"]), "unpaid": _signed(parts[0]["change"])}
    if any(lever["type"] == "goal_trend" for lever in document.get("levers") or []):
        text = _(
            "Most of the difference (%(amount)s in the net cost) is goal pay the centres do not earn (%(unpaid)s in "
            "the table). The answer assumes that their goal achievement moves as this scenario's trend says; with "
            "another trend the difference changes."
        )
    else:
        text = _(
            "Most of the difference (%(amount)s in the net cost) is goal pay the centres do not earn (%(unpaid)s in "
            "the table). The answer assumes that their goal achievement (telephone accessibility, assessment within "
            "three days) stays at today's level in every year: if it rises, the centres earn more of it and less "
            "stays with the region."
        )
    return text % figures


def form_sentence(
    reference: dict[str, Any], run: dict[str, Any], document: dict[str, Any], today: dict[str, str]
) -> str:
    """Who gains and who loses, by the operating form the centres have today (``today``: centre id →
    form in the base year; a conversion moves centres between forms, not money), and who bears a
    deficit under the scenario's rules."""
    changes = summary.group_differences(reference, run, today)
    parts = [
        _("%(form)s %(change)s") % {"form": form_label(form), "change": _signed(changes[form])}
        for form in FORMS
        if abs(changes.get(form, 0.0)) >= SAME_SEK
    ]
    sentence = ""
    if parts:
        sentence = _("The centres' summed results change, by today's operating form: %(parts)s.") % {
            "parts": "; ".join(parts)
        }
    bearers = [
        _("%(form)s: %(who)s") % {"form": form_label(form), "who": who_bears(document, form)}
        for form in _listed_forms(run)
    ]
    return (sentence + " " + _("Under its rules, %(bearers)s.") % {"bearers": "; ".join(bearers)}).strip()


def demo_assumption(scenario: Any, dataset: Any) -> str:
    """What a demo preset assumes beyond its sources (its basis on "Så räknar vi"), on demo data; else ''."""
    if dataset is None or not dataset.is_demo or not getattr(scenario, "preset", ""):
        return ""
    profile = next((p for p in (*demo.PROFILES, demo.NATIONAL) if p.code == scenario.region.code), None)
    basis = demo.parameter_bases(profile).get(f"presets.{scenario.preset}") if profile else None
    if basis is None or not basis.is_assumption:
        return ""
    assumed = basis.assumed
    if numbers.current_language() == "en":  # one language per page: the presets' assumptions in English
        assumed = ASSUMED_IN_ENGLISH.get(assumed, assumed)
    return _("This scenario rests on an assumption of the demo: %(assumed)s") % {"assumed": assumed}


#: The demo presets' own assumptions (regions.demo_profiles, in Swedish) as an English page says them.
ASSUMED_IN_ENGLISH = {
    "Spridningen (listning ±0,5, löner och priser ±1, besök ±10, kostnader ±3 procentenheter, 1 000 dragningar) "
    "är antagen.": "The spread (listing ±0.5, wages and prices ±1, visits ±10, costs ±3 percentage points, "
    "1,000 draws) is assumed.",
    "Infasningen 2026–2029 och kostnaden per läkarheltid är antagna.": "The phase-in 2026–2029 and the cost of a "
    "full-time GP are assumed.",
    "Startkapitalet skalas efter Närvårdens 17 mnkr för omkring 117 500 listade; startåret 2026 är antaget.": "The "
    "start capital is scaled from Närvården's SEK 17 m for about 117,500 listed; the start year 2026 is assumed.",
    "Motionen anger inget belopp eller år: gles- och litenhetsersättningen höjs med hälften från 2026.": "The motion "
    "names no amount or year: the sparsity and small-unit supplements are raised by half from 2026.",
    "Startkapitalet skalas efter listade (17 mnkr för Närvårdens omkring 117 500 listade); startåret 2026 är "
    "antaget.": "The start capital is scaled by the listed (SEK 17 m for Närvården's about 117,500 listed); the "
    "start year 2026 is assumed.",
    "Motionen gäller Västerbotten och anger inget belopp eller år: här höjs gles- och litenhetsersättningen med "
    "hälften från 2026.": "The motion is Västerbotten's and names no amount or year: here the sparsity and "
    "small-unit supplements are raised by half from 2026.",
}


def answer_assumptions(
    reference: dict[str, Any] | None, run: dict[str, Any], document: dict[str, Any], scenario: Any, dataset: Any
) -> list[dict[str, str]]:
    """What an answer against ``reference`` assumes, each with where to read or change it: goal
    achievement, when the difference comes mostly from goal pay not earned (the builder's lever
    "Måluppfyllelse över tid"), and a demo preset's own assumption ("Så räknar vi")."""
    found = []
    goal = goal_pay_assumption(reference, run, document) if reference is not None else ""
    if goal:
        builder = reverse("region-builder", args=[scenario.region.code])
        found.append(
            {
                "kind": "goal",
                "text": goal,
                "url": f"{builder}?scenario={scenario.pk}" if scenario.pk else builder,
                "link": _("Try another goal achievement with the lever “Måluppfyllelse över tid” in the builder."),
            }
        )
    assumed = demo_assumption(scenario, dataset)
    if assumed:
        found.append(
            {
                "kind": "demo",
                "text": assumed,
                "url": f"{reverse('method')}#demodata-{scenario.region.code}",
                "link": _("How we count: what comes from the sources and what is assumed."),
            }
        )
    return found
