"""What the dashboards show, read from projections: headline figures, comparisons, differences.

Nothing here computes money; it picks figures out of projections and lines them up.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from simulation.core import numbers, outputs, summary
from simulation.core.outputs import REGION
from simulation.presentation.charts import FORMS, form_label


def cost_views_definition() -> str:
    """The one line that says what the two cost figures mean (R21, R26)."""
    return _(
        "Net cost = what the region pays out in the year. Cost in the consolidated view = what primary "
        "care really costs the region, including deficits carried in its own units."
    )


def cost_views_note(run: dict[str, Any]) -> str:
    """In words, when net cost and consolidated cost tell different stories over the horizon; else ''."""
    views = summary.cost_views(run)
    if not views.tell_different_stories:
        return ""
    figures = {
        "amount": numbers.mnkr(abs(views.gap)),
        "balance": numbers.mnkr(views.region_run_balance_end),
        "year": views.last_year,
    }
    if views.gap < 0:
        return (
            _(
                "Over the period the net cost understates what primary care costs the region by %(amount)s: the "
                "region's own units carry deficits that are not yet written off (their balance is %(balance)s at "
                "the end of %(year)s). That money is the region's all the same."
            )
            % figures
        )
    return (
        _(
            "Over the period the net cost overstates what primary care costs the region by %(amount)s: that "
            "much stays as equity in the region's own units (their balance is %(balance)s at the end of "
            "%(year)s), and is still the region's money."
        )
        % figures
    )


def comparison_rows(runs: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """Per scenario: both cost views over the horizon, the end balance, and the difference from the
    first scenario (the reference), with a sentence where a saving in net cost is only carried."""
    reference_label, reference = runs[0]
    rows = []
    for i, (label, run) in enumerate(runs):
        views = summary.cost_views(run)
        row = {
            "label": label,
            "consolidated_cost": views.consolidated_cost,
            "net_cost": views.net_cost,
            "loss_coverage": summary.horizon_sum(run, "loss_coverage"),
            "region_run_balance_end": views.region_run_balance_end,
            "difference": None,
            "note": "",
        }
        if i:
            difference = summary.scenario_difference(reference, run)
            row["difference"] = difference
            if difference.saving_is_carried:
                row["note"] = _carried_saving_note(label, reference_label, difference, views)
        rows.append(row)
    return rows


def _carried_saving_note(label: str, reference: str, difference, views) -> str:
    figures = {
        "scenario": label,
        "reference": reference,
        "net": numbers.mnkr(-difference.net_cost),
        "consolidated": numbers.signed_mnkr(difference.consolidated_cost),
        "balance": numbers.mnkr(views.region_run_balance_end),
        "fall": numbers.mnkr(-difference.region_run_balance_end),
        "year": views.last_year,
    }
    if views.region_run_balance_end < 0:
        text = _(
            "%(scenario)s lowers the net cost by %(net)s against %(reference)s, but its consolidated cost changes "
            "by %(consolidated)s: the region's own units carry %(balance)s in deficits not yet written off in "
            "%(year)s."
        )
    else:
        text = _(
            "%(scenario)s lowers the net cost by %(net)s against %(reference)s, but its consolidated cost changes "
            "by %(consolidated)s: the balance of the region's own units is %(fall)s lower in %(year)s."
        )
    return text % figures


def headline(run: dict[str, Any], reference: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The figures a politician reads first, each in the base year and the last year; with a
    ``reference`` run (the baseline) also the last year's difference from it."""
    items = _headline_items(run)
    if reference is not None:
        theirs = {item["label"]: item["last"] for item in _headline_items(reference)}
        for item in items:
            item["difference"] = item["last"] - theirs[item["label"]] if item["label"] in theirs else None
    return items


#: The glossary entry (``method`` page) of each headline figure, and the band (R25) that ranges it.
TERMS = {"net_cost": "nettokostnad", "consolidated_cost": "koncernperspektiv", "region_run_balance": "eget-kapital"}


def _headline_items(run: dict[str, Any]) -> list[dict[str, Any]]:
    first, last = run["region"][0], run["region"][-1]
    bands = run.get("bands") or {}

    def item(label, key: str, unit: str = "mnkr", term: str = "") -> dict[str, Any]:
        found = {
            "label": label,
            "first": first[key],
            "last": last[key],
            "unit": unit,
            "term": term or TERMS.get(key, ""),
        }
        if key in bands:  # under uncertainty: where 90 % of the outcomes of the last year fall
            found["range"] = (bands[key]["p5"][-1], bands[key]["p95"][-1])
        return found

    items = [
        item(_(outputs.label(REGION, key)), key, term=term)
        for key, term in (
            ("net_cost", ""),
            ("consolidated_cost", ""),
            ("region_run_balance", ""),
            ("loss_coverage", "forlusttackning"),
        )
    ]
    for form in FORMS:
        if first["by_form"][form]["listed"] or last["by_form"][form]["listed"]:
            result = {
                "label": _("Result, %(form)s") % {"form": form_label(form)},
                "first": first["by_form"][form]["result"],
                "last": last["by_form"][form]["result"],
                "unit": "mnkr",
                "term": {"egen_regi": "egen-regi", "intraprenad": "intraprenad", "private": "privat"}[form],
            }
            band = (bands.get("result_by_form") or {}).get(form)
            if band:
                result["range"] = (band["p5"][-1], band["p95"][-1])
            items.append(result)
            share = {
                "label": _("Market share, %(form)s") % {"form": form_label(form)},
                "first": first["by_form"][form]["market_share"],
                "last": last["by_form"][form]["market_share"],
                "unit": "share",
                "term": "listade",
            }
            if bands:  # R23: the listing shock is shared by every centre, so no draw moves a share
                share["certain"] = True
            items.append(share)
    for entry in items:
        entry["change"] = entry["last"] - entry["first"]
    return items


def centre_rows(run: dict[str, Any], year: int, names: dict[str, str]) -> list[dict[str, Any]]:
    rows = [r | {"name": names.get(r["centre_id"], r["centre_id"])} for r in run["centres"] if r["year"] == year]
    for row in rows:
        row["result_per_listed"] = summary.per_listed(row["result"], row["listed"])
    return rows


def unit_rows(run: dict[str, Any], year: int, names: dict[str, str]) -> list[dict[str, Any]]:
    """The result units of a year, each by its name (a unit of one centre is named by the centre)."""
    risk = (run.get("bands") or {}).get("unit_risk", {})
    return [
        r | {"risk": risk.get(r["unit"], {}).get("horizon"), "name": names.get(r["unit"], r["unit"])}
        for r in run["units"]
        if r["year"] == year
    ]
